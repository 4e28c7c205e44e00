#!/usr/bin/env bash
# Installs the built .deb like a user would, checks the installed app, then purges it and
# checks nothing is left. Needs root (or sudo) and apt. Prints the time of each step.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
deb=$(ls -t dist/notedesk_*.deb 2>/dev/null | sed -n 1p)
[ -n "$deb" ] || { echo "smoke: no dist/notedesk_*.deb; run 'make package' first" >&2; exit 1; }
step() { printf 'smoke: %-44s' "$1"; }
ok() { echo "ok ($(( $(date +%s%N) / 1000000 - t0 )) ms)"; }
fail() { echo "FAIL: $*"; exit 1; }

if dpkg-query -W -f='${Status}' notedesk 2>/dev/null | grep -q "ok installed"; then
  echo "smoke: notedesk is already installed; purging it first"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq notedesk >/dev/null
fi

step "install $deb"; t0=$(( $(date +%s%N) / 1000000 ))
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/tmp/notedesk-smoke-apt.log 2>&1 ||
  { cat /tmp/notedesk-smoke-apt.log; fail "apt-get install"; }
ok

step "files in place"; t0=$(( $(date +%s%N) / 1000000 ))
[ -x /opt/notedesk/notedesk ] || fail "/opt/notedesk/notedesk missing"
[ "$(readlink -f /usr/bin/notedesk)" = /opt/notedesk/notedesk ] || fail "/usr/bin/notedesk"
[ -f /usr/share/applications/notedesk.desktop ] || fail "desktop entry"
[ -f /usr/share/icons/hicolor/256x256/apps/notedesk.png ] || fail "icon"
[ -f /usr/share/icons/hicolor/scalable/apps/notedesk.svg ] || fail "svg icon"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/notedesk.desktop || fail "desktop entry invalid"
fi
if [ -f /usr/share/applications/mimeinfo.cache ]; then
  grep -q '^text/markdown=.*notedesk.desktop' /usr/share/applications/mimeinfo.cache ||
    fail "not registered for text/markdown"
  if grep -q '^inode/directory=.*notedesk.desktop' /usr/share/applications/mimeinfo.cache; then
    fail "registered for folders (inode/directory)"
  fi
fi
ok

# As a user would start it from a terminal: no display here, so offscreen.
export QT_QPA_PLATFORM=offscreen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NOTEDESK_DATA_DIR="$tmp/data" NOTEDESK_CACHE_DIR="$tmp/cache" NOTEDESK_CONFIG_DIR="$tmp/config"

step "notedesk --version"; t0=$(( $(date +%s%N) / 1000000 ))
notedesk --version | grep -q '^notedesk [0-9]' || fail "--version"
ok

step "notedesk --self-test (installed)"; t0=$(( $(date +%s%N) / 1000000 ))
if ! notedesk --self-test >"$tmp/selftest.out" 2>"$tmp/selftest.err"; then
  echo; cat "$tmp/selftest.out"; tail -20 "$tmp/selftest.err"; fail "self-test"
fi
ok
sed 's/^/    /' "$tmp/selftest.out"

step "notedesk info <sample vault> --json"; t0=$(( $(date +%s%N) / 1000000 ))
cp -r /opt/notedesk/_internal/resources/sample-vault "$tmp/vault"
notedesk info "$tmp/vault" --json >"$tmp/info.json" || fail "info exited $?"
grep -q '"note_count": 13' "$tmp/info.json" || { cat "$tmp/info.json"; fail "note_count"; }
ok

step "notedesk info <git work tree>: .gitignore and node_modules left out"; t0=$(( $(date +%s%N) / 1000000 ))
mkdir -p "$tmp/repo/.git" "$tmp/repo/build" "$tmp/repo/node_modules/p"
printf 'build/\n' >"$tmp/repo/.gitignore"
echo '# A' >"$tmp/repo/a.md"; echo '# B' >"$tmp/repo/build/b.md"; echo '# P' >"$tmp/repo/node_modules/p/README.md"
notedesk info "$tmp/repo" --json >"$tmp/repo-info.json" || fail "info (git work tree) exited $?"
grep -q '"note_count": 1,' "$tmp/repo-info.json" && grep -q '"ignored_count": 2,' "$tmp/repo-info.json" ||
  { cat "$tmp/repo-info.json"; fail "ignore rules (pathspec in the bundle?)"; }
ok

step "notedesk index <vault>; --help lists it"; t0=$(( $(date +%s%N) / 1000000 ))
notedesk index "$tmp/vault" --json >"$tmp/index.json" || fail "index exited $?"
grep -q '"unchanged": true' "$tmp/index.json" || { cat "$tmp/index.json"; fail "index not warm"; }
notedesk --help | grep -q '^  index ' || fail "--help does not list the headless commands"
ok

step "purge"; t0=$(( $(date +%s%N) / 1000000 ))
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq notedesk >/tmp/notedesk-smoke-apt.log 2>&1 ||
  { cat /tmp/notedesk-smoke-apt.log; fail "apt-get purge"; }
[ ! -e /opt/notedesk ] || { find /opt/notedesk | sed -n 1,10p; fail "/opt/notedesk left behind"; }
[ ! -e /usr/bin/notedesk ] || fail "/usr/bin/notedesk left behind"
[ ! -e /usr/share/applications/notedesk.desktop ] || fail "desktop entry left behind"
[ ! -e /etc/apparmor.d/notedesk ] || fail "AppArmor profile left behind"
! dpkg-query -W notedesk >/dev/null 2>&1 || dpkg-query -W -f='${Status}' notedesk | grep -q not-installed ||
  fail "dpkg still knows notedesk"
if [ -f /usr/share/applications/mimeinfo.cache ] && grep -q notedesk /usr/share/applications/mimeinfo.cache; then
  fail "still registered in mimeinfo.cache"
fi
ok
tarball=$(ls -t dist/notedesk-*-linux-*.tar.gz 2>/dev/null | sed -n 1p)
if [ -n "$tarball" ]; then
  step "portable $(basename "$tarball")"; t0=$(( $(date +%s%N) / 1000000 ))
  tar -C "$tmp" -xzf "$tarball"
  dir=$(find "$tmp" -maxdepth 1 -type d -name 'notedesk-*-linux-*' | sed -n 1p)
  # The launcher checks system libraries once and remembers it under XDG_CACHE_HOME.
  XDG_CACHE_HOME="$tmp/xdg-cache" "$dir/notedesk" --self-test >"$tmp/portable.out" 2>"$tmp/portable.err" ||
    { cat "$tmp/portable.out"; tail -20 "$tmp/portable.err"; fail "portable self-test"; }
  grep -qxF "$dir" "$tmp/xdg-cache/notedesk/portable-libs-ok" || fail "library check not remembered"
  XDG_CACHE_HOME="$tmp/xdg-cache" "$dir/notedesk" --version | grep -q '^notedesk [0-9]' ||
    fail "portable --version after the remembered check"
  HOME="$tmp/home" "$dir/install-menu-entry.sh" >/dev/null
  grep -q "^Exec=\"$dir/notedesk\"" "$tmp/home/.local/share/applications/notedesk.desktop" ||
    fail "menu entry"
  HOME="$tmp/home" "$dir/install-menu-entry.sh" --remove >/dev/null
  [ ! -e "$tmp/home/.local/share/applications/notedesk.desktop" ] || fail "menu entry removal"
  ok
fi
echo "smoke: all passed"
