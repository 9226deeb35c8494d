# Builds the one-folder app dist\hukou-intake\ on Windows and smoke-tests it; the same steps as
# packaging/build.sh. Run from any folder in PowerShell:
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1
# Needs Python 3.11 (64-bit) from python.org ("py" launcher) and, for the installer, NSIS 3
# (makensis on PATH): the installer is then built from dist\hukou-intake as
#   makensis /INPUTCHARSET UTF8 /DVERSION=0.1.0 packaging\installer.nsi
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$venv = "build\venv"
$req = "packaging\requirements-build.txt"
$stamp = "$venv\.installed"
if (-not (Test-Path $stamp) -or ((Get-Item $req).LastWriteTime -gt (Get-Item $stamp).LastWriteTime)) {
    if (Test-Path $venv) { Remove-Item -Recurse -Force $venv }
    py -3.11 -m venv $venv
    & "$venv\Scripts\python.exe" -m pip install --quiet --disable-pip-version-check --no-deps -r $req
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
    & "$venv\Scripts\python.exe" -m pip check
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
    New-Item -ItemType File -Force $stamp | Out-Null
}
& "$venv\Scripts\python.exe" -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller packaging\hukou-intake.spec
if ($LASTEXITCODE) { exit $LASTEXITCODE }
if ($env:SKIP_SMOKE -ne "1") {
    & "$venv\Scripts\python.exe" packaging\smoke_test.py dist\hukou-intake
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}
