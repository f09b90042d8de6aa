"""The public site's own pages, under /th/ and /en/."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("data/", views.DataDictionaryView.as_view(), name="data-dictionary"),
    path("about-data/", views.AboutDataView.as_view(), name="about-data"),
    path("pages/<slug:slug>/", views.PageView.as_view(), name="page"),
]
