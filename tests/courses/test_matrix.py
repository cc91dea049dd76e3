"""The training matrix: what each cell says, the filters, and its query count."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest

from courses.models import Enrolment

from ..factories import activate_totp, make_user
from .conftest import enrol
from .matrix_helpers import give, make_competencies, make_competency, make_scale

pytestmark = pytest.mark.django_db


def matrix_url(cohort, language="en", query="") -> str:
    url = f"/{language}/trainer/cohorts/{cohort.pk}/matrix/"
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
        "gowning": make_competency("c3", "Aseptic gowning", order=3),
        "gmp": make_competency("c1", "GMP basics", order=1),
        "em": make_competency("c5", "EM sampling", order=5),
    }


@pytest.fixture
def students(cohort):
    ann = make_user("Student", email="ann@example.org", full_name="Ann Current")
    bob = make_user("Student", email="bob@example.org", full_name="Bob Expiring")
    cas = make_user("Student", email="cas@example.org", full_name="Cas Expired")
    dee = make_user("Student", email="dee@example.org", full_name="Dee Missing")
    for person in (ann, bob, cas, dee):
        enrol(person, cohort)
    return {"ann": ann, "bob": bob, "cas": cas, "dee": dee}


@pytest.fixture
def statuses(framework, students):
    give(students["ann"], framework["gowning"], 3, days_left=200)
    give(students["ann"], framework["gmp"], 2, days_left=300)
    give(students["bob"], framework["gowning"], 2, days_left=10)
    give(students["cas"], framework["gowning"], 4, days_left=-5)
    return students


def cell_of(response, person, code):
    row = next(row for row in response.context["matrix"].rows if row.student.pk == person.pk)
    return next(cell for cell in row.cells if cell.competency.code == code)


# ---------- What the cells say ----------


def test_each_cell_shows_the_state_level_and_date_of_the_status(
    client, cohort, statuses, signed_in_trainer
):
    response = client.get(matrix_url(cohort))
    assert response.status_code == 200
    assert cell_of(response, statuses["ann"], "c3").state == "current"
    assert cell_of(response, statuses["bob"], "c3").state == "expiring"
    assert cell_of(response, statuses["cas"], "c3").state == "expired"
    assert cell_of(response, statuses["dee"], "c3").state == "missing"
    assert cell_of(response, statuses["cas"], "c3").level == 4
    html = response.text
    assert "Level 3: Performs independently" in html
    assert "Level 2: Performs under supervision" in html
    assert "Level 4: Can teach others" in html


def test_a_state_is_told_in_words_and_by_an_icon_not_by_colour_alone(
    client, cohort, statuses, signed_in_trainer
):
    html = client.get(matrix_url(cohort)).text
    for state, icon, words in (
        ("current", "✓", "Current"),
        ("expiring", "!", "Expiring soon"),
        ("expired", "✕", "Expired"),
        ("missing", "–", "Missing"),
    ):
        assert f'<td class="matrix-cell matrix-cell--{state}">' in html, (
            f"no {state} cell in the matrix"
        )
        assert f'<span class="matrix-icon" aria-hidden="true">{icon}</span> {words}</span>' in html


def test_expired_cells_say_when_and_current_ones_until_when(
    client, cohort, statuses, signed_in_trainer
):
    html = client.get(matrix_url(cohort)).text
    assert re.search(r"expired on \d{1,2} [A-Z][a-z]{2} \d{4}", html)
    assert re.search(r"valid until \d{1,2} [A-Z][a-z]{2} \d{4}", html)


def test_dates_in_the_dutch_matrix_take_no_capital(client, cohort, statuses, signed_in_trainer):
    html = client.get(matrix_url(cohort, "nl")).text
    months = "jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec"

    assert re.search(rf"verlopen op \d{{1,2}} ({months}) \d{{4}}", html)
    assert re.search(rf"geldig tot \d{{1,2}} ({months}) \d{{4}}", html)
    assert not re.search(r"(geldig tot|verlopen op) \d{1,2} [A-Z]", html)


def test_columns_follow_the_framework_order_and_rows_the_names(
    client, cohort, statuses, signed_in_trainer
):
    matrix = client.get(matrix_url(cohort)).context["matrix"]
    assert [c.code for c in matrix.competencies] == ["c1", "c3", "c5"]
    assert [row.name for row in matrix.rows] == [
        "Ann Current",
        "Bob Expiring",
        "Cas Expired",
        "Dee Missing",
    ]


def test_inactive_competencies_and_inactive_enrolments_are_left_out(
    client, cohort, statuses, framework, signed_in_trainer
):
    make_competency("c9", "Retired competency", active=False)
    for status in ("applied", "waitlisted", "withdrawn", "refused"):
        enrol(make_user("Student", full_name=f"Eve {status}"), cohort, status=status)
    finished = make_user("Student", full_name="Fay Finished")
    enrol(finished, cohort, status=Enrolment.Status.COMPLETED)
    matrix = client.get(matrix_url(cohort)).context["matrix"]
    assert "c9" not in [c.code for c in matrix.competencies]
    assert [row.name for row in matrix.rows if row.name.startswith(("Eve", "Fay"))] == [
        "Fay Finished"
    ]


def test_students_of_other_cohorts_are_not_in_the_matrix(
    client, cohort, statuses, curriculum, signed_in_trainer
):
    from .conftest import make_cohort

    other = make_cohort(curriculum.module, trainers=[], name="Zomer 2027")
    enrol(make_user("Student", full_name="Zed Elsewhere"), other)
    names = [row.name for row in client.get(matrix_url(cohort)).context["matrix"].rows]
    assert "Zed Elsewhere" not in names


def test_each_cell_links_to_its_evidence_with_the_filters_kept(
    client, cohort, statuses, signed_in_trainer
):
    ann = statuses["ann"]
    html = client.get(matrix_url(cohort, query="state=expiring&q=bob")).text
    assert "Ann Current" not in html
    bob = statuses["bob"]
    expected = (
        f'href="/en/trainer/cohorts/{cohort.pk}/students/{bob.pk}/competencies/c3/'
        f'?state=expiring&amp;q=bob"'
    )
    assert expected in html
    plain = client.get(matrix_url(cohort)).text
    assert f'href="/en/trainer/cohorts/{cohort.pk}/students/{ann.pk}/competencies/c1/"' in plain


def test_the_legend_names_every_state_with_its_count(client, cohort, statuses, signed_in_trainer):
    response = client.get(matrix_url(cohort))
    legend = {item["state"]: item["count"] for item in response.context["legend"]}
    # 4 students × 3 competencies: Ann 2 current, Bob 1 expiring, Cas 1 expired, the rest missing.
    assert legend == {"current": 2, "expiring": 1, "expired": 1, "missing": 8}
    assert "8 cells" in response.text


def test_the_table_is_a_labelled_keyboard_scroll_region(
    client, cohort, statuses, signed_in_trainer
):
    html = client.get(matrix_url(cohort)).text
    assert (
        'class="matrix-scroll" role="region" aria-labelledby="matrix-caption" tabindex="0"' in html
    )
    assert '<caption id="matrix-caption">' in html
    assert '<th scope="col" class="matrix-table__corner">' in html
    assert '<th scope="row" class="matrix-table__student">' in html


def test_the_matrix_is_a_tab_of_the_cohort_screens(client, cohort, statuses, signed_in_trainer):
    html = client.get(matrix_url(cohort)).text
    assert 'aria-current="page">Training matrix</a>' in html
    cohort_view = client.get(f"/en/trainer/cohorts/{cohort.pk}/").text
    assert f'href="/en/trainer/cohorts/{cohort.pk}/matrix/"' in cohort_view


def test_the_matrix_speaks_dutch(client, cohort, statuses, signed_in_trainer):
    html = client.get(matrix_url(cohort, language="nl")).text
    with translation.override("nl"):
        assert translation.gettext("Training matrix") in html
        assert translation.gettext("Expiring soon") in html


def test_empty_states_say_what_is_missing(client, cohort, signed_in_trainer, framework):
    assert "No students are enrolled in this cohort yet." in client.get(matrix_url(cohort)).text


def test_without_competencies_the_matrix_says_the_framework_is_empty(
    client, cohort, students, signed_in_trainer
):
    html = client.get(matrix_url(cohort)).text
    assert "The competency framework has no active competencies yet." in html


# ---------- Filters ----------


def names(response) -> list[str]:
    return [row.name for row in response.context["matrix"].rows]


def test_the_expiring_filter_keeps_students_with_a_level_lapsing_within_30_days(
    client, cohort, statuses, signed_in_trainer
):
    response = client.get(matrix_url(cohort, query="state=expiring"))
    assert names(response) == ["Bob Expiring"]
    assert 'class="matrix-cell matrix-cell--expiring is-match"' in response.text


def test_the_missing_filter_keeps_students_missing_any_competency(
    client, cohort, statuses, signed_in_trainer
):
    response = client.get(matrix_url(cohort, query="state=missing"))
    assert names(response) == ["Ann Current", "Bob Expiring", "Cas Expired", "Dee Missing"]
    response = client.get(matrix_url(cohort, query="state=missing&competency=c3"))
    assert names(response) == ["Dee Missing"]


def test_the_expired_filter(client, cohort, statuses, signed_in_trainer):
    assert names(client.get(matrix_url(cohort, query="state=expired"))) == ["Cas Expired"]


def test_the_competency_filter_shows_one_column(client, cohort, statuses, signed_in_trainer):
    response = client.get(matrix_url(cohort, query="competency=c1"))
    matrix = response.context["matrix"]
    assert [c.code for c in matrix.competencies] == ["c1"]
    assert [c.code for c in matrix.all_competencies] == ["c1", "c3", "c5"]
    assert '<option value="c1" selected>' in response.text


def test_the_name_search_matches_names_and_addresses_in_any_case(
    client, cohort, statuses, signed_in_trainer
):
    assert names(client.get(matrix_url(cohort, query="q=CAS"))) == ["Cas Expired"]
    assert names(client.get(matrix_url(cohort, query="q=dee%40example"))) == ["Dee Missing"]
    response = client.get(matrix_url(cohort, query="q=nobody"))
    assert names(response) == []
    assert "No students match these filters." in response.text
    assert "0 of 4 students shown" in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("state=bogus", "“bogus” is not a state the matrix can filter on; all states are shown."),
        ("competency=c99", "There is no active competency with the code “c99”; all are shown."),
        ("q=" + "x" * 101, "A name search can be at most 100 characters long"),
    ],
)
def test_a_bad_filter_value_is_named_and_the_default_view_shown(
    client, cohort, statuses, signed_in_trainer, query, message
):
    response = client.get(matrix_url(cohort, query=query))
    assert response.status_code == 200
    assert message in response.text
    assert 'role="alert"' in response.text
    assert response.context["matrix"].filters.is_default
    assert len(names(response)) == 4


def test_a_bad_filter_does_not_drop_the_good_ones(client, cohort, statuses, signed_in_trainer):
    response = client.get(matrix_url(cohort, query="state=expired&competency=<script>"))
    assert names(response) == ["Cas Expired"]
    assert "<script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_the_filter_form_works_without_javascript(client, cohort, statuses, signed_in_trainer):
    html = client.get(matrix_url(cohort)).text
    assert f'<form class="matrix-filters" method="get" action="{matrix_url(cohort)}"' in html
    assert '<label for="matrix-state">' in html
    assert '<label for="matrix-competency">' in html
    assert '<label for="matrix-search">' in html
    assert "htmx-2.min.js" in html


def test_an_htmx_request_gets_the_results_and_the_status_out_of_band(
    client, cohort, statuses, signed_in_trainer
):
    response = client.get(matrix_url(cohort, query="state=expired"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert '<p id="matrix-status" hx-swap-oob="innerHTML">1 of 4 students shown' in response.text
    assert "Cas Expired" in response.text
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, cohort, statuses, signed_in_trainer):
    response = client.get(
        matrix_url(cohort),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.text


# ---------- Queries ----------


def matrix_queries(client, cohort) -> int:
    # The first request of a test creates the site settings, which renews the cached site.
    client.get(matrix_url(cohort))
    client.get(matrix_url(cohort))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(matrix_url(cohort))
    assert response.status_code == 200
    return len(queries.captured_queries)


def fill(cohort, prefix: str, students: int, competencies: list) -> None:
    for number in range(students):
        person = make_user("Student", email=f"{prefix}{number}@example.org", verified=False)
        enrol(person, cohort)
        for index, competency in enumerate(competencies):
            if (number + index) % 4:
                give(person, competency, 1 + (number + index) % 4, days_left=(number * 7) % 90 - 20)


def test_the_matrix_takes_the_same_queries_for_few_and_many_students_and_competencies(
    client, cohort, signed_in_trainer
):
    make_scale()
    competencies = make_competencies(2)
    fill(cohort, "few", 2, competencies)
    small = matrix_queries(client, cohort)
    competencies += make_competencies(6, prefix="x")
    fill(cohort, "many", 18, competencies)
    large = matrix_queries(client, cohort)
    assert small == large
    assert large <= 15
