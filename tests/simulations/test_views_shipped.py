"""The dashboard of every shipped scenario (simulations/data/scenarios): it renders halfway
through a run, with its plan, charts, table and the actions it offers, and its state reads."""

from django.test import Client
from django.urls import reverse

import pytest

from simulations import engine
from simulations.models import Scenario
from simulations.seed import load_scenarios, scenario_files
from simulations.views.dashboard import BUTTON_ACTIONS
from tests.certificates.conftest import framework, levels

from .ui_fixtures import move_clock, owner

FIXTURES = (framework, levels, owner)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def shipped(framework):
    load_scenarios()
    return list(Scenario.objects.all())


@pytest.mark.parametrize("path", scenario_files(), ids=lambda path: path.stem)
def test_a_shipped_scenarios_dashboard_renders_halfway(shipped, owner, path):
    scenario = next(s for s in shipped if s.slug == path.stem)
    run = engine.start_run(scenario=scenario, trainee=owner, seed=3)
    move_clock(run, scenario.duration_s / 2)
    client = Client()
    client.force_login(owner)
    response = client.get(reverse("simulations:run", args=[run.public_id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="sim-plan__drawing"' in html and "<tbody>" in html
    for kind in scenario.offered_actions:
        if kind in BUTTON_ACTIONS or kind in ("extra_sample", "adjust_feed", "document_deviation"):
            assert f'name="kind" value="{kind}"' in html, kind
    state = client.get(reverse("simulations:state", args=[run.public_id])).json()
    assert state["channels"] and scenario.duration_s / 2 <= state["now_s"] < scenario.duration_s
    assert state["status"] == "running"
    for name, channel in state["channels"].items():
        source = name.partition(".")[0]
        assert f"· {source}" not in channel["label"], "a raw set-up name shows: label it"


def test_the_feed_is_adjusted_within_its_range_only(shipped, owner):
    scenario = next(s for s in shipped if "adjust_feed" in s.offered_actions)
    run = engine.start_run(scenario=scenario, trainee=owner, seed=3)
    move_clock(run, 5 * 86_400)
    client = Client()
    client.force_login(owner)
    act = reverse("simulations:act", args=[run.public_id])
    json_accept = {"HTTP_ACCEPT": "application/json"}
    too_much = client.post(act, {"kind": "adjust_feed", "value": "500"}, **json_accept)
    assert too_much.status_code == 400
    fed = client.post(act, {"kind": "adjust_feed", "value": "12,5"}, **json_accept)
    assert fed.status_code == 200
    assert run.actions.get().value == "12.5"
