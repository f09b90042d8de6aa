from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    path(
        "partners/export.csv", views.PartnerExportView.as_view(), name="partner-export"
    ),
    path(
        "partners/export.xlsx",
        views.PartnerExportView.as_view(file_format="xlsx"),
        name="partner-export-xlsx",
    ),
    path(
        "partnerships/export.csv",
        views.PartnershipExportView.as_view(),
        name="partnership-export",
    ),
    path(
        "partnerships/export.xlsx",
        views.PartnershipExportView.as_view(file_format="xlsx"),
        name="partnership-export-xlsx",
    ),
    path(
        "partners/<slug:slug>/",
        views.PartnerDetailView.as_view(),
        name="partner-detail",
    ),
]
