"""The nginx site in front of the application for real: private files leave through its
internal locations only after the view said yes, refused folders stay refused, and the
application's headers survive the internal redirect."""

import re
import socket
import subprocess
import time
from pathlib import Path

from django.test import Client

import pytest
import requests
import urllib3

from tests.certificates.conftest import certificate_type, competency, levels  # noqa: F401
from tests.certificates.holder_helpers import PDF_BYTES, make_certificate
from tests.courses.h5p.player_data import make_content, make_library, token_for
from tests.factories import make_user

from .test_deploy_files import NGINX_MAIN, SITE, nginx_binary, self_signed_certificate

# serialized_rollback: the roles and the site made by data migrations are back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HOST = "atmp-xb.example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def local_site(site: str, *, tmp_path: Path, settings, app_port: int, ports: dict) -> str:
    """The shipped site with this machine's ports, folders and a throwaway certificate."""
    cert, key = self_signed_certificate(tmp_path)
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{ports['http']};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl;")
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    site = site.replace("/var/lib/atmp/media/", f"{settings.MEDIA_ROOT}/")
    site = site.replace("/var/lib/atmp/h5p/", f"{settings.H5P_ROOT}/")
    site = site.replace("/srv/atmp/static/", f"{tmp_path / 'static'}/")
    site = re.sub(r"/etc/letsencrypt/live/[^/]+/fullchain\.pem", str(cert), site)
    return re.sub(r"/etc/letsencrypt/live/[^/]+/privkey\.pem", str(key), site)


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    binary = nginx_binary()
    settings.ATMP_X_ACCEL_REDIRECT_PREFIX = "/protected/"
    settings.H5P_PLAYER_ORIGIN = ""
    settings.ALLOWED_HOSTS = [HOST]
    ports = {"http": free_port(), "https": free_port()}
    app_port = int(live_server.url.rsplit(":", 1)[1])
    (tmp_path / "static").mkdir()
    (tmp_path / "atmp.conf").write_text(
        local_site(
            SITE.read_text(), tmp_path=tmp_path, settings=settings, app_port=app_port, ports=ports
        )
    )
    # As root, nginx's workers would run as nobody, who cannot enter pytest's folders.
    main = NGINX_MAIN.format(tmp=tmp_path).replace(
        "events {", "user root;\nerror_log stderr;\nevents {", 1
    )
    (tmp_path / "nginx.conf").write_text(main)
    command = [binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    command += ["-e", str(tmp_path / "error.log"), "-g", "daemon off;"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    session = requests.Session()
    base = f"https://127.0.0.1:{ports['https']}"
    try:
        _wait_until_listening(ports["https"], process)
        yield _Proxy(session, base, ports["http"])
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_listening(port: int, process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail(f"nginx did not start: {process.stderr.read()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("nginx did not listen within 10 s")


class _Proxy:
    def __init__(self, session, base, http_port):
        self.session, self.base, self.http_port = session, base, http_port

    def get(self, path: str, user=None, headers=None):
        cookies = {}
        if user is not None:
            client = Client()
            client.force_login(user)
            cookies["sessionid"] = client.cookies["sessionid"].value
        with pytest.warns(urllib3.exceptions.InsecureRequestWarning):
            return self.session.get(
                f"{self.base}{path}",
                headers={"Host": HOST, **(headers or {})},
                cookies=cookies,
                allow_redirects=False,
                timeout=30,
                # A throwaway certificate for another name: what is tested is behind TLS.
                verify=False,
            )


def test_a_certificate_pdf_leaves_through_nginx_to_its_holder_only(
    nginx,
    student,
    certificate_type,  # noqa: F811
):
    certificate = make_certificate(student, certificate_type)
    url = f"/en/certificates/{certificate.public_id}/certificate.pdf"

    response = nginx.get(url, user=student)

    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="atmp-xb-')
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Accel-Redirect" not in response.headers
    # nginx sent it, not Django: only nginx answers a range (Django's FileResponse does not).
    partial = nginx.get(url, user=student, headers={"Range": "bytes=0-3"})
    assert (partial.status_code, partial.content) == (206, b"%PDF")
    other = nginx.get(url, user=make_user("Student"))
    assert other.status_code == 404 and PDF_BYTES not in other.content
    assert nginx.get(f"/media/{certificate.pdf.name}").status_code == 404
    assert nginx.get(f"/protected/media/{certificate.pdf.name}").status_code == 404


def test_h5p_files_keep_their_isolation_headers_through_nginx(nginx):
    content = make_content(make_library("ATMP.Live"), media={"images/scan.png": b"\x89PNGscan"})

    response = nginx.get(f"/h5p/t/{token_for(content)}/content/images/scan.png")

    assert response.status_code == 200
    assert response.content == b"\x89PNGscan"
    assert response.headers["Content-Type"] == "image/png"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert nginx.get(f"/protected/h5p/content/{content.uuid}/h5p.json").status_code == 404


def test_the_health_check_answers_through_nginx_and_plain_http_goes_to_https(nginx):
    assert nginx.get("/healthz").json()["status"] == "ok"
    redirect = requests.get(
        f"http://127.0.0.1:{nginx.http_port}/nl/",
        headers={"Host": HOST},
        allow_redirects=False,
        timeout=30,
    )
    assert redirect.status_code == 301
    assert redirect.headers["Location"] == f"https://{HOST}/nl/"
