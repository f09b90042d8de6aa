"""Open data outside the language prefixes: the catalogues and the data package
name both languages in every answer."""

from django.urls import path

from .datapackage import datapackage_json

app_name = "opendata"

urlpatterns: list = [
    path("datapackage.json", datapackage_json, name="datapackage"),
]
