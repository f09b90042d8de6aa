import simple_history
from modeltranslation.translator import TranslationOptions, register

from cities.translation import NAME_IN_BOTH_LANGUAGES

from .models import Partner, Partnership


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = NAME_IN_BOTH_LANGUAGES


@register(Partnership)
class PartnershipTranslationOptions(TranslationOptions):
    fields = ("topic",)


simple_history.register(Partner)
simple_history.register(Partnership)
