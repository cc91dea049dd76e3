"""deploy/: nginx accepts the site, systemd accepts the units, and the numbers and folders in
them agree with the application's settings."""

import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.models import FileField

from wagtail.images.models import AbstractImage, AbstractRendition

import pytest
from gunicorn.config import KNOWN_SETTINGS, Config

from tests.conftest import skip_or_fail

DEPLOY = Path(settings.BASE_DIR) / "deploy"
SITE = DEPLOY / "nginx" / "atmp.conf"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
NGINX_MAIN = """
pid {tmp}/nginx.pid;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/atmp.conf;
}}
"""


def nginx_binary() -> str:
    # Debian puts it in /usr/sbin, which is not on every user's PATH.
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if not binary:
        skip_or_fail("nginx is not installed (apt-get install nginx)")
    return binary


def self_signed_certificate(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=atmp-xb.example.org", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def nginx_test(tmp_path: Path, site: str) -> subprocess.CompletedProcess:
    cert, key = self_signed_certificate(tmp_path)
    site = re.sub(r"/etc/letsencrypt/live/[^/]+/fullchain\.pem", str(cert), site)
    site = re.sub(r"/etc/letsencrypt/live/[^/]+/privkey\.pem", str(key), site)
    (tmp_path / "atmp.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(NGINX_MAIN.format(tmp=tmp_path))
    return subprocess.run(
        [nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
        + ["-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_nginx_accepts_the_site_with_a_certificate_in_place(tmp_path):
    result = nginx_test(tmp_path, SITE.read_text())

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_refuses_a_broken_site(tmp_path):
    broken = SITE.read_text().replace("client_max_body_size 50m;", "client_max_body_size;", 1)

    result = nginx_test(tmp_path, broken)

    assert result.returncode != 0
    assert "client_max_body_size" in result.stderr


def test_the_upload_limit_of_nginx_is_the_applications():
    site = SITE.read_text()
    limit = re.search(r"^    client_max_body_size (\d+)m;", site, re.M)

    assert int(limit.group(1)) * 1024 * 1024 == settings.H5P_MAX_UPLOAD_BYTES == 52428800
    assert (
        f"H5P_MAX_UPLOAD_BYTES={settings.H5P_MAX_UPLOAD_BYTES}"
        in (DEPLOY / "atmp.env.example").read_text()
    )


def private_upload_folders() -> set[str]:
    """Where the models' files go, except Wagtail's images (public by design)."""
    folders = set()
    for model in apps.get_models():
        if issubclass(model, AbstractImage | AbstractRendition):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and isinstance(field.upload_to, str):
                folders.add(field.upload_to.split("/")[0])
    return folders


def test_nginx_refuses_every_folder_of_private_files_under_media():
    site = SITE.read_text()
    folders = private_upload_folders()

    assert {"certificates", "debriefs", "documents"} <= folders
    for folder in folders:
        assert f"location ^~ /media/{folder}/ {{\n        return 404;" in site, folder


def test_the_internal_locations_match_the_x_accel_prefix_and_the_data_folders():
    site = SITE.read_text()
    environment = (DEPLOY / "atmp.env.example").read_text()

    assert "ATMP_X_ACCEL_REDIRECT_PREFIX=/protected/" in environment
    assert "DJANGO_MEDIA_ROOT=/var/lib/atmp/media" in environment
    assert "H5P_ROOT=/var/lib/atmp/h5p" in environment
    assert site.count("location ^~ /protected/media/ {\n        internal;") == 1
    # The site and the player origin each answer H5P files.
    assert site.count("location ^~ /protected/h5p/ {\n        internal;") == 2
    assert "alias /var/lib/atmp/media/;" in site and "alias /var/lib/atmp/h5p/;" in site


def unit_copies(tmp_path: Path) -> list[Path]:
    """The units with their programs pointed at this checkout's virtualenv (the real path,
    /srv/atmp/app/.venv, does not exist here and systemd checks that it is executable)."""
    venv_bin = Path(sys.executable).parent
    copies = []
    for unit in UNITS:
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace("/srv/atmp/app/.venv/bin/", f"{venv_bin}/"))
        copies.append(copy)
    return copies


def systemd_verify(paths: list[Path]) -> subprocess.CompletedProcess:
    binary = shutil.which("systemd-analyze")
    if not binary:
        skip_or_fail("systemd-analyze is not installed (apt-get install systemd)")
    return subprocess.run(
        [binary, "verify", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_systemd_accepts_the_units_without_a_warning(tmp_path):
    assert {unit.name for unit in UNITS} == {
        "atmp-web.service",
        "atmp-worker.service",
        "atmp-beat.service",
    }

    result = systemd_verify(unit_copies(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_systemd_warns_about_a_mistyped_directive(tmp_path):
    (copy, *_rest) = unit_copies(tmp_path)
    copy.write_text(copy.read_text().replace("ProtectSystem=strict", "ProtectSystem=sometimes"))

    result = systemd_verify([copy])

    assert "ProtectSystem" not in result.stdout
    assert "sometimes" in result.stderr


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_each_unit_runs_as_atmp_hardened_and_restarts_on_failure(unit):
    text = unit.read_text()

    for line in (
        "User=atmp",
        "EnvironmentFile=/etc/atmp/atmp.env",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/atmp/media /var/lib/atmp/h5p /var/lib/atmp/h5p-spool",
        "PrivateTmp=yes",
        "Restart=on-failure",
    ):
        assert f"\n{line}\n" in text, line


def test_the_gunicorn_configuration_names_only_gunicorn_settings_and_binds_to_loopback():
    values = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    names = {name for name in values if not name.startswith("_") and name != "os"}
    config = Config()
    for name in names:
        config.set(name, values[name])

    assert names - {setting.name for setting in KNOWN_SETTINGS} == set()
    assert config.bind == ["127.0.0.1:8000"]
    assert config.workers >= 3
    assert config.accesslog is None
