"""The trainee's simulation screens under /<language>/simulations/ (namespace "simulations")."""

from django.urls import include, path

from .views import practice, runs

app_name = "simulations"
urlpatterns = [
    path("", practice.practice, name="practice"),
    path("<slug:slug>/start/", runs.start, name="start"),
    path("runs/<uuid:public_id>/", runs.run_dashboard, name="run"),
    path("runs/<uuid:public_id>/state/", runs.run_state, name="state"),
    path("runs/<uuid:public_id>/act/", runs.act, name="act"),
    path("runs/<uuid:public_id>/pause/", runs.pause, name="pause"),
    path("runs/<uuid:public_id>/resume/", runs.resume, name="resume"),
    path("runs/<uuid:public_id>/end/", runs.end, name="end"),
    path("", include("simulations.urls_debrief")),
]
