"""The player page and its files: what a token grants, and the headers that isolate them."""

import json
import re

from django.test import Client

import pytest

from courses.h5p import player as player_views
from courses.h5p.tokens import make_player_token

from .player_data import make_content, make_library, player_path, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(settings, tmp_path):
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.H5P_PLAYER_ORIGIN = ""
    return settings.H5P_ROOT


@pytest.fixture
def helper_library(store):
    return make_library("ATMP.Helper", runnable=False)


@pytest.fixture
def main_library(helper_library):
    return make_library("ATMP.Demo", depends_on=("ATMP.Helper",))


@pytest.fixture
def content(main_library):
    return make_content(main_library, parameters={"question": "<p>Klaar?</p>"})


@pytest.fixture
def other_content(main_library):
    return make_content(main_library, title="Andere", media={"images/secret.png": b"\x89PNGother"})


def config_of(response) -> dict:
    match = re.search(
        r'<script id="h5p-player-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def assert_isolated(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "sandbox" in response["Content-Security-Policy"]
    assert not response.cookies


def test_the_player_page_points_h5p_standalone_at_this_token(client, content):
    path = player_path(content)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    config = config_of(response)
    prefix = f"http://testserver{path}"
    assert config["player"]["h5pJsonPath"] == prefix.rstrip("/")
    assert config["player"]["contentJsonPath"] == f"{prefix}content"
    assert config["player"]["librariesPath"] == f"{prefix}libraries"
    assert config["player"]["xAPIObjectIRI"] == f"urn:atmp-xb:h5p:{content.uuid}"
    assert config["objectId"] == config["player"]["xAPIObjectIRI"]
    assert config["parentOrigin"] == "http://testserver"
    assert config["player"]["frameJs"].endswith("vendor/h5p-standalone/dist/frame.bundle.js")
    assert "vendor/h5p-standalone/dist/main.bundle.js" in response.content.decode()


def test_the_player_page_is_sandboxed_and_framed_only_by_the_site(client, content):
    path = player_path(content)
    response = client.get(path)
    assert_isolated(response)
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["sandbox"] == "allow-scripts"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["connect-src"] == f"http://testserver{path}"
    assert policy["default-src"] == "'none'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_player_sets_no_cookie_even_for_a_signed_in_visitor(client, content, student):
    client.force_login(student)
    response = client.get(player_path(content))
    assert response.status_code == 200
    assert not response.cookies


def test_h5p_json_is_the_stored_one(client, content):
    response = client.get(f"{player_path(content)}h5p.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == content.h5p_json
    assert_isolated(response)
    assert response["Content-Security-Policy"] == player_views.FILE_POLICY


def test_content_json_is_the_sanitised_parameters_not_the_file(client, content):
    response = client.get(f"{player_path(content)}content/content.json")
    assert response.status_code == 200
    assert response.json() == {"question": "<p>Klaar?</p>"}
    assert b"<script>" not in response.content
    assert_isolated(response)


def test_media_files_come_with_their_type_and_nosniff(client, content):
    response = client.get(f"{player_path(content)}content/images/photo.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert_isolated(response)


@pytest.mark.parametrize(
    ("folder", "path", "content_type"),
    [
        ("ATMP.Demo-1.0", "library.json", "application/json"),
        ("ATMP.Demo-1.0", "js/main.js", "text/javascript; charset=utf-8"),
        ("ATMP.Demo-1.0", "css/main.css", "text/css; charset=utf-8"),
        ("ATMP.Helper-1.0", "js/main.js", "text/javascript; charset=utf-8"),
        ("ATMP.Helper-1.0", "fonts/icons.woff2", "font/woff2"),
    ],
)
def test_library_files_of_the_content_and_its_dependencies_are_served(
    client, content, folder, path, content_type
):
    response = client.get(f"{player_path(content)}libraries/{folder}/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert_isolated(response)


def test_an_installed_library_the_content_does_not_use_is_not_served(client, content):
    make_library("ATMP.Unrelated")
    response = client.get(f"{player_path(content)}libraries/ATMP.Unrelated-1.0/js/main.js")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "suffix",
    [
        "content/../h5p.json",
        "content/..%2Fh5p.json",
        "content/%2e%2e/%2e%2e/%2e%2e/settings.py",
        "content/images/../../../../etc/passwd",
        "content//etc/passwd",
        "content/images\\..\\..\\h5p.json",
        "content/images/missing.png",
        "content/images",
        "libraries/ATMP.Demo-1.0/../ATMP.Unrelated-1.0/js/main.js",
        "libraries/ATMP.Demo-1.0/%2e%2e/%2e%2e/content",
        "libraries/ATMP.Demo-1.0//etc/passwd",
        "libraries/..%2F..%2Fcontent/h5p.json",
        "libraries/ATMP.Demo-1.0/js",
    ],
)
def test_paths_outside_the_granted_files_are_not_found(client, content, suffix):
    assert client.get(f"{player_path(content)}{suffix}").status_code == 404


def test_a_token_only_opens_its_own_content(client, content, other_content):
    response = client.get(f"{player_path(content)}content/images/secret.png")
    assert response.status_code == 404
    own = client.get(f"{player_path(other_content)}content/images/secret.png")
    assert own.status_code == 200


def test_a_forged_token_opens_nothing(client, content):
    token = token_for(content)
    payload, *rest = token.split(":")
    forged = ":".join([payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB"), *rest])
    for suffix in ("", "h5p.json", "content/content.json", "libraries/ATMP.Demo-1.0/js/main.js"):
        assert client.get(f"/h5p/t/{forged}/{suffix}").status_code == 404


def test_an_expired_token_opens_nothing(client, content, settings):
    settings.H5P_PLAYER_TOKEN_MAX_AGE = -1
    assert client.get(player_path(content)).status_code == 404
    assert client.get(f"{player_path(content)}h5p.json").status_code == 404


def test_the_token_of_deleted_content_opens_nothing(client, content):
    path = player_path(content)
    content.delete()
    assert client.get(path).status_code == 404


def test_the_player_only_answers_reads(client, content):
    path = player_path(content)
    assert Client().post(path).status_code == 405
    assert client.put(f"{path}h5p.json").status_code == 405
    assert client.head(path).status_code == 200


def test_with_a_player_origin_the_player_answers_only_there(client, content, settings):
    settings.H5P_PLAYER_ORIGIN = "https://player.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "player.example.org"]
    settings.WAGTAILADMIN_BASE_URL = "https://www.example.org"
    path = player_path(content)
    assert client.get(path).status_code == 404
    response = client.get(path, HTTP_HOST="player.example.org", secure=True)
    assert response.status_code == 200
    assert "frame-ancestors https://www.example.org" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert config_of(response)["parentOrigin"] == "https://www.example.org"


def test_player_url_uses_the_player_origin_when_set(settings, content):
    token = make_player_token(content_uuid=content.uuid, user_id=1, page_id=1)
    settings.H5P_PLAYER_ORIGIN = ""
    assert player_views.player_url(token) == f"/h5p/t/{token}/"
    settings.H5P_PLAYER_ORIGIN = "https://player.example.org/"
    assert player_views.player_url(token) == f"https://player.example.org/h5p/t/{token}/"
