"""Private files through one function: streamed by Django by default, handed to nginx with
X-Accel-Redirect when ATMP_X_ACCEL_REDIRECT_PREFIX is set; refusals never carry the header.
The views' own permission tests (every role) stay with them; here each call site is checked
in both modes, with its owner and with someone refused."""

from django.core.files.base import ContentFile
from django.http import Http404
from django.test import Client

import pytest

from atmp_platform.ops.files import NotAPrivateFile, protected_file_response
from certificates.models import Certificate
from simulations.models import Run
from tests.certificates.conftest import certificate_type, competency, levels  # noqa: F401
from tests.certificates.holder_helpers import PDF_BYTES, make_certificate
from tests.courses.h5p.player_data import make_content, make_library, token_for
from tests.factories import make_user
from tests.simulations.debrief_fixtures import make_grade_a_scenario, play_mixed_run

pytestmark = pytest.mark.django_db

PREFIX = "/protected/"
HEADER = "X-Accel-Redirect"


@pytest.fixture(params=["django", "nginx"])
def mode(request, settings):
    settings.ATMP_X_ACCEL_REDIRECT_PREFIX = PREFIX if request.param == "nginx" else ""
    settings.H5P_PLAYER_ORIGIN = ""
    return request.param


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_served(response, *, mode: str, internal: str, data: bytes) -> None:
    assert response.status_code == 200
    if mode == "nginx":
        assert response[HEADER] == internal
        assert response.content == b""
    else:
        assert HEADER not in response
        assert body_of(response) == data


def assert_refused(response, status: int) -> None:
    assert response.status_code == status
    assert HEADER not in response
    assert PDF_BYTES not in body_of(response)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_function_names_the_internal_location_of_a_media_file(settings):
    settings.ATMP_X_ACCEL_REDIRECT_PREFIX = PREFIX
    path = settings.MEDIA_ROOT / "debriefs" / "run 1.pdf"
    path.parent.mkdir()
    path.write_bytes(b"%PDF")

    response = protected_file_response(
        path, content_type="application/pdf", filename="debrief.pdf", inline=False
    )

    assert response[HEADER] == "/protected/media/debriefs/run%201.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="debrief.pdf"'
    assert response.content == b""


def test_the_function_streams_the_file_itself_without_a_prefix(settings):
    path = settings.H5P_ROOT / "file.css"
    path.write_bytes(b".x {}")

    response = protected_file_response(path, content_type="text/css")

    assert HEADER not in response
    assert response["Content-Disposition"] == 'inline; filename="file.css"'
    assert body_of(response) == b".x {}"


def test_a_file_outside_media_and_the_h5p_store_is_never_handed_to_nginx(settings, tmp_path):
    settings.ATMP_X_ACCEL_REDIRECT_PREFIX = PREFIX
    secret = tmp_path / "secret.txt"
    secret.write_text("keys")

    with pytest.raises(NotAPrivateFile):
        protected_file_response(secret, content_type="text/plain")
    escape = settings.MEDIA_ROOT / ".." / "secret.txt"
    with pytest.raises(NotAPrivateFile):
        protected_file_response(escape, content_type="text/plain")


@pytest.mark.parametrize("prefix", ["", PREFIX])
def test_a_missing_file_is_not_found_in_both_modes(settings, prefix):
    settings.ATMP_X_ACCEL_REDIRECT_PREFIX = prefix

    with pytest.raises(Http404):
        protected_file_response(settings.MEDIA_ROOT / "gone.pdf", content_type="application/pdf")


def test_the_certificate_pdf_goes_to_its_holder_only(mode, student, certificate_type):  # noqa: F811
    certificate = make_certificate(student, certificate_type)
    url = f"/en/certificates/{certificate.public_id}/certificate.pdf"

    response = client_for(student).get(url)

    assert_served(
        response,
        mode=mode,
        internal=f"/protected/media/{certificate.pdf.name}",
        data=PDF_BYTES,
    )
    assert response["Content-Disposition"].startswith('attachment; filename="atmp-xb-')
    assert response["Cache-Control"] == "private, no-store"
    assert_refused(client_for(make_user("Student")).get(url), 404)
    assert_refused(Client().get(url), 302)


def test_a_certificate_still_being_issued_is_not_handed_out(mode, student, certificate_type):  # noqa: F811
    certificate = make_certificate(student, certificate_type, status=Certificate.Status.PENDING)

    response = client_for(student).get(f"/en/certificates/{certificate.public_id}/certificate.pdf")

    assert response.status_code == 409
    assert HEADER not in response


@pytest.fixture
def finished_run(student) -> Run:
    run = play_mixed_run(make_grade_a_scenario(), student)
    run.debrief_pdf.save("debrief.pdf", ContentFile(PDF_BYTES), save=False)
    run.debrief_status = Run.Debrief.READY
    run.save(update_fields=["debrief_pdf", "debrief_status"])
    return run


def test_the_debrief_pdf_goes_to_its_trainee_only(mode, student, finished_run):
    url = f"/en/simulations/runs/{finished_run.public_id}/debrief.pdf"

    response = client_for(student).get(url)

    assert_served(
        response,
        mode=mode,
        internal=f"/protected/media/{finished_run.debrief_pdf.name}",
        data=PDF_BYTES,
    )
    assert response["Content-Disposition"].startswith('attachment; filename="debrief-')
    assert_refused(client_for(make_user("Student")).get(url), 404)
    assert_refused(client_for(make_user("Trainer")).get(url), 404)


def test_h5p_files_go_to_token_holders_only_and_keep_their_isolation(mode):
    main = make_library("ATMP.Files")
    content = make_content(main, media={"images/scan.png": b"\x89PNGscan"})
    player = f"/h5p/t/{token_for(content)}/"

    response = Client().get(f"{player}content/images/scan.png")
    library = Client().get(f"{player}libraries/ATMP.Files-1.0/js/main.js")

    assert_served(
        response,
        mode=mode,
        internal=f"/protected/h5p/content/{content.uuid}/content/images/scan.png",
        data=b"\x89PNGscan",
    )
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert library.status_code == 200
    assert (HEADER in library) is (mode == "nginx")
    refused = Client().get(f"/h5p/t/{token_for(content)}x/content/images/scan.png")
    assert refused.status_code == 404
    assert HEADER not in refused
