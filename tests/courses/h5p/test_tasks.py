"""Background uploads: spooled, processed once, the spool emptied whatever happens."""

import io

from django.utils import translation

import pytest

from atmp_platform.audit.models import AuditEvent
from courses.h5p import services
from courses.h5p.models import H5PContent, H5PUpload
from courses.h5p.tasks import process_h5p_upload

from . import corpus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.H5P_SPOOL_ROOT = tmp_path / "spool"
    return tmp_path


def _queue(user, data=None):
    return services.queue_h5p_upload(
        file=io.BytesIO(data or corpus.valid_package()),
        uploaded_by=user,
        original_filename="big.h5p",
    )


def test_queued_upload_waits_in_the_spool_until_commit(
    administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload = _queue(administrator)
    assert upload.status == H5PUpload.Status.WAITING
    assert upload.size == len(corpus.valid_package())
    assert services.spool_path(upload).read_bytes() == corpus.valid_package()
    assert len(callbacks) == 1
    assert not H5PContent.objects.exists()
    assert AuditEvent.objects.filter(action="h5p.upload_queued").count() == 1


def test_task_stores_the_content_and_empties_the_spool(
    administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload = _queue(administrator)
    upload.refresh_from_db()
    assert upload.status == H5PUpload.Status.DONE
    assert upload.content.title == "Gowning quiz"
    assert upload.content.original_filename == "big.h5p"
    assert upload.finished_at is not None
    assert upload.error == ""
    assert not services.spool_path(upload).exists()


def test_task_is_idempotent(administrator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload = _queue(administrator)
    process_h5p_upload.delay(upload.pk)
    process_h5p_upload(upload.pk)
    assert H5PContent.objects.count() == 1
    upload.refresh_from_db()
    assert upload.status == H5PUpload.Status.DONE


def test_refused_package_fails_with_the_message_in_the_uploaders_language(
    trainer, django_capture_on_commit_callbacks, store
):
    trainer.preferred_language = "nl"
    trainer.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        upload = _queue(trainer, corpus.without("h5p.json"))
    upload.refresh_from_db()
    assert upload.status == H5PUpload.Status.FAILED
    with translation.override("nl"):
        expected = translation.gettext("The package has no %(name)s.") % {"name": "h5p.json"}
    assert upload.error == expected
    assert upload.content is None
    assert not H5PContent.objects.exists()
    assert [p for p in store.rglob("*") if p.is_file()] == []


def test_missing_spool_file_fails_the_upload(administrator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        upload = _queue(administrator)
    services.spool_path(upload).unlink()
    with translation.override("en"):
        process_h5p_upload(upload.pk)
    upload.refresh_from_db()
    assert upload.status == H5PUpload.Status.FAILED
    assert upload.error


def test_unexpected_error_fails_the_upload_and_empties_the_spool(
    administrator, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "upload_h5p", broken)
    with django_capture_on_commit_callbacks(execute=True):
        upload = _queue(administrator)
    upload.refresh_from_db()
    assert upload.status == H5PUpload.Status.FAILED
    assert "database went away" not in upload.error
    assert not services.spool_path(upload).exists()


def test_finished_upload_is_left_alone_and_its_stray_spool_file_removed(administrator):
    upload = H5PUpload.objects.create(
        original_filename="old.h5p",
        size=1,
        uploaded_by=administrator,
        status=H5PUpload.Status.FAILED,
        error="Earlier problem.",
    )
    spool = services.spool_path(upload)
    spool.parent.mkdir(parents=True)
    spool.write_bytes(corpus.valid_package())
    process_h5p_upload(upload.pk)
    upload.refresh_from_db()
    assert upload.error == "Earlier problem."
    assert not spool.exists()
    assert not H5PContent.objects.exists()


def test_unknown_upload_is_ignored():
    assert services.process_queued_upload(upload_id=987654) is None


def test_queue_removes_the_spool_file_when_the_row_cannot_be_saved(
    administrator, monkeypatch, store
):
    def refuse(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "record_event", refuse)
    with pytest.raises(RuntimeError):
        _queue(administrator)
    assert not H5PUpload.objects.exists()
    assert [p for p in (store / "spool").rglob("*") if p.is_file()] == []


def test_queue_refuses_a_file_above_the_upload_limit(administrator, settings, store):
    settings.H5P_MAX_UPLOAD_BYTES = 100
    with pytest.raises(services.PackageRefused):
        _queue(administrator)
    assert not H5PUpload.objects.exists()
    assert [p for p in (store / "spool").rglob("*") if p.is_file()] == []
