import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from cities.models import City
from ops.backup import _pg_connection, sign
from projects.models import Project
from tests.core.test_images import picture
from tests.factories import CityFactory
from users.models import User

# Backup and restore run pg_dump and pg_restore in other processes (PostgreSQL),
# or migrate, flush and loaddata (SQLite): the data must be committed, not held in
# a test transaction.
committed_db = pytest.mark.django_db(transaction=True)

# Rebuilt by migrate with new primary keys on SQLite: compared by natural key.
BY_NATURAL_KEY = {ContentType, Permission}
# The page cache's content version: restore moves it past every number used
# before, so that no page cached before the restore is served after it.
NOT_COMPARED = {"core.ContentVersion"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def every_row() -> dict[str, list]:
    """Every row of every table, serialised; foreign keys to content types and
    permissions by natural key. In one language: modeltranslation reads a
    translated field in the active one, which a page visited before may change."""
    with translation.override("en"):
        return _every_row()


def _every_row() -> dict[str, list]:
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label in NOT_COMPARED:
            continue
        natural = model in BY_NATURAL_KEY
        data = serializers.serialize(
            "python",
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=natural,
        )
        if meta.auto_created:
            # loaddata sets many-to-many relations afresh: the link rows get new
            # ids, which nothing refers to.
            for row in data:
                row.pop("pk")
        for row in data:
            for name, value in row["fields"].items():
                if meta.get_field(name).many_to_many:
                    row["fields"][name] = sorted(value, key=repr)
        if natural or meta.auto_created:
            data.sort(key=repr)
        rows[meta.label] = data
    return rows


def every_file(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def backup(output: Path) -> Path:
    call_command("backup", "--output", str(output), stdout=io.StringIO())
    return output


def restore(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def editor():
    group, _created = Group.objects.get_or_create(name="Editor")
    group.permissions.add(Permission.objects.get(codename="change_city"))
    # A user deleted before the backup: the primary keys have a gap to keep.
    User.objects.create_user("gone").delete()
    user = User.objects.create_user("editor", password="x-secret-1")
    user.groups.add(group)
    return user


@pytest.fixture
def city_with_image(editor):
    city = CityFactory(
        slug="harbour-city",
        cover_image=SimpleUploadedFile("harbour.jpg", picture(size=(1000, 600))),
        cover_image_alt_th="ท่าเรือ",
        cover_image_alt_en="The harbour",
    )
    city.summary_th = "เมืองท่าริมทะเล"
    city._history_user = editor
    city.save()
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(City),
        object_id=str(city.pk),
        object_repr=str(city),
        action_flag=CHANGE,
        change_message="Changed summary.",
    )
    return city


@committed_db
def test_restore_brings_back_every_row_and_every_media_file(
    ascn_data, city_with_image, editor, media, tmp_path, client
):
    # Content types of models that a later migration removed (simple_history's
    # first records of many-to-many relations) are left by migrate and gone
    # after a restore, which rebuilds them from the models there are: as
    # remove_stale_contenttypes would, they are left out of the comparison.
    call_command("remove_stale_contenttypes", "--no-input", verbosity=0)
    assert city_with_image.history.filter(history_user=editor).exists()
    # Old history pruned (simple_history's clean_old_history): history ids no longer
    # start at 1.
    for historical in (City.history.model, Project.history.model):
        oldest = historical.objects.order_by("history_id")[:3]
        historical.objects.filter(
            pk__in=list(oldest.values_list("pk", flat=True))
        ).delete()
    before, files_before = every_row(), every_file(media)
    assert len(files_before) == 3  # the image and its 400 and 800 px renditions
    path = backup(tmp_path / "backup")

    Project.objects.filter(pk__in=Project.objects.values("pk")[:3]).delete()
    bangkok = City.objects.get(slug="bangkok")
    bangkok.name_th = "ชื่อที่แก้แล้ว"
    bangkok.save()
    User.objects.get(username="editor").delete()
    User.objects.create_user("intruder")
    Path(city_with_image.cover_image.path).unlink()
    next(media.rglob("*-400.webp")).unlink()
    (media / "stray.txt").write_text("not in the backup")
    assert "ชื่อที่แก้แล้ว" in client.get("/th/cities/bangkok/").content.decode()
    assert every_row() != before and every_file(media) != files_before

    message = restore(path, "--no-input")

    assert every_row() == before
    assert every_file(media) == files_before
    assert City.objects.get(slug="bangkok").name_th != "ชื่อที่แก้แล้ว"
    # No page cached before the restore is served after it.
    assert "ชื่อที่แก้แล้ว" not in client.get("/th/cities/bangkok/").content.decode()
    assert "ชื่อที่แก้แล้ว" not in client.get("/en/cities/bangkok/").content.decode()
    assert "Restored" in message
    # Nothing left over next to MEDIA_ROOT.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup", "media"]


@committed_db
def test_a_backup_holds_its_manifest_with_checksums_and_row_counts(
    city_with_image, tmp_path
):
    path = backup(tmp_path / "backup")
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["rows"]["cities.City"] == 1
    assert manifest["database"]["rows"]["users.User"] == 1
    assert manifest["media"]["files"] == 3
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((path / name).read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in path.iterdir()) == sorted(
        [*manifest["files"], "manifest.json"]
    )
    assert path.stat().st_mode & 0o077 == 0  # only its owner may read a backup
    assert manifest["signature"]["algorithm"] == "hmac-sha256"
    assert len(manifest["signature"]["value"]) == 64


def test_no_backup_is_written_without_a_backup_key(settings, tmp_path):
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="ASCN_BACKUP_KEY"):
        backup(tmp_path / "backup")
    assert not (tmp_path / "backup").exists()


@committed_db
def test_a_backup_refuses_to_write_into_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="already exists"):
        backup(tmp_path / "backup")
    assert [p.name for p in (tmp_path / "backup").iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup", "media"]


def write_signed(path: Path, manifest: dict) -> None:
    """A manifest signed with the portal's own key: the checks behind the
    signature still hold for a backup its own key signed."""
    (path / "manifest.json").write_text(json.dumps(sign(manifest)))


def forge_dump_with_matching_checksum(path: Path) -> None:
    """What an attacker who can write the backup directory, but has not got the
    key, can do: a dump of their own, its checksum written into the manifest."""
    manifest = json.loads((path / "manifest.json").read_text())
    dump = path / manifest["database"]["file"]
    forged = gzip.compress(b"[]") if dump.suffix == ".gz" else b"PGDMP forged"
    dump.write_bytes(forged)
    manifest["files"][dump.name] = hashlib.sha256(forged).hexdigest()
    (path / "manifest.json").write_text(json.dumps(manifest))


def sign_with_another_key(path: Path) -> None:
    from django.test import override_settings

    manifest = json.loads((path / "manifest.json").read_text())
    with override_settings(BACKUP_KEY="another-key-of-at-least-thirty-two-chars"):
        write_signed(path, manifest)


def remove_signature(path: Path) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    del manifest["signature"]
    (path / "manifest.json").write_text(json.dumps(manifest))


def damage_database_file(path: Path) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    dump = path / manifest["database"]["file"]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))


def remove_media_archive(path: Path) -> None:
    (path / "media.tar.gz").unlink()


def remove_manifest(path: Path) -> None:
    (path / "manifest.json").unlink()


def truncate_manifest(path: Path) -> None:
    manifest = path / "manifest.json"
    manifest.write_text(manifest.read_text()[:100])


def make_it_the_other_vendor(path: Path) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest["database"]["vendor"] = other
    write_signed(path, manifest)


def add_a_member_outside_media_root(path: Path) -> None:
    """An archive that would write next to MEDIA_ROOT, with a checksum to match."""
    payload = b"escaped"
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        member = tarfile.TarInfo("cities/../../escaped.txt")
        member.size = len(payload)
        tar.addfile(member, io.BytesIO(payload))
    (path / "media.tar.gz").write_bytes(out.getvalue())
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["files"]["media.tar.gz"] = hashlib.sha256(out.getvalue()).hexdigest()
    write_signed(path, manifest)


def truncate_media_archive_and_fix_checksum(path: Path) -> None:
    archive = path / "media.tar.gz"
    data = gzip.compress(gzip.decompress(archive.read_bytes())[:700])
    archive.write_bytes(data)
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["files"]["media.tar.gz"] = hashlib.sha256(data).hexdigest()
    write_signed(path, manifest)


DAMAGES = {
    "a forged dump with a matching checksum": (
        forge_dump_with_matching_checksum,
        "valid signature",
    ),
    "a manifest signed with another key": (sign_with_another_key, "another backup key"),
    "an unsigned manifest": (remove_signature, "is not signed"),
    "a changed byte in the database file": (damage_database_file, "checksum"),
    "no media archive": (remove_media_archive, "is missing"),
    "no manifest": (remove_manifest, "has no manifest.json"),
    "a truncated manifest": (truncate_manifest, "cannot be read"),
    "a backup of the other database vendor": (
        make_it_the_other_vendor,
        "configured for",
    ),
    "a media file outside MEDIA_ROOT": (add_a_member_outside_media_root, "unsafe"),
    "a truncated media archive": (
        truncate_media_archive_and_fix_checksum,
        "cannot be read",
    ),
}


@pytest.mark.parametrize("case", list(DAMAGES))
@committed_db
def test_a_damaged_backup_is_refused_and_nothing_changes(
    city_with_image, media, tmp_path, case
):
    damage, message = DAMAGES[case]
    path = backup(tmp_path / "backup")
    City.objects.filter(pk=city_with_image.pk).update(name_th="แก้หลังสำรอง")
    (media / "after-backup.txt").write_text("kept")
    rows, files = every_row(), every_file(media)
    damage(path)

    with pytest.raises(CommandError, match=message) as refused:
        restore(path, "--no-input")

    assert "Nothing was restored" in str(refused.value)
    assert every_row() == rows
    assert every_file(media) == files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup", "media"]


@pytest.mark.parametrize("answer", ["no", EOFError])
@committed_db
def test_restore_asks_first_and_changes_nothing_without_a_yes(
    city_with_image, media, tmp_path, monkeypatch, answer
):
    path = backup(tmp_path / "backup")
    City.objects.filter(pk=city_with_image.pk).update(name_th="แก้หลังสำรอง")
    rows, files = every_row(), every_file(media)
    prompts = []

    def reply(prompt):
        prompts.append(prompt)
        if answer is EOFError:
            raise EOFError
        return answer

    monkeypatch.setattr("builtins.input", reply)
    with pytest.raises(CommandError, match="cancelled; nothing was changed"):
        restore(path)

    assert "Type 'yes' to continue" in prompts[0]
    assert every_row() == rows
    assert every_file(media) == files


@committed_db
def test_restore_goes_ahead_when_the_operator_types_yes(
    city_with_image, tmp_path, monkeypatch
):
    path = backup(tmp_path / "backup")
    City.objects.filter(pk=city_with_image.pk).update(name_th="แก้หลังสำรอง")
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    restore(path)
    assert City.objects.get(pk=city_with_image.pk).name_th == city_with_image.name_th


def test_the_postgresql_password_goes_in_the_environment_not_the_command_line():
    args, env = _pg_connection(
        {
            "NAME": "ascn",
            "USER": "ascn",
            "PASSWORD": "s3cret-pass",
            "HOST": "db.example.org",
            "PORT": 5432,
            "OPTIONS": {"sslmode": "require"},
        }
    )
    assert not any("s3cret-pass" in arg for arg in args)
    assert env["PGPASSWORD"] == "s3cret-pass"
    assert env["PGSSLMODE"] == "require"
    assert "--dbname=ascn" in args and "--host=db.example.org" in args
