import shutil

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import translation


@pytest.fixture(scope="session", autouse=True)
def _temporary_media(tmp_path_factory):
    """Uploaded images and CSV files go to a temporary folder, removed after the
    run, never to the project's own media/ or var/."""
    root = tmp_path_factory.mktemp("ascn-files")
    with override_settings(
        MEDIA_ROOT=root / "media", CSV_IMPORT_DIR=root / "csv-imports"
    ):
        yield
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. The database rolls back after each
    test, and with it the content version under which pages are cached, so a page
    cached by one test could otherwise be served to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def ascn_dump(django_db_setup, django_db_blocker):
    """What `load_ascn` writes, taken once per session from a real run."""
    from django.db import transaction

    from tests import reference_dump

    with django_db_blocker.unblock(), transaction.atomic():
        dump = reference_dump.take()
        transaction.set_rollback(True)
    return dump


@pytest.fixture
def ascn_data(db, ascn_dump):
    """The real ASCN reference records, as `load_ascn` loads them."""
    from core.versioning import bump_version

    ascn_dump.load()
    bump_version()


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def thai():
    with translation.override("th"):
        yield


@pytest.fixture
def draft():
    """Keyword arguments that make a factory record a draft."""
    from core.models import PublicationStatus

    return {"status": PublicationStatus.DRAFT}


@pytest.fixture
def member(django_user_model, client):
    """Log the test client in as a new staff member of a group: Editor,
    Publisher or Viewer."""

    def login(group: str, **fields):
        user = django_user_model.objects.create_user(
            fields.pop("username", group.lower()),
            password="pw-12345678",
            is_staff=True,
            **fields,
        )
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        return user

    return login
