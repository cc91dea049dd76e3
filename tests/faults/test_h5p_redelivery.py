"""A spooled H5P upload processed again after its worker died: the content takes the upload's
identifier, so the second attempt writes over what the dead one placed, or finds what it
committed, and nothing is left half-written beside it."""

import io

import pytest

from courses.h5p import services, storage
from courses.h5p.models import H5PContent, H5PUpload
from tests.courses.h5p import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.H5P_SPOOL_ROOT = tmp_path / "spool"
    return tmp_path


@pytest.fixture
def upload(administrator) -> H5PUpload:
    """A queued upload whose task has not run (its transaction never commits here)."""
    return services.queue_h5p_upload(
        file=io.BytesIO(corpus.valid_package()), uploaded_by=administrator, original_filename="x"
    )


def content_folders() -> list[str]:
    base = storage.root() / storage.CONTENT
    return sorted(path.name for path in base.iterdir()) if base.exists() else []


def test_a_retry_writes_over_the_folder_a_dead_attempt_placed(upload):
    left_behind = storage.content_root(upload.uuid)
    left_behind.mkdir(parents=True)
    (left_behind / "h5p.json").write_text("half")

    services.process_queued_upload(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == H5PUpload.Status.DONE
    assert upload.content.uuid == upload.uuid
    assert content_folders() == [str(upload.uuid)]
    assert (left_behind / "h5p.json").read_text() != "half"
    assert not services.spool_path(upload).exists()


def test_a_retry_finds_the_content_a_dead_attempt_committed(upload, administrator):
    with services.spool_path(upload).open("rb") as stream:
        committed = services.upload_h5p(
            file=stream, uploaded_by=administrator, content_uuid=upload.uuid
        )
    H5PUpload.objects.filter(pk=upload.pk).update(status=H5PUpload.Status.PROCESSING)

    services.process_queued_upload(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == H5PUpload.Status.DONE
    assert upload.content == committed
    assert H5PContent.objects.count() == 1
    assert content_folders() == [str(upload.uuid)]


def test_content_uploaded_directly_gets_an_identifier_of_its_own(administrator):
    first = services.upload_h5p(file=io.BytesIO(corpus.valid_package()), uploaded_by=administrator)
    second = services.upload_h5p(file=io.BytesIO(corpus.valid_package()), uploaded_by=administrator)

    assert first.uuid != second.uuid
    assert content_folders() == sorted([str(first.uuid), str(second.uuid)])
