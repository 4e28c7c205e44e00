#!/bin/sh
# Adds (or with --remove, removes) notedesk to the current user's applications menu.
set -e
here=$(dirname "$(readlink -f "$0")")
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor"
if [ "${1:-}" = "--remove" ]; then
    rm -f "$apps/notedesk.desktop" "$icons/scalable/apps/notedesk.svg" "$icons/256x256/apps/notedesk.png"
    echo "notedesk removed from the menu."
else
    mkdir -p "$apps" "$icons/scalable/apps" "$icons/256x256/apps"
    sed "s|^Exec=notedesk|Exec=\"$here/notedesk\"|" "$here/share/notedesk.desktop" > "$apps/notedesk.desktop"
    cp "$here/share/notedesk.svg" "$icons/scalable/apps/notedesk.svg"
    cp "$here/share/notedesk-256.png" "$icons/256x256/apps/notedesk.png"
    echo "notedesk added to the menu (it starts $here/notedesk)."
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
