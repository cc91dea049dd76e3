"""Uploading, installing and deleting H5P content: rows, files and audit events together."""

import io
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

import pytest

from atmp_platform.audit.models import AuditEvent
from courses.h5p import services, storage
from courses.h5p.models import H5PContent, H5PLibrary, H5PResult
from courses.h5p.package import PackageRefused
from tests.courses.conftest import make_lesson

from . import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.H5P_SPOOL_ROOT = tmp_path / "spool"
    return tmp_path / "h5p"


def _upload(user, data=None, name="gowning.h5p"):
    return services.upload_h5p(
        file=io.BytesIO(data or corpus.valid_package()), uploaded_by=user, original_filename=name
    )


def _files(path):
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())


def test_administrator_upload_installs_the_content_types_it_needs(administrator, store):
    content = _upload(administrator)
    assert content.title == "Gowning quiz"
    assert content.language == "en"
    assert content.uploaded_by == administrator
    assert content.original_filename == "gowning.h5p"
    assert content.main_library.folder == "ATMP.TestChoice-1.0"
    assert content.main_library.version == "1.0.3"
    assert content.main_library.installed_by == administrator
    assert {library.folder for library in content.libraries.all()} == {
        "ATMP.TestChoice-1.0",
        "ATMP.TestShared-1.2",
    }
    # The editor library is not needed to play the content, so it is not installed.
    assert not H5PLibrary.objects.filter(machine_name="H5PEditor.TestWidget").exists()
    assert _files(store / "libraries") == [
        "ATMP.TestChoice-1.0/choice.css",
        "ATMP.TestChoice-1.0/choice.js",
        "ATMP.TestChoice-1.0/library.json",
        "ATMP.TestChoice-1.0/semantics.json",
        "ATMP.TestShared-1.2/library.json",
        "ATMP.TestShared-1.2/shared.js",
    ]
    assert _files(storage.content_root(content.uuid)) == [
        "content/content.json",
        "content/images/gown.png",
        "h5p.json",
    ]
    assert not (store / ".staging").exists() or _files(store / ".staging") == []


def test_stored_content_json_is_the_sanitised_one(administrator):
    data = corpus.content_with_text('<p>Wear <em>gloves</em></p><div class="x">now</div> & go')
    content = _upload(administrator, data)
    stored = json.loads(
        storage.content_file_path(content, "content/content.json").read_text("utf-8")
    )
    assert stored == content.parameters
    assert stored["question"] == "<p>Wear <em>gloves</em></p>now &amp; go"


def test_upload_is_audited(administrator):
    content = _upload(administrator)
    installed = AuditEvent.objects.get(action="h5p.content_types_installed")
    assert installed.actor == administrator
    assert "ATMP.TestChoice 1.0" in installed.object_repr
    uploaded = AuditEvent.objects.get(action="h5p.content_uploaded")
    assert uploaded.object_id == str(content.pk)
    assert uploaded.new_value["sha256"] == content.sha256


def test_trainer_may_upload_content_for_installed_content_types(administrator, trainer, store):
    _upload(administrator)
    content = _upload(trainer, corpus.valid_package(libraries=False), name="second.h5p")
    assert content.uploaded_by == trainer
    assert content.main_library.installed_by == administrator
    assert H5PLibrary.objects.count() == 2
    assert AuditEvent.objects.filter(action="h5p.content_types_installed").count() == 1


def test_trainer_may_upload_a_package_bringing_installed_content_types(administrator, trainer):
    _upload(administrator)
    content = _upload(trainer)
    assert content.libraries.count() == 2


def test_second_upload_keeps_the_installed_library_files(administrator, store):
    first = _upload(administrator)
    library_js = store / "libraries" / "ATMP.TestChoice-1.0" / "choice.js"
    library_js.write_bytes(b"installed")
    second = _upload(administrator)
    assert library_js.read_bytes() == b"installed"
    assert first.uuid != second.uuid
    assert H5PContent.objects.count() == 2


def test_package_without_libraries_needs_them_installed(administrator, store):
    with translation.override("en"), pytest.raises(PackageRefused) as refused:
        _upload(administrator, corpus.valid_package(libraries=False))
    assert "ATMP.TestChoice 1.0" in refused.value.messages[0]
    assert not H5PContent.objects.exists()


def test_library_that_is_not_a_content_type_cannot_be_the_main_library(administrator):
    data = corpus.replacing(
        "h5p.json", json.dumps(corpus.h5p_json(mainLibrary="ATMP.TestShared")).encode()
    )
    with translation.override("en"), pytest.raises(PackageRefused) as refused:
        _upload(administrator, data)
    assert "ATMP.TestShared 1.2 is not a content type" in refused.value.messages[0]


def test_failure_while_storing_files_leaves_no_row_and_no_file(administrator, store, monkeypatch):
    original = storage.place
    calls = []

    def place_then_fail(staged, destination):
        calls.append(destination)
        if destination.parent.name == "content":
            raise OSError("disk full")
        return original(staged, destination)

    monkeypatch.setattr(storage, "place", place_then_fail)
    with pytest.raises(OSError):
        _upload(administrator)
    assert len(calls) == 3
    assert not H5PLibrary.objects.exists()
    assert not H5PContent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="h5p.").exists()
    assert [p for p in store.rglob("*") if p.is_file()] == []


def test_failure_after_files_are_placed_removes_them(administrator, store, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit down")

    original = services._create_content
    monkeypatch.setattr(
        services,
        "_create_content",
        lambda *args: (original(*args), fail())[0],
    )
    with pytest.raises(RuntimeError):
        _upload(administrator)
    assert not H5PLibrary.objects.exists()
    assert [p for p in store.rglob("*") if p.is_file()] == []


def test_install_library_folder_installs_and_is_idempotent(tmp_path, administrator, store):
    folder = tmp_path / "src" / "ATMP.TestChoice-1.0"
    folder.mkdir(parents=True)
    for name, data in corpus.library_files(corpus.MAIN, semantics=corpus.SEMANTICS).items():
        (folder / name.split("/", 1)[1]).write_bytes(data)
    library = services.install_library_folder(path=folder, actor=administrator)
    assert library.folder == "ATMP.TestChoice-1.0"
    assert library.runnable
    assert library.title == "Test choice"
    assert (store / "libraries" / "ATMP.TestChoice-1.0" / "choice.js").is_file()
    again = services.install_library_folder(path=folder, actor=None)
    assert again.pk == library.pk
    assert again.installed_by == administrator


def test_install_library_folder_replaces_changed_files(tmp_path, store):
    folder = tmp_path / "src" / "shared"
    folder.mkdir(parents=True)
    for name, data in corpus.library_files(corpus.SHARED).items():
        (folder / name.split("/", 1)[1]).write_bytes(data)
    services.install_library_folder(path=folder)
    (folder / "shared.js").write_bytes(b"console.log('v2');")
    (folder / "extra.css").write_bytes(b"p{}")
    library = services.install_library_folder(path=folder)
    stored = store / "libraries" / "ATMP.TestShared-1.2"
    assert (stored / "shared.js").read_bytes() == b"console.log('v2');"
    assert (stored / "extra.css").is_file()
    assert H5PLibrary.objects.get().pk == library.pk
    assert [p for p in (store / ".staging").rglob("*") if p.is_file()] == []


def test_install_library_folder_refuses_a_folder_without_library_json(tmp_path):
    with pytest.raises(PackageRefused):
        services.install_library_folder(path=tmp_path)


def test_install_library_folder_refuses_files_an_upload_could_not_bring(tmp_path, store):
    folder = tmp_path / "src" / "shared"
    folder.mkdir(parents=True)
    for name, data in corpus.library_files(corpus.SHARED).items():
        (folder / name.split("/", 1)[1]).write_bytes(data)
    (folder / "demo.html").write_bytes(b"<script>alert(1)</script>")
    with translation.override("en"), pytest.raises(PackageRefused) as refused:
        services.install_library_folder(path=folder)
    assert "ATMP.TestShared-1.2/demo.html" in refused.value.messages[0]
    assert not H5PLibrary.objects.exists()
    assert [p for p in store.rglob("*") if p.is_file()] == []


def test_delete_content_removes_row_and_files(
    administrator, store, django_capture_on_commit_callbacks
):
    content = _upload(administrator)
    folder = storage.content_root(content.uuid)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_content(content=content, actor=administrator)
    assert not H5PContent.objects.exists()
    assert not folder.exists()
    assert H5PLibrary.objects.count() == 2
    assert AuditEvent.objects.filter(action="h5p.content_deleted").count() == 1


def test_delete_content_is_refused_while_students_have_results(administrator, student, store):
    content = _upload(administrator)
    now = timezone.now()
    H5PResult.objects.create(
        student=student,
        content=content,
        attempts=1,
        last_score=Decimal("0.5"),
        best_score=Decimal("0.5"),
        first_attempt_at=now,
        last_attempt_at=now,
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.delete_content(content=content, actor=administrator)
    assert "results" in refused.value.messages[0]
    assert storage.content_root(content.uuid).is_dir()


def test_stored_files_are_only_reachable_inside_the_store(administrator, store):
    content = _upload(administrator)
    assert storage.content_file_path(content, "content/images/gown.png").read_bytes() == (
        corpus.PNG
    )
    assert storage.library_file_path("ATMP.TestChoice-1.0", "choice.js").is_file()
    for relative in ("../../libraries/ATMP.TestChoice-1.0/choice.js", "/etc/passwd", "", "a\\b"):
        with pytest.raises(storage.OutsideStore):
            storage.content_file_path(content, relative)
    for folder, relative in (("..", "h5p.json"), ("ATMP.TestChoice-1.0", "../x"), ("x", "y")):
        with pytest.raises(storage.OutsideStore):
            storage.library_file_path(folder, relative)


def test_symlink_in_the_store_is_not_served(administrator, store):
    content = _upload(administrator)
    link = storage.content_root(content.uuid) / "content" / "link.json"
    link.symlink_to("/etc/hostname")
    with pytest.raises(storage.OutsideStore):
        storage.content_file_path(content, "content/link.json")


def test_installed_library_folders_lists_the_rows(administrator):
    _upload(administrator)
    assert sorted(services.installed_library_folders()) == [
        "ATMP.TestChoice-1.0",
        "ATMP.TestShared-1.2",
    ]
    assert storage.installed_library_folders() == ["ATMP.TestChoice-1.0", "ATMP.TestShared-1.2"]


def test_delete_content_is_refused_while_a_lesson_uses_it(
    wagtail_index_tasks, administrator, module, store
):
    content = _upload(administrator)
    block = {"content": content, "title": "Quiz", "pass_mark": 80, "required": True}
    make_lesson(module, 9, body=[("h5p", block)])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.delete_content(content=content, actor=administrator)
    assert "Pages still use this H5P content" in refused.value.messages[0]
    assert H5PContent.objects.filter(pk=content.pk).exists()


def test_library_installed_meanwhile_by_another_upload_asks_to_upload_again(
    administrator, store, monkeypatch
):
    def installed_meanwhile(package):
        shared = package.libraries["ATMP.TestShared-1.2"]
        services._save_library_row(shared, existing=None, actor=None)
        return {}, [package.libraries["ATMP.TestChoice-1.0"], shared]

    monkeypatch.setattr(services, "_resolve_libraries", installed_meanwhile)
    with translation.override("en"), pytest.raises(PackageRefused) as refused:
        _upload(administrator)
    assert "upload the file again" in refused.value.messages[0]
    assert not H5PLibrary.objects.exists()
    assert [p for p in store.rglob("*") if p.is_file()] == []
