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
)

register = template.Library()


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """Per model: records by status, records missing Thai or English, and links to
    the lists behind each figure. Two queries a model."""
    user = context["request"].user
    rows = []
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
        )
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            continue
        rows.append({"name": opts.verbose_name_plural, "url": url, **counts})
    changes = PendingChange.objects.filter(state=ChangeState.REVIEW).count()
    return {
        "rows": rows,
        "statuses": PublicationStatus.choices,
        "waiting": sum(row["review"] for row in rows) + changes,
    }
