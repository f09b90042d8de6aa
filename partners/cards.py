"""The cards of partners (core/cards.py), as the list of partners shows them."""

from cities.models import Country
from core.cards import Card, register

from .models import Partner


class PartnerCard(Card):
    name = "partner-card"
    model = Partner
    template_name = "includes/partner_card.html"
    context_name = "partner"
    fields = (
        "slug",
        "name_en",
        "name_th",
        "kind",
        "since_year",
        "description_en",
        "description_th",
        "country_id",
    )
    joined = {"country": (Country, ("id", "updated_at", "code", "name_en", "name_th"))}


partner_card = register(PartnerCard())
