"""Practice mode: the scenarios offered for practice and the user's own runs."""

from django.db import connection
from django.test import Client
from django.urls import reverse

import pytest

from simulations import engine
from simulations.models import Run
from tests.factories import make_user

from .ui_fixtures import grade_a, make_grade_a_scenario, move_clock, owner, run

FIXTURES = (grade_a, owner, run)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def client_of(owner):
    client = Client()
    client.force_login(owner)
    return client


def _queries(request) -> int:
    sql = []

    def counting(execute, statement, params, many, context):
        sql.append(statement)
        return execute(statement, params, many, context)

    with connection.execute_wrapper(counting):
        response = request()
    assert response.status_code == 200
    return len(sql)


def test_practice_lists_the_available_practice_scenarios_only(grade_a, client_of):
    make_grade_a_scenario(slug="retired", title_nl="Uit gebruik", active=False)
    make_grade_a_scenario(slug="lesson-only", title_nl="Alleen in een les", practice=False)
    html = client_of.get(reverse("simulations:practice")).content.decode()
    assert grade_a.title_nl in html
    assert reverse("simulations:start", args=[grade_a.slug]) in html
    assert "Uit gebruik" not in html and "Alleen in een les" not in html
    assert "20 min" in html and "2 min" in html  # simulated and real time


def test_practice_lists_my_runs_with_a_link_to_continue_or_to_the_debrief(run, owner, client_of):
    finished = engine.start_run(scenario=run.scenario, trainee=owner, seed=7)
    engine.end(run=finished, actor=owner)
    someone_else = engine.start_run(
        scenario=run.scenario, trainee=make_user("Student", email="else@example.org"), seed=8
    )
    html = client_of.get(reverse("simulations:practice")).content.decode()
    assert reverse("simulations:run", args=[run.public_id]) in html
    assert reverse("simulations:debrief", args=[finished.public_id]) in html
    assert str(someone_else.public_id) not in html


def test_a_run_whose_time_is_up_is_shown_as_such(run, client_of):
    move_clock(run, 5000)
    html = client_of.get(reverse("simulations:practice")).content.decode()
    assert Run.objects.get(pk=run.pk).status == Run.Status.RUNNING  # listing writes nothing
    assert reverse("simulations:run", args=[run.public_id]) in html


def test_practice_costs_the_same_queries_for_two_runs_and_for_twenty_five(
    grade_a, owner, client_of
):
    other = make_grade_a_scenario(slug="second")
    for seed in range(2):
        engine.start_run(scenario=grade_a, trainee=owner, seed=seed, context=f"lesson:{seed + 1}")
    for _warm_up in range(2):  # the site's cached lookups (site, settings) fill
        client_of.get(reverse("simulations:practice"))
    few = _queries(lambda: client_of.get(reverse("simulations:practice")))
    for seed in range(23):
        engine.start_run(scenario=other, trainee=owner, seed=seed, context=f"lesson:{seed + 9}")
    many = _queries(lambda: client_of.get(reverse("simulations:practice")))
    assert Run.objects.count() == 25
    assert many == few <= 8
