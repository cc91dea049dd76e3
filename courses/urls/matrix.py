"""The training matrix of a cohort (/<language>/trainer/), its CSV export and the evidence
behind each cell."""

from django.urls import path

from courses.views import matrix

trainer_patterns = [
    path("cohorts/<int:cohort_id>/matrix/", matrix.matrix, name="matrix"),
    path("cohorts/<int:cohort_id>/matrix.csv", matrix.matrix_csv, name="matrix_csv"),
    path(
        "cohorts/<int:cohort_id>/students/<int:student_id>/competencies/<slug:code>/",
        matrix.evidence,
        name="evidence",
    ),
]
