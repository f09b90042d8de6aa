from core.sitemaps import PublishedSitemap

from .models import Project


class ProjectSitemap(PublishedSitemap):
    model = Project
