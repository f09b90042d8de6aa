"""Views every app shares: filtered, paginated lists of published records, their
CSV exports, robots.txt, the health check and the login lock-out page."""

import logging
import math
import uuid

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_filters.views import FilterView

from .csvio import CsvSpec
from .fragments import VersionedCountPaginator

PAGE_SIZE = 24

logger = logging.getLogger(__name__)


class PublishedFilterListView(FilterView):
    """A list page of published records with a django-filter form.

    Invalid filter values show the form's message and an empty list (never the
    whole list, which a reader would take for a filtered one); a page number that
    is not a number shows the first page, one past the end the last.
    """

    paginate_by = PAGE_SIZE
    paginator_class = VersionedCountPaginator
    strict = True
    export_url_name: str | None = None

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["result_count"] = context["paginator"].count
        context["is_filtered"] = any(
            value for key, value in self.request.GET.items() if key != self.page_kwarg
        )
        if self.export_url_name:
            query = self.request.GET.copy()
            query.pop(self.page_kwarg, None)
            encoded = query.urlencode()
            context["export_url"] = reverse(self.export_url_name) + (
                f"?{encoded}" if encoded else ""
            )
        return context


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: can this process reach the database
    and the cache? 200 when both answer, 503 otherwise. Details stay in the log."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "checks": {name: "ok" if ok else "error" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def _cache_answers() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 10)
        answered = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:
        logger.exception("Health check: the cache does not answer")
        return False
    if not answered:
        logger.error("Health check: the cache did not keep a value")
    return answered


def login_locked_out(request: HttpRequest, response, credentials) -> HttpResponse:
    """django-axes: the page shown while a login is locked out, in the admin's
    design and the visitor's language."""
    cool_off = get_cool_off(request)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 60
    context = {**admin.site.each_context(request), "minutes": minutes}
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [
        f"Disallow: /{code}/{settings.ADMIN_URL}" for code, _name in settings.LANGUAGES
    ]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class CsvExportView(View):
    """The CSV of a list page: the same filters, published records only, streamed."""

    spec_class: type[CsvSpec]
    filterset_class = None

    def get_queryset(self):
        return self.spec_class.model.objects.published()

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        spec = self.spec_class()
        filterset = self.filterset_class(
            request.GET or None, queryset=self.get_queryset(), request=request
        )
        if filterset.is_bound and not filterset.is_valid():
            lines = [gettext("The filters are not valid:")]
            for name, errors in filterset.errors.items():
                label = (
                    filterset.form.fields[name].label
                    if name in filterset.form.fields
                    else name
                )
                lines += [f"{label}: {error}" for error in errors]
            return HttpResponse(
                "\n".join(lines) + "\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        response = StreamingHttpResponse(
            spec.lines(filterset.qs, public=True),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{spec.filename()}"'
        return response


class PreviewMixin:
    """A detail page of published records; staff who may view the model also see
    drafts, in the public design, through `?preview=1`."""

    def is_preview(self) -> bool:
        user = self.request.user
        model = self.get_queryset_model()
        return bool(
            self.request.GET.get("preview")
            and user.is_authenticated
            and user.is_staff
            and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
        )

    def get_queryset_model(self):
        return self.model

    def visible(self, queryset):
        return queryset if self.is_preview() else queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.is_preview() and not self.object.is_published
        return context
