import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Page


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = {"th": ("title",), "en": ("title",)}


simple_history.register(Page)
