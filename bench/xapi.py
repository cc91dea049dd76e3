"""xAPI ingestion in-process: statements per second through the endpoint (Django's test
client, signed-in students, CSRF enforced, the full view with its checks), one statement per
POST and in batches, and through record_statement alone.

Targets:
- Ingestion: at least 300 statements per CPU second through the endpoint, judged on batches
  (BENCH_XAPI_BATCH, default 10): the endpoint's capacity, with every check, write and answer
  of a real statement.
- One statement per POST: at most 8x a signed-in POST that only answers, the rule the pages
  are held to. That is what a single attempt sends; its floor is the request itself.

Why one statement per POST is not held to 300 per second: at 300 per second a statement gets
3.3 ms of CPU, and the bare signed-in POST below already takes about 2 ms of it (the session,
the user, CSRF, the middleware). What is left would not pay for the queries that keep a result
true: the lesson and who may play it, the content to rescore, the statement itself, the result
under its row lock and the lesson's completion, at about 0.3 to 1 ms of ORM each. Answering
first and recording later would meet the figure, but the player could then no longer show the
server's verified score and the lesson's completion as the attempt ends.

What a real attempt sends: our content types (ATMP.StepOrder, ATMP.LimitCheck) emit one
statement per "Check" ("answered", with the response); the player relays only statements about
the exercise as a whole with a result, so one attempt is one statement (the browser tests
count them). The relay (static/js/h5p-relay.js) puts the statements that arrive within
250 ms into one POST; a single attempt is therefore a POST of one statement, and a batch forms
when statements come together (several exercises checked at once, content types that report
per question, a flush on leaving the page).

Rates are per second of this process's CPU time, like the page bench, so that other work on
the machine does not count; the wall-clock rate is printed beside it. Each path has its ratio
to a baseline measured in the same run: a signed-in POST, CSRF checked, through the same
middleware to a view that only answers JSON; that baseline's own rate is the ceiling of one
statement per POST, printed under the table. Each path also shows the SQL queries of one POST
(BEGIN and COMMIT included). Run after bench.run.fresh_database(): it builds its own lesson,
exercise, cohort and students.
"""

import datetime
import io
import itertools
import json
import os
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from wagtail.models import Locale, Page

from atmp_platform.home.models import HomePage
from courses.h5p.content_types import LIBRARIES_DIR, build_package, load_definition
from courses.h5p.models import H5PContent, H5PLibrary
from courses.h5p.results import record_statement
from courses.models import Cohort, Enrolment, LessonPage, ModulePage, ProgrammePage
from courses.views.xapi import MAX_BATCH
from tests.factories import make_user

from .urls import urlpatterns as bench_urlpatterns

TARGET_PER_SECOND = 300
# One statement per POST against the bare signed-in POST: the pages' rule (bench.run).
MAX_SINGLE_RATIO = 8.0
STATEMENTS = int(os.environ.get("BENCH_XAPI_STATEMENTS", "600"))
STUDENTS = 20
BATCH = int(os.environ.get("BENCH_XAPI_BATCH", "10"))
# Statements per attempt, for each of our content types (see the module docstring).
STATEMENTS_PER_ATTEMPT = {"ATMP.StepOrder": 1, "ATMP.LimitCheck": 1}
BASELINE_URL = "/bench/xapi-baseline/"
# The first requests of a process fill lazy caches (URL resolvers, translation catalogues).
WARM_UP = 3
# The paths take turns in rounds: a slow moment of the machine falls on all of them alike.
ROUNDS = 5
EXERCISE = LIBRARIES_DIR.parent / "exercises" / "gowning-grade-b.en.json"
ADL = "http://adlnet.gov/expapi/verbs/"
H5P_LIBRARIES = "http://h5p.org/libraries/"


def _home() -> Page:
    home = HomePage.objects.filter(locale__language_code="nl").first()
    if home is not None:
        return home
    home = HomePage(
        title="ATMP XB", slug="bench-xapi-home", locale=Locale.get_default(),
        hero_title="ATMP XB", hero_introduction="Bench.",
    )  # fmt: skip
    Page.get_first_root_node().add_child(instance=home)
    return home


def _content() -> H5PContent:
    data = json.loads((LIBRARIES_DIR / "ATMP.StepOrder-1.0" / "library.json").read_text())
    library, _created = H5PLibrary.objects.get_or_create(
        folder="ATMP.StepOrder-1.0",
        defaults={
            "machine_name": data["machineName"],
            "major_version": data["majorVersion"],
            "minor_version": data["minorVersion"],
            "patch_version": data["patchVersion"],
            "title": data["title"],
            "runnable": True,
            "library_json": data,
        },
    )
    archive = zipfile.ZipFile(io.BytesIO(build_package(load_definition(EXERCISE))))
    h5p_json = json.loads(archive.read("h5p.json"))
    return H5PContent.objects.create(
        title="Bench: gowning order",
        main_library=library,
        h5p_json=h5p_json,
        parameters=json.loads(archive.read("content/content.json")),
    )


def _lesson(content: H5PContent) -> LessonPage:
    programme = ProgrammePage(title="Bench programme", slug=slugify("bench xapi programme"))
    _home().add_child(instance=programme)
    module = ModulePage(
        title="Bench module", slug="bench-module", code="BENCH-1", ects_credits=1,
        level=ModulePage.Level.INTRODUCTORY, summary="Bench.",
    )  # fmt: skip
    programme.add_child(instance=module)
    lesson = LessonPage(
        title="Bench lesson",
        slug="bench-lesson",
        completion_rule=LessonPage.CompletionRule.H5P_PASSED,
        body=[
            ("h5p", {"content": content, "title": "Oefening", "pass_mark": 80, "required": True})
        ],
    )
    module.add_child(instance=lesson)
    return lesson


def _students(module: ModulePage) -> list:
    cohort = Cohort.objects.create(
        module=module, name="Bench", starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 1), capacity=STUDENTS,
    )  # fmt: skip
    students = [make_user("Student", email=f"bench-xapi-{n}@example.org") for n in range(STUDENTS)]
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, student=student, status=Enrolment.Status.ENROLLED)
        for student in students
    )
    return students


def _statements(content: H5PContent):
    """Statements as the player sends them, alternating a right and a wrong order, each
    claiming full marks."""
    steps = content.parameters["steps"]
    ids = [step["id"] for step in steps]
    definition = {
        "extensions": {"http://h5p.org/x-api/h5p-local-content-id": content.pk},
        "name": {"en-US": content.title},
        "description": {"en-US": content.parameters.get("taskDescription", "")},
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "interactionType": "sequencing",
        "choices": [{"id": step["id"], "description": {"en-US": step["text"]}} for step in steps],
    }
    orders = ["[,]".join(ids), "[,]".join([ids[1], ids[0], *ids[2:]])]
    for order in itertools.cycle(orders):
        yield {
            "actor": {"objectType": "Agent", "mbox": "mailto:someone@example.org"},
            "verb": {"id": f"{ADL}answered", "display": {"en-US": "answered"}},
            "object": {
                "id": f"urn:atmp-xb:h5p:{content.uuid}",
                "objectType": "Activity",
                "definition": definition,
            },
            "context": {
                "contextActivities": {
                    "category": [
                        {
                            "id": "http://h5p.org/libraries/ATMP.StepOrder-1.0",
                            "objectType": "Activity",
                        }
                    ]
                }
            },
            "result": {
                "score": {"min": 0, "max": len(ids), "raw": len(ids), "scaled": 1},
                "completion": True,
                "success": True,
                "duration": "PT12.4S",
                "response": order,
            },
        }


@require_POST
def baseline(request):
    """The yardstick: a signed-in POST through the whole middleware, CSRF checked, answered
    with JSON and nothing else."""
    return JsonResponse({"user": request.user.pk})


urlpatterns = [path(BASELINE_URL.strip("/") + "/", baseline), *bench_urlpatterns]


def _signed_in_clients(students) -> list[tuple[Client, str]]:
    """A client per student, with the CSRF token the lesson page hands its relay.

    CSRF is enforced, as for a browser. The clients share one handler: a server process
    loads its middleware once, while each new test client would load it again (WhiteNoise
    then reads every static file), which is no cost of a statement.
    """
    clients = []
    for student in students:
        client = Client(enforce_csrf_checks=True)
        if clients:
            client.handler = clients[0][0].handler
        client.force_login(student)
        token = _get_new_csrf_string()
        client.cookies[settings.CSRF_COOKIE_NAME] = token
        clients.append((client, token))
    return clients


def _post(client: Client, token: str, url: str, body) -> None:
    response = client.post(
        url, json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.content!r}")


@dataclass
class Timing:
    """CPU and wall seconds for `requests` POSTs carrying `statements` statements, and the
    SQL queries of one more such POST (its transaction's BEGIN and COMMIT included)."""

    cpu: float
    wall: float
    requests: int
    statements: int
    queries: int | None = None

    @property
    def per_request_ms(self) -> float:
        return self.cpu * 1000 / self.requests

    @property
    def rate(self) -> float:
        return self.statements / self.cpu


@dataclass
class Route:
    """What one path POSTs: `requests` bodies from `bodies`, each of `per_request` statements."""

    url: str
    bodies: Iterator
    requests: int
    per_request: int


def _timed(clients, routes: list[Route]) -> list[Timing]:
    """Time the routes in ROUNDS turns each, so that what noise remains falls on all alike."""
    timings = [
        Timing(0.0, 0.0, route.requests, route.requests * route.per_request) for route in routes
    ]
    for route in routes:
        for client, token in clients[:WARM_UP]:
            _post(client, token, route.url, next(route.bodies))
    for turn in range(ROUNDS):
        for route, timing in zip(routes, timings, strict=True):
            share = range(turn * route.requests // ROUNDS, (turn + 1) * route.requests // ROUNDS)
            cpu, wall = time.process_time(), time.perf_counter()
            for number in share:
                client, token = clients[number % len(clients)]
                _post(client, token, route.url, next(route.bodies))
            timing.cpu += time.process_time() - cpu
            timing.wall += time.perf_counter() - wall
    for route, timing in zip(routes, timings, strict=True):
        with CaptureQueriesContext(connection) as queries:
            _post(*clients[0], route.url, next(route.bodies))
        timing.queries = len(queries.captured_queries)
    return timings


def _batches(statements, size: int):
    while True:
        yield list(itertools.islice(statements, size))


def _through_the_service(lesson, content, students) -> Timing:
    bodies = _statements(content)
    cpu, wall = time.process_time(), time.perf_counter()
    for number in range(STATEMENTS):
        student = students[number % len(students)]
        record_statement(student=student, content=content, page=lesson, statement=next(bodies))
    return Timing(time.process_time() - cpu, time.perf_counter() - wall, STATEMENTS, STATEMENTS)


def _print(name: str, timing: Timing, baseline: Timing | None, verdict: str = "") -> None:
    ratio = f"{timing.per_request_ms / baseline.per_request_ms:>6.1f}x" if baseline else " " * 7
    queries = "-" if timing.queries is None else timing.queries
    print(
        f"{name:<34} {timing.rate:>11.0f} {timing.statements / timing.wall:>12.0f}"
        f" {timing.per_request_ms:>11.2f} {ratio} {queries:>7}  {verdict}"
    )


def run() -> bool:
    """Measure and print; True when ingestion and the single POST meet their targets."""
    if not 1 <= BATCH <= MAX_BATCH:
        raise SystemExit(f"BENCH_XAPI_BATCH must lie between 1 and {MAX_BATCH}.")
    content = _content()
    lesson = _lesson(content)
    students = _students(lesson.get_parent().specific)
    url = f"/nl/learn/xapi/{lesson.pk}/statements/"
    with override_settings(ROOT_URLCONF=__name__):
        clients = _signed_in_clients(students)
        requests = STATEMENTS // BATCH
        baseline, single, batched = _timed(
            clients,
            [
                Route(BASELINE_URL, itertools.repeat({}), STATEMENTS, 0),
                Route(url, _statements(content), STATEMENTS, 1),
                Route(url, _batches(_statements(content), BATCH), requests, BATCH),
            ],
        )
    service = _through_the_service(lesson, content, students)
    ingestion_passed = batched.rate >= TARGET_PER_SECOND
    single_ratio = single.per_request_ms / baseline.per_request_ms
    single_passed = single_ratio <= MAX_SINGLE_RATIO
    print(
        f"\nxAPI ingestion, {STATEMENTS} statements from {STUDENTS} students, in-process;"
        f" statements per real attempt: {_per_attempt()}."
    )
    print(
        f"{'path':<34} {'stmts/CPU s':>11} {'stmts/wall s':>12} {'CPU ms/POST':>11} {'ratio':>7}"
        f" {'queries':>7}  target"
    )
    print(
        f"{'baseline: signed-in JSON POST':<34} {'-':>11} {'-':>12}"
        f" {baseline.per_request_ms:>11.2f} {1:>6.1f}x {baseline.queries:>7}"
    )
    _print(
        f"endpoint, batches of {BATCH}",
        batched,
        baseline,
        f"{_verdict(ingestion_passed)} (>= {TARGET_PER_SECOND} statements/s)",
    )
    _print(
        "endpoint, 1 statement per POST",
        single,
        baseline,
        f"{_verdict(single_passed)} (<= {MAX_SINGLE_RATIO:.0f}x the baseline: one attempt)",
    )
    _print("record_statement alone", service, None)
    print(
        f"A POST that only answers allows {1000 / baseline.per_request_ms:.0f} per CPU second:"
        " the ceiling of one statement per POST on this machine."
    )
    return ingestion_passed and single_passed


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def _per_attempt() -> str:
    return ", ".join(f"{name} {count}" for name, count in STATEMENTS_PER_ATTEMPT.items())
