# Shared set-up for scripts\start.ps1 and scripts\test.ps1. Dot-source it; don't run it.
# Keep this file ASCII-only: Windows PowerShell 5.1 reads BOM-less scripts in the
# ANSI code page.
#
# Invoke-QfSetup -Extra <''|'test'|'build'> makes sure .venv exists in the repository
# root (64-bit Python 3.11+), the locked requirements (requirements\runtime.txt, test.txt
# or build.txt, pinned with hashes) and the project, editable, are installed into it,
# offline from wheelhouse\ when that folder holds wheels (scripts\wheelhouse.ps1), and
# skips pip while pyproject.toml and the locks are unchanged. Afterwards $QfRoot is the
# repository root and $QfPy the venv's python.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$QfRoot = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$QfVenv = Join-Path $QfRoot '.venv'
$QfPy = Join-Path $QfVenv 'Scripts\python.exe'

$env:PIP_DISABLE_PIP_VERSION_CHECK = '1'
$env:PYTHONUTF8 = '1'
$env:PYTHONIOENCODING = 'utf-8'

function Write-QfStep([string]$Message) { Write-Host "==> $Message" }

function Invoke-QfNative {
    # Runs a native command and throws when it fails.
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$Exe $($Arguments -join ' ')' failed with exit code $LASTEXITCODE"
    }
}

function Test-QfPython([string]$Exe, [string[]]$Prefix) {
    try {
        # 64-bit only: PySide6 has no 32-bit Windows wheels.
        & $Exe @Prefix -c 'import struct, sys; sys.exit(sys.version_info < (3, 11) or struct.calcsize("P") != 8)' 2>$null | Out-Null
        return ($LASTEXITCODE -eq 0)
    } catch {
        return $false
    }
}

function Find-QfPython {
    # Returns @(exe, prefix-args) for a Python >= 3.11; $env:PYTHON overrides.
    $candidates = @()
    if ($env:PYTHON) { $candidates += , @($env:PYTHON, @()) }
    foreach ($v in '3.13', '3.12', '3.11') { $candidates += , @('py', @("-$v")) }
    $candidates += , @('python', @())
    $candidates += , @('python3', @())
    foreach ($c in $candidates) {
        if (Get-Command $c[0] -ErrorAction SilentlyContinue) {
            if (Test-QfPython $c[0] $c[1]) { return , $c }
        }
    }
    return $null
}

function Test-QfWindows {
    # Qt 6 needs Windows 10 1809 (build 17763) or newer, 64-bit.
    $os = [Environment]::OSVersion.Version
    if ($os.Major -lt 10 -or ($os.Major -eq 10 -and $os.Build -lt 17763)) {
        Write-Host "!!  Windows $os is older than Windows 10 1809 (build 17763): Qt 6 does not run there."
    }
    if (-not [Environment]::Is64BitOperatingSystem) {
        throw 'A 64-bit Windows is required (Qt 6 and PySide6 are 64-bit only).'
    }
}

function New-QfVenv {
    if (Test-Path $QfPy) { return }
    Test-QfWindows
    $found = Find-QfPython
    if ($null -eq $found) {
        throw 'Python 3.11 or newer, 64-bit, is required (none found). Install it from python.org ("Install for me only" needs no administrator rights), or set $env:PYTHON.'
    }
    Write-QfStep "creating $QfVenv"
    $venvArgs = @($found[1]) + @('-m', 'venv', $QfVenv)
    Invoke-QfNative $found[0] $venvArgs
}

function Get-QfWheelhouse {
    # The wheel folder to install from offline, if any: $env:QF_WHEELHOUSE, else wheelhouse\.
    $wh = if ($env:QF_WHEELHOUSE) { $env:QF_WHEELHOUSE } else { Join-Path $QfRoot 'wheelhouse' }
    if ((Test-Path $wh) -and (Get-ChildItem -Path $wh -Filter '*.whl' | Select-Object -First 1)) { return $wh }
    return $null
}

function Install-QfProject([string]$Extra) {
    $inputs = @(Join-Path $QfRoot 'pyproject.toml') + @(Get-ChildItem (Join-Path $QfRoot 'requirements') -Filter '*.txt' | Sort-Object Name | ForEach-Object { $_.FullName })
    $hash = ($inputs | ForEach-Object { (Get-FileHash -Algorithm SHA256 $_).Hash.ToLower() }) -join ''
    $name = if ($Extra) { $Extra } else { 'base' }
    $stamp = Join-Path $QfVenv ".qingfeng-installed-$name"
    $stamps = @($stamp)
    if (-not $Extra) { $stamps += (Join-Path $QfVenv '.qingfeng-installed-test') }
    foreach ($s in $stamps) {
        if ((Test-Path $s) -and ((Get-Content $s -Raw).Trim() -eq $hash)) { return }
    }
    $set = if ($Extra) { $Extra } else { 'runtime' }
    $lock = Join-Path $QfRoot "requirements\$set.txt"
    $pip = @('-m', 'pip', 'install', '--progress-bar', 'off', '-q')
    $wh = Get-QfWheelhouse
    if ($wh) {
        Write-QfStep "pip install -r requirements\$set.txt (offline, from $wh)"
        $pip += @('--no-index', '--find-links', $wh)
    } else {
        Write-QfStep "pip install -r requirements\$set.txt (first run downloads Qt; this takes a few minutes)"
    }
    Push-Location $QfRoot
    try {
        Invoke-QfNative $QfPy ($pip + @('--require-hashes', '-r', $lock))
        Invoke-QfNative $QfPy ($pip + @('--no-deps', '--no-build-isolation', '-e', '.'))
    } finally {
        Pop-Location
    }
    Set-Content -Path $stamp -Value $hash -Encoding ascii
}

function Invoke-QfSetup([string]$Extra = '') {
    New-QfVenv
    Install-QfProject $Extra
}
