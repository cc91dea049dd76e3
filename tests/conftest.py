"""Fixtures shared by the whole suite.

Tests that need Chromium skip with the reason when it is missing; with REQUIRE_ALL_TESTS=1
(set by .ci/run) such a skip is a failure instead, so that CI always runs them. Tests that need
the services (PostgreSQL, Redis, a Celery worker) skip without them, except in the run where
ATMP_SERVICES=1 says they are there (.ci/run's second run), where a missing one is a failure.
"""

import os
import shutil

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from wagtail.models import Locale, Page, Site

import pytest
from kombu.exceptions import OperationalError

from atmp_platform.celery import app as celery_app
from atmp_platform.home.models import HomePage

from .cluster.fixtures import cluster, cluster_session, pytest_runtest_makereport  # noqa: F401
from .database_template import use_a_migrated_template
from .factories import make_user
from .pages import publish, translate

REQUIRE_ALL_TESTS = os.environ.get("REQUIRE_ALL_TESTS") == "1"
SERVICES_RUN = os.environ.get("ATMP_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""


def skip_or_fail(reason: str):
    if REQUIRE_ALL_TESTS:
        pytest.fail(f"{reason} (REQUIRE_ALL_TESTS=1 turns this skip into a failure)")
    pytest.skip(reason)


def services_missing(reason: str):
    if SERVICES_RUN:
        pytest.fail(f"{reason} (ATMP_SERVICES=1 says the services are there)")
    pytest.skip(reason)


# What makes a test one that uses the database (beside a django_db mark).
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "services"}


def pytest_collection_modifyitems(items):
    """Mark `database` each test that uses the database or the services, so that the services
    run of .ci/run can repeat those on PostgreSQL, Redis and a Celery worker: a test that
    uses neither runs the same code whatever they are."""
    for item in items:
        if (
            item.get_closest_marker("django_db")
            or item.get_closest_marker("services")
            or DATABASE_FIXTURES & set(item.fixturenames)
        ):
            item.add_marker(pytest.mark.database)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: rate-limit counters and cached site data must
    not leak from one test to the next, nor (with Redis) from one run to the next."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language (Dutch): a request or an override in
    an earlier test on the same worker must not decide what `reverse` or `gettext` give."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def wagtail_index_tasks(settings):
    """Wagtail's search-index and reference-index updates run on save, as on the real site
    (the test settings drop them to save time)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def eager_tasks():
    """Celery tasks run in the test process even where a broker is configured (the services
    run): a worker could not see the rows of the test's own transaction."""
    conf = celery_app.conf
    previous = conf.task_always_eager
    conf.task_always_eager = True
    yield
    conf.task_always_eager = previous


@pytest.fixture
def services(settings):
    """PostgreSQL as the database, Redis as cache and broker, and a Celery worker answering
    on that broker (started by .ci/run with the same environment)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        services_missing("DATABASE_URL does not point at PostgreSQL")
    if not settings.REDIS_URL or not settings.CELERY_BROKER_URL:
        services_missing("REDIS_URL and CELERY_BROKER_URL are not both set")
    try:
        workers = celery_app.control.ping(timeout=5)
    except OperationalError as error:
        services_missing(f"The Celery broker does not answer: {error}")
    if not workers:
        services_missing("No Celery worker answers on the broker (make worker)")
    return celery_app


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, django_db_blocker):
    """Each worker's test database starts as a copy of one migrated template."""
    with django_db_blocker.unblock():
        use_a_migrated_template()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database without Wagtail's welcome page and its site, which every test that
    builds a site replaces: removing them once here saves it in each of those tests."""
    with django_db_blocker.unblock():
        remove_the_site()


def remove_the_site():
    for page in Page.get_first_root_node().get_children():
        page.delete()
    Site.objects.all().delete()


@pytest.fixture
def home_page(db):
    """The Dutch home page as the default site's root, with its English translation."""
    root = Page.get_first_root_node()
    dutch = Locale.objects.get_or_create(language_code="nl")[0]
    english = Locale.objects.get_or_create(language_code="en")[0]
    # A transactional test with a serialized rollback brings the welcome page back.
    remove_the_site()
    home = publish(
        root,
        HomePage(
            title="ATMP XB",
            slug="home",
            locale=dutch,
            hero_title="Sneller en veiliger naar cel- en gentherapie",
            hero_introduction="Een grensoverschrijdend leernetwerk voor ATMP's.",
        ),
    )
    translate(home, english.language_code, hero_title="Faster and safer to cell and gene therapy")
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def student(db):
    return make_user("Student", email="student@example.org", full_name="Sam Student")


@pytest.fixture
def trainer(db):
    return make_user("Trainer", email="trainer@example.org", full_name="Tess Trainer")


@pytest.fixture
def administrator(db):
    return make_user(
        "Programme administrator", email="admin@example.org", full_name="Ada Administrator"
    )


@pytest.fixture
def chromium_path():
    if not CHROMIUM or not os.path.exists(CHROMIUM):
        skip_or_fail("Chromium is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture
def browser(chromium_path):
    """A headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-BE")
    tab = context.new_page()
    yield tab
    context.close()


def pytest_terminal_summary(terminalreporter):
    """The journeys' screenshots folder and timings (tests/journeys/report.py)."""
    from tests.journeys.report import summarise

    summarise(terminalreporter)
