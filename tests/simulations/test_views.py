"""The trainee's run screens: start, dashboard, state, actions, pause, resume and end.

Runs are played through the views with the real clock; `move_clock` sets how far a run has got.
"""

import json

from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

import pytest

from simulations.models import Run, RunAction, RunAlarm
from tests.factories import make_user

from .ui_fixtures import first_action_alarm, grade_a, make_grade_a_scenario, move_clock, owner, run

FIXTURES = (grade_a, owner, run)
JSON = {"HTTP_ACCEPT": "application/json"}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def url(name: str, run: Run) -> str:
    return reverse(f"simulations:{name}", args=[run.public_id])


@pytest.fixture
def client_of(owner):
    client = Client()
    client.force_login(owner)
    return client


def test_starting_from_practice_creates_a_run_and_opens_its_dashboard(grade_a, owner, client_of):
    response = client_of.post(reverse("simulations:start", args=[grade_a.slug]))
    run = Run.objects.get(trainee=owner)
    assert response.status_code == 302
    assert response["Location"] == url("run", run)
    assert run.context == "practice" and run.status == Run.Status.RUNNING


def test_starting_again_continues_the_unfinished_run(run, client_of):
    response = client_of.post(
        reverse("simulations:start", args=[run.scenario.slug]), {"context": "practice"}
    )
    assert response["Location"] == url("run", run)
    assert Run.objects.count() == 1


@pytest.mark.parametrize("context", ["lesson", "lesson:abc", "course:1", "practice:1", "x" * 41])
def test_a_start_from_an_unknown_place_is_refused(grade_a, client_of, context):
    response = client_of.post(
        reverse("simulations:start", args=[grade_a.slug]), {"context": context}
    )
    assert response.status_code == 302
    assert not Run.objects.exists()
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_a_scenario_not_offered_for_practice_cannot_be_started_from_practice(db, client_of):
    scenario = make_grade_a_scenario(slug="lesson-only", practice=False)
    client_of.post(reverse("simulations:start", args=[scenario.slug]))
    assert not Run.objects.exists()


def test_an_unavailable_scenario_cannot_be_started(db, client_of):
    scenario = make_grade_a_scenario(slug="retired", active=False)
    response = client_of.post(reverse("simulations:start", args=[scenario.slug]))
    assert response.status_code == 404
    assert not Run.objects.exists()


def test_the_dashboard_shows_the_run_as_the_server_has_it(run, client_of):
    move_clock(run, 500)
    response = client_of.get(url("run", run))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Open handeling in de veiligheidskast" in html
    assert "Open stap" in html  # the current process step
    assert 'data-alarm-key="zone.particles_0_5|particles.action|' in html
    assert "Table 5" in html  # the alarm's reference
    assert 'name="kind" value="document_deviation"' in html
    assert '<option value="zone.particles_0_5">' in html  # a sampling point
    assert 'class="sim-plan__drawing"' in html and 'data-plan-location="zone"' in html
    state = json.loads(html.split('id="sim-state" type="application/json">', 1)[1].split("<")[0])
    assert state["run"] == str(run.public_id)
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_state_never_holds_data_later_than_the_runs_present(run, client_of):
    move_clock(run, 400)
    first = client_of.get(url("state", run)).json()
    assert 400 <= first["now_s"] < 420
    times = [t for channel in first["channels"].values() for t in channel["t"]]
    assert times and max(times) <= first["now_s"]
    assert all(alarm["at_s"] <= first["now_s"] for alarm in first["alarms"])
    move_clock(run, 700)
    later = client_of.get(url("state", run), {"since": first["now_s"]}).json()
    for channel in later["channels"].values():
        assert all(first["now_s"] < t <= later["now_s"] for t in channel["t"])


def test_the_state_gives_each_judged_channel_the_lines_its_alarm_rule_uses(run, client_of):
    state = client_of.get(url("state", run)).json()
    zone = state["channels"]["zone.particles_0_5"]["limits"]
    assert zone["direction"] == "above" and zone["action"] == 3520
    assert 0 < zone["alert"] < zone["action"]
    assert state["channels"]["zone.counts_0_5"]["limits"] is None


@pytest.mark.parametrize("since", ["soon", "nan", "inf", ""])
def test_a_state_request_with_a_bad_since_is_refused(run, client_of, since):
    response = client_of.get(url("state", run), {"since": since})
    assert response.status_code == 400
    assert "since" in response.json()["error"]


def test_acknowledging_with_javascript_answers_with_the_new_version(run, client_of):
    move_clock(run, 500)
    alarm = first_action_alarm(run)
    response = client_of.post(
        url("act", run), {"kind": "acknowledge", "target": alarm["key"]}, **JSON
    )
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert RunAlarm.objects.get(run=run, key=alarm["key"]).acknowledged_at_s is not None


def test_an_action_without_javascript_redirects_with_a_message(run, client_of):
    response = client_of.post(url("act", run), {"kind": "stop_process"})
    assert response.status_code == 302 and response["Location"] == url("run", run)
    assert RunAction.objects.get(run=run).kind == "stop_process"
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "teleport"}, "kind"),
        ({}, "kind"),
        ({"kind": "document_deviation", "reason": "oops"}, "reason"),
        ({"kind": "document_deviation"}, "reason"),
        ({"kind": "extra_sample", "target": "corridor.particles_0_5"}, "target"),
        ({"kind": "acknowledge"}, "target"),
        ({"kind": "answer", "target": "release"}, "value"),
        ({"kind": "stop_process", "score": "100"}, "score"),
        ({"kind": "stop_process", "at_s": "0"}, "at_s"),
        ({"kind": "stop_process", "reason": "x" * 2001}, "reason"),
    ],
)
def test_bad_input_is_refused_with_400_and_records_nothing(run, client_of, data, field):
    response = client_of.post(url("act", run), data, **JSON)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not RunAction.objects.exists()
    assert Run.objects.get(pk=run.pk).version == 0


def test_a_forged_score_is_named_as_an_unknown_field(run, client_of):
    response = client_of.post(url("act", run), {"kind": "stop_process", "score": "100"}, **JSON)
    with translation.override("nl"):
        expected = gettext(
            "Unknown field: %(fields)s. An action takes only its kind, target, value and reason."
        ) % {"fields": "score"}
    assert response.json()["error"] == expected
    run.refresh_from_db()
    assert run.score is None and not run.actions.exists()


def test_bad_input_without_javascript_shows_the_dashboard_with_the_refusal(run, client_of):
    response = client_of.post(url("act", run), {"kind": "document_deviation", "reason": "kort"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "10" in html.split('role="alert"', 1)[1].split("</div>")[0]


def test_an_action_the_run_does_not_allow_now_is_refused_with_409(run, client_of):
    client_of.post(url("act", run), {"kind": "stop_process"}, **JSON)
    response = client_of.post(url("act", run), {"kind": "stop_process"}, **JSON)
    assert response.status_code == 409
    assert response.json()["error"]
    assert RunAction.objects.count() == 1


def test_an_action_the_scenario_does_not_offer_is_refused(run, client_of):
    response = client_of.post(url("act", run), {"kind": "quarantine"}, **JSON)
    assert response.status_code == 409
    assert not RunAction.objects.exists()


def test_acting_while_paused_is_refused_until_resumed(run, client_of):
    assert client_of.post(url("pause", run), **JSON).json()["status"] == "paused"
    refused = client_of.post(url("act", run), {"kind": "stop_process"}, **JSON)
    assert refused.status_code == 409
    assert client_of.post(url("pause", run), **JSON).status_code == 409
    assert client_of.post(url("resume", run), **JSON).json()["status"] == "running"
    assert client_of.post(url("act", run), {"kind": "stop_process"}, **JSON).status_code == 200


def test_a_paused_run_keeps_its_clock(run, client_of):
    move_clock(run, 300)
    client_of.post(url("pause", run))
    first = client_of.get(url("state", run)).json()["now_s"]
    second = client_of.get(url("state", run)).json()["now_s"]
    # Stands still once paused; how far it ran before the pause depends on the machine's load.
    assert first == second and 300 <= first < run.duration_s


def test_acting_after_the_end_is_refused(run, client_of):
    ended = client_of.post(url("end", run), **JSON)
    assert ended.status_code == 200
    assert ended.json()["debrief_url"] == url("debrief", run)
    response = client_of.post(url("act", run), {"kind": "stop_process"}, **JSON)
    assert response.status_code == 409
    assert not RunAction.objects.exists()
    assert client_of.post(url("end", run), **JSON).status_code == 409


def test_acting_after_the_time_is_up_is_refused(run, client_of):
    move_clock(run, 5000)
    response = client_of.post(url("act", run), {"kind": "stop_process"}, **JSON)
    assert response.status_code == 409
    assert Run.objects.get(pk=run.pk).status == Run.Status.FINISHED


def test_ending_without_javascript_leads_to_the_debrief(run, client_of):
    response = client_of.post(url("end", run))
    assert response.status_code == 302 and response["Location"] == url("debrief", run)
    run.refresh_from_db()
    assert run.status == Run.Status.FINISHED and run.ended_early


def test_a_finished_runs_dashboard_sends_its_trainee_to_the_debrief(run, client_of):
    move_clock(run, 5000)
    response = client_of.get(url("run", run))
    assert response.status_code == 302 and response["Location"] == url("debrief", run)
    state = client_of.get(url("state", run)).json()
    assert state["status"] == "finished" and state["debrief_url"] == url("debrief", run)


@pytest.mark.parametrize("name", ["run", "state", "act", "pause", "resume", "end"])
def test_another_users_run_does_not_exist_for_them(run, name):
    other = Client()
    other.force_login(make_user("Student", email="other@example.org"))
    method = other.get if name in ("run", "state") else other.post
    response = method(url(name, run), {"kind": "stop_process"}, **JSON)
    assert response.status_code == 404
    assert not RunAction.objects.exists()
    assert Run.objects.get(pk=run.pk).status == Run.Status.RUNNING


def test_two_tabs_see_one_sequence_of_actions(run, owner):
    first, second = Client(), Client()
    first.force_login(owner)
    second.force_login(owner)
    move_clock(run, 500)
    alarm = first.get(url("state", run)).json()["alarms"][0]
    assert first.post(url("act", run), {"kind": "stop_process"}, **JSON).status_code == 200
    seen = second.get(url("state", run), {"since": 499}).json()
    assert [a["kind"] for a in seen["actions"]] == ["stop_process"]
    assert seen["process"]["stopped"] is True and seen["version"] == 1
    ack = {"kind": "acknowledge", "target": alarm["key"]}
    assert first.post(url("act", run), ack, **JSON).status_code == 200
    stale = second.post(url("act", run), ack, **JSON)
    assert stale.status_code == 409
    with translation.override("nl"):
        assert stale.json()["error"] == gettext("This alarm has already been acknowledged.")
    assert RunAction.objects.filter(kind="acknowledge").count() == 1


def test_actions_are_rate_limited(run, client_of, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "simulation_action": "3/m/user"}
    answers = [
        client_of.post(url("act", run), {"kind": "escalate_qa"}, **JSON).status_code
        for _ in range(4)
    ]
    assert answers == [200, 409, 409, 429]
    assert RunAction.objects.count() == 1


def test_posts_need_a_csrf_token(run, owner):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    for name in ("act", "pause", "resume", "end"):
        assert strict.post(url(name, run), {"kind": "stop_process"}).status_code == 403
    assert strict.post(reverse("simulations:start", args=[run.scenario.slug])).status_code == 403
    assert not RunAction.objects.exists()


def count_queries(request) -> int:
    """The queries one request makes, counted as they run (each request of the test client
    empties Django's own query log)."""
    sql = []

    def counting(execute, statement, params, many, context):
        sql.append(statement)
        return execute(statement, params, many, context)

    with connection.execute_wrapper(counting):
        request()
    return len(sql)


def test_the_state_costs_the_same_queries_however_many_actions_and_alarms(run, client_of):
    move_clock(run, 400)
    client_of.get(url("state", run))
    few = count_queries(lambda: client_of.get(url("state", run), {"since": 399}))
    move_clock(run, 700)
    alarms = client_of.get(url("state", run)).json()["alarms"]
    for alarm in alarms:
        client_of.post(url("act", run), {"kind": "acknowledge", "target": alarm["key"]})
    for _ in range(5):
        client_of.post(url("act", run), {"kind": "sanitise"})
    many = count_queries(lambda: client_of.get(url("state", run), {"since": 690}))
    assert RunAction.objects.count() == 5 + len(alarms) and len(alarms) >= 2
    assert many == few <= 10
