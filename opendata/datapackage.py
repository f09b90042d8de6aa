"""The Frictionless data package (https://datapackage.org/, v2) of the portal's CSV
exports: each export a resource with a Table Schema made from the same column
declarations (*/csv_columns.py) as the files themselves and the data dictionary
page, so that the three cannot disagree.

One resource per export: the CSV holds the same bytes under /en/ and /th/ (its
headers are field names, not words, and every text is there in both languages),
so the package names the English address. Titles and descriptions are in English,
with the Thai beside them in `title_th` and `description_th`, as the portal's own
columns are named.

The partnerships' file links the other two: its `city` and `partner` columns
hold slugs of the cities' and the partners' files, declared as foreign keys from
the columns' own `references` (partners/csv_columns.py), which frictionless
checks when it validates the package. A project's cities and partners are list
columns: Table Schema's foreign keys compare whole cells, and frictionless
cannot check a list cell against a key, so none is declared for them; each such
field's description says whose slugs it holds.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from cities.csv_columns import CitySpec
from core.csvio.columns import LIST_SEPARATOR, Column, CsvSpec, Kind
from partners.csv_columns import PartnershipSpec, PartnerSpec
from projects.csv_columns import ProjectSpec

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
# The CSV's blank cell is its only missing value.
MISSING_VALUES = [""]

TITLE = _("ASEAN Smart Cities Network: pilot cities, partners and projects")
DESCRIPTION = _(
    "The published records of the ASCN Portal: the network's pilot cities, the "
    "partners that work with them and their smart-city projects, in English and "
    "in Thai side by side, from public sources of the ASEAN Secretariat and the "
    "cities."
)
# Each export: its spec, the URL name of its CSV, and its title.
EXPORTS: tuple[tuple[type[CsvSpec], str, Any], ...] = (
    (CitySpec, "cities:city-export", _("Pilot cities")),
    (PartnerSpec, "partners:partner-export", _("Partners")),
    (PartnershipSpec, "partners:partnership-export", _("Partnerships")),
    (ProjectSpec, "projects:project-export", _("Projects")),
)


def both(text: Any, key: str) -> dict[str, str]:
    """`key` in English and `key_th` in Thai."""
    found = {}
    for language, name in (("en", key), ("th", f"{key}_th")):
        with translation.override(language):
            found[name] = str(text)
    return found


def schema_field(column: Column) -> dict[str, Any]:
    """A column as a Table Schema field."""
    field: dict[str, Any] = {"name": column.header, "type": column.schema_type}
    field.update(both(column.description, "description"))
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.kind == Kind.CHOICE and column.choices:
        constraints["enum"] = list(column.choices)
    if column.pattern:
        constraints["pattern"] = column.pattern
    if column.header == "slug":
        constraints["unique"] = True
    if field["type"] == "list":
        field.update(delimiter=LIST_SEPARATOR, itemType="string")
    elif field["type"] == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    elif column.kind == Kind.URL:
        field["format"] = "uri"
    if constraints:
        field["constraints"] = constraints
    return field


def foreign_keys(columns: list[Column]) -> list[dict[str, Any]]:
    """The columns that hold one key of another file each (a list column cannot
    be checked as one)."""
    keys = []
    for column in columns:
        if column.references and column.schema_type != "list":
            resource, field = column.references
            keys.append(
                {
                    "fields": column.header,
                    "reference": {"resource": resource, "fields": field},
                }
            )
    return keys


def table_schema(spec: CsvSpec) -> dict[str, Any]:
    columns = spec.public_columns()
    schema: dict[str, Any] = {
        "fields": [schema_field(column) for column in columns],
        "missingValues": MISSING_VALUES,
        "primaryKey": list(spec.key),
    }
    if keys := foreign_keys(columns):
        schema["foreignKeys"] = keys
    return schema


def resource(request: HttpRequest, spec: CsvSpec, url_name: str, title) -> dict:
    with translation.override("en"):
        path = request.build_absolute_uri(reverse(url_name))
    return {
        "name": spec.name,
        "type": "table",
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **both(title, "title"),
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "schema": table_schema(spec),
    }


def data_package(request: HttpRequest) -> dict[str, Any]:
    homepage = request.build_absolute_uri("/")
    return {
        "$schema": PROFILE,
        "name": "ascn-portal",
        **both(TITLE, "title"),
        **both(DESCRIPTION, "description"),
        "homepage": homepage,
        "licenses": [
            {"path": settings.DATA_LICENCE_URL, "title": settings.DATA_LICENCE_NAME}
        ],
        "contributors": [
            {"title": "ASCN Portal", "path": homepage, "roles": ["publisher"]}
        ],
        "keywords": ["ASEAN", "smart cities", "ASCN", "Thailand"],
        "resources": [
            resource(request, spec_class(), url_name, title)
            for spec_class, url_name, title in EXPORTS
        ],
    }


@require_safe
def datapackage_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        data_package(request), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
