#!/usr/bin/env bash
# The release check: build the frozen app, smoke-test it, compile the Windows installer.
# Usage: bash packaging/release_check.sh   (a few minutes; not part of the quick test suite)
#
# Needs, besides Python 3.11+: makensis (apt-get install nsis), pdffonts (poppler-utils), and for
# the first-run window check Xvfb and xdotool (apt-get install xvfb xdotool). With wine64 installed
# (apt-get install wine64) the installer's install, upgrade and uninstall also run under wine.
# On Linux the installer compiled here wraps the Linux build and only proves the script compiles;
# the halls' installer is built on Windows: packaging\build.ps1, then
#   makensis /INPUTCHARSET UTF8 /DVERSION=<version> packaging\installer.nsi
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

bash packaging/build.sh   # builds dist/hukou-intake and runs packaging/smoke_test.py on it

if ! command -v makensis >/dev/null 2>&1; then
  echo "release check: makensis not found (apt-get install nsis)" >&2; exit 1
fi
echo "== makensis packaging/installer.nsi (version $version)" >&2
makensis -V2 -WX -INPUTCHARSET UTF8 "-DVERSION=$version" packaging/installer.nsi
if [ -x /usr/lib/wine/wine64 ]; then
  echo "== installer under wine64: install, upgrade, uninstall" >&2
  bash packaging/try_installer_wine.sh
else
  echo "== SKIP installer under wine (apt-get install wine64 to run it)" >&2
fi
echo "== release check passed: dist/hukou-intake ($(du -sh dist/hukou-intake | cut -f1)), dist/hukou-intake-$version-setup.exe ($(du -sh "dist/hukou-intake-$version-setup.exe" | cut -f1))" >&2
