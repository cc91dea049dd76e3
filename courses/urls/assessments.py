"""Trainer assessments under /<language>/trainer/ (namespace "trainer")."""

from django.urls import path

from courses.views import assessments

ASSESS = "cohorts/<int:cohort_id>/assess/<int:student_id>/<slug:code>/"

trainer_patterns = [
    path("cohorts/<int:cohort_id>/assessments/", assessments.assessments, name="assessments"),
    path(ASSESS, assessments.assess, name="assess"),
    path(f"{ASSESS}review/", assessments.assess_review, name="assess_review"),
    path("assessments/<int:assessment_id>/", assessments.assessment, name="assessment"),
    path(
        "assessments/<int:assessment_id>/correct/",
        assessments.correct,
        name="correct_assessment",
    ),
    path(
        "assessments/<int:assessment_id>/correct/review/",
        assessments.correct_review,
        name="correct_assessment_review",
    ),
]
