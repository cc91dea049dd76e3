"""One server and one browser for all journeys of a test run.

The server is a gunicorn process on a fresh database of the run's kind (a SQLite file here,
copied from the suite's migrated template, or `<name>_journeys` on the PostgreSQL server
DATABASE_URL names, dropped at the end), migrated and loaded with the demo a newcomer sees.
Its tasks run eagerly in that process and its e-mail goes to files the journeys read. All
journeys share the xdist group "journeys" (run with `--dist loadgroup`), so this happens once
per run.
"""

import os
import time

from django.conf import settings

import pytest

from tests.conftest import CHROMIUM, skip_or_fail
from tests.database_template import sqlite_template

from .server import RunningServer, ServerFailed, load_running
from .support import ARTIFACTS, BROWSER_LOCALES, MODERATE_REPORT, Journey, clear_artifacts

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every journey is a browser test, a journey, and in the xdist group that shares the
    server (before xdist reads the groups)."""
    for item in items:
        if "tests/journeys/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.journey)
            item.add_marker(pytest.mark.xdist_group("journeys"))


@pytest.fixture(scope="session")
def journeys_server(tmp_path_factory):
    """The demo site served by gunicorn for the whole run; yields a `Server`.

    JOURNEYS_SERVER=<folder>/server.json uses one kept running by `python -m
    tests.journeys.server <folder>` instead (see server.py)."""
    MODERATE_REPORT.unlink(missing_ok=True)
    if os.environ.get("JOURNEYS_SERVER"):
        yield load_running(os.environ["JOURNEYS_SERVER"])
        return
    claim_the_bring_up(tmp_path_factory)
    postgresql = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    running = RunningServer(
        tmp_path_factory.mktemp("journeys"),
        database_url=os.environ.get("DATABASE_URL", ""),
        postgresql=postgresql,
        template=None if postgresql else sqlite_template(),
    )
    try:
        yield running.start()
    except ServerFailed as error:
        pytest.fail(str(error))
    finally:
        running.stop()


def claim_the_bring_up(tmp_path_factory):
    """Under pytest-xdist, fail the second worker that would bring up a server: the xdist
    group is not being honoured (see the pytest pin in pyproject.toml)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    # Each worker's base temporary folder sits in the run's own.
    claim = tmp_path_factory.getbasetemp().parent / "journeys-server-worker"
    try:
        descriptor = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        pytest.fail(
            f"{claim.read_text()} already brought up the journeys' server: pytest-xdist spread "
            f"the journeys over its workers instead of keeping the group 'journeys' on one"
        )
    os.write(descriptor, worker.encode())
    os.close(descriptor)


@pytest.fixture(scope="module")
def journeys_browser():
    """One headless Debian Chromium for the journeys of a module (each has its own context).

    Not for the whole session: while Playwright's sync API is open its event loop counts as
    running in this thread, which would break the tests that run after the journeys on this
    worker (Django's ORM and Playwright refuse to run inside a running loop)."""
    if not CHROMIUM or not os.path.exists(CHROMIUM):
        skip_or_fail("Chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=["nl", "en"])
def lang(request):
    return request.param


@pytest.fixture
def journey_for(journeys_browser, journeys_server, lang, record_property):
    """`journey_for("visitor")`: a fresh browser context in `lang` for that role (the browser
    first: without Chromium the server is not brought up for nothing); reports the
    journey's duration, screenshots folder and the server's bring-up time. A journey with two
    people (an editor and the administrator who moderates) makes two, sharing one screenshots
    folder: `journey_for("administrator", folder="partner-editor")`."""
    contexts = []
    started = time.monotonic()
    made = []

    def make(role: str, *, folder: str = "") -> Journey:
        folder = folder or role
        if all(journey.folder != folder for journey in made):
            clear_artifacts(folder, lang)
        context = journeys_browser.new_context(
            base_url=journeys_server.url,
            locale=BROWSER_LOCALES[lang],
            viewport={"width": 1280, "height": 900},
        )
        contexts.append(context)
        context.set_default_timeout(15_000)
        journey = Journey(
            page=context.new_page(), server=journeys_server, role=role, lang=lang, folder=folder
        )
        journey.watch()
        made.append(journey)
        return journey

    yield make
    for context in contexts:
        context.close()
    record_property("journey_seconds", round(time.monotonic() - started, 1))
    record_property("journey_bring_up_seconds", round(journeys_server.bring_up_seconds, 1))
    record_property("journey_screenshots", str(ARTIFACTS / lang))
    record_property("journey_pages", sum(len(journey.pages_checked) for journey in made))
