"""`manage.py build_h5p`: content definitions packaged offline for our own content types."""

import json
import zipfile
from io import BytesIO, StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.utils import translation

import pytest

from courses.h5p.content_types import (
    LIBRARIES_DIR,
    DefinitionError,
    build_package,
    library_folders,
    library_store,
    translated_defaults,
)
from courses.h5p.package import read_package
from tests.courses.h5p.our_types import EXERCISES, LIMIT_CHECK_EXAMPLE, STEP_ORDER_EXAMPLE

SCRIPT_OR_STYLE = (".js", ".mjs", ".css", ".html", ".htm", ".svg", ".xml")


def definition(**changes) -> dict:
    base = json.loads(STEP_ORDER_EXAMPLE.read_text(encoding="utf-8"))
    return {**base, **changes}


def write(folder: Path, name: str, value) -> Path:
    path = folder / name
    path.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    return path


def build(source: Path, output: Path) -> str:
    """Run the command in English, the language the expected messages below are written in
    (a command otherwise speaks the site's default language, Dutch)."""
    stdout = StringIO()
    with translation.override("en"):
        call_command("build_h5p", str(source), "-o", str(output), stdout=stdout)
    return stdout.getvalue()


def test_every_example_exercise_builds_into_a_package_the_store_accepts(tmp_path):
    build(EXERCISES, tmp_path)
    built = sorted(path.name for path in tmp_path.iterdir())
    assert built == sorted(f"{path.stem}.h5p" for path in EXERCISES.glob("*.json"))
    for path in tmp_path.iterdir():
        package = read_package(path.read_bytes(), filename=path.name)
        assert package.main_library.machine_name in {"ATMP.StepOrder", "ATMP.LimitCheck"}
        assert package.media == {}


def test_a_package_holds_no_script_or_style_under_content(tmp_path):
    build(EXERCISES, tmp_path)
    for path in tmp_path.iterdir():
        names = zipfile.ZipFile(path).namelist()
        under_content = [name for name in names if name.startswith("content/")]
        assert under_content == ["content/content.json"]
        assert not [name for name in under_content if name.lower().endswith(SCRIPT_OR_STYLE)]


def test_a_package_brings_its_library_and_says_how_it_is_played(tmp_path):
    build(STEP_ORDER_EXAMPLE, tmp_path)
    archive = zipfile.ZipFile(tmp_path / "gowning-grade-b.en.h5p")
    h5p_json = json.loads(archive.read("h5p.json"))
    assert h5p_json["mainLibrary"] == "ATMP.StepOrder"
    assert h5p_json["title"] == "Gowning for Grade B: the steps in order"
    assert h5p_json["language"] == h5p_json["defaultLanguage"] == "en"
    assert h5p_json["embedTypes"] == ["iframe"]
    assert "ATMP.StepOrder-1.0/js/step-order.js" in archive.namelist()
    assert "ATMP.StepOrder-1.0/library.json" in archive.namelist()


def test_a_dutch_definition_gets_the_dutch_interface_texts_of_the_language_file():
    _package, parameters = unpacked(build_package(json.loads(LIMIT_CHECK_EXAMPLE.read_bytes())))
    assert parameters["l10n"]["checkAnswer"] == "Controleren"
    assert parameters["feedback"]["allCorrect"] == "Goed gedaan: elke beslissing is juist."


def test_an_english_definition_gets_the_english_defaults_of_semantics():
    _package, parameters = unpacked(build_package(definition()))
    assert parameters["l10n"]["checkAnswer"] == "Check"
    assert parameters["behaviour"] == {"enableRetry": True, "enableSolutionsButton": True}


def test_texts_given_in_the_definition_win_over_the_language_file():
    params = {**definition()["params"], "l10n": {"retry": "Nog eens"}}
    _package, parameters = unpacked(build_package(definition(language="nl", params=params)))
    assert parameters["l10n"]["retry"] == "Nog eens"
    assert parameters["l10n"]["checkAnswer"] == "Controleren"


def test_a_language_without_a_file_falls_back_to_english():
    _package, parameters = unpacked(build_package(definition(language="fr")))
    assert parameters["l10n"]["checkAnswer"] == "Check"
    assert json.loads(_package.read("h5p.json"))["language"] == "fr"


def test_building_twice_replaces_the_package_and_leaves_no_temporary_file(tmp_path):
    build(STEP_ORDER_EXAMPLE, tmp_path)
    first = (tmp_path / "gowning-grade-b.en.h5p").read_bytes()
    build(STEP_ORDER_EXAMPLE, tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["gowning-grade-b.en.h5p"]
    assert (tmp_path / "gowning-grade-b.en.h5p").read_bytes() == first


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"library": "H5P.MultiChoice 1.16"}, "is not one of our content types"),
        ({"title": ""}, "“title” must be a non-empty text"),
        ({"params": []}, "“params” must be an object"),
        ({"extra": True}, "exactly these keys"),
        ({"params": {"steps": [{"id": "only", "text": "One step"}]}}, "at least 2 items"),
        (
            {"params": {"steps": [{"id": "a", "text": "A"}, {"id": "Step B", "text": "B"}]}},
            "needs an id of lower-case letters",
        ),
        (
            {"params": {"steps": [{"id": "a", "text": "A"}, {"id": "a", "text": "A again"}]}},
            "These ids occur more than once in “steps”: a.",
        ),
        ({"params": {"steps": [{"id": "a"}, {"id": "b", "text": "B"}]}}, "required value"),
        ({"params": {"steps": "a, b"}}, "The content has no “steps”"),
    ],
)
def test_a_bad_definition_is_refused_with_the_reason_and_builds_nothing(tmp_path, changes, message):
    source = write(tmp_path, "bad.json", definition(**changes))
    output = tmp_path / "out"
    with pytest.raises(CommandError) as refused:
        build(source, output)
    assert message in str(refused.value)
    assert str(source) in str(refused.value)
    assert list(output.iterdir()) == []


def test_a_file_that_is_not_json_is_refused(tmp_path):
    source = write(tmp_path, "broken.json", "{library: ")
    with pytest.raises(CommandError, match="is not a readable JSON file"):
        build(source, tmp_path / "out")


def test_one_bad_definition_in_a_folder_does_not_stop_the_good_ones(tmp_path):
    folder = tmp_path / "definitions"
    folder.mkdir()
    write(folder, "a-good.json", definition())
    write(folder, "b-bad.json", definition(library="ATMP.Nothing"))
    with pytest.raises(CommandError, match="1 of 2 definitions were not built"):
        build(folder, tmp_path / "out")
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["a-good.h5p"]


def test_a_folder_without_definitions_is_refused(tmp_path):
    with pytest.raises(CommandError, match="holds no .json definitions"):
        build(tmp_path, tmp_path / "out")


def test_a_missing_source_is_refused(tmp_path):
    with pytest.raises(CommandError, match="neither a definition file nor a folder"):
        build(tmp_path / "missing.json", tmp_path / "out")


def test_definition_errors_are_translated():
    with translation.override("nl"), pytest.raises(DefinitionError) as refused:
        build_package(definition(params=[]))
    with translation.override("nl"):
        expected = translation.gettext("“params” must be an object.")
    assert str(refused.value) == expected


@pytest.mark.parametrize("folder", library_folders(), ids=lambda path: path.name)
def test_every_library_is_a_runnable_iframe_content_type_with_its_files(folder):
    library = json.loads((folder / "library.json").read_text(encoding="utf-8"))
    assert folder.name == f"{library['machineName']}-1.0"
    assert (library["runnable"], library["majorVersion"], library["minorVersion"]) == (1, 1, 0)
    assert library["embedTypes"] == ["iframe"]
    for entry in library["preloadedJs"] + library["preloadedCss"]:
        assert (folder / entry["path"]).is_file()


@pytest.mark.parametrize("folder", library_folders(), ids=lambda path: path.name)
def test_every_language_file_mirrors_semantics_field_by_field(folder):
    semantics = json.loads((folder / "semantics.json").read_text(encoding="utf-8"))
    for language_file in (folder / "language").glob("*.json"):
        translations = json.loads(language_file.read_text(encoding="utf-8"))["semantics"]
        assert_mirrors(semantics, translations, where=language_file.name)


@pytest.mark.parametrize("folder", library_folders(), ids=lambda path: path.name)
def test_every_default_has_a_dutch_translation(folder):
    library = next(item for item in library_store().libraries() if item.path == folder)
    english = semantics_defaults(json.loads((folder / "semantics.json").read_bytes()))
    assert set(flatten(translated_defaults(library, "nl"))) == set(flatten(english))


@pytest.mark.parametrize("folder", library_folders(), ids=lambda path: path.name)
def test_the_libraries_make_no_request_of_their_own(folder):
    for path in folder.rglob("*"):
        if path.suffix in {".js", ".css"}:
            text = path.read_text(encoding="utf-8")
            for forbidden in ("fetch(", "XMLHttpRequest", "url(", "@import", "import(", "//cdn"):
                assert forbidden not in text, f"{path.name} uses {forbidden}"


def test_the_libraries_folder_holds_our_two_content_types():
    assert {path.name for path in library_folders()} >= {
        "ATMP.StepOrder-1.0",
        "ATMP.LimitCheck-1.0",
    }
    assert all(path.parent == LIBRARIES_DIR for path in library_folders())


def unpacked(package: bytes) -> tuple[zipfile.ZipFile, dict]:
    archive = zipfile.ZipFile(BytesIO(package))
    return archive, json.loads(archive.read("content/content.json"))


def assert_mirrors(fields: list, translations: list, *, where: str) -> None:
    assert len(fields) == len(translations), where
    for field, translated in zip(fields, translations, strict=True):
        here = f"{where}: {field['name']}"
        assert translated.get("label"), here
        if field["type"] == "group":
            assert_mirrors(field["fields"], translated["fields"], where=here)
        if field["type"] == "list":
            assert_mirrors([field["field"]], [translated["field"]], where=here)
        if field["type"] == "select":
            assert len(field["options"]) == len(translated["options"]), here


def semantics_defaults(fields: list) -> dict:
    result = {}
    for field in fields:
        if field["type"] == "group":
            result[field["name"]] = semantics_defaults(field["fields"])
        elif "default" in field and field["type"] == "text":
            result[field["name"]] = field["default"]
    return result


def flatten(value: dict, prefix: str = "") -> list[str]:
    keys = []
    for key, item in value.items():
        keys.extend(flatten(item, f"{prefix}{key}.") if isinstance(item, dict) else [prefix + key])
    return keys
