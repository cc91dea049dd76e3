"""The site's URLs plus the baseline view, which exists only in the bench."""

from django.shortcuts import render
from django.urls import path

from atmp_platform.urls import handler404, handler500
from atmp_platform.urls import urlpatterns as site_urlpatterns

BASELINE_URL = "/bench/baseline/"


def baseline(request):
    """A bare Django view rendering the base template: the yardstick for every page."""
    return render(request, "base.html")


urlpatterns = [path(BASELINE_URL.strip("/") + "/", baseline), *site_urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
