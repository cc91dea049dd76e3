"""The debrief of a run and its PDF, under /<language>/simulations/ (included by
simulations/urls.py into the "simulations" namespace)."""

from django.urls import path

from .views import debrief

urlpatterns = [
    path("runs/<uuid:public_id>/debrief/", debrief.debrief, name="debrief"),
    path("runs/<uuid:public_id>/debrief.pdf", debrief.debrief_pdf, name="debrief_pdf"),
]
