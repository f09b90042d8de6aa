"""Review in the admin: buttons that say what they do, draft changes to published
records, the review page with its comparison, and a preview of a change in the
public design.

A published record's form saves into a pending change: the form, its inlines and
its many-to-many fields are saved as usual inside a savepoint, the record is
taken as a snapshot, and the savepoint is rolled back. The admin's own
validation, inlines and clean-ups (sanitised HTML, image checks) therefore apply
to a change exactly as to a record. A form opened while a change is pending
shows the change, read the same way.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import revisions, snapshots, workflow
from .dates import local_datetime
from .models import ChangeState

ACTION = "_action"
COMMENT = "_comment"


class ReviewActionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class Proposal:
    """A save that becomes a pending change: where to roll back to, and what
    was taken before rolling back."""

    def __init__(self, point: str, action: str) -> None:
        self.point = point
        self.action = action
        self.snapshot: snapshots.Snapshot | None = None


class ReviewAdminMixin(admin.ModelAdmin):
    change_form_template = "admin/publishable_change_form.html"

    # --- which buttons ----------------------------------------------------

    def review_actions(self, request, obj) -> list[tuple[str, Any, str]]:
        """(value, label, css class) of the buttons of the form, first the main
        one."""
        publisher = workflow.may_publish(request.user, self.model)
        status = obj.status if obj is not None else None
        if status == workflow.PUBLISHED:
            actions = []
            if publisher:
                actions.append(("publish", _("Publish now"), "default"))
            actions += [
                (
                    "change_review",
                    _("Submit the change for review"),
                    "" if publisher else "default",
                ),
                ("change_draft", _("Save as a draft change"), ""),
            ]
            if publisher:
                actions.append(
                    ("unpublish", _("Unpublish (back to draft)"), "review-danger")
                )
            return actions
        if status == workflow.ARCHIVED:
            return [("save", _("Save"), "default")] + (
                [("draft", _("Restore as a draft"), "")] if publisher else []
            )
        actions = []
        if publisher:
            actions.append(("publish", _("Publish"), "default"))
        actions.append(
            (
                "review",
                _("Save, still in review")
                if status == workflow.REVIEW
                else _("Submit for review"),
                "" if publisher else "default",
            )
        )
        actions.append(("draft", _("Save draft"), ""))
        return actions

    @staticmethod
    def target_status(action: str, current: str | None) -> str | None:
        return {
            "draft": workflow.DRAFT,
            "review": workflow.REVIEW,
            "publish": workflow.PUBLISHED,
            "unpublish": workflow.DRAFT,
        }.get(action, current)

    def proposes(self, request, obj) -> bool:
        """Does saving this form make a pending change rather than change the
        public record?"""
        if obj is None or obj.status != workflow.PUBLISHED:
            return False
        action = request.POST.get(ACTION, "") if request.method == "POST" else ""
        if action in ("change_draft", "change_review"):
            return True
        if action in ("publish", "unpublish"):
            return False
        # Opening the form, or a save without a button: a Publisher edits the
        # record itself unless a change is pending, which the form then shows.
        return (
            not workflow.may_publish(request.user, self.model)
            or revisions.open_change(obj) is not None
        )

    # --- the change form --------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = None
        if object_id is not None:
            obj = self.get_object(request, object_id)
        if request.method == "POST" and ACTION in request.POST:
            post = request.POST.copy()
            target = self.target_status(post[ACTION], obj.status if obj else None)
            if target is not None and "status" in post:
                post["status"] = target
            request.POST = post
        change = revisions.open_change(obj) if obj is not None else None
        extra_context = {
            **(extra_context or {}),
            "review_actions": self.review_actions(request, obj),
            "pending_change": change,
            "review_thread": revisions.thread(obj) if obj is not None else [],
        }
        if obj is None or not (self.proposes(request, obj) or change is not None):
            return super().changeform_view(request, object_id, form_url, extra_context)
        return self._changeform_with_change(
            request, obj, change, object_id, form_url, extra_context
        )

    def _changeform_with_change(
        self, request, obj, change, object_id, form_url, extra_context
    ):
        action = (
            request.POST.get(ACTION, "change_draft") if request.method == "POST" else ""
        )
        proposing = self.proposes(request, obj)
        with transaction.atomic():
            point = transaction.savepoint()
            if change is not None:
                snapshots.apply(obj, change.data)
            proposal = Proposal(point, action) if proposing else None
            request._review_proposal = proposal
            try:
                response = super().changeform_view(
                    request, object_id, form_url, extra_context
                )
                if hasattr(response, "render"):
                    response.render()
            except BaseException:
                transaction.savepoint_rollback(point)
                raise
            if proposal is None and request.method == "POST" and _saved(response):
                # Published now, or unpublished: the change is part of it.
                transaction.savepoint_commit(point)
                if change is not None and action == "publish":
                    revisions.saved_in_form(
                        record=obj,
                        user=request.user,
                        old_status=workflow.PUBLISHED,
                        comment=request.POST.get(COMMENT, ""),
                        change=change,
                    )
                return response
            transaction.savepoint_rollback(point)
            if proposal is not None and proposal.snapshot is not None:
                revisions.propose(
                    record=obj,
                    snapshot=proposal.snapshot,
                    user=request.user,
                    submit=action == "change_review",
                    comment=request.POST.get(COMMENT, ""),
                )
                self.log_change(
                    request,
                    obj,
                    gettext("Saved a change for review.")
                    if action == "change_review"
                    else gettext("Saved a draft change."),
                )
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        proposal = getattr(request, "_review_proposal", None)
        if proposal is not None:
            proposal.snapshot = snapshots.take(form.instance)

    def save_model(self, request, obj, form, change):
        old = getattr(form, "initial_status", None) or ""
        super().save_model(request, obj, form, change)
        if getattr(request, "_review_proposal", None) is not None:
            return
        revisions.saved_in_form(
            record=obj,
            user=request.user,
            old_status=old,
            comment=request.POST.get(COMMENT, ""),
        )

    def response_change(self, request, obj):
        proposal = getattr(request, "_review_proposal", None)
        if proposal is None:
            return super().response_change(request, obj)
        if proposal.action == "change_review":
            text = gettext(
                "Your change to “%(record)s” is submitted for review. The public "
                "sees the published version until a publisher publishes the change."
            )
        else:
            text = gettext(
                "Your change to “%(record)s” is saved as a draft change. The public "
                "sees the published version until the change is published."
            )
        self.message_user(request, text % {"record": obj}, messages.SUCCESS)
        return HttpResponseRedirect(self.review_url(obj))

    def review_url(self, obj) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_review".format(*info), args=[obj.pk])

    # --- the review page --------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="{}_{}_review".format(*info),
            ),
            path(
                "<path:object_id>/review/preview/",
                self.admin_site.admin_view(self.preview_change_view),
                name="{}_{}_review_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        change = revisions.open_change(obj)
        form = ReviewActionForm(request.POST or None)
        if request.method == "POST":
            return self._review_action(request, obj, change, form)
        if change is not None:
            comparison = snapshots.compare(self.model, snapshots.take(obj), change.data)
        elif obj.status == workflow.PUBLISHED:
            comparison = []
        else:
            comparison = snapshots.compare(self.model, None, snapshots.take(obj))
        user = request.user
        publisher = workflow.may_publish(user, self.model)
        can_change = self.has_change_permission(request, obj)
        waiting = (
            change.state == ChangeState.REVIEW
            if change
            else obj.status == workflow.REVIEW
        )
        drafting = (
            change.state in (ChangeState.DRAFT, ChangeState.SENT_BACK)
            if change
            else obj.status == workflow.DRAFT
        )
        return TemplateResponse(
            request,
            "admin/review.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": obj,
                "title": gettext("Review “%(record)s”") % {"record": obj},
                "change": change,
                # The live record changed after the change was last saved: the
                # comparison shows those edits as undone by the change.
                "stale": change is not None and obj.updated_at > change.updated_at,
                "comparison": comparison,
                "thread": revisions.thread(obj),
                "form": form,
                "live_label": gettext("Published version")
                if obj.status == workflow.PUBLISHED
                else gettext("Before"),
                "may_publish": publisher and (waiting or drafting),
                "may_send_back": publisher and waiting,
                "may_submit": can_change and drafting,
                "may_withdraw": change is not None and can_change,
                "may_schedule": publisher
                and (change is not None or obj.status != workflow.PUBLISHED),
                "publish_at": change.publish_at if change else obj.publish_at,
                "preview_url": reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_review_preview",
                    args=[obj.pk],
                )
                if change is not None
                else _public_preview(obj),
                "change_url": reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=[obj.pk],
                ),
            },
        )

    def _review_action(self, request, obj, change, form) -> HttpResponse:
        action = request.POST.get(ACTION, "")
        if not form.is_valid():
            raise PermissionDenied
        comment = form.cleaned_data["comment"] or ""
        user = request.user
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            if action == "publish":
                missing = revisions.publish(record=obj, user=user, comment=comment)
                for line in missing:
                    messages.warning(request, line)
                done = gettext("“%(record)s” is published.")
            elif action == "send_back":
                revisions.send_back(record=obj, user=user, comment=comment)
                done = gettext("“%(record)s” is sent back to its author.")
            elif action == "submit":
                revisions.submit(record=obj, user=user, comment=comment)
                done = gettext("“%(record)s” is submitted for review.")
            elif action == "withdraw":
                revisions.withdraw(record=obj, user=user)
                done = gettext("The change to “%(record)s” is withdrawn.")
            elif action == "schedule":
                at = form.cleaned_data["publish_at"]
                revisions.schedule(record=obj, user=user, at=at)
                done = (
                    gettext("“%(record)s” will be published at %(time)s.")
                    if at
                    else gettext("The schedule of “%(record)s” is cleared.")
                )
                if at:
                    done = done % {"record": obj, "time": local_datetime(at)}
                    return self._done(request, obj, done)
            else:
                raise PermissionDenied
        except ValidationError as error:
            for line in error.messages:
                messages.error(request, line)
            return HttpResponseRedirect(self.review_url(obj))
        return self._done(request, obj, done % {"record": obj})

    def _done(self, request, obj, text: str) -> HttpResponse:
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(self.review_url(obj))

    def preview_change_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The public page of the record as its pending change would make it."""
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        change = revisions.open_change(obj)
        if change is None:
            return HttpResponseRedirect(_public_preview(obj))
        query = request.GET.copy()
        query["preview"] = "1"
        request.GET = query  # type: ignore[assignment]
        with revisions.previewing(change, obj) as proposed:
            url = proposed.get_absolute_url()  # type: ignore[attr-defined]
            match = resolve(url)
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
        response["Cache-Control"] = "private, no-store"
        return response


def _saved(response) -> bool:
    return response.status_code in (301, 302, 303)


def _public_preview(obj) -> str:
    return f"{obj.get_absolute_url()}?preview=1"


def review_queue(request: HttpRequest, site: admin.AdminSite) -> HttpResponse:
    """Every record and every change waiting for review, across the models the
    user may see, the longest waiting first."""
    models_: list[Any] = [
        model
        for model, model_admin in site._registry.items()
        if isinstance(model_admin, ReviewAdminMixin)
        and model_admin.has_view_or_change_permission(request)
    ]
    items = revisions.waiting_for_review(models_)
    rows = []
    for item in items:
        opts = item.record._meta
        rows.append(
            {
                "item": item,
                "kind": opts.verbose_name,
                "review_url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_review",
                    args=[item.record.pk],
                ),
            }
        )
    return TemplateResponse(
        request,
        "admin/review_queue.html",
        {
            **site.each_context(request),
            "title": gettext("Waiting for review"),
            "rows": rows,
        },
    )
