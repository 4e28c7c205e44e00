#!/usr/bin/env bash
# Regenerates the PNG app icons (and the sample vault's logo) from resources/icons/notedesk.svg.
# Needs rsvg-convert (Debian: librsvg2-bin). The PNGs are committed; run this after editing the SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
svg=resources/icons/notedesk.svg
for s in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$s" -h "$s" "$svg" -o "resources/icons/notedesk-$s.png"
done
rsvg-convert -w 96 -h 96 "$svg" -o resources/sample-vault/attachments/notedesk-logo.png
# Windows .ico (multi-size) for the installer, if ImageMagick is present.
if command -v convert >/dev/null; then
  convert resources/icons/notedesk-{16,24,32,48,64,128,256}.png resources/icons/notedesk.ico
fi
