# Fill wheelhouse\ with every wheel the locks need, for installing on a PC without
# network (see scripts/wheelhouse.py and wheelhouse.sh):
#     scripts\wheelhouse.ps1
#     scripts\wheelhouse.ps1 --platform manylinux_x86_64 --python 3.12 --out D:\wh
# Keep this file ASCII-only (see _common.ps1).
. (Join-Path $PSScriptRoot '_common.ps1')
$script = Join-Path $PSScriptRoot 'wheelhouse.py'
if (Test-Path $QfPy) {
    $exe = $QfPy
    $pyArgs = @($script) + $args
} else {
    $found = Find-QfPython
    if ($null -eq $found) { throw 'Python 3.11 or newer, 64-bit, is required (none found).' }
    $exe = $found[0]
    $pyArgs = @($found[1]) + @($script) + $args
}
& $exe @pyArgs
exit $LASTEXITCODE
