"""Errors the clerk may see, kept apart from bugs.

Every subclass of UserError carries a message in Chinese that names what is
wrong; anything else reaching the top level is a bug and is reported as such.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the clerk can understand and act on; `str(e)` is the Chinese message."""


class ValidationError(UserError):
    """A field value the store refuses. Nothing was written."""

    def __init__(self, field: str, label: str, problem: str) -> None:
        self.field = field
        self.label = label
        self.problem = problem
        super().__init__(f"{label}：{problem}")


class NotFoundError(UserError):
    pass


class ReferencedError(UserError):
    """A delete refused because other records still point at the record."""


class StoreError(UserError):
    """The store file cannot be used: newer version, locked, read-only, disk full, damaged."""


class NewerSchemaError(StoreError):
    pass


class DamagedStoreError(StoreError):
    """The store file is emptied, unreadable or missing where a store lived: never
    replaced by a new empty one; the message names the newest good backup."""
