from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path(
        "projects/export.csv", views.ProjectExportView.as_view(), name="project-export"
    ),
    path(
        "projects/export.xlsx",
        views.ProjectExportView.as_view(file_format="xlsx"),
        name="project-export-xlsx",
    ),
    path(
        "projects/<slug:slug>/",
        views.ProjectDetailView.as_view(),
        name="project-detail",
    ),
]
