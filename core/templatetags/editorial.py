"""The staff dashboard on the admin's home page."""

from django import template
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from core import translation_status
from core.models import (
    ChangeState,
    PendingChange,
    PublicationStatus,
    PublishableModel,
    ThaiNameConfirmation,
    ThaiReviewMark,
)

register = template.Library()


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """Per model: records by status, records missing Thai or English, and links to
    the lists behind each figure. Two queries a model; one more for each model
    whose Thai names a Thai source may confirm, which lists those not confirmed."""
    user = context["request"].user
    rows = []
    unconfirmed = []
    for model in translation_status.tracked_models():
        if not issubclass(model, PublishableModel):
            continue
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        counts = model._default_manager.aggregate(
            **{
                status: Count("pk", filter=Q(status=status))
                for status in PublicationStatus.values
            },
            missing_th=Count("pk", filter=translation_status.missing_q(model, "th")),
            missing_en=Count("pk", filter=translation_status.missing_q(model, "en")),
            **(
                {"thai_unreviewed": Count("pk", filter=Q(thai_unreviewed=True))}
                if issubclass(model, ThaiReviewMark)
                else {}
            ),
        )
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            continue
        rows.append(
            {
                "name": opts.verbose_name_plural,
                "url": url,
                "has_thai_review": issubclass(model, ThaiReviewMark),
                **counts,
            }
        )
        if issubclass(model, ThaiNameConfirmation):
            unconfirmed.append(unconfirmed_names(model, url))
    changes = PendingChange.objects.filter(state=ChangeState.REVIEW).count()
    return {
        "rows": rows,
        "unconfirmed": [group for group in unconfirmed if group["records"]],
        "statuses": PublicationStatus.choices,
        "waiting": sum(row["review"] for row in rows) + changes,
    }


def unconfirmed_names(model: type[ThaiNameConfirmation], url: str) -> dict:
    """The records of a model whose Thai name no Thai source has confirmed, each
    with a link to its change page."""
    opts = model._meta
    records = model._default_manager.filter(name_th_confirmed=False)
    return {
        "name": opts.verbose_name_plural,
        "url": f"{url}?name_th_confirmed__exact=0",
        "records": [
            {
                "record": record,
                "url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[record.pk],
                ),
            }
            for record in records
        ],
    }
