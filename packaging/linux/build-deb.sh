#!/usr/bin/env bash
# Builds dist/notedesk_<version>_<arch>.deb from the PyInstaller one-folder bundle.
#   packaging/linux/build-deb.sh [BUNDLE_DIR] [OUT_DIR]     (defaults: build/dist/notedesk dist)
# Installs to /opt/notedesk with /usr/bin/notedesk, a desktop entry, hicolor icons and AppStream
# metadata. Depends is computed from the bundle's ELF files: every library they need that is
# not bundled is mapped to the Debian package that provides it on this (the build) system.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=${1:-build/dist/notedesk}
OUT=${2:-dist}
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' notedesk/__init__.py)
ARCH=$(dpkg --print-architecture)
PKG=notedesk
STAGE=build/deb/${PKG}_${VERSION}_${ARCH}
[ -x "$BUNDLE/notedesk" ] || { echo "build-deb: no bundle at $BUNDLE (run pyinstaller first)" >&2; exit 1; }
for tool in dpkg-deb readelf ldconfig dpkg-query; do
  command -v "$tool" >/dev/null || { echo "build-deb: $tool is missing" >&2; exit 1; }
done

rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/$PKG" "$STAGE/usr/share/$PKG"
cp -a "$BUNDLE" "$STAGE/opt/notedesk"
ln -s /opt/notedesk/notedesk "$STAGE/usr/bin/notedesk"
install -m 644 packaging/linux/notedesk.desktop "$STAGE/usr/share/applications/notedesk.desktop"
install -m 644 packaging/linux/org.notedesk.notedesk.metainfo.xml "$STAGE/usr/share/metainfo/"
install -m 644 packaging/linux/apparmor-notedesk "$STAGE/usr/share/$PKG/apparmor-notedesk"
for size in 16 24 32 48 64 128 256 512; do
  dir="$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir" && install -m 644 "resources/icons/notedesk-$size.png" "$dir/notedesk.png"
done
mkdir -p "$STAGE/usr/share/icons/hicolor/scalable/apps"
install -m 644 resources/icons/notedesk.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/notedesk.svg"
cat > "$STAGE/usr/share/doc/$PKG/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: notedesk
Files: *
License: MIT
Comment: /opt/notedesk bundles Python, Qt/PySide6 (LGPL-3.0) and QtWebEngine (Chromium,
 BSD-style and others); their license texts ship inside /opt/notedesk/_internal.
EOF
find "$STAGE" -type d -exec chmod 755 {} +

# -- Depends: libraries the bundle needs but does not carry ---------------------------------
bundled=$(find "$STAGE/opt/notedesk" -name '*.so*' -printf '%f\n' | sort -u)
needed=$(find "$STAGE/opt/notedesk" -type f \( -name '*.so*' -o -perm -u+x \) -print0 |
  xargs -0 readelf -d 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
declare -A pkgs=()
unresolved=()
glibc_max=0
for lib in $needed; do
  grep -qxF "$lib" <<<"$bundled" && continue
  # No early exit in these pipelines: under pipefail a SIGPIPE upstream would abort the build.
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|AArch64|64bit/ && !f {print $NF; f=1}')
  [ -n "$path" ] || path=$(ldconfig -p | awk -v l="$lib" '$1 == l && !f {print $NF; f=1}')
  owner=""
  if [ -n "$path" ]; then
    owner=$(dpkg-query -S "$(readlink -f "$path")" 2>/dev/null | sed -n '1s/:.*//p') ||
      owner=$(dpkg-query -S "$path" 2>/dev/null | sed -n '1s/:.*//p') || true
  fi
  if [ -n "$owner" ]; then pkgs[$owner]=1; else unresolved+=("$lib"); fi
done
# glibc: the newest symbol version any bundled binary asks for.
glibc_max=$(find "$STAGE/opt/notedesk" -type f \( -name '*.so*' -o -perm -u+x \) -print0 |
  xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
# Packages renamed for the 64-bit time_t transition (Debian 13, Ubuntu 24.04): accept either.
t64_renamed=" libasound2 libglib2.0-0 libcups2 libatk1.0-0 libpng16-16 libgnutls30 libssl3 libcurl4 "
depends=()
for p in $(printf '%s\n' "${!pkgs[@]}" | sort); do
  case "$p" in libc6|libc6:*) continue ;; esac
  p=${p%%:*}
  if [[ "$t64_renamed" == *" $p "* ]]; then depends+=("$p | ${p}t64"); else depends+=("$p"); fi
done
# Wayland plugin libraries absent on headless build machines but present on every desktop.
depends=("libc6 (>= ${glibc_max:-2.31})" "${depends[@]}" libwayland-cursor0 libwayland-egl1
  "fonts-dejavu-core | fonts-liberation2 | fonts-noto-core")
if [ ${#unresolved[@]} -gt 0 ]; then
  echo "build-deb: not on this system, left out of Depends (optional plugins): ${unresolved[*]}" >&2
fi
depends_line=$(IFS=,; echo "${depends[*]}" | sed 's/,/, /g')

installed_kb=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: notedesk developers <notedesk@users.noreply.github.com>
Installed-Size: $installed_kb
Depends: $depends_line
Recommends: xdg-utils
Section: editors
Priority: optional
Homepage: https://github.com/notedesk/notedesk
Description: desktop app for Markdown note vaults (Obsidian-compatible)
 notedesk reads and writes vaults: plain folders of Markdown notes with
 wikilinks, embeds, callouts, tags, tasks, math and diagrams. It shows
 backlinks and a tag tree and searches the whole vault.
 .
 This package bundles its own Python and Qt (with QtWebEngine) in /opt/notedesk.
EOF
install -m 755 packaging/linux/postinst "$STAGE/DEBIAN/postinst"
install -m 755 packaging/linux/postrm "$STAGE/DEBIAN/postrm"

mkdir -p "$OUT"
deb="$OUT/${PKG}_${VERSION}_${ARCH}.deb"
# zstd -3 by default: ~170 MB in seconds. DEB_COMPRESS="xz 6" makes a ~25% smaller release
# .deb at several minutes of CPU. zstd needs dpkg >= 1.21.18 (Debian 12, Ubuntu 22.04).
read -r ctype clevel <<<"${DEB_COMPRESS:-zstd 3}"
dpkg-deb --root-owner-group "-Z$ctype" "-z${clevel:-6}" --build "$STAGE" "$deb" >/dev/null
echo "build-deb: $deb ($(du -h "$deb" | cut -f1)), installs $((installed_kb / 1024)) MB"
echo "build-deb: Depends: $depends_line"
