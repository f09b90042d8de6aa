"""Views every app shares: filtered, paginated lists of published records, and
robots.txt."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_filters.views import FilterView

PAGE_SIZE = 24


class PublishedFilterListView(FilterView):
    """A list page of published records with a django-filter form.

    Invalid filter values show the form's message and an empty list (never the
    whole list, which a reader would take for a filtered one); a page number that
    is not a number shows the first page, one past the end the last.
    """

    paginate_by = PAGE_SIZE
    strict = True

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
        return context


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [
        f"Disallow: /{code}/{settings.ADMIN_URL}" for code, _name in settings.LANGUAGES
    ]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
