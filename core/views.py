"""Views every app shares: filtered, paginated lists of published records, their
CSV exports, and robots.txt."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View
from django.views.decorators.http import require_GET
from django_filters.views import FilterView

from .csvio import CsvSpec

PAGE_SIZE = 24


class PublishedFilterListView(FilterView):
    """A list page of published records with a django-filter form.

    Invalid filter values show the form's message and an empty list (never the
    whole list, which a reader would take for a filtered one); a page number that
    is not a number shows the first page, one past the end the last.
    """

    paginate_by = PAGE_SIZE
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
