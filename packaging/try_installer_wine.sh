#!/usr/bin/env bash
# Runs the installer's silent paths under wine64 (Debian package wine64), on a stand-in build so it
# takes seconds: install per machine (files, Start-menu and desktop shortcuts 落户受理, uninstall
# registry key), upgrade to a newer version (old program files replaced whole, the clerk's data
# untouched), silent uninstall (program, shortcuts and key gone, data kept).
# The installer is compiled as a 64-bit stub (/DAMD64) because wine64 runs no 32-bit programs;
# the script is otherwise the one halls get. Usage: bash packaging/try_installer_wine.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WINE=${WINE:-/usr/lib/wine/wine64}
[ -x "$WINE" ] || { echo "wine64 not installed (apt-get install wine64)" >&2; exit 1; }
work=$(mktemp -d)
xvfb_pid=
cleanup() {
  WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export WINEPREFIX="$work/prefix" WINEDEBUG=-all
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
  Xvfb -displayfd 1 -screen 0 1024x768x24 -nolisten tcp >"$work/display" 2>/dev/null &
  xvfb_pid=$!
  for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
  export DISPLAY=":$(head -1 "$work/display")"
fi
fail() { echo "installer under wine: FAILED: $*" >&2; exit 1; }

stub() {  # a stand-in one-folder build: $1 folder, $2 marker file inside _internal
  mkdir -p "$1/_internal"
  echo "$2" >"$1/intake.exe"; echo "$2" >"$1/intake-desk.exe"; echo "$2" >"$1/_internal/$2.txt"
}
stub "$work/v1" old; stub "$work/v2" new
for v in 1 2; do
  makensis -V1 -WX -INPUTCHARSET UTF8 -DAMD64 "-DVERSION=0.0.$v" "-DDIST=$work/v$v" "-DOUTDIR=$work" \
    packaging/installer.nsi
done

"$WINE" wineboot -i >/dev/null 2>&1
"$WINE" reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
c="$WINEPREFIX/drive_c"
program="$c/Program Files/hukou-intake"
data="$c/users/$(id -un)/AppData/Local/hukou-intake"
key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\hukou-intake'

"$WINE" "$work/hukou-intake-0.0.1-setup.exe" /S
[ -f "$program/_internal/old.txt" ] && [ -f "$program/uninstall.exe" ] || fail "program not installed"
[ -f "$c/users/Public/Desktop/落户受理.lnk" ] || fail "no desktop shortcut 落户受理"
for link in 落户受理 落户受理命令行 卸载落户受理; do
  [ -f "$c/ProgramData/Microsoft/Windows/Start Menu/Programs/落户受理/$link.lnk" ] || fail "no Start-menu shortcut $link"
done
"$WINE" reg query "$key" /v DisplayVersion 2>/dev/null | grep -q 0.0.1 || fail "no uninstall key"
echo "ok install 0.0.1: files, shortcuts 落户受理 (all users), uninstall key"

mkdir -p "$data/keys"; echo store >"$data/intake.db"; echo key >"$data/keys/signing.key"
"$WINE" "$work/hukou-intake-0.0.2-setup.exe" /S
[ -f "$program/_internal/new.txt" ] || fail "upgrade did not install the new files"
[ ! -e "$program/_internal/old.txt" ] || fail "upgrade left the old version's files"
"$WINE" reg query "$key" /v DisplayVersion 2>/dev/null | grep -q 0.0.2 || fail "uninstall key not updated"
[ "$(cat "$data/intake.db")" = store ] && [ -f "$data/keys/signing.key" ] || fail "upgrade touched the data"
echo "ok upgrade to 0.0.2: program replaced whole, data folder untouched"

"$WINE" "C:\\Program Files\\hukou-intake\\uninstall.exe" /S
for _ in $(seq 100); do [ -e "$program" ] || break; sleep 0.2; done  # the uninstaller runs from a copy
[ ! -e "$program" ] || fail "program folder left behind"
[ ! -e "$c/users/Public/Desktop/落户受理.lnk" ] || fail "desktop shortcut left behind"
[ ! -e "$c/ProgramData/Microsoft/Windows/Start Menu/Programs/落户受理" ] || fail "Start-menu folder left behind"
! "$WINE" reg query "$key" >/dev/null 2>&1 || fail "uninstall key left behind"
[ "$(cat "$data/intake.db")" = store ] && [ -f "$data/keys/signing.key" ] || fail "silent uninstall deleted the data"
echo "ok silent uninstall: program, shortcuts and key removed, data kept"
