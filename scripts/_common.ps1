# Shared set-up for scripts\start.ps1 and scripts\test.ps1. Dot-source it; don't run it.
# Keep this file ASCII-only: Windows PowerShell 5.1 reads BOM-less scripts in the
# ANSI code page.
#
# Invoke-QfSetup -Extra <''|'test'> makes sure .venv exists in the repository root and
# the project is installed editable into it, skipping pip while pyproject.toml is
# unchanged. Afterwards $QfRoot is the repository root and $QfPy the venv's python.

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
        & $Exe @Prefix -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>$null | Out-Null
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

function New-QfVenv {
    if (Test-Path $QfPy) { return }
    $found = Find-QfPython
    if ($null -eq $found) {
        throw 'Python 3.11 or newer is required (none found). Install it from python.org, or set $env:PYTHON.'
    }
    Write-QfStep "creating $QfVenv"
    $venvArgs = @($found[1]) + @('-m', 'venv', $QfVenv)
    Invoke-QfNative $found[0] $venvArgs
}

function Install-QfProject([string]$Extra) {
    $hash = (Get-FileHash -Algorithm SHA256 (Join-Path $QfRoot 'pyproject.toml')).Hash.ToLower()
    $name = if ($Extra) { $Extra } else { 'base' }
    $stamp = Join-Path $QfVenv ".qingfeng-installed-$name"
    $stamps = @($stamp)
    if (-not $Extra) { $stamps += (Join-Path $QfVenv '.qingfeng-installed-test') }
    foreach ($s in $stamps) {
        if ((Test-Path $s) -and ((Get-Content $s -Raw).Trim() -eq $hash)) { return }
    }
    $spec = if ($Extra) { ".[$Extra]" } else { '.' }
    Write-QfStep "pip install -e '$spec' (first run downloads Qt; this takes a few minutes)"
    Push-Location $QfRoot
    try {
        Invoke-QfNative $QfPy @('-m', 'pip', 'install', '--progress-bar', 'off', '-q', '-e', $spec)
    } finally {
        Pop-Location
    }
    Set-Content -Path $stamp -Value $hash -Encoding ascii
}

function Invoke-QfSetup([string]$Extra = '') {
    New-QfVenv
    Install-QfProject $Extra
}
