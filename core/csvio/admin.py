"""The admin's CSV export and import: the selected records or all that match the
list's filters as CSV, and an import shown as a preview before anything is
written."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.models import ImportJob

from . import jobs
from .columns import CsvSpec
from .export import csv_response
from .planning import RowResult, max_import_bytes
from .undo import UndoRefused, undo_batch


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "With the columns of the export, as a spreadsheet saves it (UTF-8, "
            "UTF-16 or Thai Windows-874; commas, semicolons or tabs); rows are "
            "matched to records by their slug."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_import_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s KB; files of up to %(limit)s KB can be "
                    "imported."
                ),
                params={"size": upload.size // 1024, "limit": limit // 1024},
            )
        return upload


class CsvAdminMixin(admin.ModelAdmin):
    """Export the selected records, or all that match the list's filters, as CSV
    (drafts and every column included); import a CSV after a preview of what it
    would change."""

    csv_spec_class: type[CsvSpec]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_csv_view),
                name="{}_{}_export".format(*info),
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_csv_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name="{}_{}_import_job".format(*info),
            ),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_or_change_permission(request):
            # Found always (a method of this class), but typed as optional.
            action = self.get_action("export_selected_csv")
            if action is not None:
                func, name, description = action
                actions[name] = (func, name, description)
        return actions

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "csv_enabled": True,
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def csv_response(self, queryset) -> StreamingHttpResponse:
        return csv_response(self.csv_spec_class(), queryset, public=False)

    @admin.action(
        description=_("Export the selected records as CSV"), permissions=["view"]
    )
    def export_selected_csv(self, request, queryset):
        return self.csv_response(queryset)

    def export_csv_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest(
                gettext("The list's filters are not valid."),
                content_type="text/plain; charset=utf-8",
            )
        return self.csv_response(changelist.get_queryset(request))

    def import_csv_view(self, request):
        """The upload form; a file sent becomes a preview job, whose page shows
        the preview (at once for a small file, after a progress bar for a large
        one)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = CsvImportForm()
        if request.method == "POST":
            form = CsvImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                job = jobs.start_preview(
                    spec=self.csv_spec_class(),
                    data=upload.read(),
                    file_name=upload.name,
                    user=request.user,
                )
                return redirect(self._job_url(job))
        return TemplateResponse(
            request,
            "admin/csv_import.html",
            {**self._import_context(request), "form": form},
        )

    def import_job_view(self, request, job_id: int):
        """A job's page: how far it got, then the preview with its confirmation,
        or what was imported. Only the person who started it, or a superuser,
        sees it; only that person answers it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=job_id, spec=self.csv_spec_class.name)
        if job.created_by_id != request.user.pk and not request.user.is_superuser:
            raise Http404
        changelist = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        )
        if request.method == "POST":
            if job.created_by_id != request.user.pk:
                raise PermissionDenied
            if "cancel" in request.POST:
                jobs.cancel(job)
                messages.info(request, gettext("The import was cancelled."))
                return redirect(changelist)
            applying = jobs.start_apply(
                job, overwrite=request.POST.getlist("overwrite")
            )
            if applying is None:
                messages.error(
                    request,
                    gettext(
                        "This preview is no longer waiting for an answer: it was "
                        "imported, cancelled or replaced by another file."
                    ),
                )
                return redirect(request.path)
            counts = (applying.result or {}).get("counts")
            if applying.state == ImportJob.State.DONE and counts is not None:
                self._say_imported(request, counts)
                return redirect(changelist)
            return redirect(self._job_url(applying))
        context = {
            **self._import_context(request),
            "job": job,
            "changelist_url": changelist,
            "form": CsvImportForm(),
        }
        if job.state in (ImportJob.State.QUEUED, ImportJob.State.RUNNING):
            if jobs.stalled(job):
                context["stalled"] = True
            else:
                return TemplateResponse(
                    request,
                    "admin/csv_import_progress.html",
                    {**context, **self._progress_context(job)},
                )
        result = job.result or {}
        if "preview" in result:
            context.update(
                plan=_preview_for_page(result["preview"]),
                can_confirm=jobs.can_confirm(job)
                and job.created_by_id == request.user.pk,
            )
        elif "counts" in result:
            context["counts"] = result["counts"]
        return TemplateResponse(request, "admin/csv_import.html", context)

    def _import_context(self, request) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import %(records)s from CSV")
            % {"records": self.opts.verbose_name_plural},
            "export_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_export"
            ),
            "import_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_import"
            ),
        }

    def _job_url(self, job: ImportJob) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_import_job",
            args=[job.pk],
        )

    def _progress_context(self, job: ImportJob) -> dict:
        progress = jobs.read_progress(job) or {}
        return {
            "step": progress.get("step", ""),
            "done": progress.get("done", 0),
            "total": progress.get("total", 0),
            "waiting_long": job.state == ImportJob.State.QUEUED
            and timezone.now() - job.created_at > WORKER_LATE,
        }

    def _say_imported(self, request, counts: dict[str, int]) -> None:
        messages.success(
            request,
            gettext(
                "Imported: %(new)s new, %(changed)s changed, %(unchanged)s unchanged."
            )
            % counts,
        )
        if counts[RowResult.CONFLICT]:
            messages.warning(
                request,
                ngettext(
                    "%(count)s row was left alone: its record changed after "
                    "the file was exported.",
                    "%(count)s rows were left alone: their records changed "
                    "after the file was exported.",
                    counts[RowResult.CONFLICT],
                )
                % {"count": counts[RowResult.CONFLICT]},
            )


# A job still waiting after this long: the worker is probably not running.
WORKER_LATE = datetime.timedelta(seconds=30)


def _preview_for_page(preview: dict) -> dict:
    """The stored preview, its moments as datetimes again."""
    rows = [
        {
            **row,
            "changed_at": datetime.datetime.fromisoformat(row["changed_at"])
            if row.get("changed_at")
            else None,
        }
        for row in preview["rows"]
    ]
    return {**preview, "rows": rows}


class ImportBatchAdmin(admin.ModelAdmin):
    """Every CSV import as it was applied; an action undoes one."""

    list_display = (
        "created_at",
        "spec",
        "file_name",
        "created_by",
        "created_count",
        "changed_count",
        "undone_at",
    )
    list_filter = ("spec", ("undone_at", admin.EmptyFieldListFilter))
    readonly_fields = list_display + ("undone_by",)
    fields = readonly_fields
    actions = ["undo"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_undo_permission(self, request) -> bool:
        return request.user.has_perm("core.view_importbatch") and any(
            request.user.has_perm(
                f"{spec.model._meta.app_label}.change_{spec.model._meta.model_name}"
            )
            for spec in CsvSpec.registry.values()
        )

    @admin.action(description=_("Undo the selected imports"), permissions=["undo"])
    def undo(self, request, queryset) -> None:
        for batch in queryset.order_by("-created_at", "-pk"):
            spec = CsvSpec.registry[batch.spec]
            model = spec.model._meta
            if not request.user.has_perm(
                f"{model.app_label}.change_{model.model_name}"
            ):
                messages.error(
                    request,
                    gettext("You may not change %(records)s.")
                    % {"records": model.verbose_name_plural},
                )
                continue
            try:
                undo_batch(batch, request.user)
            except UndoRefused as refused:
                messages.error(request, f"{batch}: {refused}")
            else:
                messages.success(
                    request,
                    gettext(
                        "Undone: %(batch)s (%(created)s created records deleted, "
                        "%(changed)s changed records restored)."
                    )
                    % {
                        "batch": batch,
                        "created": batch.created_count,
                        "changed": batch.changed_count,
                    },
                )
