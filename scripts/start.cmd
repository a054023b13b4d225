@echo off
rem Start Qingfeng from source where PowerShell scripts are blocked by policy:
rem     scripts\start.cmd [--data-dir D] [seed-demo ...]
rem (The built program, dist\qingfeng\qingfeng.exe, needs no script at all.)
setlocal
call "%~dp0_setup.cmd" runtime || exit /b 1
pushd "%QF_ROOT%"
"%QF_PY%" -m desktop %*
set "QF_RC=%ERRORLEVEL%"
popd
exit /b %QF_RC%
