"""xAPI statements relayed by lesson pages from their H5P player (under /<language>/learn/)."""

from django.urls import path

from courses.views import xapi

learn_patterns = [
    path("xapi/<int:page_id>/statements/", xapi.statements, name="xapi_statements"),
]
trainer_patterns = []
