# Run every check on Windows: ruff lint, ruff format, mypy, import contracts, pytest (offscreen Qt).
# Sets up .venv with the [test] extra on first use; extra arguments go to pytest,
# e.g.  scripts\test.ps1 -k entry -x  (tests marked slow are left out; -m 'slow or not slow' runs them too)
. (Join-Path $PSScriptRoot '_common.ps1')

$started = Get-Date
Invoke-QfSetup 'test'
Set-Location $QfRoot
$env:QT_QPA_PLATFORM = 'offscreen'
# bytecode written, so pytest's workers and the programs tests start do not compile it all again
Remove-Item Env:PYTHONDONTWRITEBYTECODE -ErrorAction SilentlyContinue
if (-not (Get-Command pdftoppm -ErrorAction SilentlyContinue)) {
    Write-Host '!!  pdftoppm (poppler) is not on PATH; tests that render PDFs to images may skip.'
}

$ruff = Join-Path $QfVenv 'Scripts\ruff.exe'
$stages = @(
    @('1/5 ruff check', $ruff, @('check', '.')),
    @('2/5 ruff format --check', $ruff, @('format', '--check', '.')),
    @('3/5 mypy', $QfPy, @('-m', 'mypy')),
    @('4/5 lint-imports', (Join-Path $QfVenv 'Scripts\lint-imports.exe'), @('--no-cache')),
    @('5/5 pytest', $QfPy, (@('-m', 'pytest', '-n', 'auto', '--dist', 'worksteal') + $args))
)
foreach ($stage in $stages) {
    $title, $exe, $stageArgs = $stage
    $t0 = Get-Date
    Write-Host ''
    Write-Host "==================== $title ===================="
    & $exe @stageArgs
    if ($LASTEXITCODE -ne 0) {
        Write-Host ''
        Write-Host "!! FAILED: $title (exit $LASTEXITCODE)"
        exit $LASTEXITCODE
    }
    Write-Host ("-- {0}: ok ({1:N0}s)" -f $title, ((Get-Date) - $t0).TotalSeconds)
}
Write-Host ''
Write-Host ("==> all checks passed in {0:N0}s" -f ((Get-Date) - $started).TotalSeconds)
