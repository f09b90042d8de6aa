import simple_history
from modeltranslation.translator import register

from core.history import HistoricalRelations
from core.translation_status import Translated

from .models import Project, ProjectPartner


@register(Project)
class ProjectTranslationOptions(Translated):
    fields = ("title", "summary", "description", "image_alt")
    required = ("title",)
    expected = ("summary",)


# A title's sort key is not a change of its own (cities/translation.py).
simple_history.register(
    Project, bases=[HistoricalRelations], excluded_fields=["title_th_sort"]
)
simple_history.register(ProjectPartner, bases=[HistoricalRelations])
