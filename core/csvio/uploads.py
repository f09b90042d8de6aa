"""CSV files kept between an import's preview and its confirmation.

They hold staff's data, not the public's: they are kept outside MEDIA_ROOT (so
they are neither served nor backed up) in CSV_IMPORT_DIR, readable by the
portal's user only, and deleted once the import is applied, cancelled or
replaced by another upload. Files left by an abandoned preview are removed by
`manage.py purge_csv_imports` (README: run it daily).
"""

from __future__ import annotations

import datetime
import re
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

TOKEN = re.compile(r"^[0-9a-f]{32}$")


def storage() -> FileSystemStorage:
    return FileSystemStorage(
        location=settings.CSV_IMPORT_DIR,
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def _name(token: str) -> str:
    if not TOKEN.match(token):
        raise ValueError("not an upload token")
    return f"{token}.csv"


def keep(data: bytes) -> str:
    """Store an uploaded file; returns the token that names it."""
    token = uuid.uuid4().hex
    storage().save(_name(token), ContentFile(data))
    return token


def read(token: str) -> bytes | None:
    """The stored file, or None when there is none (expired, or never was)."""
    try:
        name = _name(token)
    except ValueError:
        return None
    files = storage()
    if not files.exists(name):
        return None
    with files.open(name, "rb") as stored:
        return stored.read()


def discard(token: str) -> None:
    try:
        storage().delete(_name(token))
    except ValueError:
        pass


def purge(older_than: datetime.timedelta) -> int:
    """Delete the files stored longer ago than `older_than`; returns how many."""
    files = storage()
    try:
        _folders, names = files.listdir("")
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    purged = 0
    for name in names:
        if name.endswith(".csv") and files.get_modified_time(name) < cutoff:
            files.delete(name)
            purged += 1
    return purged
