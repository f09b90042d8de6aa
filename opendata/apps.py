from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """The portal's data for other systems: the JSON API, the DCAT catalogue, the
    data package and the feeds, beside the public pages' CSV and XLSX exports."""

    name = "opendata"
    verbose_name = _("Open data")
