"""Trainer screens under /<language>/trainer/ (RequireMFAMiddleware guards the prefix)."""

from . import assessments, enrolment, matrix, progress, simulations

app_name = "trainer"
urlpatterns = [
    *enrolment.trainer_patterns,
    *progress.trainer_patterns,
    *matrix.trainer_patterns,
    *assessments.trainer_patterns,
    *simulations.trainer_patterns,
]
