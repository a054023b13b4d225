"""The SQLite store: schema, migrations, record access, audit log, recycle bin. No Qt."""

from desktop.store.db import DB_FILENAME, Store
from desktop.store.errors import (
    NewerSchemaError,
    NotFoundError,
    ReferencedError,
    StoreError,
    UserError,
    ValidationError,
)

__all__ = [
    "DB_FILENAME",
    "NewerSchemaError",
    "NotFoundError",
    "ReferencedError",
    "Store",
    "StoreError",
    "UserError",
    "ValidationError",
]
