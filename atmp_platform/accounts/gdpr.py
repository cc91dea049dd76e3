"""The registries behind "download my data" and "delete my account".

Every app that stores personal data registers two functions here, in its `AppConfig.ready`:

    from atmp_platform.accounts.gdpr import register_eraser, register_exporter

    register_exporter("enrolments", export_enrolments)  # (user) -> JSON-serialisable data
    register_eraser("enrolments", erase_enrolments)      # (user) -> None

An exporter returns everything its app holds about that user and nothing about anyone else;
its result appears under its name in the export. An eraser removes or anonymises that data
inside the deletion's transaction; raising aborts the whole deletion. Records that must
survive (issued certificates stay verifiable, signed assessments stay signed) are anonymised
or kept on a legal basis by their own eraser, which says so in its docstring.
"""

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register_exporter(name: str, exporter: Exporter) -> None:
    """Add (or, for the same name, replace) the exporter for one section of the export."""
    _exporters[name] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    """Add (or, for the same name, replace) an eraser run when an account is deleted."""
    _erasers[name] = eraser


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def erasers() -> dict[str, Eraser]:
    return dict(_erasers)
