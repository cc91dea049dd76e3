"""The Dutch catalogues are complete, keep every placeholder and tag, and are what /nl/ shows.

locale/nl holds our own strings; locale/third_party rewords strings of installed packages.
"""

import re
import shutil
from collections import Counter
from pathlib import Path

import django.contrib.auth
from django.conf import settings as django_settings

import allauth
import polib
import pytest

LOCALE = Path(django_settings.BASE_DIR) / "locale"
CATALOGUE = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
THIRD_PARTY = LOCALE / "third_party" / "nl" / "LC_MESSAGES" / "django.po"
CATALOGUES = pytest.mark.parametrize("path", [CATALOGUE, THIRD_PARTY], ids=["own", "third_party"])
PYTHON_FORMAT = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_FORMAT = re.compile(r"\{[^{}]*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """Each translation with the English text it must match: Dutch has two plural forms,
    the singular one matching msgid and the plural one msgid_plural."""
    if entry.msgid_plural:
        return [
            (entry.msgid, entry.msgstr_plural.get(0, "")),
            (entry.msgid_plural, entry.msgstr_plural.get(1, "")),
        ]
    return [(entry.msgid, entry.msgstr)]


def mismatches(path: Path, pattern: re.Pattern, flag: str | None) -> list[str]:
    found = []
    for entry in entries(path):
        if flag and flag not in entry.flags:
            continue
        for source, translation in pairs(entry):
            if Counter(pattern.findall(source)) != Counter(pattern.findall(translation)):
                found.append(f"{label(entry)!r} -> {translation!r}")
    return found


@CATALOGUES
def test_catalogue_declares_dutch_utf8_and_dutch_plural_forms(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.metadata["Language"] == "nl"
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not catalogue.metadata_is_fuzzy


@CATALOGUES
def test_every_entry_is_translated(path):
    untranslated = [label(entry) for entry in entries(path) if not entry.translated()]
    assert untranslated == []


@CATALOGUES
def test_no_entry_is_fuzzy(path):
    assert [label(entry) for entry in entries(path) if "fuzzy" in entry.flags] == []


@CATALOGUES
def test_every_plural_entry_has_both_dutch_forms(path):
    incomplete = [
        label(entry)
        for entry in entries(path)
        if entry.msgid_plural and sorted(entry.msgstr_plural) != [0, 1]
    ]
    assert incomplete == []


@CATALOGUES
def test_translations_keep_python_format_placeholders(path):
    assert mismatches(path, PYTHON_FORMAT, "python-format") == []


@CATALOGUES
def test_translations_keep_brace_format_placeholders(path):
    assert mismatches(path, BRACE_FORMAT, "brace-format") == []


@CATALOGUES
def test_translations_keep_html_tags(path):
    assert mismatches(path, HTML_TAG, None) == []


def test_placeholder_check_catches_a_dropped_placeholder():
    entry = polib.POEntry(msgid="By %(author)s", msgstr="Door", flags=["python-format"])
    source, translation = pairs(entry)[0]
    assert Counter(PYTHON_FORMAT.findall(source)) != Counter(PYTHON_FORMAT.findall(translation))


def package_catalogues() -> dict[str, polib.POEntry]:
    found = {}
    for package in (allauth, django.contrib.auth):
        path = Path(package.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
        found.update({entry.msgid: entry for entry in polib.pofile(str(path))})
    return found


def test_third_party_entries_reword_strings_the_packages_still_have():
    """After an upgrade of allauth or Django, a changed msgid would silently lose our wording."""
    known = package_catalogues()
    assert [entry.msgid for entry in entries(THIRD_PARTY) if entry.msgid not in known] == []


@pytest.fixture
def compiled_catalogue(tmp_path, settings):
    """The catalogues as committed, compiled afresh: a stale or missing .mo in the checkout
    must not decide what these tests see."""
    paths = []
    for name, source in (("own", CATALOGUE), ("third_party", THIRD_PARTY)):
        messages = tmp_path / name / "nl" / "LC_MESSAGES"
        messages.mkdir(parents=True)
        shutil.copy(source, messages / "django.po")
        polib.pofile(str(messages / "django.po")).save_as_mofile(str(messages / "django.mo"))
        paths.append(tmp_path / name)
    settings.LOCALE_PATHS = paths


def test_skip_link_is_dutch_on_dutch_pages(client, home_page, compiled_catalogue):
    html = client.get("/nl/").content.decode()
    assert "Direct naar de hoofdinhoud" in html
    assert "Skip to main content" not in html


def test_skip_link_is_english_on_english_pages(client, home_page, compiled_catalogue):
    html = client.get("/en/").content.decode()
    assert "Skip to main content" in html
    assert "Direct naar de hoofdinhoud" not in html


def test_account_links_are_dutch_on_dutch_pages(client, home_page, compiled_catalogue):
    html = client.get("/nl/").content.decode()
    assert ">Inloggen</a>" in html
    assert ">Registreren</a>" in html


def test_login_page_uses_the_sites_terms_in_dutch(client, home_page, compiled_catalogue):
    html = client.get("/nl/accounts/login/").content.decode()
    assert re.search(r"<h1>\s*Inloggen\s*</h1>", html)
    assert "Aanmelden" not in html


def test_signup_password_rules_use_je_in_dutch(client, home_page, compiled_catalogue):
    html = client.get("/nl/accounts/signup/").content.decode()
    assert "Je wachtwoord mag niet alleen uit cijfers bestaan." in html
    assert "Uw wachtwoord" not in html
