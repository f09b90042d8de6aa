import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Project, ProjectPartner


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "image_alt")
    required_languages = {"th": ("title",), "en": ("title",)}


simple_history.register(Project, m2m_fields=["cities", "focus_areas"])
simple_history.register(ProjectPartner)
