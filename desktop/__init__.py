"""清风台账 (Qingfeng): an offline ledger for a small discipline-inspection office."""

APP_NAME = "清风台账"
APP_ID = "qingfeng"


def __getattr__(name: str) -> str:
    """`desktop.__version__`, read when asked (desktop/version.py): no importlib.metadata
    at import, so it stays off the window's start path (~40 ms)."""
    if name == "__version__":
        from desktop.version import version

        return version()
    raise AttributeError(f"module 'desktop' has no attribute {name!r}")
