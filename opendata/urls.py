"""Open data outside the language prefixes: the catalogues and the data package
name both languages in every answer."""

app_name = "opendata"

urlpatterns: list = []
