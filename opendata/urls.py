"""Open data outside the language prefixes: the catalogues and the data package
name both languages in every answer."""

from django.urls import path

from . import views
from .datapackage import datapackage_json

app_name = "opendata"

urlpatterns = [
    path("datapackage.json", datapackage_json, name="datapackage"),
    path("catalog.ttl", views.catalog_ttl, name="catalog-ttl"),
    path("catalog.jsonld", views.catalog_jsonld, name="catalog-jsonld"),
]
