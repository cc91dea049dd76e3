"""`manage.py install_h5p_types`: our content types in the library store, then content for
them uploaded and scored from what the store kept."""

import io

from django.core.management import call_command

import pytest

from courses.h5p import services
from courses.h5p.content_types import library_folders
from courses.h5p.models import H5PLibrary
from courses.h5p.scoring import recompute_score
from tests.courses.h5p.our_types import LIMIT_CHECK_EXAMPLE, STEP_ORDER_EXAMPLE, built_example

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.H5P_SPOOL_ROOT = tmp_path / "spool"
    return tmp_path / "h5p"


def install() -> str:
    stdout = io.StringIO()
    call_command("install_h5p_types", stdout=stdout)
    return stdout.getvalue()


def files_under(path):
    return sorted(item.relative_to(path).as_posix() for item in path.rglob("*") if item.is_file())


def test_every_library_we_ship_is_installed_with_its_files(store):
    output = install()
    assert "Installed ATMP.StepOrder 1.0.0." in output
    assert "Installed ATMP.LimitCheck 1.0.0." in output
    rows = {row.folder: row for row in H5PLibrary.objects.all()}
    assert set(rows) == {folder.name for folder in library_folders()}
    for folder in library_folders():
        assert rows[folder.name].runnable is True
        assert files_under(store / "libraries" / folder.name) == files_under(folder)


def test_installing_again_changes_nothing(store):
    install()
    before = list(H5PLibrary.objects.order_by("pk").values())
    files_before = files_under(store)
    install()
    assert list(H5PLibrary.objects.order_by("pk").values()) == before
    assert files_under(store) == files_before


@pytest.mark.parametrize(
    ("definition", "response", "raw", "maximum"),
    [
        (STEP_ORDER_EXAMPLE, None, 10, 10),
        (LIMIT_CHECK_EXAMPLE, "air-door[,]settle-bench[,]contact-floor", 4, 6),
    ],
)
def test_a_trainer_uploads_content_of_installed_types_and_its_stored_parameters_score_it(
    trainer, definition, response, raw, maximum
):
    install()
    package, _h5p_json, parameters = built_example(definition)
    content = services.upload_h5p(
        file=io.BytesIO(package), uploaded_by=trainer, original_filename=f"{definition.stem}.h5p"
    )
    assert content.main_library.installed_by is None
    if response is None:
        response = "[,]".join(step["id"] for step in parameters["steps"])
    statement = {"result": {"response": response, "score": {"raw": 0, "max": 1}}}
    score = recompute_score(content=content, statement=statement)
    assert (score.raw, score.max) == (raw, maximum)
