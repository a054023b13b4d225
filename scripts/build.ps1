# Build the one-folder bundle dist\qingfeng\ on Windows with PyInstaller (build.spec)
# and smoke-test it offscreen against a temporary data dir: seed-demo, stats --json,
# print-notice, check, self-test, the window, portable mode, run from a copy of the bundle
# in a temporary folder (as if copied from a USB stick) with PATH cut down to System32.
# `scripts\build.ps1 -NoSmoke` only builds.
# Untested in CI (CI runs Linux: scripts/build.sh does the same there).
# Keep this file ASCII-only (see _common.ps1): Chinese text is written as \u escapes.
param([switch]$NoSmoke)
. (Join-Path $PSScriptRoot '_common.ps1')
$ErrorActionPreference = 'Stop'

function ConvertFrom-QfEscapes([string]$Text) { return [regex]::Unescape($Text) }
$Seeded = ConvertFrom-QfEscapes '\u5df2\u5199\u5165\u6f14\u793a\u6570\u636e'  # yi xie ru yan shi shu ju
$NoticeKind = ConvertFrom-QfEscapes '\u6574\u6539\u901a\u77e5\u4e66'          # zheng gai tong zhi shu
$CheckPassed = ConvertFrom-QfEscapes '\u68c0\u67e5\u901a\u8fc7'               # jian cha tong guo
$SelfTestPassed = ConvertFrom-QfEscapes '\u81ea\u68c0\u901a\u8fc7'            # zi jian tong guo
$StickName = ConvertFrom-QfEscapes 'U\u76d8 copy'                              # "U pan" (USB stick)

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
foreach ($exe in 'qingfeng.exe', 'qingfeng-cli.exe') {
    if (-not (Test-Path (Join-Path $bundle $exe))) { throw "no $exe in $bundle" }
}
$files = Get-ChildItem $bundle -Recurse -File
$size = ($files | Measure-Object Length -Sum).Sum / 1MB
Write-QfStep ("built after {0:N0}s: {1:N0} MB in {2} ({3} files)" -f ((Get-Date) - $started).TotalSeconds, $size, $bundle, $files.Count)
if ($NoSmoke) { exit 0 }

# -- smoke test ---------------------------------------------------------------------------
# The bundle runs in Python's UTF-8 mode (build.spec), so its piped output is UTF-8.
try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false } catch { }

$work = Join-Path ([IO.Path]::GetTempPath()) ('qingfeng-smoke-' + [guid]::NewGuid())
$stick = Join-Path (Join-Path $work $StickName) 'qingfeng'
$data = Join-Path $work 'data'
$userData = Join-Path $env:LOCALAPPDATA 'qingfeng'
$hadUserData = Test-Path $userData
New-Item -ItemType Directory (Split-Path $stick) | Out-Null
Copy-Item -Path $bundle -Destination $stick -Recurse
$cli = Join-Path $stick 'qingfeng-cli.exe'

function Invoke-Bundle {
    # Runs the console program of the copy; returns its standard output. Throws when it
    # exits non-zero or its output lacks $Expect.
    param([string]$Expect, [string[]]$Arguments)
    Write-QfStep ('smoke: qingfeng-cli ' + ($Arguments -join ' '))
    $errFile = Join-Path $work 'stderr.txt'
    # Windows PowerShell 5.1 turns a redirected native program's stderr lines (seed-demo's
    # progress) into error records; under 'Stop' the first one would end the script.
    $ErrorActionPreference = 'Continue'
    $out = & $cli @Arguments 2> $errFile | Out-String
    $code = $LASTEXITCODE
    if ($code -ne 0) {
        Write-Host $out
        Get-Content $errFile | Write-Host
        throw "qingfeng-cli $($Arguments[0]) exited $code"
    }
    if ($Expect -and -not $out.Contains($Expect)) {
        Write-Host $out
        throw "qingfeng-cli $($Arguments[0]): no '$Expect' in its output"
    }
    return $out
}

$savedPath = $env:PATH
try {
    # Nothing of the build machine's Python may be found by the bundle.
    $env:PATH = Join-Path $env:SystemRoot 'System32'
    foreach ($name in 'PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV') {
        Remove-Item "Env:$name" -ErrorAction SilentlyContinue
    }

    Invoke-Bundle $Seeded @('seed-demo', '--data-dir', $data) | Out-Null
    $json = Invoke-Bundle '' @('stats', '--json', '--data-dir', $data, '--from', '2000-01-01', '--to', '2099-12-31')
    $stats = $json | ConvertFrom-Json
    foreach ($key in 'clues_received', 'talks', 'inspections', 'problems_found') {
        if ($stats.figures.$key.value -le 0) { throw "stats: $key is $($stats.figures.$key.value)" }
    }
    if (-not $stats.paragraph) { throw 'stats: no summary paragraph' }

    # A rectification without a notice gets a preview; else the first one a correction.
    $pick = @'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
free = db.execute('SELECT min(id) FROM rectifications WHERE notice_document_id IS NULL').fetchone()[0]
if free is not None:
    print(free, '--date=2026-01-05', '--date=2026-01-05')
else:
    rid, date = db.execute('SELECT id, notice_date FROM rectifications ORDER BY id LIMIT 1').fetchone()
    print(rid, '--correction', '--date=' + date)
'@
    $picked = (& $QfPy -c $pick (Join-Path $data 'qingfeng.sqlite3') | Out-String).Trim() -split '\s+'
    if ($LASTEXITCODE -ne 0 -or $picked.Count -ne 3) { throw "no rectification to print: $picked" }
    $pdf = Join-Path $work 'x.pdf'
    Invoke-Bundle $NoticeKind @('print-notice', $NoticeKind, '--record', $picked[0], $picked[1], $picked[2], '--out', $pdf, '--data-dir', $data) | Out-Null
    $head = [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($pdf), 0, 5)
    if ($head -ne '%PDF-') { throw "print-notice: not a PDF: $head" }

    Invoke-Bundle $CheckPassed @('check', '--data-dir', $data) | Out-Null
    # Qt platform, screen font, QtPdf preview, print support and the forms, in the bundle.
    Invoke-Bundle $SelfTestPassed @('self-test') | Out-Null

    # The window (offscreen: QT_QPA_PLATFORM is inherited) must come up and keep running.
    Write-QfStep 'smoke: qingfeng.exe (the window, 12 s)'
    $window = Start-Process -FilePath (Join-Path $stick 'qingfeng.exe') -PassThru `
        -ArgumentList @('--data-dir', ('"{0}"' -f $data))
    $null = $window.Handle  # keeps the handle, so ExitCode is readable later
    Start-Sleep -Seconds 12
    if ($window.HasExited) { throw "the window exited by itself (status $($window.ExitCode))" }
    Stop-Process -Id $window.Id -Force
    $window.WaitForExit()

    # Portable mode: a marker file beside the program puts the data in <bundle>\data ...
    New-Item -ItemType File (Join-Path $stick 'portable.txt') | Out-Null
    Invoke-Bundle $Seeded @('seed-demo') | Out-Null
    if (-not (Test-Path (Join-Path $stick 'data\qingfeng.sqlite3'))) { throw 'portable mode: no data beside the program' }
    Remove-Item -Recurse -Force (Join-Path $stick 'portable.txt'), (Join-Path $stick 'data')
    # ... and so does --portable, without the marker.
    Invoke-Bundle $Seeded @('seed-demo', '--portable') | Out-Null
    Invoke-Bundle $CheckPassed @('check', '--portable') | Out-Null
    if (-not (Test-Path (Join-Path $stick 'data\qingfeng.sqlite3'))) { throw '--portable: no data beside the program' }
    if (-not $hadUserData -and (Test-Path $userData)) { throw "portable mode wrote to $userData" }
} finally {
    $env:PATH = $savedPath
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
Write-QfStep ("build and smoke test passed in {0:N0}s" -f ((Get-Date) - $started).TotalSeconds)
