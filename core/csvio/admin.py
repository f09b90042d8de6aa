"""The admin's CSV export and import: the selected records or all that match the
list's filters as CSV, and an import shown as a preview before anything is
written."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import uploads
from .applying import apply_import
from .columns import CsvSpec
from .export import csv_response
from .planning import RowResult, max_import_bytes, plan_import
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
        if not self.has_import_permission(request):
            raise PermissionDenied
        spec = self.csv_spec_class()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import %(records)s from CSV")
            % {"records": self.opts.verbose_name_plural},
            "export_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_export"
            ),
        }
        form = CsvImportForm()
        changelist = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        if request.method == "POST" and "cancel" in request.POST:
            self._forget_upload(request)
            messages.info(request, gettext("The import was cancelled."))
            return redirect(changelist)
        if request.method == "POST" and "token" in request.POST:
            data = self._stored_upload(request, request.POST["token"])
            # Used once: applied now, or shown again with what keeps it out.
            self._forget_upload(request)
            if data is None:
                messages.error(
                    request, gettext("The uploaded file has expired; upload it again.")
                )
                return redirect(request.path)
            # Checked again and written in one transaction: the records the
            # preview showed may have changed since.
            with transaction.atomic():
                plan = plan_import(
                    spec,
                    data,
                    user=request.user,
                    overwrite=request.POST.getlist("overwrite"),
                    lock=True,
                )
                counts = (
                    apply_import(plan, file_name=request.POST.get("file_name", ""))
                    if plan.is_valid
                    else None
                )
            if counts is not None:
                messages.success(
                    request,
                    gettext(
                        "Imported: %(new)s new, %(changed)s changed, "
                        "%(unchanged)s unchanged."
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
                return redirect(changelist)
            context.update(plan=plan, token=None)
        elif request.method == "POST":
            form = CsvImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read()
                context["file_name"] = upload.name
                plan = plan_import(spec, data, user=request.user)
                has_changes = (
                    plan.count(RowResult.NEW)
                    or plan.count(RowResult.CHANGED)
                    or plan.count(RowResult.CONFLICT)
                )
                token = (
                    self._store_upload(request, data)
                    if plan.is_valid and has_changes
                    else None
                )
                context.update(plan=plan, token=token)
        context["form"] = form
        return TemplateResponse(request, "admin/csv_import.html", context)

    # The files of previews not yet confirmed, per model, in the session.
    def _pending(self, request) -> dict[str, str]:
        return request.session.setdefault("csv_imports", {})

    def _store_upload(self, request, data: bytes) -> str:
        """Keep the file for the confirmation, replacing an earlier preview's."""
        self._forget_upload(request)
        token = uploads.keep(data)
        self._pending(request)[self.opts.label_lower] = token
        request.session.modified = True
        return token

    def _stored_upload(self, request, token: str) -> bytes | None:
        if self._pending(request).get(self.opts.label_lower) != token:
            return None
        return uploads.read(token)

    def _forget_upload(self, request) -> None:
        token = self._pending(request).pop(self.opts.label_lower, None)
        request.session.modified = True
        if token:
            uploads.discard(token)


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
