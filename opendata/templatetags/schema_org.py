"""`{% schema_org record as data %}`: the schema.org description of a detail
page's record (opendata/schema_org.py), for core's `json_ld` filter."""

from typing import Any

from django import template

from cities.models import City
from opendata import schema_org
from partners.models import Partner
from projects.models import Project

register = template.Library()

BUILDERS: dict[type, Any] = {
    City: schema_org.city,
    Partner: schema_org.partner,
    Project: schema_org.project,
}


@register.simple_tag(takes_context=True)
def schema_org_data(context, record) -> dict[str, Any] | None:
    request = context.get("request")
    if request is None or type(record) not in BUILDERS:
        return None
    return BUILDERS[type(record)](record, request.build_absolute_uri)
