from django.views.generic import TemplateView

from cities.models import City, Country
from partners.models import Partner

from .models import Project


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = City.objects.published()
        context["figures"] = {
            "cities": cities.count(),
            "countries": Country.objects.published()
            .filter(cities__in=cities)
            .distinct()
            .count(),
            "partners": Partner.objects.published().count(),
            "projects": Project.objects.published().count(),
        }
        context["cities"] = cities.select_related("country").order_by(
            "country__code", "name"
        )
        return context
