"""The issuer key: from the environment in production, generated once in development."""

import os
import stat

from django.core.exceptions import ImproperlyConfigured

import pytest

from certificates import integrity, keys
from tests.processes import run_python
from tests.test_deploy import production_environment

from .credential_helpers import TEST_SEED


@pytest.fixture
def key_dir(settings, tmp_path):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = ""
    settings.ATMP_CREDENTIAL_KEY_DIR = tmp_path / "keys"
    return tmp_path / "keys"


def test_the_key_comes_from_the_environment_variable(settings, key_dir):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED

    signing = keys.signing_key()

    seed = signing.private_key.private_bytes_raw()
    assert keys.encode_seed(seed) == TEST_SEED
    assert not key_dir.exists()


def test_padded_base64url_is_accepted_too(settings, key_dir):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED + "="

    assert keys.encode_seed(keys.signing_key().private_key.private_bytes_raw()) == TEST_SEED


@pytest.mark.parametrize("value", ["not base64 at all!", "c2hvcnQ", "A" * 60])
def test_a_malformed_key_is_refused_with_a_clear_message(settings, key_dir, value):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = value

    with pytest.raises(ImproperlyConfigured, match="ATMP_CREDENTIAL_SIGNING_KEY"):
        keys.signing_key()


def test_without_a_key_a_development_key_is_generated_once_and_kept(key_dir):
    first = keys.signing_key().public.multibase
    path = key_dir / keys.DEV_KEY_FILE
    keys._load.cache_clear()

    second = keys.signing_key().public.multibase

    assert first == second
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(p.name for p in key_dir.iterdir()) == [keys.DEV_KEY_FILE]


def test_the_key_id_is_derived_from_the_public_key(settings, key_dir):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    first = keys.signing_key().public.key_id
    settings.ATMP_CREDENTIAL_SIGNING_KEY = "B" * 43

    assert first.startswith("key-") and len(first) == 20
    assert keys.signing_key().public.key_id != first


def test_previous_public_keys_are_published_after_the_current_one(settings, key_dir):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = "B" * 43
    old = keys.signing_key().public
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    settings.ATMP_CREDENTIAL_PREVIOUS_PUBLIC_KEYS = [old.multibase]

    published = keys.published_keys()

    assert [key.multibase for key in published][1:] == [old.multibase]
    assert keys.public_key_for(old.key_id) is not None
    assert keys.public_key_for("key-unknown") is None


def test_a_malformed_previous_key_is_refused(settings, key_dir):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    settings.ATMP_CREDENTIAL_PREVIOUS_PUBLIC_KEYS = ["z6Mkbroken"]

    with pytest.raises(ImproperlyConfigured, match="PREVIOUS_PUBLIC_KEYS"):
        keys.published_keys()


def test_a_generated_seed_is_a_valid_key():
    seed = keys.generate_seed_text()

    assert integrity.public_key_multibase(keys.parse_seed(seed).public_key()).startswith("z6Mk")


def _manage_check(environment):
    return run_python("manage.py", "check", "--deploy", environment=environment)


def test_production_refuses_to_start_without_the_signing_key(tmp_path):
    environment = production_environment(tmp_path)
    environment.pop("ATMP_CREDENTIAL_SIGNING_KEY", None)

    result = _manage_check(environment)

    assert result.returncode != 0
    assert "ATMP_CREDENTIAL_SIGNING_KEY" in result.stderr


def test_production_refuses_an_empty_signing_key(tmp_path):
    environment = production_environment(tmp_path) | {"ATMP_CREDENTIAL_SIGNING_KEY": ""}

    result = _manage_check(environment)

    assert result.returncode != 0
    assert "ATMP_CREDENTIAL_SIGNING_KEY" in result.stderr


def test_production_deploy_check_passes_with_the_signing_key(tmp_path):
    environment = production_environment(tmp_path) | {
        "ATMP_CREDENTIAL_SIGNING_KEY": keys.generate_seed_text()
    }

    result = _manage_check(environment)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
