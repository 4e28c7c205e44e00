#!/usr/bin/env bash
# Builds dist/notedesk-<version>-macos.dmg on macOS (cannot run on Linux; CI runs it on
# macos-latest). Unsigned unless CODESIGN_IDENTITY is set; notarization is a separate step.
#   .venv/bin/pyinstaller --noconfirm packaging/notedesk.spec   # makes dist/notedesk.app
#   packaging/macos/build-dmg.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' notedesk/__init__.py)
APP=dist/notedesk.app
[ -d "$APP" ] || { echo "build-dmg: $APP missing; run pyinstaller first" >&2; exit 1; }
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --deep --force --options runtime --sign "$CODESIGN_IDENTITY" "$APP"
fi
"$APP/Contents/MacOS/notedesk" --self-test
stage=$(mktemp -d)
cp -R "$APP" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "notedesk $VERSION" -srcfolder "$stage" -ov -format UDZO \
  "dist/notedesk-$VERSION-macos.dmg"
rm -rf "$stage"
echo "build-dmg: dist/notedesk-$VERSION-macos.dmg"
