"""The public CSV and XLSX exports of a list page."""

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext
from django.views import View
from django_filters import FilterSet

from .columns import CsvSpec
from .export import csv_response
from .xlsx import xlsx_response

RESPONSES = {"csv": csv_response, "xlsx": xlsx_response}


class CsvExportView(View):
    """The CSV of a list page: the same filters, published records only, streamed;
    or, with `file_format="xlsx"`, the same rows and columns as an XLSX file.
    Without a `filterset_class` (a file with no list page) every published
    record, whatever the query string."""

    spec_class: type[CsvSpec]
    filterset_class: type[FilterSet] | None = None
    file_format = "csv"

    def get_queryset(self):
        return self.spec_class.model.objects.published()

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        spec = self.spec_class()
        if self.filterset_class is None:
            return RESPONSES[self.file_format](spec, self.get_queryset(), public=True)
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
        return RESPONSES[self.file_format](spec, filterset.qs, public=True)
