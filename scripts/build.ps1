# Build the one-folder bundle dist\qingfeng\ on Windows with PyInstaller (build.spec)
# and smoke-test it with scripts\smoke.py, the same steps as on Linux (build.sh): a copy
# of the bundle in a "USB stick" folder, run offscreen with PATH cut down to System32:
# --version, seed-demo, stats, print-notice, check, self-test, diagnostics, the window,
# portable mode. `scripts\build.ps1 -NoSmoke` only builds.
# CI: .github/workflows/ci.yml runs this on a windows-latest runner.
# Keep this file ASCII-only (see _common.ps1).
param([switch]$NoSmoke)
. (Join-Path $PSScriptRoot '_common.ps1')
$ErrorActionPreference = 'Stop'

$started = Get-Date
Invoke-QfSetup 'build'
Set-Location $QfRoot
$env:QT_QPA_PLATFORM = 'offscreen'

Write-QfStep 'pyinstaller build.spec'
# PyInstaller logs to stderr: with the host's stderr redirected (a CI runner), Windows
# PowerShell 5.1 makes each line an error record, which 'Stop' would turn into a failure.
$ErrorActionPreference = 'Continue'
& $QfPy -m PyInstaller build.spec --noconfirm --log-level WARN
$code = $LASTEXITCODE
$ErrorActionPreference = 'Stop'
if ($code -ne 0) { throw "pyinstaller exited $code" }
$bundle = Join-Path $QfRoot 'dist\qingfeng'
foreach ($exe in 'qingfeng.exe', 'qingfeng-cli.exe', 'THIRD_PARTY_LICENSES.txt') {
    if (-not (Test-Path (Join-Path $bundle $exe))) { throw "no $exe in $bundle" }
}
$files = Get-ChildItem $bundle -Recurse -File
$size = ($files | Measure-Object Length -Sum).Sum / 1MB
Write-QfStep ("built after {0:N0}s: {1:N0} MB in {2} ({3} files)" -f ((Get-Date) - $started).TotalSeconds, $size, $bundle, $files.Count)
if ($NoSmoke) { exit 0 }

# -- smoke test (scripts\smoke.py, shared with build.sh) ----------------------------------
$ErrorActionPreference = 'Continue'
& $QfPy (Join-Path $QfRoot 'scripts\smoke.py') $bundle
$code = $LASTEXITCODE
$ErrorActionPreference = 'Stop'
if ($code -ne 0) { throw "smoke test failed (exit $code)" }
Write-QfStep ("build and smoke test passed in {0:N0}s" -f ((Get-Date) - $started).TotalSeconds)
