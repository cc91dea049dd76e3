"""The Dutch catalogue is complete, keeps every placeholder and tag, and is what /nl/ shows."""

import re
import shutil
from collections import Counter
from pathlib import Path

from django.conf import settings as django_settings

import polib
import pytest

CATALOGUE = Path(django_settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
PYTHON_FORMAT = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_FORMAT = re.compile(r"\{[^{}]*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


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


def mismatches(pattern: re.Pattern, flag: str | None) -> list[str]:
    found = []
    for entry in entries():
        if flag and flag not in entry.flags:
            continue
        for source, translation in pairs(entry):
            if Counter(pattern.findall(source)) != Counter(pattern.findall(translation)):
                found.append(f"{label(entry)!r} -> {translation!r}")
    return found


def test_catalogue_declares_dutch_utf8_and_dutch_plural_forms():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.metadata["Language"] == "nl"
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not catalogue.metadata_is_fuzzy


def test_every_entry_is_translated():
    untranslated = [label(entry) for entry in entries() if not entry.translated()]
    assert untranslated == []


def test_no_entry_is_fuzzy():
    assert [label(entry) for entry in entries() if "fuzzy" in entry.flags] == []


def test_every_plural_entry_has_both_dutch_forms():
    incomplete = [
        label(entry)
        for entry in entries()
        if entry.msgid_plural and sorted(entry.msgstr_plural) != [0, 1]
    ]
    assert incomplete == []


def test_translations_keep_python_format_placeholders():
    assert mismatches(PYTHON_FORMAT, "python-format") == []


def test_translations_keep_brace_format_placeholders():
    assert mismatches(BRACE_FORMAT, "brace-format") == []


def test_translations_keep_html_tags():
    assert mismatches(HTML_TAG, None) == []


def test_placeholder_check_catches_a_dropped_placeholder():
    entry = polib.POEntry(msgid="By %(author)s", msgstr="Door", flags=["python-format"])
    source, translation = pairs(entry)[0]
    assert Counter(PYTHON_FORMAT.findall(source)) != Counter(PYTHON_FORMAT.findall(translation))


@pytest.fixture
def compiled_catalogue(tmp_path, settings):
    """The catalogue as committed, compiled afresh: a stale or missing .mo in the checkout
    must not decide what this test sees."""
    messages = tmp_path / "nl" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    shutil.copy(CATALOGUE, messages / "django.po")
    polib.pofile(str(messages / "django.po")).save_as_mofile(str(messages / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path]
    return messages


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
