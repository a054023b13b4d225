"""Names of the files in a data dir and of settings several store modules share.

At the bottom of the store with errors.py: every store module may import it, it imports
nothing, so naming a file never pulls in the code that writes it.
"""

from __future__ import annotations

DB_FILENAME = "qingfeng.sqlite3"
ANCHOR_FILENAME = "qingfeng-anchor.json"  # the audit chain's head, kept beside the store
PASSWORD_KEY = "security.password"  # the settings row holding the start-up password's hash
BACKUPS_DIR = "backups"  # automatic backups, inside the data dir
SUFFIX = ".qfbak"  # a backup archive
