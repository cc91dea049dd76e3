"""Two gunicorn web processes and two Celery workers sharing PostgreSQL and Redis: whatever a
person or a task does on one process holds on the other, and nothing lives in a process's
memory (issue 6 §3)."""

import json
import time
import uuid

import pytest
import redis

from load import flows
from tests.cluster.conftest import new_browser

pytestmark = pytest.mark.cluster

PROFILE = f"/{flows.LANGUAGE}/me/"
ACTION_LIMIT = 60  # "simulation_action": "60/m/user" in settings/base.py
TASKS = 24
ENQUEUE = """
import json
from atmp_platform.core.tasks import ping
print(json.dumps([ping.delay(key).id for key in {keys!r}]))
"""


def signed_in(session, web: str, people: dict, email: str) -> None:
    flows.sign_in(session, web, email, people["password"])


def test_a_session_started_on_one_web_process_continues_on_the_other(
    cluster, people, student_email, browser_session
):
    first, second = (web.url for web in cluster.webs)
    signed_in(browser_session, first, people, student_email)

    on_second = browser_session.get(second + PROFILE, allow_redirects=False)

    assert on_second.status_code == 200, on_second.headers.get("Location")
    assert student_email in on_second.text
    stranger = new_browser().get(second + PROFILE, allow_redirects=False)
    assert stranger.status_code == 302


def test_a_csrf_token_from_one_web_process_is_accepted_by_the_other(
    cluster, people, student_email, browser_session
):
    first, second = (web.url for web in cluster.webs)
    signed_in(browser_session, first, people, student_email)
    token = flows.form_token(browser_session.get(first + PROFILE).text)
    start = f"{second}/{flows.LANGUAGE}/simulations/{people['scenario']}/start/"

    refused = browser_session.post(start, data={"context": ""}, allow_redirects=False)
    accepted = browser_session.post(
        start, data={"context": "", "csrfmiddlewaretoken": token}, allow_redirects=False
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert flows.RUN_PATH.search(accepted.headers["Location"])


def test_a_rate_limit_counted_on_one_web_process_is_enforced_on_the_other(
    cluster, people, student_email, browser_session
):
    first, second = (web.url for web in cluster.webs)
    signed_in(browser_session, first, people, student_email)
    run_id = flows.start_run(browser_session, first, people["scenario"])

    statuses = [
        flows.document_deviation(browser_session, web, run_id, uuid.uuid4().hex).status_code
        for web in [first, second] * (ACTION_LIMIT // 2)
    ]
    over_on_first = flows.document_deviation(browser_session, first, run_id, uuid.uuid4().hex)
    over_on_second = flows.document_deviation(browser_session, second, run_id, uuid.uuid4().hex)

    assert statuses == [200] * ACTION_LIMIT
    assert (over_on_first.status_code, over_on_second.status_code) == (429, 429)
    state = flows.run_state(browser_session, second, run_id).json()
    assert len(state["actions"]) == ACTION_LIMIT


def test_a_run_started_on_one_web_process_is_stepped_on_the_other_and_both_see_one_state(
    cluster, people, student_email, browser_session
):
    first, second = (web.url for web in cluster.webs)
    signed_in(browser_session, first, people, student_email)
    run_id = flows.start_run(browser_session, first, people["scenario"])

    acted = flows.document_deviation(browser_session, second, run_id, uuid.uuid4().hex)
    paused = browser_session.post(
        f"{second}/{flows.LANGUAGE}/simulations/runs/{run_id}/pause/",
        data={"csrfmiddlewaretoken": flows.csrf_token(browser_session)},
        headers={"Accept": "application/json"},
    )
    on_first = flows.run_state(browser_session, first, run_id).json()
    on_second = flows.run_state(browser_session, second, run_id).json()

    assert acted.status_code == 200 and paused.status_code == 200
    assert on_first["status"] == "paused"
    assert [action["kind"] for action in on_first["actions"]] == ["document_deviation"]
    assert on_first["version"] == paused.json()["version"]
    # The clock stands still while paused: the two processes answer the very same state.
    assert on_first == on_second


def test_tasks_spread_over_both_workers_by_their_own_logs(cluster):
    keys = [f"spread-{uuid.uuid4().hex}" for _ in range(TASKS)]
    shared_cache = redis.Redis.from_url(cluster.env["REDIS_URL"])

    task_ids = json.loads(cluster.shell(ENQUEUE.format(keys=keys)))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if all(shared_cache.exists(f"atmp:1:{key}") for key in keys):
            break
        time.sleep(0.2)

    ran = [set(worker.tasks_succeeded("core.ping")) & set(task_ids) for worker in cluster.workers]
    assert all(shared_cache.exists(f"atmp:1:{key}") for key in keys), cluster.logs()
    assert all(ran), f"tasks per worker: {[len(ids) for ids in ran]}"
    assert set.union(*ran) == set(task_ids)
    assert sum(len(ids) for ids in ran) == TASKS


def test_a_person_carries_on_after_their_web_process_restarts(
    cluster, people, student_email, browser_session
):
    first, second = cluster.webs
    signed_in(browser_session, first.url, people, student_email)
    run_id = flows.start_run(browser_session, first.url, people["scenario"])
    old_pid = first.pid

    first.stop()
    on_second_meanwhile = browser_session.get(second.url + PROFILE, allow_redirects=False)
    first.start()
    acted = flows.document_deviation(browser_session, first.url, run_id, uuid.uuid4().hex)
    profile = browser_session.get(first.url + PROFILE, allow_redirects=False)

    assert first.pid != old_pid
    assert on_second_meanwhile.status_code == 200
    assert acted.status_code == 200
    assert profile.status_code == 200 and student_email in profile.text
