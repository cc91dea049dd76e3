"""Structured logs read back from the real handler: one JSON object per line, with the request
id, the user's id and nothing more personal, and the same id in a task's lines."""

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
import time
import uuid

from django.conf import settings as django_settings
from django.test import Client

import pytest
from celery import shared_task

from atmp_platform.core.tasks import ping
from atmp_platform.ops import logs
from atmp_platform.ops.log_config import logging_config

pytestmark = pytest.mark.django_db

REQUEST_ID = "lb-7f3a9c21-req"


@shared_task(name="tests.ops.log_from_a_task")
def log_from_a_task() -> None:
    logging.getLogger("tests.ops").warning("written inside the task")


@pytest.fixture
def json_log(settings):
    """The production logging set-up writing to a buffer; the lines it wrote, parsed."""
    stream = io.StringIO()
    config = logging_config(log_format="json", level="INFO")
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)


def request_lines(lines) -> list[dict]:
    return [line for line in lines if line["logger"] == "atmp.request"]


def test_a_request_is_logged_once_with_its_id_user_method_path_status_and_duration(
    json_log, student
):
    client = Client()
    client.force_login(student)

    response = client.get("/robots.txt", HTTP_X_REQUEST_ID=REQUEST_ID)

    assert response["X-Request-ID"] == REQUEST_ID
    (line,) = request_lines(json_log())
    assert line["request_id"] == REQUEST_ID
    assert line["user_id"] == student.pk
    assert (line["method"], line["path"], line["status"]) == ("GET", "/robots.txt", 200)
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)
    assert line["time"].endswith("+00:00")
    assert line["message"] == "GET /robots.txt 200"


def test_no_e_mail_address_or_name_of_the_user_is_logged(json_log, student):
    client = Client()
    client.force_login(student)

    client.get("/robots.txt")

    output = json.dumps(json_log())
    assert student.email not in output
    assert student.full_name not in output


@pytest.mark.parametrize(
    "incoming", ["short", "bad id with spaces", "x" * 200, "<script>alert(1)</script>abc"]
)
def test_an_unsafe_incoming_request_id_is_replaced_by_a_new_one(json_log, incoming):
    response = Client().get("/robots.txt", HTTP_X_REQUEST_ID=incoming)

    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32
    assert request_lines(json_log())[0]["request_id"] == response["X-Request-ID"]


def test_each_request_without_an_id_gets_its_own(json_log):
    first = Client().get("/robots.txt")["X-Request-ID"]
    second = Client().get("/robots.txt")["X-Request-ID"]

    assert first != second


def test_the_logged_path_names_a_token_instead_of_showing_it(json_log):
    token = "Zm9vYmFyLXNlY3JldC10b2tlbi12YWx1ZQ"

    Client().get(f"/h5p/t/{token}/")

    (line,) = request_lines(json_log())
    assert line["path"] == "/h5p/t/<token>/"
    assert token not in json.dumps(json_log())


def test_a_failing_request_logs_its_traceback_under_the_same_request_id(json_log, settings):
    settings.ROOT_URLCONF = "tests.ops.raising_urls"

    response = Client(raise_request_exception=False).get("/explode/", HTTP_X_REQUEST_ID=REQUEST_ID)

    assert response.status_code == 500
    lines = json_log()
    (error,) = [line for line in lines if line["logger"] == "django.request"]
    assert error["request_id"] == REQUEST_ID
    assert "RuntimeError: the enrolment of  could not be read" in error["exception"]
    (line,) = request_lines(lines)
    assert (line["level"], line["status"]) == ("ERROR", 500)


def test_a_task_logs_under_the_request_id_it_was_enqueued_with(json_log):
    log_from_a_task.apply(headers={logs.TASK_HEADER: REQUEST_ID})

    (line,) = [line for line in json_log() if line["logger"] == "tests.ops"]
    assert line["request_id"] == REQUEST_ID
    assert line["task_name"] == "tests.ops.log_from_a_task"
    assert line["task_id"]
    assert logs.current_request_id() == ""


def test_publishing_a_task_during_a_request_puts_its_id_in_the_message_headers():
    headers = {}
    token = logs._request_id.set(REQUEST_ID)
    try:
        logs.send_request_id(headers=headers)
    finally:
        logs._request_id.reset(token)
    outside = {}
    logs.send_request_id(headers=outside)

    assert headers == {logs.TASK_HEADER: REQUEST_ID}
    assert outside == {}


def test_plain_lines_carry_the_request_id_too(settings):
    stream = io.StringIO()
    config = logging_config(log_format="plain", level="INFO")
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    try:
        Client().get("/robots.txt", HTTP_X_REQUEST_ID=REQUEST_ID)
    finally:
        logging.config.dictConfig(settings.LOGGING)

    assert f"INFO atmp.request [{REQUEST_ID}] GET /robots.txt 200" in stream.getvalue()


def test_an_unknown_log_format_is_refused():
    with pytest.raises(ValueError, match="DJANGO_LOG_FORMAT must be one of json, plain"):
        logging_config(log_format="xml", level="INFO")


@pytest.mark.services
def test_a_worker_logs_a_task_under_the_id_of_the_request_that_enqueued_it(services, tmp_path):
    """A Celery worker of its own, writing JSON lines, on a queue of its own: the suite's
    worker keeps Celery's plain format (settings/test.py)."""
    queue = f"ops-log-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "atmp_platform.settings.dev",
        "DJANGO_LOG_FORMAT": "json",
    }
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "atmp_platform", "worker", "-Q", queue]
            + ["--concurrency=1", "--pool=solo", "--without-gossip", "--without-mingle"],
            cwd=django_settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        token = logs._request_id.set(REQUEST_ID)
        try:
            result = ping.apply_async(args=[f"ops-log-{queue}"], queue=queue)
        finally:
            logs._request_id.reset(token)
        finished = f"Task core.ping[{result.id}] succeeded"
        deadline = time.monotonic() + 60
        while finished not in log.read_text() and time.monotonic() < deadline:
            assert worker.poll() is None, log.read_text()[-3000:]
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    (line,) = [line for line in lines if line["message"].startswith(finished)]
    assert line["request_id"] == REQUEST_ID
    assert (line["task_id"], line["task_name"]) == (result.id, "core.ping")
