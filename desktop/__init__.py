"""清风台账 (Qingfeng): an offline ledger for a small discipline-inspection office."""

APP_NAME = "清风台账"
APP_ID = "qingfeng"

# Deliberately no importlib.metadata here: desktop.version.version() reads the version
# cheaply, so it stays off the window's start path (~40 ms).
