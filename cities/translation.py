import simple_history
from modeltranslation.translator import register

from core.history import HistoricalRelations
from core.translation_status import Translated

from .models import City, Country, FocusArea

# Names are required in both languages; longer texts fall back to the other
# language while a translation is still missing, and the record is listed as
# incomplete until it has them.


@register(Country)
class CountryTranslationOptions(Translated):
    fields = ("name", "aliases")
    required = ("name",)


@register(FocusArea)
class FocusAreaTranslationOptions(Translated):
    fields = ("name", "description")
    required = ("name",)
    expected = ("description",)


@register(City)
class CityTranslationOptions(Translated):
    fields = (
        "name",
        "aliases",
        "region",
        "summary",
        "description",
        "vision",
        "cover_image_alt",
        "facts_source_title",
    )
    required = ("name",)
    expected = ("summary",)


# History is registered here, after the translation fields exist, so that the
# historical tables have the _th and _en columns too. A name's sort key is not a
# change of its own: it is computed again whenever a version is restored.
simple_history.register(
    Country, bases=[HistoricalRelations], excluded_fields=["name_th_sort"]
)
simple_history.register(FocusArea, bases=[HistoricalRelations])
simple_history.register(
    City, bases=[HistoricalRelations], excluded_fields=["name_th_sort"]
)
