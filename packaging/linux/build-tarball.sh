#!/usr/bin/env bash
# Builds dist/notedesk-<version>-linux-<arch>.tar.gz: the one-folder bundle, a launcher that
# explains missing system libraries, and a per-user menu entry installer. No root needed.
#   packaging/linux/build-tarball.sh [BUNDLE_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=${1:-build/dist/notedesk}
OUT=${2:-dist}
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' notedesk/__init__.py)
ARCH=$(uname -m)
NAME=notedesk-$VERSION-linux-$ARCH
STAGE=build/tarball/$NAME
[ -x "$BUNDLE/notedesk" ] || { echo "build-tarball: no bundle at $BUNDLE" >&2; exit 1; }
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -a "$BUNDLE/." "$STAGE/"
mv "$STAGE/notedesk" "$STAGE/notedesk-bin"
install -m 755 packaging/linux/portable-launcher.sh "$STAGE/notedesk"
install -m 755 packaging/linux/install-menu-entry.sh "$STAGE/install-menu-entry.sh"
mkdir -p "$STAGE/share"
cp packaging/linux/notedesk.desktop resources/icons/notedesk.svg resources/icons/notedesk-256.png "$STAGE/share/"
cat > "$STAGE/README.txt" <<TXT
notedesk $VERSION for Linux ($ARCH), portable

Start:        ./notedesk            (or double-click "notedesk" in your file manager)
Menu entry:   ./install-menu-entry.sh   adds notedesk to your applications menu
              ./install-menu-entry.sh --remove   takes it out again
Check:        ./notedesk --self-test
Remove:       delete this folder (your notes are elsewhere and stay)
Your notes:   the sample vault is copied to ~/.local/share/notedesk/Sample vault
TXT
mkdir -p "$OUT"
tar -C build/tarball -czf "$OUT/$NAME.tar.gz" "$NAME"
echo "build-tarball: $OUT/$NAME.tar.gz ($(du -h "$OUT/$NAME.tar.gz" | cut -f1))"
