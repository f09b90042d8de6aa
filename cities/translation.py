import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import City, Country, FocusArea

# Names are required in both languages; longer texts fall back to the other
# language while a translation is still missing.
NAME_IN_BOTH_LANGUAGES = {"th": ("name",), "en": ("name",)}


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = NAME_IN_BOTH_LANGUAGES


@register(FocusArea)
class FocusAreaTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = NAME_IN_BOTH_LANGUAGES


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "region", "summary", "description", "vision", "cover_image_alt")
    required_languages = NAME_IN_BOTH_LANGUAGES


# History is registered here, after the translation fields exist, so that the
# historical tables have the _th and _en columns too.
simple_history.register(Country)
simple_history.register(FocusArea)
simple_history.register(City, m2m_fields=["focus_areas"])
