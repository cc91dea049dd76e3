"""Scenarios in the admin: written by programme administrators and trainers, every change
audited, the set-up and the parts checked with messages on the field they concern, actions as
checkboxes, and a scenario with runs never deleted."""

import json
import re

from django.utils import translation
from django.utils.translation import gettext

import pytest

from atmp_platform.audit.models import AuditEvent
from simulations.models import ExpectedResponse, Scenario
from tests.certificates.conftest import framework
from tests.factories import activate_totp

from .scenario_fixtures import OPTIONS, make_run, make_scenario, scenario

# Fixtures from other modules, named here so that pytest finds them in this module.
FIXTURES = (framework, scenario)

URL = "/admin/scenarios/"


@pytest.fixture
def admin_client(client, administrator):
    activate_totp(administrator)
    client.force_login(administrator)
    return client


@pytest.fixture
def trainer_client(client, trainer):
    activate_totp(trainer)
    client.force_login(trainer)
    return client


def dutch(msgid: str, **values) -> str:
    """The message as the administrator (Dutch profile) reads it."""
    with translation.override("nl"):
        return gettext(msgid) % values if values else gettext(msgid)


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
        data.setdefault(f"{prefix}-{index}-ORDER", str(index + 1))
    return data


def _response_row(framework, **changes) -> dict:
    return {
        "code": "stop",
        "action": "stop_process",
        "target": "",
        "value": "",
        "trigger": "event",
        "trigger_ref": "touch",
        "trigger_channel": "",
        "within_s": "60",
        "competency": str(framework["C4"].pk),
        "level": "2",
        "points": "2",
        "critical": "on",
        "explanation_en": "A touch in first air is a reason to stop.",
        "explanation_nl": "Een aanraking in de first air is een reden om te stoppen.",
        "reference": "EU GMP Annex 1 (2022) §9.≈20",
        **changes,
    }


def scenario_data(framework, *, responses=None, **changes) -> dict:
    data = {
        "slug": "new-one",
        "title_en": "A new exercise",
        "title_nl": "Een nieuwe oefening",
        "briefing_en": "Read this first.",
        "briefing_nl": "Lees dit eerst.",
        "setting": "cleanroom",
        "profile_code": "EU-Annex1-2022",
        "duration_s": "900",
        "time_compression": "3",
        "step_s": "1",
        "setup": json.dumps({"zones": [{"name": "bsc"}]}),
        "intervention_s": "60",
        "offered_actions": ["stop_process", "document_deviation"],
        "pass_mark": "80",
        "sort_order": "0",
        "active": "on",
        "practice": "on",
    }
    data.update(formset("steps", [{"starts_at_s": "0", "title_en": "Start", "title_nl": "Start"}]))
    data.update(
        formset(
            "events",
            [
                {
                    "code": "touch",
                    "kind": "intervention",
                    "at_s": "100",
                    "magnitude": "1",
                    "duration_s": "30",
                }
            ],
        )
    )
    data.update(formset("decisions", []))
    rows = responses if responses is not None else [_response_row(framework)]
    data.update(formset("responses", rows))
    data.update(changes)
    return data


def _edit_data(framework, scenario) -> dict:
    """The edit form as the page shows it for the fixture's scenario, unchanged."""
    event = scenario.events.get()
    decision = scenario.decisions.get()
    response = scenario.responses.get()
    step = scenario.steps.get()
    data = scenario_data(
        framework,
        slug=scenario.slug,
        title_en=scenario.title_en,
        title_nl=scenario.title_nl,
        briefing_en=scenario.briefing_en,
        briefing_nl=scenario.briefing_nl,
        duration_s=str(scenario.duration_s),
        time_compression=str(scenario.time_compression),
        setup=json.dumps(scenario.setup),
        offered_actions=scenario.offered_actions,
    )
    data.update(
        formset(
            "steps",
            [
                {
                    "id": str(step.pk),
                    "starts_at_s": "0",
                    "title_en": step.title_en,
                    "title_nl": step.title_nl,
                }
            ],
            initial=1,
        )
    )
    data.update(
        formset(
            "events",
            [
                {
                    "id": str(event.pk),
                    "code": event.code,
                    "kind": event.kind,
                    "at_s": str(event.at_s),
                    "duration_s": "0",
                    "magnitude": "1.0",
                }
            ],
            initial=1,
        )
    )
    data.update(
        formset(
            "decisions",
            [
                {
                    "id": str(decision.pk),
                    "code": decision.code,
                    "opens_at_s": "300",
                    "prompt_en": decision.prompt_en,
                    "prompt_nl": decision.prompt_nl,
                    "options": json.dumps(decision.options),
                }
            ],
            initial=1,
        )
    )
    data.update(
        formset(
            "responses",
            [
                _response_row(
                    framework,
                    id=str(response.pk),
                    code="answer",
                    action="answer",
                    target="what_now",
                    value="stop",
                    trigger="decision",
                    trigger_ref="what_now",
                    within_s="",
                    points="1",
                    critical="",
                    explanation_en=response.explanation_en,
                    explanation_nl=response.explanation_nl,
                    reference=response.reference,
                )
            ],
            initial=1,
        )
    )
    data.pop("responses-0-critical")
    return data


def _errors(response) -> dict:
    form = response.context["form"]
    errors = {"scenario": dict(form.errors)}
    for part, formset_ in form.formsets.items():
        errors[part] = [dict(f.errors) for f in formset_.forms]
    return errors


def _messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def test_an_administrator_creates_a_scenario_with_its_parts(admin_client, framework):
    response = admin_client.post(f"{URL}add/", scenario_data(framework))
    assert response.status_code == 302, _errors(response)
    scenario = Scenario.objects.get(slug="new-one")
    assert scenario.offered_actions == ["stop_process", "document_deviation"]
    assert scenario.setup == {"zones": [{"name": "bsc"}]}
    assert scenario.events.get().kind == "intervention"
    response_row = scenario.responses.get()
    assert (response_row.competency.code, response_row.critical) == ("C4", True)
    event = AuditEvent.objects.get(action="simulation.scenario_created")
    assert event.old_value is None
    assert event.new_value["responses"][0]["competency"] == "C4"
    assert event.new_value["events"][0]["code"] == "touch"


def test_a_trainer_changes_a_scenario_and_the_change_is_audited(
    trainer_client, trainer, framework, scenario
):
    data = _edit_data(framework, scenario)
    data["title_en"] = "A small Grade A exercise, revised"
    data["events-0-at_s"] = "150"
    response = trainer_client.post(f"{URL}edit/{scenario.pk}/", data)
    assert response.status_code == 302, _errors(response)
    scenario.refresh_from_db()
    assert scenario.title_en == "A small Grade A exercise, revised"
    event = AuditEvent.objects.get(action="simulation.scenario_changed")
    assert event.actor == trainer
    assert event.old_value["title_en"] == "A small Grade A exercise"
    assert event.new_value["title_en"] == "A small Grade A exercise, revised"
    assert (event.old_value["events"][0]["at_s"], event.new_value["events"][0]["at_s"]) == (
        120,
        150,
    )


def test_a_save_without_changes_is_not_audited(admin_client, framework, scenario):
    response = admin_client.post(f"{URL}edit/{scenario.pk}/", _edit_data(framework, scenario))
    assert response.status_code == 302, _errors(response)
    assert not AuditEvent.objects.filter(action="simulation.scenario_changed").exists()


def test_the_edit_page_offers_actions_as_checkboxes_and_the_setup_in_monospace(
    admin_client, scenario
):
    html = admin_client.get(f"{URL}edit/{scenario.pk}/").content.decode()
    boxes = {
        match["value"]: "checked" in match[0]
        for match in re.finditer(
            r'<input type="checkbox" name="offered_actions" value="(?P<value>\w+)"[^>]*>', html
        )
    }
    assert boxes["stop_process"] and boxes["document_deviation"]
    assert not boxes["escalate_qa"]
    textarea = re.search(r'<textarea[^>]*name="setup"[^>]*>([^<]*)', html)
    assert "monospace" in textarea[0]
    assert "\n  &quot;zones&quot;: [" in textarea[1]
    options = re.search(r'<textarea[^>]*name="decisions-0-options"[^>]*>', html)[0]
    assert "monospace" in options


def test_a_setup_the_simulators_refuse_is_shown_on_the_field(admin_client, framework):
    data = scenario_data(framework, setup=json.dumps({"zones": [{"name": "bsc", "decay_s": 0}]}))
    response = admin_client.post(f"{URL}add/", data)
    assert response.status_code == 200
    errors = _errors(response)["scenario"]["setup"]
    assert "ZoneConfig.decay_s must be a number from 0.5 to 600 s" in " ".join(errors)
    assert not Scenario.objects.filter(slug="new-one").exists()


def test_a_setup_that_is_not_json_is_refused(admin_client, framework):
    response = admin_client.post(f"{URL}add/", scenario_data(framework, setup="{zones: ["))
    assert response.status_code == 200
    assert "setup" in _errors(response)["scenario"]
    assert not Scenario.objects.exists()


def test_a_response_after_an_event_the_scenario_lacks_is_refused_on_its_row(
    admin_client, framework
):
    rows = [_response_row(framework, trigger_ref="no_such_event")]
    response = admin_client.post(f"{URL}add/", scenario_data(framework, responses=rows))
    assert response.status_code == 200
    row_errors = _errors(response)["responses"][0]
    assert row_errors["trigger_ref"] == [
        dutch("The scenario has no event with the code “%(code)s”.", code="no_such_event")
    ]
    assert not Scenario.objects.exists()


def test_a_response_after_an_alarm_rule_that_does_not_exist_is_refused(admin_client, framework):
    rows = [_response_row(framework, trigger="alarm", trigger_ref="particles.act")]
    response = admin_client.post(f"{URL}add/", scenario_data(framework, responses=rows))
    assert response.status_code == 200
    assert _errors(response)["responses"][0]["trigger_ref"] == [
        dutch("No alarm rule is called “%(code)s” or starts with it.", code="particles.act")
    ]
    assert not Scenario.objects.exists()


def test_a_response_with_an_action_the_scenario_does_not_offer_is_refused(admin_client, framework):
    rows = [_response_row(framework, action="escalate_qa")]
    response = admin_client.post(f"{URL}add/", scenario_data(framework, responses=rows))
    assert response.status_code == 200
    assert _errors(response)["responses"][0]["action"] == [
        dutch("The scenario does not offer this action: add it to the actions offered.")
    ]


def test_an_answer_must_name_an_option_of_its_decision_point(admin_client, framework):
    data = scenario_data(
        framework,
        responses=[
            _response_row(
                framework,
                code="a",
                action="answer",
                target="q",
                value="maybe",
                trigger="decision",
                trigger_ref="q",
            )
        ],
    )
    data.update(
        formset(
            "decisions",
            [
                {
                    "code": "q",
                    "opens_at_s": "200",
                    "prompt_en": "Q?",
                    "prompt_nl": "V?",
                    "options": json.dumps(OPTIONS),
                }
            ],
        )
    )
    response = admin_client.post(f"{URL}add/", data)
    assert response.status_code == 200
    assert _errors(response)["responses"][0]["value"] == [
        dutch(
            "“%(value)s” is not an option of the decision point “%(code)s”.",
            value="maybe",
            code="q",
        )
    ]


def test_two_events_with_one_code_are_refused(admin_client, framework):
    data = scenario_data(framework)
    data.update(
        formset(
            "events",
            [
                {
                    "code": "touch",
                    "kind": "intervention",
                    "at_s": "100",
                    "magnitude": "1",
                    "duration_s": "0",
                },
                {
                    "code": "touch",
                    "kind": "door_open",
                    "at_s": "200",
                    "magnitude": "1",
                    "duration_s": "0",
                },
            ],
        )
    )
    response = admin_client.post(f"{URL}add/", data)
    assert response.status_code == 200
    events = response.context["form"].formsets["events"]
    # Django's formset finds the duplicate first and says so above the rows.
    assert events.non_form_errors() or events.forms[1].errors
    assert not Scenario.objects.exists()


def test_an_event_after_the_end_is_refused(admin_client, framework):
    data = scenario_data(framework, duration_s="90")
    response = admin_client.post(f"{URL}add/", data)
    assert response.status_code == 200
    assert _errors(response)["events"][0]["at_s"] == [
        dutch("This is after the scenario ends (%(duration)s s).", duration=90)
    ]


def test_an_unused_scenario_is_deleted_and_audited(admin_client, administrator, scenario):
    response = admin_client.post(f"{URL}delete/{scenario.pk}/")
    assert response.status_code == 302
    assert not Scenario.objects.filter(pk=scenario.pk).exists()
    assert not ExpectedResponse.objects.exists()
    event = AuditEvent.objects.get(action="simulation.scenario_deleted")
    assert event.actor == administrator
    assert event.new_value is None
    assert event.old_value["slug"] == "tiny"
    assert event.old_value["decisions"][0]["code"] == "what_now"


def test_a_scenario_with_runs_is_not_deleted_and_the_reason_is_given(
    admin_client, scenario, student
):
    make_run(scenario, student)
    response = admin_client.post(f"{URL}delete/{scenario.pk}/", follow=True)
    expected = dutch(
        "Trainees have played “%(scenario)s”, and their runs keep their scenario for their "
        "debriefs and evidence, so it cannot be deleted. Make it unavailable instead.",
        scenario=scenario.title_nl,
    )
    assert expected in _messages(response)
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    assert not AuditEvent.objects.filter(action="simulation.scenario_deleted").exists()


def test_the_delete_page_of_a_scenario_with_runs_sends_back_to_the_edit_page(
    admin_client, scenario, student
):
    make_run(scenario, student)
    response = admin_client.get(f"{URL}delete/{scenario.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}edit/{scenario.pk}/"
    html = admin_client.get(f"{URL}edit/{scenario.pk}/").content.decode()
    assert f"{URL}delete/{scenario.pk}/" not in html


def _bulk_delete(client, *scenarios):
    ids = "&".join(f"id={s.pk}" for s in scenarios)
    url = f"/admin/bulk/simulations/scenario/delete/?next={URL}&{ids}"
    return client.post(url)


def test_bulk_delete_audits_each_scenario_and_leaves_those_with_runs(
    admin_client, framework, scenario, student
):
    other = make_scenario(framework, slug="other")
    make_run(scenario, student)
    response = _bulk_delete(admin_client, scenario, other)
    assert response.status_code == 302
    assert list(Scenario.objects.values_list("slug", flat=True)) == ["tiny"]
    events = AuditEvent.objects.filter(action="simulation.scenario_deleted")
    assert [e.old_value["slug"] for e in events] == ["other"]


def test_a_trainer_cannot_delete_a_scenario(trainer_client, scenario):
    response = trainer_client.post(f"{URL}delete/{scenario.pk}/")
    assert response.status_code in (302, 403)
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    response = _bulk_delete(trainer_client, scenario)
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    assert not AuditEvent.objects.filter(action="simulation.scenario_deleted").exists()
