"""The daily expiry job: certificates.expiry.run_daily, its reminders, task, beat entry and
management command."""

from datetime import date, datetime, timedelta

from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest
from django_celery_beat.models import PeriodicTask

from atmp_platform.audit.models import AuditEvent
from certificates import tasks
from certificates.expiry import run_daily
from certificates.models import Certificate, CompetencyStatus, Evidence
from certificates.services import record_evidence
from tests.factories import make_user

from .conftest import certificate_type, competency, levels  # noqa: F401

# Reminders are e-mailed by a task after commit: run it here, where the outbox is read.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]
TODAY = date(2027, 3, 10)
TRAINERS: list = []


def trainers_of(person) -> list:
    """The test's hook for the other recipients of a person's reminders."""
    return list(TRAINERS)


@pytest.fixture(autouse=True)
def reminder_hook(settings):
    settings.ATMP_REMINDER_RECIPIENTS = "tests.certificates.test_expiry.trainers_of"
    TRAINERS.clear()
    yield
    TRAINERS.clear()


@pytest.fixture
def holder(db):
    return make_user("Student", email="holder@example.org", full_name="Hanne Holder")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """run_daily for a day, with the e-mails enqueued after commit sent."""

    def run(today=TODAY):
        with django_capture_on_commit_callbacks(execute=True):
            return run_daily(today=today)

    return run


def give(person, competency, level: int, valid_until: date, ref: str = "a") -> Evidence:  # noqa: F811
    return record_evidence(
        person=person,
        competency=competency,
        source=Evidence.Source.ASSESSMENT,
        source_ref=f"assessment:{ref}",
        verification=Evidence.Verification.TRAINER,
        level=level,
        occurred_at=timezone.make_aware(datetime(2026, 1, 5, 10)),
        valid_until=valid_until,
    )


def make_certificate(holder, certificate_type, valid_until: date, **fields) -> Certificate:  # noqa: F811
    index = Certificate.objects.count() + 1
    return Certificate.objects.create(
        certificate_type=certificate_type,
        holder=holder,
        holder_name=holder.full_name,
        cycle=fields.pop("cycle", index),
        status=fields.pop("status", Certificate.Status.ISSUED),
        issued_on=date(2026, 6, 1),
        valid_until=valid_until,
        status_list_index=index,
        **fields,
    )


def status_of(person, competency) -> CompetencyStatus:  # noqa: F811
    return CompetencyStatus.objects.get(person=person, competency=competency)


# ---------- Statuses ----------


def test_a_lapsed_level_falls_back_to_a_lower_one_still_valid(holder, competency, run):  # noqa: F811
    give(holder, competency, 3, TODAY - timedelta(days=1), ref="high")
    give(holder, competency, 1, TODAY + timedelta(days=200), ref="low")
    assert status_of(holder, competency).level == 3
    counts = run()
    status = status_of(holder, competency)
    assert (status.level, status.valid_until) == (1, TODAY + timedelta(days=200))
    assert counts["statuses_refreshed"] == 1
    event = AuditEvent.objects.get(action="competency.status_lapsed")
    assert event.old_value["level"] == 3
    assert event.new_value["level"] == 1


def test_a_status_with_nothing_valid_left_shows_the_expired_level(holder, competency, run):  # noqa: F811
    give(holder, competency, 2, TODAY - timedelta(days=1))
    run()
    status = status_of(holder, competency)
    assert (status.level, status.expired_level) == (None, 2)
    assert status.expired_on == TODAY - timedelta(days=1)
    assert status.state_on(TODAY) == CompetencyStatus.State.EXPIRED


def test_a_status_valid_through_today_is_left_alone(holder, competency, run):  # noqa: F811
    give(holder, competency, 2, TODAY)
    assert run()["statuses_refreshed"] == 0
    assert status_of(holder, competency).level == 2
    assert not AuditEvent.objects.filter(action="competency.status_lapsed").exists()


# ---------- Certificates ----------


def test_an_issued_certificate_past_its_date_is_expired_and_audited(
    holder,
    certificate_type,  # noqa: F811
    run,
):
    certificate = make_certificate(holder, certificate_type, TODAY - timedelta(days=1))
    assert run()["certificates_expired"] == 1
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.EXPIRED
    event = AuditEvent.objects.get(action="certificate.expired")
    assert event.object_id == str(certificate.pk)
    assert event.old_value == {"status": "issued"}
    assert run()["certificates_expired"] == 0
    assert AuditEvent.objects.filter(action="certificate.expired").count() == 1


def test_a_certificate_valid_through_today_stays_issued(holder, certificate_type, run):  # noqa: F811
    certificate = make_certificate(holder, certificate_type, TODAY)
    run()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_a_revoked_certificate_stays_revoked_past_its_date(holder, certificate_type, run):  # noqa: F811
    certificate = make_certificate(
        holder, certificate_type, TODAY - timedelta(days=5), status=Certificate.Status.REVOKED
    )
    run()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert not AuditEvent.objects.filter(action="certificate.expired").exists()


# ---------- Certificate reminders ----------


@pytest.mark.parametrize(("days", "reminded"), [(29, True), (30, True), (31, False), (0, True)])
def test_a_certificate_is_reminded_within_30_days_of_its_expiry(
    holder,
    certificate_type,  # noqa: F811
    run,
    days,
    reminded,
):
    certificate = make_certificate(holder, certificate_type, TODAY + timedelta(days=days))
    counts = run()
    certificate.refresh_from_db()
    assert counts["certificate_reminders"] == int(reminded)
    assert (certificate.reminder_sent_at is not None) is reminded
    assert [message.to for message in mail.outbox] == ([[holder.email]] if reminded else [])


def test_a_certificate_is_reminded_once(holder, certificate_type, run):  # noqa: F811
    make_certificate(holder, certificate_type, TODAY + timedelta(days=30))
    run()
    run()
    run(TODAY + timedelta(days=1))
    assert len(mail.outbox) == 1


def test_a_revoked_certificate_gets_no_reminder(holder, certificate_type, run):  # noqa: F811
    make_certificate(
        holder, certificate_type, TODAY + timedelta(days=10), status=Certificate.Status.REVOKED
    )
    assert run()["certificate_reminders"] == 0
    assert mail.outbox == []


def test_a_certificate_revoked_after_its_reminder_was_claimed_sends_nothing(
    holder,
    certificate_type,  # noqa: F811
):
    certificate = make_certificate(holder, certificate_type, TODAY + timedelta(days=10))
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.REVOKED)
    assert tasks.send_certificate_reminder(certificate.pk) == 0
    assert mail.outbox == []


def test_the_holder_and_the_trainers_are_reminded_each_in_their_language(
    holder,
    certificate_type,  # noqa: F811
    run,
):
    trainer = make_user("Trainer", email="trainer@example.org", preferred_language="en")
    TRAINERS.append(trainer)
    make_certificate(holder, certificate_type, TODAY + timedelta(days=20))
    run()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {holder.email, trainer.email}
    with translation.override("nl"):
        dutch = gettext("Your certificate %(type)s expires soon") % {"type": "Testoperator"}
    with translation.override("en"):
        english = gettext("The certificate %(type)s of %(name)s expires soon") % {
            "type": "Test operator",
            "name": holder.full_name,
        }
    assert by_recipient[holder.email].subject == f"[ATMP XB] {dutch}"
    assert by_recipient[trainer.email].subject == f"[ATMP XB] {english}"
    assert "/nl/certificates/" in by_recipient[holder.email].body
    assert "/en/trainer/" in by_recipient[trainer.email].body
    html = by_recipient[trainer.email].alternatives[0][0]
    assert 'lang="en"' in html
    assert holder.full_name in html


def test_an_inactive_holder_is_not_mailed_but_the_trainer_is(holder, certificate_type, run):  # noqa: F811
    trainer = make_user("Trainer", email="trainer@example.org")
    TRAINERS.append(trainer)
    holder.is_active = False
    holder.save(update_fields=["is_active"])
    make_certificate(holder, certificate_type, TODAY + timedelta(days=20))
    run()
    assert [message.to for message in mail.outbox] == [[trainer.email]]


# ---------- Competency reminders ----------


@pytest.mark.parametrize(("days", "reminded"), [(29, True), (30, True), (31, False)])
def test_a_competency_is_reminded_within_30_days_of_its_expiry(
    holder,
    competency,  # noqa: F811
    run,
    days,
    reminded,
):
    give(holder, competency, 2, TODAY + timedelta(days=days))
    counts = run()
    assert counts["competency_reminders"] == int(reminded)
    assert len(mail.outbox) == int(reminded)
    sent_for = status_of(holder, competency).reminder_sent_for
    assert sent_for == (TODAY + timedelta(days=days) if reminded else None)


def test_one_reminder_lists_every_competency_of_the_person_once(
    holder,
    competency,  # noqa: F811
    run,
):
    other = type(competency).objects.create(
        code="T9", title_en="Monitoring", title_nl="Monitoring", category="monitoring"
    )
    give(holder, competency, 2, TODAY + timedelta(days=5))
    give(holder, other, 1, TODAY + timedelta(days=25), ref="b")
    assert run()["competency_reminders"] == 2
    assert run()["competency_reminders"] == 0
    (message,) = mail.outbox
    assert "T1" in message.body
    assert "T9" in message.body
    with translation.override("nl"):
        assert message.subject == "[ATMP XB] " + gettext("Your competencies: some expire soon")


def test_renewed_evidence_earns_a_new_reminder_for_its_new_date(holder, competency, run):  # noqa: F811
    give(holder, competency, 2, TODAY + timedelta(days=10))
    run()
    give(holder, competency, 2, TODAY + timedelta(days=40), ref="renewed")
    run()
    assert len(mail.outbox) == 1
    run(TODAY + timedelta(days=15))
    assert len(mail.outbox) == 2
    assert status_of(holder, competency).reminder_sent_for == TODAY + timedelta(days=40)


def test_an_expired_competency_is_not_reminded(holder, competency, run):  # noqa: F811
    give(holder, competency, 2, TODAY - timedelta(days=1))
    assert run()["competency_reminders"] == 0
    assert mail.outbox == []


def test_self_reported_evidence_gives_no_level_to_remind(holder, competency, run):  # noqa: F811
    record_evidence(
        person=holder,
        competency=competency,
        source=Evidence.Source.H5P,
        source_ref="h5p-result:1:self",
        verification=Evidence.Verification.SELF_REPORTED,
        level=1,
        valid_until=TODAY + timedelta(days=10),
    )
    assert run()["competency_reminders"] == 0


# ---------- Task, schedule and command ----------


def test_the_beat_entry_runs_the_job_daily_at_six_in_brussels(db):
    entry = PeriodicTask.objects.get(task="certificates.tasks.run_expiry_daily")
    assert entry.enabled
    crontab = entry.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_month) == ("0", "6", "*")
    assert (crontab.day_of_week, crontab.month_of_year) == ("*", "*")
    assert str(crontab.timezone) == "Europe/Brussels"
    assert tasks.run_expiry_daily.name == entry.task


def test_the_task_runs_the_job_for_today(holder, competency, eager_tasks):  # noqa: F811
    yesterday = timezone.localdate() - timedelta(days=1)
    give(holder, competency, 3, yesterday)
    # The status as yesterday's run left it: the level still held through yesterday.
    CompetencyStatus.objects.filter(person=holder).update(
        level=3, valid_until=yesterday, expired_level=None, expired_on=None
    )
    counts = tasks.run_expiry_daily.delay().get()
    assert counts["statuses_refreshed"] == 1
    assert status_of(holder, competency).level is None


def test_the_command_reports_what_it_did(holder, certificate_type, capsys):  # noqa: F811
    make_certificate(holder, certificate_type, TODAY - timedelta(days=1))
    call_command("run_expiry", "--date", TODAY.isoformat())
    output = capsys.readouterr().out
    assert "certificates expired: 1" in output
    assert "certificate reminders: 0" in output


def test_the_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="is not a date"):
        call_command("run_expiry", "--date", "10/03/2027")
