"""Capacity holds when twenty students ask for a place at the same moment (PostgreSQL).

Each thread has its own database connection, as each request would; a barrier releases them
together so that their transactions overlap.
"""

import threading

from django.core.exceptions import ValidationError
from django.db import connection, connections

import pytest

from atmp_platform.accounts import roles
from atmp_platform.celery import app as celery_app
from courses.enrolment import decide_enrolment, enrol_student, places_taken
from courses.models import Enrolment
from tests.conftest import services_missing
from tests.factories import make_user

from .conftest import enrol

THREADS = 20
CAPACITY = 5
Status = Enrolment.Status

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        services_missing("The concurrency tests need PostgreSQL (DATABASE_URL)")


@pytest.fixture(autouse=True)
def eager_tasks():
    """The confirmation e-mails run in the threads, not on a worker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def run_together(work, items) -> list[BaseException]:
    barrier = threading.Barrier(len(items))
    errors = []

    def run(item):
        try:
            barrier.wait(timeout=30)
            work(item)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_twenty_simultaneous_enrolments_never_exceed_the_capacity(cohort):
    cohort.capacity = CAPACITY
    cohort.save()
    students = [make_user(roles.STUDENT, email=f"race{n}@example.org") for n in range(THREADS)]
    errors = run_together(lambda student: enrol_student(student=student, cohort=cohort), students)
    assert errors == []
    statuses = list(Enrolment.objects.values_list("status", flat=True))
    assert statuses.count(Status.ENROLLED) == CAPACITY
    assert statuses.count(Status.WAITLISTED) == THREADS - CAPACITY
    assert places_taken(cohort) == CAPACITY


def test_twenty_simultaneous_acceptances_never_exceed_the_capacity(application_cohort, trainer):
    application_cohort.capacity = CAPACITY
    application_cohort.save()
    applications = [
        enrol(make_user(roles.STUDENT), application_cohort, status=Status.APPLIED, motivation="QC")
        for _ in range(THREADS)
    ]

    def accept(enrolment):
        decide_enrolment(enrolment=enrolment, decision="accept", actor=trainer)

    errors = run_together(accept, applications)
    assert len(errors) == THREADS - CAPACITY
    assert all(isinstance(error, ValidationError) for error in errors)
    assert places_taken(application_cohort) == CAPACITY
