"""Content of our own content types (ATMP.StepOrder, ATMP.LimitCheck) for the scoring, build
and browser tests: unsaved model instances and the example exercises, built in memory."""

import json
import zipfile
from io import BytesIO

from courses.h5p.content_types import LIBRARIES_DIR, build_package, load_definition
from courses.h5p.models import H5PContent, H5PLibrary

EXERCISES = LIBRARIES_DIR.parent / "exercises"
STEP_ORDER_EXAMPLE = EXERCISES / "gowning-grade-b.en.json"
LIMIT_CHECK_EXAMPLE = EXERCISES / "air-and-surfaces-grade-b.nl.json"


def content_of(machine_name: str, parameters: dict, major_version: int = 1) -> H5PContent:
    """An unsaved H5PContent of `machine_name` with these stored parameters."""
    library = H5PLibrary(
        machine_name=machine_name,
        major_version=major_version,
        minor_version=0,
        patch_version=0,
        title=machine_name,
        folder=f"{machine_name}-{major_version}.0",
        library_json={},
    )
    return H5PContent(title="Exercise", main_library=library, parameters=parameters)


def built_example(definition_path) -> tuple[bytes, dict, dict]:
    """The example's .h5p bytes, its h5p.json and its content.json."""
    package = build_package(load_definition(definition_path))
    archive = zipfile.ZipFile(BytesIO(package))
    return (
        package,
        json.loads(archive.read("h5p.json")),
        json.loads(archive.read("content/content.json")),
    )


def example_content(definition_path) -> H5PContent:
    _package, h5p_json, parameters = built_example(definition_path)
    return content_of(h5p_json["mainLibrary"], parameters)
