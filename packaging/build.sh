#!/usr/bin/env bash
# Builds the one-folder app dist/hukou-intake/ (intake + intake-desk sharing one _internal/ folder)
# and smoke-tests it. Usage: bash packaging/build.sh
#
# The build runs in its own venv, build/venv, with exactly packaging/requirements-build.txt
# (recreated when that file changes); the project itself is bundled from the source tree.
# Outputs stay in build/ and dist/ (both git-ignored). Windows: packaging\build.ps1 does the same.
#   PYTHON=python3.11     the interpreter for the build venv (3.11 or newer)
#   SKIP_SMOKE=1          build only (release_check.sh never sets this)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=build/venv
REQ=packaging/requirements-build.txt
stamp=$VENV/.installed

if [ ! -f "$stamp" ] || [ "$REQ" -nt "$stamp" ]; then
  echo "== build venv: $VENV from $REQ" >&2
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  log=build/venv-install.log
  if ! { "$VENV/bin/python" -m pip install --disable-pip-version-check --no-deps -r "$REQ" &&
         "$VENV/bin/python" -m pip check; } >"$log" 2>&1; then  # pip check: the pins are complete
    tail -40 "$log" >&2; echo "build venv failed; full log: $log" >&2; exit 1
  fi
  touch "$stamp"
fi

echo "== pyinstaller packaging/hukou-intake.spec" >&2
start=$(date +%s)
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/hukou-intake.spec
echo "== built dist/hukou-intake in $(( $(date +%s) - start )) s ($(du -sh dist/hukou-intake | cut -f1))" >&2

if [ "${SKIP_SMOKE:-}" != 1 ]; then
  "$VENV/bin/python" packaging/smoke_test.py dist/hukou-intake
fi
