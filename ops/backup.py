"""Backups of the whole portal: the database and the uploaded media, in one directory
with a manifest that restore checks before it changes anything.

A backup directory holds
- `database.pgdump` (`pg_dump --format=custom`) when the database is PostgreSQL, or
  `database.json.gz` (the `dumpdata` fixture of every app, for `loaddata`; content
  types and permissions, which `migrate` rebuilds, are left out and referred to by
  natural key) when it is SQLite;
- `media.tar.gz`, every file below MEDIA_ROOT;
- `manifest.json`: format version, database vendor, Django version, time of the
  backup, rows per model and the sha256 of every file, signed with an HMAC-SHA256
  under the backup key (`ASCN_BACKUP_KEY`), which covers the checksums and so
  every file.

Restore refuses a backup whose manifest is missing, unsigned, signed with another
key or changed since, unknown or of the other database vendor, whose files are
missing or do not match their checksums, or whose media archive has unsafe
members, before it touches the database or the media. A checksum alone proves
nothing against a forged dump: whoever writes the dump can write its checksum;
without the key, nobody can sign the manifest.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import hmac
import json
import os
import re
import shutil
import stat
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.test.utils import override_settings

from core.versioning import advance_version_past, current_version

FORMAT = "ascn-backup"
FORMAT_VERSION = 2
SIGNATURE = "signature"
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.json.gz"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# Rebuilt by migrate (content types, permissions) or worthless in a restored
# database (sessions); the other rows refer to them by natural key.
SQLITE_EXCLUDED_MODELS = {
    "contenttypes.ContentType",
    "auth.Permission",
    "sessions.Session",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


def _backup_key() -> bytes:
    key = getattr(settings, "BACKUP_KEY", "")
    if len(key) < 32:
        raise BackupError(
            "Set ASCN_BACKUP_KEY to a random value of at least 32 characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))') and keep "
            "it apart from the backups: it signs each backup, and restore refuses "
            "any backup it did not sign."
        )
    return key.encode()


def _signature(manifest: dict, key: bytes) -> str:
    unsigned = {name: value for name, value in manifest.items() if name != SIGNATURE}
    canonical = json.dumps(unsigned, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def sign(manifest: dict) -> dict:
    """The manifest with its HMAC-SHA256 under the backup key."""
    return {
        **manifest,
        SIGNATURE: {
            "algorithm": "hmac-sha256",
            "value": _signature(manifest, _backup_key()),
        },
    }


def _check_signature(manifest: dict, path: Path) -> None:
    signature = manifest.get(SIGNATURE)
    if not isinstance(signature, dict) or signature.get("algorithm") != "hmac-sha256":
        raise BackupError(
            f"{path / MANIFEST} is not signed: it was not made by this portal's "
            "backup command, or has been changed."
        )
    expected = _signature(manifest, _backup_key())
    if not hmac.compare_digest(str(signature.get("value", "")), expected):
        raise BackupError(
            f"{path / MANIFEST} does not carry a valid signature: the backup was "
            "made with another backup key (ASCN_BACKUP_KEY), or it has been changed "
            "since. It is not restored."
        )


def default_backup_dir(now: dt.datetime | None = None) -> Path:
    now = now or dt.datetime.now(dt.UTC)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"ascn-{stamp}"


def vendor_name(vendor: str) -> str:
    return VENDOR_NAMES.get(vendor, vendor)


# Backup


def create_backup(output: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write a backup of the database and the media to the new directory `output`
    and return its manifest. The directory appears only once it is complete."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(
            f"Backups support PostgreSQL and SQLite, not {vendor_name(vendor)}."
        )
    _backup_key()  # no backup that restore could not check
    output = output.absolute()
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(f"{output} already exists; choose a new directory.")
    output.parent.mkdir(parents=True, exist_ok=True)
    # mkdtemp makes the directory readable by its owner only: a backup holds every
    # record, password hashes included.
    work = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        database_file = DATABASE_FILES[vendor]
        if vendor == "postgresql":
            rows = _dump_postgresql(connection, work / database_file)
        else:
            rows = _dump_sqlite(using, work / database_file)
        media_files = _archive_media(_media_root(), work / MEDIA_ARCHIVE)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "django_version": django.get_version(),
            "database": {
                "vendor": vendor,
                "server_version": _server_version(connection),
                "file": database_file,
                "rows": rows,
            },
            "media": {"file": MEDIA_ARCHIVE, "files": media_files},
            "files": {
                name: _sha256(work / name) for name in (database_file, MEDIA_ARCHIVE)
            },
        }
        manifest = sign(manifest)
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        if output.exists():
            output.rmdir()
        work.rename(output)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _dump_postgresql(connection, path: Path) -> dict[str, int]:
    pg_dump = _pg_tool("pg_dump", connection)
    if connection.in_atomic_block:
        raise BackupError("A backup cannot be taken inside a database transaction.")
    # The rows are counted and pg_dump reads in one snapshot, so the counts in the
    # manifest are those of the dump even while the portal is being edited.
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        rows = row_counts(connection.alias)
        args, env = _pg_connection(connection.settings_dict)
        _run(
            [
                pg_dump,
                "--format=custom",
                f"--file={path}",
                f"--snapshot={snapshot}",
                *args,
            ],
            env,
        )
    return rows


def _dump_sqlite(using: str, path: Path) -> dict[str, int]:
    """What `dumpdata --all --natural-foreign` writes without the models above,
    gzipped, but with times to the microsecond (dumpdata's encoder cuts them to
    milliseconds). Not --natural-primary: users and groups keep their primary keys,
    which admin log entries and addresses refer to."""
    app_list = [
        (config, None)
        for config in apps.get_app_configs()
        if config.models_module is not None
    ]
    models = [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.label not in SQLITE_EXCLUDED_MODELS
        and not model._meta.proxy
        and router.allow_migrate_model(using, model)
    ]

    def objects():
        for model in models:
            yield from (
                model._base_manager.using(using)
                .order_by(model._meta.pk.name)
                .iterator(chunk_size=2000)
            )

    # One read transaction: the counts are those of the dump.
    with transaction.atomic(using=using):
        rows = row_counts(using)
        with gzip.open(path, "wt", encoding="utf-8") as stream:
            serializers.serialize(
                "json",
                objects(),
                stream=stream,
                use_natural_foreign_keys=True,
                cls=_FullPrecisionEncoder,
            )
    return rows


class _FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime) or (
            isinstance(o, dt.time) and o.utcoffset() is None
        ):
            return o.isoformat()
        return super().default(o)


def _archive_media(media_root: Path, path: Path) -> int:
    """Every regular file and directory below MEDIA_ROOT (none if it is missing)."""
    count = 0
    with tarfile.open(path, "w:gz") as tar:
        if not media_root.is_dir():
            return 0
        for dirpath, dirnames, filenames in os.walk(media_root):
            dirnames.sort()
            here = Path(dirpath)
            for name in [*dirnames, *sorted(filenames)]:
                full = here / name
                if full.is_symlink() or not (full.is_dir() or full.is_file()):
                    continue  # FileSystemStorage writes neither links nor devices
                tar.add(
                    full,
                    arcname=full.relative_to(media_root).as_posix(),
                    recursive=False,
                )
                count += full.is_file()
    return count


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows of every table Django manages, by model label (`cities.City`)."""
    tables = set(connections[using].introspection.table_names())
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in tables:
            continue
        if not router.allow_migrate_model(using, model):
            continue
        counts[meta.label] = model._base_manager.using(using).count()
    return dict(sorted(counts.items()))


# Restore


def check_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """The backup's manifest, once everything restore needs is there and intact;
    BackupError otherwise. Changes nothing."""
    if not path.is_dir():
        raise BackupError(f"{path} is not a backup directory.")
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{path} has no {MANIFEST}: the backup is incomplete or not a backup."
        ) from None
    except (OSError, ValueError) as error:
        raise BackupError(f"{path / MANIFEST} cannot be read: {error}") from None
    if not isinstance(manifest, dict):
        raise BackupError(f"{path / MANIFEST} is damaged or incomplete.")
    try:
        if manifest["format"] != FORMAT:
            raise BackupError(f"{path} is not a backup of the ASCN portal.")
        if manifest["format_version"] != FORMAT_VERSION:
            raise BackupError(
                f"The backup has format version {manifest['format_version']}; this "
                f"version of the portal restores format version {FORMAT_VERSION}."
            )
        _check_signature(manifest, path)
        vendor = manifest["database"]["vendor"]
        database_file = manifest["database"]["file"]
        media_file = manifest["media"]["file"]
        checksums = manifest["files"]
        rows = manifest["database"]["rows"]
    except BackupError:
        raise
    except (KeyError, TypeError):
        raise BackupError(f"{path / MANIFEST} is damaged or incomplete.") from None
    if not isinstance(checksums, dict) or not isinstance(rows, dict):
        raise BackupError(f"{path / MANIFEST} is damaged or incomplete.")
    current = connections[using].vendor
    if vendor != current:
        raise BackupError(
            f"The backup is of a {vendor_name(vendor)} database, but the portal is "
            f"configured for {vendor_name(current)}. Restore it into a "
            f"{vendor_name(vendor)} database (DATABASE_URL)."
        )
    if database_file != DATABASE_FILES[vendor] or media_file != MEDIA_ARCHIVE:
        raise BackupError(f"{path / MANIFEST} names unexpected files.")
    for name in (database_file, media_file):
        if name not in checksums:
            raise BackupError(f"{path / MANIFEST} has no checksum for {name}.")
        if not (path / name).is_file():
            raise BackupError(f"{path / name} is missing: the backup is incomplete.")
        if _sha256(path / name) != checksums[name]:
            raise BackupError(
                f"{path / name} does not match its checksum in {MANIFEST}: the "
                "backup is damaged."
            )
    _check_media_archive(path / media_file)
    return manifest


def prepare_restore(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """check_backup, and the checks of what restore needs on this machine."""
    manifest = check_backup(path, using=using)
    connection = connections[using]
    if connection.vendor == "postgresql":
        pg_restore = _pg_tool("pg_restore", connection)
        # Reads the archive's table of contents: an archive that this pg_restore
        # cannot read is refused now, not halfway.
        _run([pg_restore, "--list", str(path / manifest["database"]["file"])], None)
    media_root = _media_root()
    if media_root.is_mount():
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) is a mount point, which restore cannot swap; "
            "make it a directory inside the mounted volume."
        )
    return manifest


def restore_backup(
    path: Path, manifest: dict, *, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Replace the database contents and the media with those of the backup at
    `path`, which prepare_restore has checked and `manifest` describes."""
    connection = connections[using]
    version_before = current_version().number
    media_root = _media_root()
    staged = _extract_media(path / manifest["media"]["file"], media_root)
    try:
        database_file = path / manifest["database"]["file"]
        expected = manifest["database"]["rows"]
        if connection.vendor == "postgresql":
            _restore_postgresql(connection, database_file)
        else:
            _restore_sqlite(using, database_file, expected)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    _swap_in(staged, media_root)
    ContentType.objects.clear_cache()
    # Every page cached before, in any worker or host, is stale from now on.
    advance_version_past(version_before)
    if connection.vendor == "postgresql":
        # pg_restore has committed by now: this can only tell.
        _compare_rows(
            expected,
            row_counts(using),
            excluded=set(),
            prefix="The database and the media were restored, but ",
        )


def _restore_postgresql(connection, dump: Path) -> None:
    pg_restore = _pg_tool("pg_restore", connection)
    args, env = _pg_connection(connection.settings_dict)
    # pg_restore drops and recreates every table: no connection of ours may hold
    # a lock on one meanwhile.
    connections.close_all()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            str(dump),
        ],
        env,
    )


def _restore_sqlite(using: str, dump: Path, expected: dict[str, int]) -> None:
    call_command("migrate", database=using, interactive=False, verbosity=0)
    with transaction.atomic(using=using):
        # flush rebuilds the content types and permissions (post_migrate), with
        # new primary keys: the cached ones are stale.
        call_command("flush", database=using, interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        # The history rows come from the backup. Left on, simple_history would add
        # a record for every many-to-many relation loaddata sets (its m2m_changed
        # handler does not heed raw saves).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(dump), database=using, verbosity=0)
        _compare_rows(expected, row_counts(using), excluded=SQLITE_EXCLUDED_MODELS)


def _compare_rows(
    expected: dict[str, int],
    actual: dict[str, int],
    *,
    excluded: set[str],
    prefix: str = "",
) -> None:
    wrong = [
        f"{label}: {count} in the backup, {actual.get(label, 0)} restored"
        for label, count in sorted(expected.items())
        if label not in excluded and actual.get(label, 0) != count
    ]
    if wrong:
        message = (
            f"{prefix}the restored rows differ from the backup's manifest: "
            + "; ".join(wrong)
        )
        raise BackupError(message[0].upper() + message[1:])


def _media_root() -> Path:
    # resolve(): when MEDIA_ROOT is a link, the directory it points to is replaced.
    return Path(settings.MEDIA_ROOT).resolve()


def _check_media_archive(archive: Path) -> None:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:  # reads the whole archive: a truncated one fails
                _check_member(member)
    except (tarfile.TarError, OSError, EOFError, gzip.BadGzipFile) as error:
        raise BackupError(f"{archive} cannot be read: {error}") from None


def _check_member(member: tarfile.TarInfo) -> None:
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts or "\\" in member.name:
        raise BackupError(
            f"The media archive has an unsafe member {member.name!r}; refused."
        )
    if not (member.isfile() or member.isdir()):
        raise BackupError(
            f"The media archive member {member.name!r} is not a file or directory; "
            "refused."
        )


def _extract_media(archive: Path, media_root: Path) -> Path:
    """The archive's files in a new directory next to MEDIA_ROOT (the same file
    system, so that the swap is a rename)."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(
        tempfile.mkdtemp(prefix=f".{media_root.name}.restore-", dir=media_root.parent)
    )
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                _check_member(member)
            # The "data" filter refuses anything the checks above missed.
            tar.extractall(staged, members=members, filter="data")
        mode = stat.S_IMODE(media_root.stat().st_mode) if media_root.is_dir() else 0o755
        staged.chmod(mode)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def _swap_in(staged: Path, media_root: Path) -> None:
    if not media_root.exists():
        staged.rename(media_root)
        return
    old = Path(
        tempfile.mkdtemp(prefix=f".{media_root.name}.old-", dir=media_root.parent)
    )
    media_root.rename(old / media_root.name)
    try:
        staged.rename(media_root)
    except BaseException:
        (old / media_root.name).rename(media_root)
        raise
    shutil.rmtree(old, ignore_errors=True)


# PostgreSQL client tools


def _pg_tool(name: str, connection) -> str:
    """The path of pg_dump or pg_restore, once it is known to be recent enough
    for the server."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools of "
            "the server's major version (e.g. the package postgresql-client-15)."
        )
    version = _run([path, "--version"], None)
    match = re.search(r"\)\s*(\d+)", version)
    server = connection.pg_version // 10000
    if match and int(match[1]) < server:
        raise BackupError(
            f"{path} is version {match[1]}, older than the PostgreSQL {server} "
            f"server. Install {name} of version {server}."
        )
    return path


def _pg_connection(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Command-line arguments and environment for pg_dump and pg_restore. The
    password goes in PGPASSWORD, never on the command line, where every user of
    the machine could read it."""
    from django.db.backends.postgresql.client import DatabaseClient

    # Django's own mapping for dbshell: PGPASSWORD and the SSL, service and
    # passfile options.
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    args = ["--no-password"]
    for option, key in (
        ("--host", "HOST"),
        ("--port", "PORT"),
        ("--username", "USER"),
        ("--dbname", "NAME"),
    ):
        if settings_dict.get(key):
            args.append(f"{option}={settings_dict[key]}")
    return args, env or {}


def _server_version(connection) -> str | None:
    if connection.vendor != "postgresql":
        return None
    return f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"


def _run(args: list[str], env: dict[str, str] | None) -> str:
    result = subprocess.run(  # noqa: S603 (no shell; the arguments are ours)
        args,
        env={**os.environ, **env} if env else None,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            f"{Path(args[0]).name} failed (exit status {result.returncode}):\n"
            f"{result.stderr.strip()}"
        )
    return result.stdout


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
