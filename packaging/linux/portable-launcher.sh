#!/bin/sh
# notedesk portable launcher: starts the bundled app; if a system library Qt needs is
# missing, says which and how to install it instead of failing with a linker error.
# The check (ldd over Qt's largest libraries, ~80 ms) runs once per folder and user: a passed
# check is remembered in ~/.cache/notedesk/portable-libs-ok.
here=$(dirname "$(readlink -f "$0")")
bin="$here/notedesk-bin"
stamp="${XDG_CACHE_HOME:-$HOME/.cache}/notedesk/portable-libs-ok"
if [ -f "$stamp" ] && grep -qxF "$here" "$stamp" 2>/dev/null; then
    exec "$bin" "$@"
fi
missing=$(ldd "$bin" "$here"/_internal/PySide6/Qt/lib/libQt6WebEngineCore.so.6 \
    "$here"/_internal/PySide6/Qt/plugins/platforms/libqxcb.so 2>/dev/null |
    awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')
if [ -n "$missing" ]; then
    msg="notedesk needs these system libraries: $missing
Debian/Ubuntu: sudo apt install libnss3 libxkbcommon-x11-0 libxcb-cursor0 libegl1 libgl1 libasound2
Fedora:        sudo dnf install nss libxkbcommon-x11 xcb-util-cursor mesa-libEGL alsa-lib"
    echo "$msg" >&2
    if [ ! -t 2 ] && command -v notify-send >/dev/null 2>&1; then
        notify-send "notedesk cannot start" "$msg"
    fi
    exit 1
fi
{ mkdir -p "$(dirname "$stamp")" && echo "$here" >>"$stamp"; } 2>/dev/null
exec "$bin" "$@"
