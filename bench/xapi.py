"""xAPI ingestion in-process: statements per second through the endpoint (Django's test
client, signed-in students, the full view with its checks) and through record_statement
alone. Target: at least 300 statements per second through the endpoint.

Rates are per second of this process's CPU time, like the page bench, so that other work on
the machine does not count; the wall-clock rate is printed beside it. Run after
bench.run.fresh_database(): it builds its own lesson, exercise, cohort and students.
"""

import datetime
import io
import itertools
import json
import os
import time
import zipfile

from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils.text import slugify

from wagtail.models import Locale, Page

from atmp_platform.home.models import HomePage
from courses.h5p.content_types import LIBRARIES_DIR, build_package, load_definition
from courses.h5p.models import H5PContent, H5PLibrary
from courses.h5p.results import record_statement
from courses.models import Cohort, Enrolment, LessonPage, ModulePage, ProgrammePage
from tests.factories import make_user

TARGET_PER_SECOND = 300
STATEMENTS = int(os.environ.get("BENCH_XAPI_STATEMENTS", "600"))
STUDENTS = 20
# The first requests of a process fill lazy caches (URL resolvers, translation catalogues).
WARM_UP = 3
EXERCISE = LIBRARIES_DIR.parent / "exercises" / "gowning-grade-b.en.json"
ADL = "http://adlnet.gov/expapi/verbs/"


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
    """Statements alternating a right and a wrong order, each claiming full marks."""
    steps = [step["id"] for step in content.parameters["steps"]]
    orders = ["[,]".join(steps), "[,]".join([steps[1], steps[0], *steps[2:]])]
    for order in itertools.cycle(orders):
        yield {
            "actor": {"objectType": "Agent", "mbox": "mailto:someone@example.org"},
            "verb": {"id": f"{ADL}answered"},
            "object": {"id": f"urn:atmp-xb:h5p:{content.uuid}", "objectType": "Activity"},
            "result": {
                "score": {"raw": 10, "max": 10, "scaled": 1},
                "success": True,
                "completion": True,
                "response": order,
            },
        }


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


def _post(client: Client, token: str, url: str, statement: dict) -> None:
    response = client.post(
        url, json.dumps(statement), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    if response.status_code != 200:
        raise SystemExit(f"The xAPI endpoint answered {response.status_code}: {response.content!r}")


def _through_the_endpoint(lesson, content, students) -> tuple[float, float]:
    clients = _signed_in_clients(students)
    url = f"/nl/learn/xapi/{lesson.pk}/statements/"
    bodies = _statements(content)
    for client, token in clients[:WARM_UP]:
        _post(client, token, url, next(bodies))
    cpu, wall = time.process_time(), time.perf_counter()
    for number in range(STATEMENTS):
        client, token = clients[number % len(clients)]
        _post(client, token, url, next(bodies))
    return time.process_time() - cpu, time.perf_counter() - wall


def _through_the_service(lesson, content, students) -> tuple[float, float]:
    bodies = _statements(content)
    cpu, wall = time.process_time(), time.perf_counter()
    for number in range(STATEMENTS):
        student = students[number % len(students)]
        record_statement(student=student, content=content, page=lesson, statement=next(bodies))
    return time.process_time() - cpu, time.perf_counter() - wall


def run() -> bool:
    """Measure and print; True when the endpoint reaches the target."""
    content = _content()
    lesson = _lesson(content)
    students = _students(lesson.get_parent().specific)
    endpoint_cpu, endpoint_wall = _through_the_endpoint(lesson, content, students)
    service_cpu, service_wall = _through_the_service(lesson, content, students)
    endpoint_rate = STATEMENTS / endpoint_cpu
    print(f"\nxAPI ingestion, {STATEMENTS} statements from {STUDENTS} students, in-process:")
    print(f"{'path':<26} {'per CPU s':>10} {'per wall s':>11} {'CPU ms each':>12}  target")
    print(
        f"{'endpoint (test client)':<26} {endpoint_rate:>10.0f} {STATEMENTS / endpoint_wall:>11.0f}"
        f" {endpoint_cpu * 1000 / STATEMENTS:>12.2f}"
        f"  {'PASS' if endpoint_rate >= TARGET_PER_SECOND else 'FAIL'} (>= {TARGET_PER_SECOND}/s)"
    )
    print(
        f"{'record_statement':<26} {STATEMENTS / service_cpu:>10.0f}"
        f" {STATEMENTS / service_wall:>11.0f} {service_cpu * 1000 / STATEMENTS:>12.2f}"
    )
    return endpoint_rate >= TARGET_PER_SECOND
