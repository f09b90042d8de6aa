from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public site")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the portal's own site (portal/admin_site.py)."""

    default = False

    default_site = "portal.admin_site.PortalAdminSite"
