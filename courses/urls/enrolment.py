"""Enrolment: students enrol, apply and withdraw under /learn/; trainers decide under /trainer/."""

from django.urls import path

from courses.views import enrolment

learn_patterns = [
    path("cohorts/<int:cohort_id>/enrol/", enrolment.enrol, name="enrol"),
    path("cohorts/<int:cohort_id>/apply/", enrolment.apply, name="apply"),
    path("enrolments/<int:enrolment_id>/withdraw/", enrolment.withdraw, name="withdraw"),
]
trainer_patterns = [
    path("enrolments/<int:enrolment_id>/decide/", enrolment.decide, name="decide_enrolment"),
]
