@echo off
rem Run the tests from source where PowerShell scripts are blocked by policy:
rem     scripts\test.cmd [pytest arguments]
setlocal
call "%~dp0_setup.cmd" test || exit /b 1
pushd "%QF_ROOT%"
set "QT_QPA_PLATFORM=offscreen"
rem bytecode written, so the workers and the programs tests start do not compile it all again
set "PYTHONDONTWRITEBYTECODE="
"%QF_PY%" -m pytest -n auto --dist worksteal %*
set "QF_RC=%ERRORLEVEL%"
popd
exit /b %QF_RC%
