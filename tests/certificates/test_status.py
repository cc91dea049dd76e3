"""How a person's status in a competency follows from their evidence (certificates.services)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates.dates import add_months
from certificates.models import Competency, CompetencyStatus, Evidence
from certificates.services import (
    record_evidence,
    refresh_status,
    state_of,
    statuses_for,
    supersede_evidence,
)
from tests.factories import make_user

TRAINER = Evidence.Verification.TRAINER
SERVER = Evidence.Verification.SERVER
SELF = Evidence.Verification.SELF_REPORTED
ASSESSMENT = Evidence.Source.ASSESSMENT


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def _evidence(person, competency, level, ref, *, verification=TRAINER, on=None, **kwargs):
    return record_evidence(
        person=person,
        competency=competency,
        source=ASSESSMENT,
        source_ref=ref,
        verification=verification,
        level=level,
        occurred_at=_at(on) if on else None,
        **kwargs,
    )


def _status(person, competency) -> CompetencyStatus:
    return CompetencyStatus.objects.get(person=person, competency=competency)


def test_the_highest_valid_counting_level_wins(student, competency):
    _evidence(student, competency, 2, "a:1")
    _evidence(student, competency, 3, "a:2")
    _evidence(student, competency, 1, "a:3")
    status = _status(student, competency)
    assert status.level == 3
    assert status.evidence_count == 3
    assert state_of(status) == CompetencyStatus.State.CURRENT


def test_self_reported_evidence_never_counts(student, competency):
    _evidence(student, competency, 4, "self:1", verification=SELF)
    status = _status(student, competency)
    assert status.level is None
    assert status.evidence_count == 1
    assert state_of(status) == CompetencyStatus.State.MISSING


def test_self_reported_evidence_does_not_raise_a_verified_level(student, competency):
    _evidence(student, competency, 2, "a:1", verification=SERVER)
    _evidence(student, competency, 4, "self:1", verification=SELF)
    assert _status(student, competency).level == 2


def test_superseded_evidence_stops_counting(student, trainer, competency):
    wrong = _evidence(student, competency, 4, "a:1")
    correction = _evidence(student, competency, 2, "a:2")
    assert _status(student, competency).level == 4
    supersede_evidence(evidence=wrong, by=correction, actor=trainer, reason="Wrong student.")
    assert _status(student, competency).level == 2
    event = AuditEvent.objects.get(action="evidence.superseded")
    assert event.reason == "Wrong student."
    assert event.new_value == {"superseded_by": correction.pk}


def test_superseding_twice_is_refused(student, trainer, competency):
    wrong = _evidence(student, competency, 4, "a:1")
    first = _evidence(student, competency, 2, "a:2")
    second = _evidence(student, competency, 3, "a:3")
    stale_copy = Evidence.objects.get(pk=wrong.pk)
    supersede_evidence(evidence=wrong, by=first, actor=trainer, reason="Typo.")
    with pytest.raises(ValidationError):
        supersede_evidence(evidence=stale_copy, by=second, actor=trainer, reason="Stale.")
    wrong.refresh_from_db()
    with pytest.raises(ValidationError):
        supersede_evidence(evidence=wrong, by=second, actor=trainer, reason="Again.")
    wrong.refresh_from_db()
    assert wrong.superseded_by == first
    assert AuditEvent.objects.filter(action="evidence.superseded").count() == 1


def test_validity_comes_from_the_competencys_months(student, competency):
    evidence = _evidence(student, competency, 2, "a:1", on=date(2025, 3, 15))
    assert evidence.valid_until == date(2026, 3, 15)


@pytest.mark.parametrize(
    ("occurred", "months", "until"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 February in 2025
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
    ],
)
def test_validity_ends_on_the_months_last_day_when_it_has_no_such_day(
    student, competency, occurred, months, until
):
    Competency.objects.filter(pk=competency.pk).update(validity_months=months)
    competency.refresh_from_db()
    evidence = _evidence(student, competency, 2, "a:1", on=occurred)
    assert evidence.valid_until == until
    assert add_months(occurred, months) == until


def test_an_explicit_valid_until_is_kept(student, competency):
    until = timezone.localdate() + timedelta(days=90)
    evidence = _evidence(student, competency, 2, "a:1", valid_until=until)
    assert evidence.valid_until == until
    assert _status(student, competency).valid_until == until


def test_status_expiring_within_30_days(student, competency):
    today = timezone.localdate()
    _evidence(student, competency, 3, "a:1", valid_until=today + timedelta(days=30))
    status = _status(student, competency)
    assert status.state_on(today) == CompetencyStatus.State.EXPIRING
    assert status.state_on(today - timedelta(days=1)) == CompetencyStatus.State.CURRENT
    assert state_of(status) == CompetencyStatus.State.EXPIRING


def test_status_expired_keeps_the_lapsed_level(student, competency):
    today = timezone.localdate()
    evidence = _evidence(student, competency, 3, "a:1", on=add_months(today, -13))
    assert evidence.valid_until < today
    status = _status(student, competency)
    assert status.level is None
    assert status.expired_level == 3
    assert status.expired_on == evidence.valid_until
    assert state_of(status) == CompetencyStatus.State.EXPIRED


def test_a_status_read_after_its_last_day_is_expired_before_any_refresh(student, competency):
    _evidence(student, competency, 3, "a:1")
    status = _status(student, competency)
    assert status.state_on(status.valid_until) == CompetencyStatus.State.EXPIRING
    assert status.state_on(status.valid_until + timedelta(days=1)) == CompetencyStatus.State.EXPIRED


def test_evidence_in_a_competency_without_validity_never_expires(student, competency):
    Competency.objects.filter(pk=competency.pk).update(validity_months=None)
    competency.refresh_from_db()
    evidence = _evidence(student, competency, 2, "a:1", on=date(2010, 1, 1))
    status = _status(student, competency)
    assert evidence.valid_until is None
    assert status.level == 2
    assert status.valid_until is None
    assert status.state_on(date(2100, 1, 1)) == CompetencyStatus.State.CURRENT


def test_refresh_after_expiry_falls_back_to_a_lower_still_valid_level(student, competency):
    today = timezone.localdate()
    high = _evidence(student, competency, 4, "a:1", on=add_months(today, -12) + timedelta(days=5))
    low = _evidence(student, competency, 2, "a:2", on=today - timedelta(days=10))
    assert _status(student, competency).level == 4
    later = high.valid_until + timedelta(days=1)
    status = refresh_status(person=student, competency=competency, today=later)
    assert status.level == 2
    assert status.valid_until == low.valid_until
    assert status.state_on(later) == CompetencyStatus.State.CURRENT


def test_refresh_when_everything_lapsed_shows_the_last_level_held(student, competency):
    today = timezone.localdate()
    _evidence(student, competency, 2, "a:1", on=add_months(today, -12) + timedelta(days=3))
    last = _evidence(student, competency, 3, "a:2", on=add_months(today, -12) + timedelta(days=5))
    later = last.valid_until + timedelta(days=1)
    status = refresh_status(person=student, competency=competency, today=later)
    assert (status.level, status.expired_level) == (None, 3)
    assert status.expired_on == last.valid_until
    assert status.state_on(later) == CompetencyStatus.State.EXPIRED


def test_record_evidence_is_idempotent_per_source(student, competency):
    first = _evidence(student, competency, 2, "a:1")
    again = _evidence(student, competency, 4, "a:1")
    assert again.pk == first.pk
    assert again.level == 2
    assert Evidence.objects.count() == 1
    assert AuditEvent.objects.filter(action="evidence.recorded").count() == 1
    assert _status(student, competency).level == 2


def test_the_same_reference_from_another_source_is_other_evidence(student, competency):
    _evidence(student, competency, 2, "ref:1")
    record_evidence(
        person=student,
        competency=competency,
        source=Evidence.Source.H5P,
        source_ref="ref:1",
        verification=SERVER,
        level=3,
    )
    assert Evidence.objects.count() == 2
    assert _status(student, competency).level == 3


def test_an_unknown_level_is_refused_and_nothing_is_written(student, competency):
    with pytest.raises(ValidationError) as error:
        _evidence(student, competency, 7, "a:1")
    assert "7" in error.value.messages[0]
    assert not Evidence.objects.exists()
    assert not CompetencyStatus.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.recorded").exists()


def test_a_score_without_a_level_is_recorded_but_gives_no_level(student, competency):
    record_evidence(
        person=student,
        competency=competency,
        source=Evidence.Source.H5P,
        source_ref="h5p-result:1",
        verification=SERVER,
        score=85,
    )
    status = _status(student, competency)
    assert status.level is None
    assert status.evidence_count == 1
    assert state_of(status) == CompetencyStatus.State.MISSING


def test_evidence_is_audited_with_its_values(student, trainer, competency):
    evidence = _evidence(student, competency, 3, "a:1", recorded_by=trainer)
    event = AuditEvent.objects.get(action="evidence.recorded")
    assert event.actor == trainer
    assert event.object_id == str(evidence.pk)
    assert event.new_value["level"] == 3
    assert event.new_value["competency"] == competency.code


def test_state_of_no_status_is_missing():
    assert state_of(None) == CompetencyStatus.State.MISSING


def test_statuses_for_reads_200_people_in_one_query(competency, django_assert_num_queries):
    people = [make_user("Student") for _ in range(3)]
    from atmp_platform.accounts.models import User

    User.objects.bulk_create(
        [User(email=f"bulk{n}@example.org", full_name=f"Bulk {n}") for n in range(197)]
    )
    everyone = list(User.objects.filter(email__startswith="bulk")) + people
    CompetencyStatus.objects.bulk_create(
        [
            CompetencyStatus(person=person, competency=competency, level=2, evidence_count=1)
            for person in everyone
        ]
    )
    ids = [person.pk for person in everyone]
    with django_assert_num_queries(1):
        statuses = statuses_for(people=ids, competencies=[competency.pk])
        states = {key: state_of(status) for key, status in statuses.items()}
    assert len(statuses) == 200
    assert set(states.values()) == {CompetencyStatus.State.CURRENT}


def test_statuses_for_leaves_out_pairs_without_evidence(student, competency):
    other = make_user("Student")
    _evidence(student, competency, 2, "a:1")
    statuses = statuses_for(people=[student.pk, other.pk])
    assert set(statuses) == {(student.pk, competency.pk)}
    assert state_of(statuses.get((other.pk, competency.pk))) == CompetencyStatus.State.MISSING
