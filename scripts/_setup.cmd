@echo off
rem Shared by start.cmd and test.cmd; "call" it, don't run it. No PowerShell needed, so
rem it works where Group Policy blocks PowerShell scripts. Makes .venv with a 64-bit
rem Python 3.11+ and installs requirements\%1.txt (pinned, with hashes) and the project,
rem offline from wheelhouse\ when that folder holds wheels. Sets QF_ROOT and QF_PY.
set "QF_ROOT=%~dp0.."
set "QF_PY=%QF_ROOT%\.venv\Scripts\python.exe"
set "PYTHONUTF8=1"
set "PIP_DISABLE_PIP_VERSION_CHECK=1"
if exist "%QF_PY%" goto install
set "QF_BASE="
for %%V in (3.13 3.12 3.11) do call :try_py %%V
if not defined QF_BASE call :try_python
if not defined QF_BASE (
    echo !!  Python 3.11 or newer, 64-bit, is required. Install it from python.org
    echo     with "Install for me only" - no administrator rights needed.
    exit /b 1
)
echo ==^> creating %QF_ROOT%\.venv
%QF_BASE% -m venv "%QF_ROOT%\.venv" || exit /b 1
:install
set "QF_FIND="
if exist "%QF_ROOT%\wheelhouse\*.whl" set QF_FIND=--no-index --find-links "%QF_ROOT%\wheelhouse"
echo ==^> pip install -r requirements\%1.txt %QF_FIND%
"%QF_PY%" -m pip install -q --progress-bar off %QF_FIND% --require-hashes -r "%QF_ROOT%\requirements\%1.txt" || exit /b 1
pushd "%QF_ROOT%"
"%QF_PY%" -m pip install -q --progress-bar off %QF_FIND% --no-deps --no-build-isolation -e .
set "QF_RC=%ERRORLEVEL%"
popd
exit /b %QF_RC%

:try_py
if defined QF_BASE exit /b 0
py -%1-64 -c "import sys" >nul 2>&1 && set "QF_BASE=py -%1-64"
exit /b 0

:try_python
python -c "import struct, sys; sys.exit(sys.version_info < (3, 11) or struct.calcsize('P') != 8)" >nul 2>&1 && set "QF_BASE=python"
exit /b 0
