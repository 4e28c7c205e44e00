#!/usr/bin/env bash
# Tools the Linux package build needs beyond the runtime ones: binutils (PyInstaller, Depends
# computation) and desktop-file-utils (validation in the smoke test).
set -euo pipefail
command -v dpkg-query >/dev/null || exit 0
missing=()
for p in binutils desktop-file-utils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
