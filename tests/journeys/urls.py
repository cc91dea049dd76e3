"""The site's URLs, plus what the reverse proxy does in production (README, Production
outline): media under /media/, except the certificates' and debriefs' folders, which only
their checked views hand out."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from atmp_platform.urls import handler404, handler429, handler500, urlpatterns

__all__ = ["handler404", "handler429", "handler500", "urlpatterns"]

urlpatterns = [
    re_path(
        r"^media/(?P<path>(?!certificates/|debriefs/).+)$",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    *urlpatterns,
]
