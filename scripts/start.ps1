# Start Qingfeng on Windows. Sets up .venv on first use; arguments go to
# `python -m desktop`, e.g.  scripts\start.ps1 --data-dir D
#                           scripts\start.ps1 seed-demo --data-dir D
. (Join-Path $PSScriptRoot '_common.ps1')

Invoke-QfSetup ''
Push-Location $QfRoot
try {
    & $QfPy -m desktop @args
    $code = $LASTEXITCODE
} finally {
    Pop-Location
}
exit $code
