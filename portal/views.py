"""The public site's own pages: home, search, the data dictionary, the pages
staff write (about, contact, privacy, accessibility); robots.txt and the
favicon."""

import datetime
from dataclasses import dataclass
from html import unescape
from typing import Any

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from cities.csv_columns import CitySpec
from cities.maps import map_context
from cities.models import City, Country
from core.collation import by_name
from core.csvio.columns import Kind
from core.dates import local_date, local_year
from core.excerpts import add_excerpts
from core.filters import SearchForm, search
from core.formatting import render
from core.versioning import request_version, versioned
from core.views import PreviewMixin
from core.wordbreaks import shorten
from partners.csv_columns import PartnershipSpec, PartnerSpec
from partners.models import Partner
from projects.csv_columns import ProjectSpec
from projects.models import Bankable, Project
from projects.views import project_cards

from .completeness import completeness
from .models import Page
from .pagecache import reads_query
from .sitemaps import SITEMAPS

HOME_PROJECTS = 6


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = City.objects.published()
        projects = Project.objects.published()
        context["about"] = (
            Page.objects.published().filter(slug=Page.HOME_INTRODUCTION).first()
        )
        # Counting 100,000 projects on every visit costs more than the rest of
        # the page: the figures change only with the records.
        context["figures"] = versioned(
            "home-figures",
            lambda: {
                # A published city's country is published too.
                **cities.aggregate(
                    cities=Count("pk"), countries=Count("country", distinct=True)
                ),
                "partners": Partner.objects.published().count(),
                **projects.aggregate(
                    projects=Count("pk"),
                    bankable=Count("pk", filter=Q(bankable=Bankable.YES)),
                ),
            },
        )
        context["map_cities"] = cities.select_related("country").order_by(*by_name())
        # Built only when the template's cached fragment of it is missing.
        context["map"] = SimpleLazyObject(lambda: map_context(context["map_cities"]))
        context["featured_projects"] = project_cards(
            projects.filter(is_featured=True).newest_first()
        )[:HOME_PROJECTS]
        context["recent_projects"] = project_cards(
            projects.order_by("-created_at", "slug")
        )[:HOME_PROJECTS]
        return context


class PageView(PreviewMixin):
    """A page whose text staff write in both languages: about the portal,
    contact, privacy, accessibility."""

    model = Page
    template_name = "portal/page.html"
    context_object_name = "page"

    def get_queryset(self):
        # The home page's introduction is shown there, not as a page of its own.
        return self.visible(Page.objects.exclude(slug=Page.HOME_INTRODUCTION))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changed_at = timezone.localtime(self.object.updated_at)
        context["changed_on"] = local_date(changed_at.date())
        # The description and share preview: the text without its markup.
        text = " ".join(unescape(strip_tags(render(self.object.body))).split())
        context["summary"] = shorten(text, 200)
        return context


class SearchView(TemplateView):
    """One search box for cities, partners and projects, in both languages."""

    template_name = "portal/search.html"
    limit = 50
    query_parameters = ("q",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        context.update(form=form, query=query)
        if query:
            found = {}
            for name, queryset, name_field, alias_field, fields, ordering in (
                (
                    "countries",
                    Country.objects.published(),
                    "name",
                    "aliases",
                    (),
                    by_name(tie="code"),
                ),
                (
                    "cities",
                    City.objects.published().select_related("country"),
                    "name",
                    "aliases",
                    ("summary", "region"),
                    by_name(),
                ),
                (
                    "partners",
                    Partner.objects.published(),
                    "name",
                    "aliases",
                    ("description",),
                    by_name(),
                ),
                (
                    "projects",
                    Project.objects.published(),
                    "title",
                    None,
                    ("summary", "description"),
                    by_name("title"),
                ),
            ):
                # list() runs each query once; the template lists the same results.
                results = list(
                    search(
                        queryset, query, name_field, *fields, alias_field=alias_field
                    ).order_by("search_rank", *ordering)[: self.limit]
                )
                add_excerpts(
                    results,
                    query,
                    name_field=name_field,
                    alias_field=alias_field,
                    text_fields=fields,
                )
                found[name] = results
            context.update(found)
            context["result_count"] = sum(len(results) for results in found.values())
        return context


class DataDictionaryView(TemplateView):
    """Every column of every CSV export: meaning, type, example; and the licence."""

    template_name = "portal/data_dictionary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        files = (
            (_("Pilot cities"), "cities:city-export", CitySpec()),
            (_("Partners"), "partners:partner-export", PartnerSpec()),
            (_("Partnerships"), "partners:partnership-export", PartnershipSpec()),
            (_("Projects"), "projects:project-export", ProjectSpec()),
        )
        titles = {spec.name: title for title, _url_name, spec in files}
        context["exports"] = [
            {
                "name": spec.name,
                "title": title,
                "url": reverse(url_name),
                "xlsx_url": reverse(f"{url_name}-xlsx"),
                "columns": [
                    {
                        "header": column.header,
                        "description": column.description,
                        "kind": Kind.LABELS[column.kind],
                        "schema_type": column.schema_type,
                        "example": column.example,
                        "required": column.required,
                        "staff_only": column.staff_only,
                        "imported": column.writable,
                        "references": column.references
                        and {
                            "name": column.references[0],
                            "title": titles[column.references[0]],
                            "header": column.references[1],
                        },
                    }
                    for column in spec.columns
                ],
            }
            for title, url_name, spec in files
        ]
        context["datapackage_url"] = reverse("opendata:datapackage")
        context["licence_name"] = settings.DATA_LICENCE_NAME
        context["licence_url"] = settings.DATA_LICENCE_URL
        context["max_import_kb"] = settings.CSV_IMPORT_MAX_BYTES // 1024
        return context


@dataclass(frozen=True)
class Document:
    """A document of the ASEAN Secretariat that the records come from."""

    title: Any  # a lazy string, with %(year)s where the title names a year
    url: str
    as_of: datetime.date
    year: int | None = None
    is_pdf: bool = True


# The sources behind most records (shared/reference/ascn-2026/README.md), all
# linked from ASEAN's page on the network; `as_of` is each document's own date.
ASEAN_DOCUMENTS = (
    Document(
        _("Smart City Action Plans of the 26 pilot cities, consolidated"),
        "https://asean.org/wp-content/uploads/2019/02/ASCN-Consolidated-SCAPs.pdf",
        datetime.date(2018, 7, 8),
    ),
    Document(
        _(
            "The network's report of %(year)s, "
            "“Advancing Partnership for Sustainability”"
        ),
        "https://asean.org/wp-content/uploads/2021/08/ASCN2019-Report.pdf",
        datetime.date(2020, 2, 24),
        year=2019,
    ),
    *(
        Document(
            _("Monitoring and Evaluation Report %(year)s"),
            url,
            as_of,
            year=as_of.year,
        )
        for as_of, url in (
            (
                datetime.date(2022, 9, 21),
                "https://asean.org/wp-content/uploads/2022/10/"
                "2022-ASCN-ME-Report-Final_21Sep2022-for-public.pdf",
            ),
            (
                datetime.date(2023, 8, 14),
                "https://asean.org/wp-content/uploads/2023/09/"
                "2023-ASCN-ME-Report-Final_14Aug2023-for-public.pdf",
            ),
            (
                datetime.date(2024, 9, 25),
                "https://asean.org/wp-content/uploads/2024/10/"
                "2024-ASCN-ME-Report-Final_25Sep2024-for-public.pdf",
            ),
            (
                datetime.date(2025, 9, 30),
                "https://asean.org/wp-content/uploads/2025/11/"
                "2025-ASCN-ME-Report-Final_30Sep2025-for-public.pdf",
            ),
        )
    ),
    Document(
        _("The ASEAN Secretariat's page on the ASEAN Smart Cities Network"),
        "https://asean.org/our-communities/asean-smart-cities-network/",
        datetime.date(2026, 2, 5),
        is_pdf=False,
    ),
)


class AboutDataView(TemplateView):
    """Where the records come from, how complete each field is, and when the
    data last changed."""

    template_name = "portal/about_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = [
            {
                "title": str(document.title) % {"year": local_year(document.year)}
                if document.year
                else str(document.title),
                "url": document.url,
                "as_of": local_date(document.as_of),
                "is_pdf": document.is_pdf,
            }
            for document in ASEAN_DOCUMENTS
        ]
        context["completeness"] = versioned("about-data-completeness", completeness)
        changed_at = request_version().changed_at
        context["changed_on"] = local_date(timezone.localtime(changed_at).date())
        return context


@require_GET
@reads_query("p")
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """The sitemap of every public page, in pages of `p`."""
    return sitemap(request, sitemaps=SITEMAPS)


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Everything may be crawled. The admin is not named here (its address may be
    secret); its responses say noindex (portal/middleware.py)."""
    lines = ["User-agent: *", "Disallow:"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
