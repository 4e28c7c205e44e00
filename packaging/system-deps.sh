#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages notedesk needs to run (Qt's xcb platform,
# QtWebEngine) and to be tested (Xvfb for screenshots and the installed-app
# smoke test). Installs only what is missing; needs root or sudo for that.
set -euo pipefail
pkgs=(
  python3 python3-venv python3-pip
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxkbcommon-x11-0 libxkbfile1
  libnss3 libegl1 libgl1 libgbm1 libxcomposite1 libxdamage1 libxrandr2 libxtst6
  libxshmfence1 libfontconfig1 libdbus-1-3 fonts-dejavu-core
)
if [ "${1:-}" = "--test" ]; then
  pkgs+=(xvfb xauth imagemagick xdotool)
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install Qt 6's runtime libraries yourself" >&2
  exit 0
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# libasound2 was renamed libasound2t64 on newer releases.
if ! dpkg-query -W -f='${Status}' libasound2 2>/dev/null | grep -q "ok installed" &&
   ! dpkg-query -W -f='${Status}' libasound2t64 2>/dev/null | grep -q "ok installed"; then
  if apt-cache show libasound2t64 >/dev/null 2>&1; then missing+=(libasound2t64); else missing+=(libasound2); fi
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
