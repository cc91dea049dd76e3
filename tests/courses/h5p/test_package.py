"""The bad-package corpus of issue 3: each upload refused with a message naming the problem,
and nothing left behind (no row, no file in the H5P store or the spool)."""

import io
import json
import zipfile

from django.utils import translation

import pytest

from atmp_platform.audit.models import AuditEvent
from courses.h5p import package as package_module
from courses.h5p.models import H5PContent, H5PLibrary, H5PUpload
from courses.h5p.package import PackageRefused, read_package
from courses.h5p.services import upload_h5p

from . import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.H5P_SPOOL_ROOT = tmp_path / "spool"
    return tmp_path


def _files_under(path):
    return [item for item in path.rglob("*") if item.is_file()] if path.exists() else []


def _refusal(data: bytes, user, filename: str = "bad.h5p") -> str:
    with translation.override("en"), pytest.raises(PackageRefused) as refused:
        upload_h5p(file=io.BytesIO(data), uploaded_by=user, original_filename=filename)
    return refused.value.messages[0]


def _assert_nothing_left(store):
    assert not H5PContent.objects.exists()
    assert not H5PLibrary.objects.exists()
    assert not H5PUpload.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="h5p.").exists()
    assert _files_under(store / "h5p") == []
    assert _files_under(store / "spool") == []


BAD_PACKAGES = {
    "path traversal": (
        lambda: corpus.with_files({"content/../../evil.json": b"{}"}),
        "content/../../evil.json",
    ),
    "path traversal at the top": (
        lambda: corpus.with_entry(zipfile.ZipInfo("../../etc/cron.d/evil.json"), b"{}"),
        "“..”",
    ),
    "absolute path": (
        lambda: corpus.with_entry(zipfile.ZipInfo("/etc/passwd.json"), b"{}"),
        "absolute paths",
    ),
    "windows drive path": (
        lambda: corpus.with_entry(zipfile.ZipInfo("C:/boot.json"), b"{}"),
        "C:/boot.json",
    ),
    "symbolic link": (corpus.symlink_entry, "symbolic link (content/images/link.png)"),
    "zip bomb": (corpus.zip_bomb, "ZIP bombs"),
    "nested archive": (corpus.nested_archive, "another archive (content/images/more.zip)"),
    "archive disguised as an image": (
        corpus.disguised_archive,
        "another archive (content/images/photo.png)",
    ),
    "10,000 files": (corpus.many_files, "at most 3000"),
    "names differing in case": (corpus.case_duplicates, "upper and lower case"),
    "script under content": (
        lambda: corpus.with_files({"content/evil.js": b"alert(1)"}),
        "content/evil.js under content/",
    ),
    "web page under content": (
        lambda: corpus.with_files({"content/page.html": b"<script>alert(1)</script>"}),
        "content/page.html under content/",
    ),
    "style under content": (
        lambda: corpus.with_files({"content/style.css": b"body{}"}),
        "no scripts, styles or web pages",
    ),
    "svg with script": (
        lambda: corpus.with_files({"content/images/logo.svg": corpus.SVG_WITH_SCRIPT}),
        "content/images/logo.svg is an SVG image with scripts",
    ),
    "file outside the allowed folders": (
        lambda: corpus.with_files({"readme.txt": b"hello"}),
        "readme.txt, outside h5p.json",
    ),
    "folder that is not a library": (
        lambda: corpus.with_files({"scripts/run.js": b"alert(1)"}),
        "scripts/run.js, outside h5p.json",
    ),
    "library folder without library.json": (
        lambda: corpus.with_files({"H5P.Ghost-1.0/ghost.js": b"x"}),
        "H5P.Ghost-1.0 has no library.json",
    ),
    "executable in a library": (
        lambda: corpus.with_files({"ATMP.TestChoice-1.0/run.sh": b"rm -rf /"}),
        "ATMP.TestChoice-1.0/run.sh",
    ),
    "missing h5p.json": (lambda: corpus.without("h5p.json"), "no h5p.json"),
    "malformed h5p.json": (
        lambda: corpus.replacing("h5p.json", b'{"title": "x",'),
        "h5p.json is not valid JSON",
    ),
    "h5p.json not an object": (
        lambda: corpus.replacing("h5p.json", b"[1, 2]"),
        "h5p.json must hold a JSON object",
    ),
    "h5p.json without embed types": (
        lambda: corpus.replacing(
            "h5p.json",
            json.dumps({k: v for k, v in corpus.h5p_json().items() if k != "embedTypes"}).encode(),
        ),
        "embedTypes",
    ),
    "missing content.json": (
        lambda: corpus.without("content/content.json"),
        "no content/content.json",
    ),
    "malformed content.json": (
        lambda: corpus.replacing("content/content.json", b"\xff\xfe not utf-8"),
        "content/content.json is not valid JSON",
    ),
    "unknown main library": (corpus.unknown_main_library, "ATMP.Nowhere"),
    "dependency neither installed nor packaged": (corpus.missing_dependency, "H5P.Missing 2.1"),
    "script in content.json text": (
        lambda: corpus.content_with_text("<p>Hi<script>alert(1)</script></p>"),
        "content/content.json holds a script or event handler in its text (at $.question)",
    ),
    "event handler in content.json text": (
        lambda: corpus.content_with_text('<img src="x" onerror="alert(1)">'),
        "script or event handler",
    ),
    "event handler after a slash": (
        lambda: corpus.content_with_text("<img/src=x/onerror=alert(1)>"),
        "script or event handler",
    ),
    "script url in content.json text": (
        lambda: corpus.content_with_text('<a href="javascript:alert(1)">go</a>'),
        "script or event handler",
    ),
    "script in h5p.json title": (
        lambda: corpus.replacing(
            "h5p.json", json.dumps(corpus.h5p_json(title="<script>x</script>")).encode()
        ),
        "h5p.json holds a script",
    ),
    "media missing from the package": (
        lambda: corpus.without("content/images/gown.png"),
        "images/gown.png, which is not in the package",
    ),
    "media from elsewhere": (
        lambda: corpus.replacing(
            "content/content.json",
            json.dumps(corpus.content_json(image={"path": "https://evil.example/x.png"})).encode(),
        ),
        "outside the package",
    ),
    "library folder and library.json disagree": (
        lambda: corpus.with_files(
            {"ATMP.Other-2.0/library.json": json.dumps(corpus.SHARED).encode()}
        ),
        "folder and library.json must agree",
    ),
    "not a zip at all": (lambda: b"this is not a zip file", "cannot be opened as a ZIP"),
    "truncated zip": (lambda: corpus.valid_package()[:-200], "bad.h5p"),
}


@pytest.mark.parametrize("kind", list(BAD_PACKAGES))
def test_bad_package_is_refused_naming_the_problem_and_leaves_nothing(kind, administrator, store):
    build, expected = BAD_PACKAGES[kind]
    message = _refusal(build(), administrator)
    assert expected in message
    _assert_nothing_left(store)


def test_content_type_not_installed_is_refused_for_a_trainer_naming_it(trainer, store):
    message = _refusal(corpus.valid_package(), trainer)
    assert "Test choice (ATMP.TestChoice 1.0)" in message
    assert "Test shared helpers (ATMP.TestShared 1.2)" in message
    _assert_nothing_left(store)


def test_refusal_message_is_translated(administrator):
    with translation.override("nl"):
        expected = translation.gettext("The package has no %(name)s.") % {"name": "h5p.json"}
        with pytest.raises(PackageRefused) as refused:
            upload_h5p(file=io.BytesIO(corpus.without("h5p.json")), uploaded_by=administrator)
    assert refused.value.messages == [expected]


def test_total_expanded_size_is_limited(monkeypatch, administrator, store):
    monkeypatch.setattr(package_module, "MAX_TOTAL_BYTES", 64 * 1024)
    files = {f"content/images/{index}.png": bytes(20 * 1024) for index in range(4)}
    message = _refusal(corpus.with_files(files), administrator)
    assert "may be a ZIP bomb" in message
    _assert_nothing_left(store)


def test_upload_larger_than_the_limit_is_refused(settings, administrator, store):
    settings.H5P_MAX_UPLOAD_BYTES = 1000
    message = _refusal(corpus.valid_package(), administrator)
    assert "larger than" in message
    _assert_nothing_left(store)


def test_good_package_reads_with_its_libraries_and_media():
    package = read_package(corpus.valid_package(), filename="good.h5p")
    assert package.title == "Gowning quiz"
    assert str(package.main_library) == "ATMP.TestChoice 1.0"
    assert set(package.libraries) == {
        "ATMP.TestChoice-1.0",
        "ATMP.TestShared-1.2",
        "H5PEditor.TestWidget-1.0",
    }
    assert package.libraries["ATMP.TestChoice-1.0"].patch == 3
    assert package.media == {"images/gown.png": corpus.PNG}


def test_text_keeps_h5p_inline_html_and_escapes_the_rest():
    text = '<p>Put <em>on</em> <div class="x">gloves</div> <a href="https://x.org">now</a></p> &'
    package = read_package(corpus.content_with_text(text))
    question = package.parameters["question"]
    assert "<em>on</em>" in question
    assert "<div" not in question
    assert 'href="https://x.org"' in question
    assert question.endswith("&amp;")
    assert package.parameters["image"]["path"] == "images/gown.png"


def test_escaped_script_text_is_text_not_a_script():
    package = read_package(corpus.content_with_text("Write &lt;script&gt; in the box"))
    assert package.parameters["question"] == "Write &lt;script&gt; in the box"


def test_html_title_becomes_plain_text():
    data = corpus.replacing(
        "h5p.json", json.dumps(corpus.h5p_json(title="<b>Gowning</b> &amp; gloves")).encode()
    )
    assert read_package(data).title == "Gowning & gloves"


def test_small_repetitive_files_are_not_mistaken_for_bombs():
    data = corpus.with_files({"content/notes.json": json.dumps({"x": " " * 60_000}).encode()})
    assert "notes.json" in read_package(data).media


def test_directory_entries_are_accepted():
    data = corpus.with_entry(zipfile.ZipInfo("content/images/"), b"")
    assert read_package(data).media == {"images/gown.png": corpus.PNG}


def test_encrypted_entries_are_refused():
    with translation.override("en"), pytest.raises(PackageRefused) as refused:
        read_package(corpus.encrypted_entry())
    assert "encrypted" in refused.value.messages[0]
