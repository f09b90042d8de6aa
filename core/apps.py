from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("Shared records")

    def ready(self) -> None:
        from core import collation, versioning

        versioning.connect_signals()
        collation.connect_signals()
        name_link_rows()


def _link_row_name(self) -> str:
    return " – ".join(
        str(getattr(self, field.name))
        for field in self._meta.fields
        if field.is_relation
    )


def name_link_rows() -> None:
    """The rows Django creates for many-to-many fields are named by what they
    link ("Phuket – Smart mobility"), not "City_focus_areas object (1)", where
    the admin lists them (the confirmation of a deletion)."""
    from django.apps import apps

    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created and "__str__" not in vars(model):
            model.__str__ = _link_row_name  # type: ignore[method-assign]
