"""Compile our own gettext catalogues (.po) into .mo files without GNU gettext.

`msgfmt` is often missing on a fresh machine, so the set-up compiles with polib instead.
Only the catalogues under settings.LOCALE_PATHS are compiled: installed packages ship their
own .mo files. Fuzzy and untranslated entries are left out, as msgfmt does.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import polib


def catalogues() -> list[Path]:
    found: list[Path] = []
    for locale_path in settings.LOCALE_PATHS:
        found.extend(sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")))
    return found


def compile_catalogue(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    try:
        catalogue = polib.pofile(str(po_path))
    except (OSError, ValueError) as error:
        raise CommandError(f"{po_path}: {error}") from error
    catalogue.save_as_mofile(str(mo_path))
    return mo_path


def is_stale(po_path: Path) -> bool:
    mo_path = po_path.with_suffix(".mo")
    return not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime


class Command(BaseCommand):
    help = "Compile the project's .po catalogues to .mo with polib (no gettext needed)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Compile even catalogues whose .mo is newer."
        )

    def handle(self, *args, force: bool = False, **options):
        found = catalogues()
        stale = [po_path for po_path in found if force or is_stale(po_path)]
        for po_path in stale:
            compile_catalogue(po_path)
            self.stdout.write(f"compiled {po_path}")
        self.stdout.write(
            f"{len(stale)} catalogue(s) compiled, {len(found) - len(stale)} up to date"
        )
