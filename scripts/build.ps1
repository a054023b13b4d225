# Build the one-folder bundle dist\qingfeng\ on Windows with PyInstaller (build.spec)
# and smoke-test it offscreen against a temporary data dir (seed-demo, stats --json,
# print-notice, check, portable mode). `scripts\build.ps1 -NoSmoke` only builds.
# Untested in CI (CI runs Linux: scripts/build.sh does the same there).
param([switch]$NoSmoke)
. (Join-Path $PSScriptRoot '_common.ps1')
$ErrorActionPreference = 'Stop'

$started = Get-Date
Invoke-QfSetup 'build'
Set-Location $QfRoot
$env:QT_QPA_PLATFORM = 'offscreen'

Write-QfStep 'pyinstaller build.spec'
& $QfPy -m PyInstaller build.spec --noconfirm --log-level WARN
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$bundle = Join-Path $QfRoot 'dist\qingfeng'
$cli = Join-Path $bundle 'qingfeng-cli.exe'
$size = (Get-ChildItem $bundle -Recurse -File | Measure-Object Length -Sum).Sum / 1MB
Write-QfStep ("built: {0:N0} MB in $bundle" -f $size)
if ($NoSmoke) { exit 0 }

$work = Join-Path ([IO.Path]::GetTempPath()) ("qingfeng-smoke-" + [guid]::NewGuid())
New-Item -ItemType Directory $work | Out-Null
$data = Join-Path $work 'data'
function Invoke-Smoke([string]$Expect) {
    Write-QfStep ("smoke: qingfeng-cli " + ($args -join ' '))
    $out = & $cli @args 2>&1 | Out-String
    if ($LASTEXITCODE -ne 0) { Write-Host $out; throw "qingfeng-cli $($args[0]) exited $LASTEXITCODE" }
    if ($Expect -and -not $out.Contains($Expect)) { Write-Host $out; throw "no '$Expect' in output" }
    return $out
}
try {
    Invoke-Smoke '已写入演示数据' seed-demo --data-dir $data | Out-Null
    $json = Invoke-Smoke '' stats --json --data-dir $data --from 2000-01-01 --to 2099-12-31
    $stats = $json | ConvertFrom-Json
    if ($stats.figures.clues_received.value -le 0) { throw 'stats: no clues' }
    $pdf = Join-Path $work 'x.pdf'
    $rec = & $QfPy -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT id FROM rectifications ORDER BY id LIMIT 1').fetchone()[0])" (Join-Path $data 'qingfeng.sqlite3')
    $date = & $QfPy -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT notice_date FROM rectifications ORDER BY id LIMIT 1').fetchone()[0])" (Join-Path $data 'qingfeng.sqlite3')
    Invoke-Smoke '' print-notice 整改通知书 --record $rec --correction "--date=$date" --out $pdf --data-dir $data | Out-Null
    $head = [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($pdf), 0, 5)
    if ($head -ne '%PDF-') { throw "not a PDF: $head" }
    Invoke-Smoke '检查通过' check --data-dir $data | Out-Null
    Set-Content -Path (Join-Path $bundle 'portable.txt') -Value '便携模式' -Encoding UTF8
    Invoke-Smoke '已写入演示数据' seed-demo | Out-Null
    if (-not (Test-Path (Join-Path $bundle 'data\qingfeng.sqlite3'))) { throw 'portable mode: no data beside the exe' }
} finally {
    Remove-Item -Recurse -Force $work, (Join-Path $bundle 'data'), (Join-Path $bundle 'portable.txt') -ErrorAction SilentlyContinue
}
Write-QfStep ("build and smoke test passed in {0:N0}s" -f ((Get-Date) - $started).TotalSeconds)
