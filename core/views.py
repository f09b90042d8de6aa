"""Views every app shares: filtered, paginated lists of published records, and
detail pages that staff may preview before they are published."""

import hashlib
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.views.generic import DetailView
from django_filters.views import FilterView

from .excerpts import Search
from .versioning import VersionedCountPaginator, versioned

PAGE_SIZE = 24


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

    def get_paginator(self, queryset, per_page, orphans=0, **kwargs):
        return super().get_paginator(
            queryset, per_page, orphans, count_key=self.count_key(), **kwargs
        )

    def count_key(self) -> str:
        """The list's query is made from the view, the language and the query
        string alone; the page number does not change the count."""
        query = sorted(
            (name, value)
            for name, values in self.request.GET.lists()
            if name != self.page_kwarg
            for value in values
        )
        view = f"{type(self).__module__}.{type(self).__qualname__}"
        return hashlib.sha256(repr((view, get_language(), query)).encode()).hexdigest()

    def cards_kept_as(self, context) -> str:
        """The name under which the page's cards are kept (core/cards.py): the
        records of a page are made from the view, the language, the query string
        and the page number alone."""
        return f"list:{self.count_key()}:{context['page_obj'].number}"

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def active_filter_count(self, filterset) -> int:
        """The filters the reader has set, shown on the button that unfolds them on
        a phone. The order of the list is not a filter."""
        sort_fields = getattr(filterset, "sort_fields", ())
        return sum(
            1
            for name in filterset.form.fields
            if name not in sort_fields and self.request.GET.get(name, "").strip()
        )

    def filter_url(self, *, without: tuple[str, ...]) -> str:
        """This list with the current filters but those named (and on its first
        page)."""
        query = self.request.GET.copy()
        for name in (self.page_kwarg, *without):
            query.pop(name, None)
        encoded = query.urlencode()
        return self.request.path + (f"?{encoded}" if encoded else "")

    def active_filters(self, filterset) -> list[dict[str, Any]]:
        """Each filter in use, as the reader chose it: its label, the value's
        label (a search in quotes) and the address of the list without it."""
        form = filterset.form
        sort_fields = getattr(filterset, "sort_fields", ())
        cleaned = getattr(form, "cleaned_data", {})
        found = []
        for name, field in form.fields.items():
            raw = self.request.GET.get(name, "").strip()
            if name in sort_fields or not raw:
                continue
            value = cleaned.get(name)
            if name == "q":
                shown = str(value or raw)
            elif isinstance(value, models.Model):
                shown = str(value)
            else:
                shown = str(dict(getattr(field, "choices", ())).get(raw, raw))
            found.append(
                {
                    "name": name,
                    "label": field.label,
                    "value": shown,
                    "is_search": name == "q",
                    "remove_url": self.filter_url(without=(name,)),
                }
            )
        return found

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        context["result_count"] = context["paginator"].count
        context["is_filtered"] = any(
            value for key, value in self.request.GET.items() if key != self.page_kwarg
        )
        context["active_filter_count"] = self.active_filter_count(filterset)
        if not filterset.is_bound or filterset.is_valid():
            if hasattr(filterset, "count_options"):
                filterset.count_options()
            query = filterset.is_bound and filterset.form.cleaned_data.get("q")
            if query and context["result_count"]:
                # The cards of the results show why they matched.
                context["search"] = Search(
                    query,
                    name_field=filterset.name_field,
                    alias_field=filterset.alias_field,
                    text_fields=tuple(filterset.other_search_fields),
                )
        if not context["result_count"] and context["is_filtered"]:
            context["active_filters"] = self.active_filters(filterset)
            sort_fields = getattr(filterset, "sort_fields", ())
            context["clear_filters_url"] = self.filter_url(
                without=tuple(
                    name for name in filterset.form.fields if name not in sort_fields
                )
            )
        # The filter form shows the query string alone (its values, their errors
        # and the options' counts) with the content's choices: kept as HTML under
        # the content version (list_base.html), not rendered field by field on
        # each request.
        context["filter_form_key"] = hashlib.sha256(
            repr((self.count_key(), self.request.path)).encode()
        ).hexdigest()
        if self.export_url_name:
            query = self.request.GET.copy()
            query.pop(self.page_kwarg, None)
            encoded = query.urlencode()
            suffix = f"?{encoded}" if encoded else ""
            context["export_url"] = reverse(self.export_url_name) + suffix
            # The XLSX beside each CSV, named after it (cities:city-export-xlsx).
            context["export_xlsx_url"] = (
                reverse(f"{self.export_url_name}-xlsx") + suffix
            )
        return context


def related_model(model: type[models.Model], accessor: str) -> Any:
    """The model at the other end of one of `model`'s relations, found without
    importing the app that defines it. Typed Any: its manager's methods (such as
    `published` and `newest_first`) are that app's own."""
    return model._meta.get_field(accessor).related_model


class PreviewMixin(DetailView):
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

    def get_object(self, queryset=None):
        """The record with the related records its page shows (the view's
        prefetches), kept under the content version: until something public
        changes, a record's page reads it from the cache, not with a query for
        the record and one for each relation. A preview is read afresh."""
        read = super().get_object
        if queryset is not None or self.is_preview():
            return read(queryset)
        lookup = hashlib.blake2b(
            repr(sorted(self.kwargs.items())).encode(), digest_size=12
        ).hexdigest()
        return versioned(f"record:{self.model._meta.label_lower}:{lookup}", read)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.is_preview() and not self.object.is_published
        # The record's part of the page, rendered once per content version
        # ({% versioned_fragment %}); a preview is rendered afresh.
        context["record_key"] = "" if self.is_preview() else str(self.object.pk)
        return context
