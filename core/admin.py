"""Admin pieces every app uses: the editorial workflow (status choices, review
actions, history, deleted records), translations in tabs, the sources inline and
image previews."""

from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import history, revisions, snapshots, translation_status, workflow
from .collation import column_order, readers_ordering
from .csvio.admin import ImportBatchAdmin
from .images import focus_classes
from .models import ImportBatch, PublicationStatus, Source
from .review_admin import ReviewAdminMixin

# Links typed without a scheme are taken as https, as Django 6 will do.
URL_FIELDS_ASSUME_HTTPS: dict[type[models.Field], dict[str, str]] = {
    models.URLField: {"assume_scheme": "https"}
}


class SourceInline(GenericTabularInline):
    model = Source
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    extra = 0
    fields = ("title", "language", "url", "as_of", "position")
    verbose_name = _("source")
    verbose_name_plural = _("sources")


def render_logo_preview(image: ImageFieldFile, alt: str = "") -> str:
    """The logo in its frame, as its page shows it: contained, never cropped."""
    if not image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" class="logo" width="192" height="96">', image.url, alt
    )


# What the previews of images need: the frames of the public pages and the
# focal point's picker.
IMAGE_PREVIEW_CSS = {"all": ("css/image-frames.css", "css/admin-images.css")}
FOCAL_POINT_JS = ("js/focal-point.js",)


def render_focal_point_preview(record: models.Model, field: str) -> str:
    """The image of `field` whole, with its focal point marked, beside its crop
    as public pages show it (static/js/focal-point.js: a click on the whole image
    sets the two focal point fields, `<field>_focus_x` and `_y`). Without a
    stored image it waits, hidden, for a file to be chosen."""
    image = getattr(record, field) if record is not None else None
    focus = focus_classes(
        getattr(record, f"{field}_focus_x", None),
        getattr(record, f"{field}_focus_y", None),
    )
    return format_html(
        '<div class="focal-point" data-focal-point data-field="{field}"{hidden}>'
        '<figure class="focal-point__whole">'
        '<span class="focal-point__canvas">'
        '<img class="focal-point__image"{src} alt="">'
        '<span class="focal-point__marker {focus}" aria-hidden="true"></span>'
        "</span>"
        "<figcaption>{whole}</figcaption>"
        "</figure>"
        '<figure class="focal-point__crop">'
        '<img class="cover {focus}"{src} alt="" width="320" height="180">'
        "<figcaption>{crop}</figcaption>"
        "</figure>"
        "</div>",
        field=field,
        hidden="" if image else " hidden",
        src=format_html(' src="{}"', image.url) if image else "",
        focus=focus,
        whole=gettext(
            "The whole image. Click the point that must stay in view, or type it "
            "in the two focal point fields."
        ),
        crop=gettext("As the public pages show it: cropped to 16:9."),
    )


class TranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("missing-th", _("missing Thai")),
            ("missing-en", _("missing English")),
            ("complete", _("complete in both languages")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in ("missing-th", "missing-en"):
            return queryset.filter(
                translation_status.missing_q(queryset.model, value[-2:])
            )
        if value == "complete":
            for language in translation_status.languages():
                queryset = queryset.exclude(
                    translation_status.missing_q(queryset.model, language)
                )
        return queryset


def warn_missing_translations(request, records) -> None:
    """The warning a publisher sees when a published record lacks a translation
    (publishing is blocked instead when PUBLISH_REQUIRES_TRANSLATIONS is set)."""
    incomplete = [
        str(record)
        for record in records
        if record.status == workflow.PUBLISHED
        and translation_status.missing_languages(record)
    ]
    if incomplete:
        messages.warning(
            request,
            gettext(
                "Published with a translation missing: %(records)s. Complete the "
                "Thai and English texts soon."
            )
            % {"records": ", ".join(incomplete)},
        )


def transition_action(target: str, description, permission: str):
    """A bulk action that moves the selected records to `target` after a
    confirmation page; records the workflow does not allow are left alone and
    listed."""

    def action(modeladmin, request, queryset):
        records = list(queryset)
        movable, refused = [], []
        for record in records:
            try:
                workflow.check_transition(request.user, record, record.status, target)
            except (ValidationError, PermissionDenied) as error:
                refused.append(
                    (record, " ".join(getattr(error, "messages", [str(error)])))
                )
            else:
                if record.status != target:
                    movable.append(record)
        if request.POST.get("confirm") == "yes":
            with transaction.atomic():
                for record in movable:
                    workflow.record_transition(
                        record=record, status=target, user=request.user
                    )
                    modeladmin.log_change(
                        request,
                        record,
                        gettext("Status changed to “%(status)s”.")
                        % {"status": PublicationStatus(target).label},
                    )
            warn_missing_translations(request, movable)
            for record, reason in refused:
                modeladmin.message_user(
                    request, f"{record}: {reason}", messages.WARNING
                )
            modeladmin.message_user(
                request,
                gettext("%(count)s records are now “%(status)s”.")
                % {"count": len(movable), "status": PublicationStatus(target).label},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/confirm_transition.html",
            {
                **modeladmin.admin_site.each_context(request),
                "opts": modeladmin.opts,
                "title": description,
                "action_name": action.__name__,
                "target_label": PublicationStatus(target).label,
                "movable": movable,
                "refused": refused,
                "selected": [record.pk for record in records],
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    action.__name__ = f"make_{target}"
    return admin.action(description=description, permissions=[permission])(action)


@admin.action(description=_("Mark the Thai text as reviewed"), permissions=["change"])
def mark_thai_reviewed(modeladmin, request, queryset) -> None:
    """Clear the "Thai translated, not yet reviewed" mark, record by record (each
    change in its history); records the user may not change directly are left
    alone and named."""
    done, refused = 0, []
    for record in queryset.filter(thai_unreviewed=True):
        if not workflow.may_change_directly(request.user, record):
            refused.append(str(record))
            continue
        record.thai_unreviewed = False
        record.save(update_fields=["thai_unreviewed", "updated_at"])
        modeladmin.log_change(request, record, gettext("Thai text marked as reviewed."))
        done += 1
    if refused:
        modeladmin.message_user(
            request,
            gettext("Only publishers may change these published records: %(records)s.")
            % {"records": ", ".join(refused)},
            messages.WARNING,
        )
    modeladmin.message_user(
        request,
        gettext("The Thai text of %(count)s records is marked as reviewed.")
        % {"count": done},
        messages.SUCCESS,
    )


class ReadersOrderChangeList(ChangeList):
    """A list whose name columns (and columns of named records, such as a
    city's country) sort in the reader's order when their heading is clicked."""

    def get_ordering_field(self, field_name):
        order = column_order(self.model, field_name)
        return order if order is not None else super().get_ordering_field(field_name)


class ReadersOrderAdmin(admin.ModelAdmin):
    """Lists, autocompletes and the choices of other records' forms and filters
    (which follow the related admin's `get_ordering`) in the reader's order:
    Thai dictionary order in the Thai admin (core/collation.py)."""

    def get_ordering(self, request):
        return readers_ordering(self.model) or super().get_ordering(request)

    def get_changelist(self, request, **kwargs):
        return ReadersOrderChangeList


class PublishableAdmin(
    ReadersOrderAdmin, ReviewAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin
):
    """Translations in tabs, the editorial workflow and sources.

    Editors see the status choices they may use and cannot change published or
    archived records; each status change is checked again on the server.
    """

    inlines = [SourceInline]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    change_list_template = "admin/portal_change_list.html"
    readonly_fields: ClassVar[tuple[str, ...]] = (
        "created_at",
        "updated_at",
        "published_at",
        "published_by",
    )
    list_per_page = 50
    save_on_top = True
    actions = [
        transition_action(
            workflow.REVIEW, _("Submit the selected records for review"), "change"
        ),
        transition_action(
            workflow.PUBLISHED, _("Publish the selected records"), "publish"
        ),
        transition_action(
            workflow.DRAFT,
            _("Unpublish the selected records (back to draft)"),
            "publish",
        ),
        transition_action(
            workflow.ARCHIVED, _("Archive the selected records"), "publish"
        ),
    ]

    @admin.display(description=_("published"), boolean=True, ordering="status")
    def published(self, obj) -> bool:
        return obj.is_published

    @admin.display(description=_("Thai complete"), boolean=True)
    def thai_complete(self, obj) -> bool:
        return "th" not in translation_status.missing_languages(obj)

    @admin.display(description=_("English complete"), boolean=True)
    def english_complete(self, obj) -> bool:
        return "en" not in translation_status.missing_languages(obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        scheduled = {"publish_at", "unpublish_at"}
        fieldsets = [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in scheduled],
                },
            )
            for name, options in fieldsets
        ]
        return [*fieldsets, (_("Schedule"), {"fields": ["publish_at", "unpublish_at"]})]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.may_publish(request.user, self.model):
            # Publishing on a schedule is publishing.
            fields += ["publish_at", "unpublish_at"]
        return fields

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if translation_status.required_fields(self.model):
            # Beside the name, where they stay in view on a 1366 px screen
            # whatever other columns a list has.
            columns[1:1] = ["thai_complete", "english_complete"]
        return columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if translation_status.required_fields(self.model):
            filters.append(TranslationFilter)
        return filters

    def has_publish_permission(self, request) -> bool:
        return workflow.may_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            return workflow.may_edit(request.user, obj)
        return allowed

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        # A subclass of the form the admin builds for this model and request, which
        # mypy cannot take as a base class.
        class WorkflowForm(form):  # type: ignore[valid-type, misc]
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial_status = self.instance.status if self.instance.pk else None
                field = self.fields.get("status")
                if field is not None:
                    allowed = workflow.allowed_statuses(user, self.instance)
                    field.choices = [c for c in field.choices if c[0] in allowed]
                    # The buttons of the form set it (core/review_admin.py).
                    field.widget = forms.HiddenInput()

            def clean_status(self):
                status = self.cleaned_data["status"]
                old = self.initial_status or workflow.DRAFT
                if self.initial_status is None and status not in (
                    workflow.DRAFT,
                    workflow.REVIEW,
                ):
                    raise ValidationError(
                        gettext("A new record starts as a draft or in review.")
                    )
                try:
                    workflow.check_transition(user, self.instance, old, status)
                except PermissionDenied as error:
                    raise ValidationError(str(error)) from None
                return status

            def _post_clean(self):
                super()._post_clean()  # the instance now holds the form's values
                status = self.cleaned_data.get("status")
                if status == workflow.PUBLISHED and "status" not in self.errors:
                    problems = workflow.publication_problems(self.instance)
                    if problems:
                        self.add_error("status", problems)

        return WorkflowForm

    def render_change_form(self, request, context, *args, **kwargs):
        adminform = context.get("adminform")
        fields = adminform.form.fields if adminform is not None else {}
        chosen = [
            str(fields[name].label)
            for name in getattr(self.model, "image_fields", ())
            if name in request.FILES and name in fields
        ]
        if request.method == "POST" and chosen and context.get("errors"):
            # A browser cannot be given a chosen file back: say so, rather than
            # show the field empty as if the image had been taken.
            messages.warning(
                request,
                gettext(
                    "The form has errors, so the image you chose (%(fields)s) was not "
                    "saved. Correct the errors, then choose the image again."
                )
                % {"fields": ", ".join(chosen)},
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        old = getattr(form, "initial_status", None) or ""
        workflow.stamp_published(obj, old_status=old, user=request.user)
        super().save_model(request, obj, form, change)
        if old != obj.status:
            warn_missing_translations(request, [obj])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        history.settle(form.instance)

    # --- history: each version's changes, restoring and undeleting ---------

    def may_restore(self, request, record) -> bool:
        """`record` is the live record, None for a deleted one."""
        return workflow.may_restore(request.user, self.model, record)

    def revert_disabled(self, request, obj=None):
        if obj is None:
            return True
        live = self.model._default_manager.filter(pk=obj.pk).first()
        return not self.may_restore(request, live)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """Each version's changes against the one before it, as staff read them
        (core.snapshots.compare): labels, values in words, each field once.
        Names of related records are looked up once for the whole page."""
        versions = list(historical_records)
        if not versions:
            return
        taken = [history.snapshot_of(version) for version in versions]
        oldest = versions[-1]
        before = (
            self.model.history.filter(id=oldest.id)
            .filter(
                models.Q(history_date__lt=oldest.history_date)
                | models.Q(
                    history_date=oldest.history_date,
                    history_id__lt=oldest.history_id,
                )
            )
            .order_by("-history_date", "-history_id")
            .first()
        )
        previous = [*taken[1:], history.snapshot_of(before) if before else None]
        cache: dict = {}
        snapshots.remember_names(
            self.model, [*taken, *(p for p in previous[-1:] if p)], cache
        )
        for version, new, old in zip(versions, taken, previous, strict=True):
            version.history_delta_changes = (
                snapshots.compare(self.model, old, new, cache=cache)
                if old is not None and version.history_type != "-"
                else []
            )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A version of the record against the record as it is now (or as
        nothing, when it was deleted), and one button that brings it back:
        core.revisions.restore."""
        version = get_object_or_404(
            self.model.history, id=unquote(object_id), history_id=version_id
        )
        live = self.model._default_manager.filter(pk=version.id).first()
        if not self.has_view_history_or_change_history_permission(
            request, live or version.instance
        ):
            raise PermissionDenied
        may_restore = self.may_restore(request, live)
        if request.method == "POST":
            if not may_restore:
                raise PermissionDenied
            return self._restore(request, version)
        current = snapshots.take(live) if live else snapshots.nothing(self.model)
        proposed = history.snapshot_of(version)
        cache: dict = {}
        snapshots.remember_names(self.model, [current, proposed], cache)
        changes = snapshots.compare(self.model, current, proposed, cache=cache)
        return TemplateResponse(
            request,
            "admin/restore_version.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Restore a version of %(record)s")
                % {"record": live or version.instance},
                "record": live or version.instance,
                "version": version,
                "deleted": live is None,
                "published": live is not None and live.status == workflow.PUBLISHED,
                "archived": live is not None and live.status == workflow.ARCHIVED,
                "open_change": revisions.open_change(live) if live else None,
                "changes": changes,
                "may_restore": may_restore and (changes or live is None),
                **(extra_context or {}),
            },
        )

    def _restore(self, request, version):
        try:
            restored = revisions.restore(version=version, user=request.user)
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem)
            return HttpResponseRedirect(request.path)
        record = restored.record
        self.log_change(request, record, revisions.restore_reason(version))
        if restored.change is not None:
            messages.success(
                request,
                gettext(
                    "The version is now a change waiting for review. The public "
                    "sees the published version until a publisher publishes it."
                ),
            )
        else:
            messages.success(
                request,
                gettext("“%(record)s” is restored as a draft.") % {"record": record},
            )
        if restored.unscheduled:
            messages.warning(
                request,
                gettext(
                    "Its publishing time was cleared: a restored version is "
                    "reviewed before it is published."
                ),
            )
        for problem in restored.missing:
            messages.warning(
                request,
                gettext("Not brought back: %(what)s.") % {"what": problem},
            )
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[record.pk],
                current_app=self.admin_site.name,
            )
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name="{}_{}_deleted".format(*info),
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        """Deleted records, each with its last version: its history page restores
        it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        present = self.model._default_manager.values("pk")
        deletions = (
            self.model.history.filter(history_type="-")
            .exclude(id__in=present)
            .select_related("history_user")
            .order_by("-history_date")
        )
        latest: dict[int, Any] = {}
        for deletion in deletions:
            latest.setdefault(deletion.id, deletion)
        return TemplateResponse(
            request,
            "admin/deleted_records.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Deleted %(records)s")
                % {"records": self.opts.verbose_name_plural},
                "deletions": list(latest.values()),
            },
        )

    def view_on_site(self, obj):
        # Drafts too: staff see them in the public design through the preview link.
        return f"{obj.get_absolute_url()}?preview=1"


admin.site.register(ImportBatch, ImportBatchAdmin)


# The worker's own bookkeeping of its tasks: staff follow an import on its page,
# in their language, and the admin lists only what they edit or read.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
