from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = _("Staff")


class LoginAttemptsConfig(AxesAppConfig):
    """django-axes under a name the admin shows in the staff's language."""

    default = False
    verbose_name = _("Login attempts")
