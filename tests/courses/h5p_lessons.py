"""Lessons with H5P blocks, for the xAPI, results, permission and browser tests.

`step_content` is an ATMP.StepOrder exercise (the server recomputes its score) with the
library's real files in a temporary store, so the player can run it; `demo_content` is of a
content type the server cannot score (its results stay self-reported).
"""

import functools
import io
import json
import shutil
import zipfile

import pytest

from courses.h5p import storage
from courses.h5p.content_types import LIBRARIES_DIR, build_package, load_definition
from courses.h5p.models import H5PContent, H5PLibrary
from courses.models import LessonPage

from .conftest import make_lesson
from .h5p.player_data import make_content, make_library, write_files

ADL = "http://adlnet.gov/expapi/verbs/"
STEP_ORDER_EXAMPLE = LIBRARIES_DIR.parent / "exercises" / "gowning-grade-b.en.json"


def install_our_library(folder: str) -> H5PLibrary:
    """Copy one of our libraries into the store and register it, as installing would."""
    source = LIBRARIES_DIR / folder
    shutil.copytree(source, storage.library_root(folder), dirs_exist_ok=True)
    data = json.loads((source / "library.json").read_text())
    return H5PLibrary.objects.create(
        machine_name=data["machineName"],
        major_version=data["majorVersion"],
        minor_version=data["minorVersion"],
        patch_version=data["patchVersion"],
        title=data["title"],
        runnable=bool(data.get("runnable")),
        folder=folder,
        library_json=data,
    )


@functools.cache
def built(definition=STEP_ORDER_EXAMPLE) -> tuple[str, str]:
    """h5p.json and content.json of a built exercise (built once per test run)."""
    archive = zipfile.ZipFile(io.BytesIO(build_package(load_definition(definition))))
    return archive.read("h5p.json").decode(), archive.read("content/content.json").decode()


def make_step_content(library: H5PLibrary, definition=STEP_ORDER_EXAMPLE) -> H5PContent:
    h5p_json, parameters = (json.loads(text) for text in built(definition))
    content = H5PContent.objects.create(
        title=h5p_json["title"],
        language=h5p_json.get("language", ""),
        main_library=library,
        h5p_json=h5p_json,
        parameters=parameters,
    )
    content.libraries.set([library])
    write_files(
        storage.content_root(content.uuid),
        {
            "h5p.json": json.dumps(h5p_json).encode(),
            "content/content.json": json.dumps(parameters).encode(),
        },
    )
    return content


def step_ids(content: H5PContent) -> list[str]:
    return [step["id"] for step in content.parameters["steps"]]


def h5p_block(content: H5PContent, *, title="Oefening", pass_mark=80, required=True):
    return (
        "h5p",
        {"content": content, "title": title, "pass_mark": pass_mark, "required": required},
    )


def make_h5p_lesson(module, number: int, *contents: H5PContent, **fields) -> LessonPage:
    body = [("paragraph", "<p>Doe de oefening.</p>"), *(h5p_block(content) for content in contents)]
    fields.setdefault("completion_rule", LessonPage.CompletionRule.H5P_PASSED)
    return make_lesson(module, number, f"Oefenles {number}", body=body, **fields)


def statement(
    content: H5PContent, response: str = "", *, raw=1, maximum=1, verb="answered", **extra
):
    """A statement as the player sends it, claiming `raw` out of `maximum`."""
    return {
        "actor": {"objectType": "Agent", "mbox": "mailto:someone.else@example.org", "name": "X"},
        "verb": {"id": f"{ADL}{verb}", "display": {"en-US": verb}},
        "object": {
            "id": f"urn:atmp-xb:h5p:{content.uuid}",
            "objectType": "Activity",
            "definition": {"interactionType": "sequencing"},
        },
        "result": {
            "score": {"raw": raw, "max": maximum, "min": 0, "scaled": raw / maximum},
            "success": raw == maximum,
            "completion": True,
            "response": response,
        },
        **extra,
    }


@pytest.fixture(name="h5p_store")
def h5p_store_fixture(settings, tmp_path):
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.H5P_PLAYER_ORIGIN = ""
    return settings.H5P_ROOT


@pytest.fixture(name="step_library")
def step_library_fixture(h5p_store) -> H5PLibrary:
    return install_our_library("ATMP.StepOrder-1.0")


@pytest.fixture(name="step_content")
def step_content_fixture(step_library) -> H5PContent:
    return make_step_content(step_library)


@pytest.fixture(name="demo_content")
def demo_content_fixture(h5p_store) -> H5PContent:
    """Content of a type the server cannot score."""
    return make_content(make_library("ATMP.Demo"), title="Zelf gerapporteerd")


@pytest.fixture(name="h5p_lesson")
def h5p_lesson_fixture(module, lessons, step_content, demo_content) -> LessonPage:
    """A fourth lesson of `module` with both exercises, completed by passing them."""
    return make_h5p_lesson(module, 4, step_content, demo_content)
