import gettext
import os
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

CATALOGUE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: nl\\n"

msgid "News"
msgstr "Nieuws"

#, fuzzy
msgid "Partners"
msgstr "Partnerz"

msgid "Search"
msgstr ""
"""


@pytest.fixture
def locale_dir(tmp_path, settings):
    settings.LOCALE_PATHS = [tmp_path]
    messages = tmp_path / "nl" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(CATALOGUE, encoding="utf-8")
    return messages


def compile_translations(*args) -> str:
    out = StringIO()
    call_command("compile_translations", *args, stdout=out)
    return out.getvalue()


def load(messages) -> gettext.GNUTranslations:
    with open(messages / "django.mo", "rb") as mo_file:
        return gettext.GNUTranslations(mo_file)


def test_compiles_translated_entries_and_leaves_out_fuzzy_and_empty_ones(locale_dir):
    output = compile_translations()

    translations = load(locale_dir)
    assert translations.gettext("News") == "Nieuws"
    assert translations.gettext("Partners") == "Partners"
    assert translations.gettext("Search") == "Search"
    assert "1 catalogue(s) compiled" in output


def test_skips_a_catalogue_whose_mo_is_newer_unless_forced(locale_dir):
    compile_translations()
    po_time = (locale_dir / "django.po").stat().st_mtime
    os.utime(locale_dir / "django.mo", (po_time + 10, po_time + 10))

    assert "0 catalogue(s) compiled, 1 up to date" in compile_translations()
    assert "1 catalogue(s) compiled" in compile_translations("--force")


def test_recompiles_after_the_catalogue_changes(locale_dir):
    compile_translations()
    po_path = locale_dir / "django.po"
    po_path.write_text(CATALOGUE.replace("Nieuws", "Actueel"), encoding="utf-8")
    mo_time = (locale_dir / "django.mo").stat().st_mtime
    os.utime(po_path, (mo_time + 10, mo_time + 10))

    compile_translations()

    assert load(locale_dir).gettext("News") == "Actueel"


def test_a_broken_catalogue_is_reported(locale_dir):
    (locale_dir / "django.po").write_text('msgid "News"\nnot a catalogue line\n', encoding="utf-8")

    with pytest.raises(CommandError, match="django.po"):
        compile_translations()
