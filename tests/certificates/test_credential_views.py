"""The issuer's public JSON: profile and keys, the revocation list, the achievements."""

import pytest

from certificates import credentials, integrity, keys

from .credential_helpers import TEST_SEED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    settings.WAGTAILADMIN_BASE_URL = "https://atmp-xb.example.org"


def test_the_issuer_profile_publishes_the_current_key_for_any_origin(client):
    response = client.get("/credentials/issuer.json")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    document = response.json()
    assert document["id"] == "https://atmp-xb.example.org/credentials/issuer.json"
    assert document["type"] == ["Profile"] and document["name"] == "ATMP XB"
    method = document["verificationMethod"][0]
    assert method["type"] == "Multikey"
    assert method["publicKeyMultibase"] == keys.signing_key().public.multibase
    assert document["assertionMethod"] == [method["id"]]


def test_the_issuer_profile_keeps_previous_keys_publishable(client, settings):
    previous = integrity.public_key_multibase(keys.parse_seed("D" * 43).public_key())
    settings.ATMP_CREDENTIAL_PREVIOUS_PUBLIC_KEYS = [previous]

    methods = client.get("/credentials/issuer.json").json()["verificationMethod"]

    assert [method["publicKeyMultibase"] for method in methods][1:] == [previous]


def test_a_credentials_verification_method_is_found_in_the_issuer_profile(client, student):
    methods = client.get("/credentials/issuer.json").json()["verificationMethod"]

    signing = keys.signing_key().public
    assert f"https://atmp-xb.example.org/credentials/issuer.json#{signing.key_id}" in [
        method["id"] for method in methods
    ]


def test_the_status_list_is_public_signed_and_briefly_cacheable(client):
    response = client.get("/credentials/status/1.json")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    integrity.verify_proof(response.json(), resolve_key=credentials._resolve_key)


def test_only_list_one_exists(client):
    assert client.get("/credentials/status/2.json").status_code == 404


def test_an_achievement_is_published_in_both_languages(client, certificate_type):
    english = client.get("/credentials/achievements/test-operator/en.json").json()
    dutch = client.get("/credentials/achievements/test-operator/nl.json").json()

    assert (english["name"], english["inLanguage"]) == ("Test operator", "en")
    assert (dutch["name"], dutch["inLanguage"]) == ("Testoperator", "nl")
    assert dutch["description"] == "Bevestigt door een trainer waargenomen bekwaamheid."
    assert english["related"][0]["id"] == dutch["id"]
    assert dutch["related"][0]["id"] == english["id"]


def test_an_unknown_achievement_or_language_is_not_found(client, certificate_type):
    assert client.get("/credentials/achievements/nothing/en.json").status_code == 404
    assert client.get("/credentials/achievements/test-operator/de.json").status_code == 404


def test_the_json_endpoints_refuse_writes(client):
    assert client.post("/credentials/issuer.json").status_code == 405
