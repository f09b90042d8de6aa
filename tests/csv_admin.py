"""The admin's CSV import as staff use it: upload a file, read the preview,
answer it."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile


def upload(client, url: str, data: bytes, name: str = "cities.csv"):
    """Send a file to an import page; the page that follows (the preview)."""
    return client.post(
        url, {"file": SimpleUploadedFile(name, data, "text/csv")}, follow=True
    )


def confirm_url(page) -> str:
    html = page.content.decode() if hasattr(page, "content") else page
    return re.search(r'id="import-confirm"\s+action="([^"]+)"', html).group(1)


def confirm(client, page, **data):
    """Answer a preview with "Import these rows"."""
    return client.post(confirm_url(page), data, follow=True)
