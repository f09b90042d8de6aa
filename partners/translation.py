import simple_history
from modeltranslation.translator import register

from core.history import HistoricalRelations
from core.translation_status import Translated

from .models import Partner, Partnership


@register(Partner)
class PartnerTranslationOptions(Translated):
    fields = ("name", "aliases", "description")
    required = ("name",)
    expected = ("description",)


@register(Partnership)
class PartnershipTranslationOptions(Translated):
    fields = ("topic",)
    expected = ("topic",)


# A name's sort key is not a change of its own (cities/translation.py).
simple_history.register(
    Partner, bases=[HistoricalRelations], excluded_fields=["name_th_sort"]
)
simple_history.register(Partnership, bases=[HistoricalRelations])
