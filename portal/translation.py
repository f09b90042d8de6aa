import simple_history
from modeltranslation.translator import register

from core.history import HistoricalRelations
from core.translation_status import Translated

from .models import Page


@register(Page)
class PageTranslationOptions(Translated):
    fields = ("title", "body")
    required = ("title",)
    expected = ("body",)


simple_history.register(Page, bases=[HistoricalRelations])
