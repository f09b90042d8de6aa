"""Open data outside the language prefixes: the API and the catalogues name both
languages in every answer."""

urlpatterns: list = []
