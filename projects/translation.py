import simple_history
from modeltranslation.translator import register

from core.translation_status import Translated

from .models import Project, ProjectPartner


@register(Project)
class ProjectTranslationOptions(Translated):
    fields = ("title", "summary", "description", "image_alt")
    required = ("title",)
    expected = ("summary",)


simple_history.register(Project, m2m_fields=["cities", "focus_areas"])
simple_history.register(ProjectPartner)
