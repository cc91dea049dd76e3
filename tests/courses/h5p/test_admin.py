"""The H5P library in the Wagtail admin: upload, background status, listing, delete."""

import io
import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from courses.h5p import services, storage
from courses.h5p.models import H5PContent, H5PLibrary, H5PResult, H5PUpload
from tests.courses.conftest import make_lesson
from tests.factories import activate_totp

from . import corpus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

ADD_URL = "/admin/snippets/h5p/h5pcontent/add/"
INDEX_URL = "/admin/snippets/h5p/h5pcontent/"
CONTENT_TYPES_URL = "/admin/h5p/content-types/"


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.H5P_SPOOL_ROOT = tmp_path / "spool"
    settings.LANGUAGE_CODE = "en"
    return tmp_path


@pytest.fixture
def admin_client(client, administrator):
    activate_totp(administrator)
    client.force_login(administrator)
    return client


@pytest.fixture
def trainer_client(client, trainer):
    activate_totp(trainer)
    client.force_login(trainer)
    return client


def _file(data=None, name="gowning.h5p"):
    return SimpleUploadedFile(name, data or corpus.valid_package(), "application/zip")


def _installed(administrator):
    return services.upload_h5p(file=io.BytesIO(corpus.valid_package()), uploaded_by=administrator)


def _status_url(upload):
    return reverse("wagtailsnippets_h5p_h5pcontent:upload_status", args=[upload.uuid])


def test_administrator_uploads_a_package(admin_client):
    response = admin_client.post(ADD_URL, {"file": _file()})
    assert response.status_code == 302
    assert response["Location"] == INDEX_URL
    content = H5PContent.objects.get()
    assert content.title == "Gowning quiz"
    assert content.original_filename == "gowning.h5p"
    listing = admin_client.get(INDEX_URL)
    assert "“Gowning quiz” is uploaded." in listing.content.decode()


def test_upload_page_lists_the_installed_content_types(admin_client, administrator):
    _installed(administrator)
    page = admin_client.get(ADD_URL).content.decode()
    assert "Test choice" in page
    assert "ATMP.TestChoice 1.0.3" in page
    assert "Test shared helpers" not in page
    assert "bring content types not installed yet" in page


def test_trainer_is_told_which_content_types_are_missing_and_nothing_is_stored(
    trainer_client, store
):
    response = trainer_client.post(ADD_URL, {"file": _file()})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert "Test choice (ATMP.TestChoice 1.0)" in errors[0]
    assert not H5PContent.objects.exists()
    assert not H5PLibrary.objects.exists()
    assert [p for p in store.rglob("*") if p.is_file()] == []


def test_trainer_uploads_content_for_an_installed_content_type(
    trainer_client, trainer, administrator
):
    _installed(administrator)
    page = trainer_client.get(ADD_URL).content.decode()
    assert "ask a programme administrator to install them" in page
    response = trainer_client.post(ADD_URL, {"file": _file(corpus.valid_package(libraries=False))})
    assert response.status_code == 302
    assert H5PContent.objects.filter(uploaded_by=trainer).count() == 1


def test_bad_package_is_shown_as_a_form_error(admin_client):
    response = admin_client.post(ADD_URL, {"file": _file(corpus.without("h5p.json"))})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The package has no h5p.json."]
    assert 'aria-invalid="true"' in response.content.decode() or "error-message" in (
        response.content.decode()
    )


def test_only_h5p_files_are_accepted(admin_client):
    response = admin_client.post(ADD_URL, {"file": _file(name="gowning.zip")})
    assert response.context["form"].errors["file"] == ["Choose a file whose name ends in .h5p."]


def test_file_above_the_upload_limit_is_refused_by_the_form(admin_client, settings):
    settings.H5P_MAX_UPLOAD_BYTES = 100
    response = admin_client.post(ADD_URL, {"file": _file()})
    assert "an upload may be at most 100" in response.context["form"].errors["file"][0]
    assert not H5PUpload.objects.exists()


def test_large_upload_is_processed_in_the_background(
    admin_client, settings, store, django_capture_on_commit_callbacks
):
    settings.H5P_BACKGROUND_UPLOAD_BYTES = 100
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(ADD_URL, {"file": _file()})
    upload = H5PUpload.objects.get()
    assert response["Location"] == _status_url(upload)
    assert upload.status == H5PUpload.Status.WAITING
    waiting = admin_client.get(_status_url(upload)).content.decode()
    assert 'http-equiv="refresh"' in waiting
    assert "is waiting to be processed" in waiting
    assert services.spool_path(upload).is_file()
    for callback in callbacks:
        callback()
    upload.refresh_from_db()
    assert upload.status == H5PUpload.Status.DONE
    assert not services.spool_path(upload).exists()
    done = admin_client.get(_status_url(upload)).content.decode()
    assert "is uploaded" in done
    assert 'http-equiv="refresh"' not in done
    assert "Open “Gowning quiz”" in done


def test_refused_background_upload_shows_why(
    trainer_client, trainer, settings, django_capture_on_commit_callbacks
):
    settings.H5P_BACKGROUND_UPLOAD_BYTES = 100
    trainer.preferred_language = "en"
    trainer.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        trainer_client.post(ADD_URL, {"file": _file()})
    upload = H5PUpload.objects.get()
    assert upload.status == H5PUpload.Status.FAILED
    page = trainer_client.get(_status_url(upload)).content.decode()
    assert "gowning.h5p was refused." in page
    assert "ATMP.TestChoice 1.0" in page
    assert "gowning.h5p" in trainer_client.get(ADD_URL).content.decode()


def test_someone_elses_upload_status_is_refused(client, trainer, other_trainer, administrator):
    upload = H5PUpload.objects.create(original_filename="x.h5p", size=1, uploaded_by=trainer)
    activate_totp(other_trainer)
    client.force_login(other_trainer)
    refused = client.get(_status_url(upload))
    assert refused.status_code == 302
    assert refused["Location"] == "/admin/"
    activate_totp(administrator)
    client.force_login(administrator)
    assert client.get(_status_url(upload)).status_code == 200


def test_listing_shows_content_type_and_uploader_in_constant_queries(
    admin_client, administrator, django_assert_max_num_queries
):
    _installed(administrator)
    admin_client.get(INDEX_URL)
    with django_assert_max_num_queries(40) as small:
        admin_client.get(INDEX_URL)
    for _index in range(5):
        _installed(administrator)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = admin_client.get(INDEX_URL).content.decode()
    assert page.count("Gowning quiz") >= 6
    assert "Test choice" in page
    assert administrator.full_name in page


def test_edit_changes_only_the_title(admin_client, administrator):
    content = _installed(administrator)
    url = reverse("wagtailsnippets_h5p_h5pcontent:edit", args=[content.pk])
    form = admin_client.get(url).context["form"]
    assert list(form.fields) == ["title"]
    response = admin_client.post(url, {"title": "Gowning order"})
    assert response.status_code == 302
    content.refresh_from_db()
    assert content.title == "Gowning order"


def test_delete_removes_the_files(admin_client, administrator, django_capture_on_commit_callbacks):
    content = _installed(administrator)
    folder = storage.content_root(content.uuid)
    url = reverse("wagtailsnippets_h5p_h5pcontent:delete", args=[content.pk])
    assert "Its files are removed too." in admin_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    assert response.status_code == 302
    assert not H5PContent.objects.exists()
    assert not folder.exists()


def test_delete_is_refused_while_students_have_results(admin_client, administrator, student):
    content = _installed(administrator)
    now = timezone.now()
    H5PResult.objects.create(
        student=student,
        content=content,
        attempts=1,
        last_score=Decimal(1),
        best_score=Decimal(1),
        first_attempt_at=now,
        last_attempt_at=now,
    )
    url = reverse("wagtailsnippets_h5p_h5pcontent:delete", args=[content.pk])
    page = admin_client.get(url).content.decode()
    with translation.override("en"):
        assert "Students have results for this H5P content" in page
    assert "Yes, delete" not in page
    response = admin_client.post(url)
    assert response.status_code == 302
    assert H5PContent.objects.filter(pk=content.pk).exists()


def test_content_types_are_listed_read_only(admin_client, administrator):
    _installed(administrator)
    page = admin_client.get(CONTENT_TYPES_URL).content.decode()
    assert "Test choice" in page
    assert "ATMP.TestShared" in page
    library = H5PLibrary.objects.get(machine_name="ATMP.TestChoice")
    inspect = admin_client.get(f"{CONTENT_TYPES_URL}inspect/{library.pk}/")
    assert inspect.status_code == 200
    for url in (f"{CONTENT_TYPES_URL}add/", f"{CONTENT_TYPES_URL}edit/{library.pk}/"):
        assert admin_client.get(url, follow=True).status_code == 404


def test_stored_content_json_matches_the_listing(admin_client, administrator):
    content = _installed(administrator)
    stored = json.loads(storage.content_file_path(content, "content/content.json").read_text())
    assert stored["answers"] == ["Hood", "Mask"]


def test_lesson_editor_chooses_h5p_content(admin_client, administrator, module):
    content = _installed(administrator)
    block = {"content": content, "title": "Quiz", "pass_mark": 80, "required": True}
    lesson = make_lesson(module, 9, body=[("h5p", block)])
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert edit.status_code == 200
    chooser = admin_client.get(reverse("wagtailsnippetchoosers_h5p_h5pcontent:choose"))
    assert "Gowning quiz" in chooser.json()["html"]


def test_administrators_see_every_background_upload_and_why_it_failed(admin_client, trainer):
    upload = H5PUpload.objects.create(
        original_filename="trainer.h5p",
        size=10,
        uploaded_by=trainer,
        status=H5PUpload.Status.FAILED,
        error="The package has no h5p.json.",
    )
    listing = admin_client.get(reverse("h5p_uploads:index")).content.decode()
    assert "trainer.h5p" in listing
    inspect = admin_client.get(reverse("h5p_uploads:inspect", args=[upload.pk]))
    assert "The package has no h5p.json." in inspect.content.decode()
