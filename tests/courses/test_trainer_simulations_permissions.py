"""The debrief screens against every role: the trainee's debrief page and PDF, and the trainers'
cohort screens (runs, a run with its replay, its PDF). The run is the enrolled student's, started
from a lesson of the cohort's module (roles and answers: tests/courses/cohort_access.py)."""

import pytest

from simulations import debrief_pdf
from simulations.models import Run
from tests.simulations.debrief_fixtures import make_grade_a_scenario, play_mixed_run

from . import cohort_access
from .cohort_access import COHORT_STAFF_ONLY, LOGIN, ROLES, answers, expected_for, log_in

pytestmark = pytest.mark.django_db

people = cohort_access.people

# The run's own trainee and programme administrators; for every other signed-in user the run
# does not exist, trainers too (they read runs through their cohort screens), as on the run's
# own screens.
OWNER_AND_ADMINISTRATOR = (LOGIN, 200, 404, 404, 404, 404, 404, 200)
EXPECTED = {
    "debrief": OWNER_AND_ADMINISTRATOR,
    "debrief_en": OWNER_AND_ADMINISTRATOR,
    "debrief_pdf": OWNER_AND_ADMINISTRATOR,
    "cohort_runs": COHORT_STAFF_ONLY,
    "cohort_runs_en": COHORT_STAFF_ONLY,
    "cohort_run": COHORT_STAFF_ONLY,
    "cohort_run_replay": COHORT_STAFF_ONLY,
    "cohort_run_pdf": COHORT_STAFF_ONLY,
}


@pytest.fixture
def run(people, cohort, lessons, student):
    run = play_mixed_run(make_grade_a_scenario(), student, context=f"lesson:{lessons[0].pk}")
    # A stand-in file: these tests are about who gets it, not about what it holds.
    run.debrief_pdf.name = debrief_pdf.write_pdf(run, b"%PDF-1.7 stand-in")
    run.debrief_status = Run.Debrief.READY
    run.save(update_fields=["debrief_pdf", "debrief_status"])
    return run


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def urls(cohort, run) -> dict[str, str]:
    uuid = run.public_id
    base = f"/nl/trainer/cohorts/{cohort.pk}/simulations/"
    return {
        "debrief": f"/nl/simulations/runs/{uuid}/debrief/",
        "debrief_en": f"/en/simulations/runs/{uuid}/debrief/",
        "debrief_pdf": f"/nl/simulations/runs/{uuid}/debrief.pdf",
        "cohort_runs": base,
        "cohort_runs_en": f"/en/trainer/cohorts/{cohort.pk}/simulations/",
        "cohort_run": f"{base}{uuid}/",
        "cohort_run_replay": f"{base}{uuid}/?t=400",
        "cohort_run_pdf": f"{base}{uuid}/debrief.pdf",
    }


def test_every_new_url_is_in_the_table(cohort, run):
    assert set(urls(cohort, run)) == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
def test_every_debrief_screen_answers_each_role_as_expected(client, people, cohort, run, role):
    got = answers(client, people[role], urls(cohort, run))

    assert got == expected_for(EXPECTED, role)


def test_the_screens_refuse_to_write(client, people, cohort, run):
    log_in(client, people["administrator"])

    for url in urls(cohort, run).values():
        assert client.post(url).status_code == 405, url
