"""A cohort's simulation runs under /<language>/trainer/ (namespace "trainer")."""

from django.urls import path

from courses.views import simulations

RUN = "cohorts/<int:cohort_id>/simulations/<uuid:public_id>/"

trainer_patterns = [
    path("cohorts/<int:cohort_id>/simulations/", simulations.simulations, name="simulations"),
    path(RUN, simulations.simulation_run, name="simulation_run"),
    path(f"{RUN}debrief.pdf", simulations.simulation_pdf, name="simulation_pdf"),
]
