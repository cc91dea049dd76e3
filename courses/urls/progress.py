"""The student dashboard (/<language>/learn/) and the trainer's cohort screens
(/<language>/trainer/)."""

from django.urls import path

from courses.views import progress

learn_patterns = [
    path("", progress.dashboard, name="dashboard"),
]
trainer_patterns = [
    path("", progress.cohorts, name="cohorts"),
    path("cohorts/<int:cohort_id>/", progress.cohort, name="cohort"),
]
