"""清风台账 (Qingfeng): an offline ledger for a small discipline-inspection office."""

from importlib import metadata

APP_NAME = "清风台账"
APP_ID = "qingfeng"

try:
    __version__ = metadata.version("qingfeng")
except metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
