"""People for the scale-out tests, made once in the cluster's database (load/prepare.py):
students enrolled where a lesson has an exercise, trainers of that cohort with TOTP."""

import itertools
import json
import secrets

import pytest

from load import flows

from .fixtures import summary

# Loopback addresses of the tests' browsers, apart from the load test's people.
_addresses = itertools.count(60_000)


@pytest.fixture(scope="session")
def people(cluster_session) -> dict:
    """The plan load/prepare.py makes: accounts, password, lesson, scenario, cohort."""
    tag = secrets.token_hex(4)
    output = cluster_session.shell(
        f"from load.prepare import main\nmain({tag!r}, students=8, trainers=2)"
    )
    return json.loads(output)


@pytest.fixture(scope="session")
def _unused_students(people):
    return iter(people["students"])


@pytest.fixture
def student_email(_unused_students) -> str:
    """A prepared student no other test has used: rate limits and runs start afresh."""
    return next(_unused_students)


def new_browser() -> flows.Session:
    """A client with cookies and a loopback address of its own, as a person's browser."""
    session = flows.Session()
    flows.bind_source(session, flows.client_address(next(_addresses)))
    return session


@pytest.fixture
def browser_session():
    session = new_browser()
    yield session
    session.close()


def pytest_terminal_summary(terminalreporter):
    if summary:
        terminalreporter.section("scale-out set-up")
        for line in summary:
            terminalreporter.write_line(line)
