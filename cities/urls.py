from django.urls import path

from . import views

app_name = "cities"

urlpatterns = [
    path("cities/", views.CityListView.as_view(), name="city-list"),
    path("cities/export.csv", views.CityExportView.as_view(), name="city-export"),
    path(
        "cities/export.xlsx",
        views.CityExportView.as_view(file_format="xlsx"),
        name="city-export-xlsx",
    ),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path(
        "countries/<str:code>/",
        views.CountryDetailView.as_view(),
        name="country-detail",
    ),
    path("focus-areas/", views.FocusAreaListView.as_view(), name="focus-area-list"),
    path(
        "focus-areas/<slug:slug>/",
        views.FocusAreaDetailView.as_view(),
        name="focus-area-detail",
    ),
]
