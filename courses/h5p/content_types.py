"""Our own H5P content types (courses/h5p/libraries/) and offline packaging of content for them.

A content definition is a JSON object `{library, title, language, params}`: `library` names one
of our libraries ("ATMP.StepOrder" or "ATMP.StepOrder 1.0"), `params` is its content.json. The
library's language file (language/<language>.json) supplies the interface texts the definition
leaves out, so a Dutch definition gets Dutch buttons. Nothing here touches the database or the
network: pyh5p builds against a library store on the repository's own folder.
"""

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

import pyh5p

LIBRARIES_DIR = Path(__file__).resolve().parent / "libraries"
STEP_ORDER = "ATMP.StepOrder"
LIMIT_CHECK = "ATMP.LimitCheck"
# Which list in the parameters holds the items whose `id` the learner's response refers to.
ITEM_LISTS = {STEP_ORDER: "steps", LIMIT_CHECK: "items"}
DEFINITION_KEYS = {"library", "title", "language", "params"}
# The same pattern as the libraries' semantics.json and JavaScript: an id that breaks it would
# be dropped by the player while the server still counted it.
ITEM_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


class DefinitionError(Exception):
    """A content definition that cannot be built; the message says why."""


def library_folders() -> list[Path]:
    """Every library folder we ship, in name order."""
    return sorted(path.parent for path in LIBRARIES_DIR.glob("*/library.json"))


def library_store() -> pyh5p.LibraryStore:
    return pyh5p.LibraryStore(LIBRARIES_DIR)


def parameter_problems(machine_name: str, params: Any) -> list[str]:
    """Item ids must be well formed and unique (semantics.json cannot say the latter).

    Server-side scoring relies on this, so content failing it is never scored.
    """
    list_name = ITEM_LISTS.get(machine_name)
    if list_name is None:
        return []
    items = params.get(list_name) if isinstance(params, Mapping) else None
    if not isinstance(items, list) or not items:
        return [_("The content has no “%(list)s”.") % {"list": list_name}]
    ids = [item.get("id") if isinstance(item, Mapping) else None for item in items]
    if any(not isinstance(item_id, str) or not ITEM_ID.fullmatch(item_id) for item_id in ids):
        return [
            _(
                "Every entry of “%(list)s” needs an id of lower-case letters, digits, - and _ "
                "(at most 64)."
            )
            % {"list": list_name}
        ]
    duplicates = sorted({item_id for item_id in ids if ids.count(item_id) > 1})
    if duplicates:
        return [
            _("These ids occur more than once in “%(list)s”: %(ids)s.")
            % {"list": list_name, "ids": ", ".join(duplicates)}
        ]
    return []


def load_definition(path: Path) -> dict[str, Any]:
    """Read and shape-check one definition file; raises DefinitionError."""
    try:
        definition = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DefinitionError(
            _("%(file)s is not a readable JSON file: %(error)s") % {"file": path, "error": error}
        ) from error
    check_definition(definition)
    return definition


def check_definition(definition: Any) -> None:
    if not isinstance(definition, dict) or set(definition) != DEFINITION_KEYS:
        raise DefinitionError(
            _("A content definition is an object with exactly these keys: %(keys)s.")
            % {"keys": ", ".join(sorted(DEFINITION_KEYS))}
        )
    for key in ("library", "title", "language"):
        if not isinstance(definition[key], str) or not definition[key].strip():
            raise DefinitionError(_("“%(key)s” must be a non-empty text.") % {"key": key})
    if not isinstance(definition["params"], dict):
        raise DefinitionError(_("“params” must be an object."))


def build_package(definition: Mapping[str, Any]) -> bytes:
    """The .h5p file (bytes) for a definition, validated against the library's semantics.

    Raises DefinitionError naming every problem found.
    """
    check_definition(definition)
    store = library_store()
    try:
        library = store.get(definition["library"])
    except (pyh5p.H5PError, ValueError) as error:
        raise DefinitionError(
            _("%(library)s is not one of our content types (%(names)s).")
            % {"library": definition["library"], "names": ", ".join(ITEM_LISTS)}
        ) from error
    params = _merged(translated_defaults(library, definition["language"]), definition["params"])
    problems = parameter_problems(library.machine_name, params)
    if problems:
        raise DefinitionError(" ".join(problems))
    try:
        content = pyh5p.build(
            str(library.id.machine_name),
            params,
            store=store,
            title=definition["title"],
            language=definition["language"],
            # H5P's metadata field for the language of the text: the player's <html lang>.
            metadata={"defaultLanguage": definition["language"]},
            fetch=False,
        )
        return content.package_bytes()
    except pyh5p.ValidationError as error:
        raise DefinitionError(
            _("The parameters do not fit %(library)s: %(issues)s")
            % {"library": library.machine_name, "issues": "; ".join(map(str, error.issues))}
        ) from error


def translated_defaults(library: pyh5p.Library, language: str) -> dict[str, Any]:
    """The defaults of `library`'s language file for `language` ({} when there is none)."""
    path = library.path / "language" / f"{language}.json"
    if not path.is_file():
        return {}
    translations = json.loads(path.read_text(encoding="utf-8")).get("semantics", [])
    try:
        return _defaults(library.semantics.raw, translations)
    except (ValueError, AttributeError, TypeError) as error:
        raise DefinitionError(
            _("%(file)s does not follow the structure of semantics.json.") % {"file": path}
        ) from error


def _defaults(fields: list[dict[str, Any]], translations: list[Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for field, translation in zip(fields, translations, strict=True):
        if field["type"] == "group":
            nested = _defaults(field["fields"], translation.get("fields", []))
            if nested:
                result[field["name"]] = nested
        elif "default" in field and "default" in translation:
            result[field["name"]] = translation["default"]
    return result


def _merged(defaults: dict[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(defaults)
    for key, value in params.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        else:
            result[key] = value
    return result
