"""Import the competency framework from a CSV or YAML file (format in README.md).

`plan_import` reads and checks a file and says what it would change, without writing;
`import_framework` applies that plan in one transaction. Records are matched by code
(competencies, certificate types) or value (proficiency levels): created when new, updated
when different, left alone when the file says what the database already holds. Any error in
the file refuses the whole file, naming the line and the field, and nothing is changed.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import yaml

from .framework_audit import audit_framework_change, snapshot
from .models import (
    CertificateRequirement,
    CertificateType,
    Competency,
    ProficiencyLevel,
    RubricCriterion,
)

MAX_BYTES = 1024 * 1024
FORMATS = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}
CRITERIA_SEPARATOR = "|"
MAX_ERRORS = 20

COMPETENCY_KEYS = [
    "code",
    "title_en",
    "title_nl",
    "description_en",
    "description_nl",
    "category",
    "regulatory_anchor",
    "validity_months",
    "criteria_en",
    "criteria_nl",
    "order",
]
COMPETENCY_REQUIRED = ["code", "title_en", "title_nl", "category"]
LEVEL_KEYS = ["value", "name_en", "name_nl", "description_en", "description_nl"]
LEVEL_REQUIRED = ["value", "name_en", "name_nl"]
TYPE_KEYS = [
    "code",
    "name_en",
    "name_nl",
    "statement_en",
    "statement_nl",
    "validity_months",
    "active",
    "requirements",
]
TYPE_REQUIRED = ["code", "name_en", "name_nl", "statement_en", "statement_nl", "validity_months"]
SECTIONS = ["levels", "competencies", "certificate_types"]


class FileErrors(Exception):
    """Collects the file's errors; raised as one ValidationError listing them all."""

    def __init__(self):
        self.messages: list[str] = []
        self.fields: set[tuple[int | None, str]] = set()

    def add(self, line: int | None, message: str, field_name: str = "") -> None:
        self.fields.add((line, field_name))
        if line is not None and field_name:
            message = _("Line %(line)s, field “%(field)s”: %(message)s") % {
                "line": line,
                "field": field_name,
                "message": message,
            }
        elif line is not None:
            message = _("Line %(line)s: %(message)s") % {"line": line, "message": message}
        self.messages.append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            shown = self.messages[:MAX_ERRORS]
            if len(self.messages) > MAX_ERRORS:
                shown.append(
                    _("… and %(count)d more errors.") % {"count": len(self.messages) - MAX_ERRORS}
                )
            raise ValidationError(shown)


@dataclass
class Record:
    """One entry of the file: where it is, and the values it gives (keys as in the file)."""

    line: int
    values: dict


@dataclass
class Change:
    kind: str  # "level", "competency" or "certificate_type"
    key: str
    action: str  # "create", "update" or "unchanged"
    old: dict | None
    new: dict
    changed_fields: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    filename: str
    changes: list[Change]

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def digest(self) -> str:
        """Identifies what the plan would change, to check that a preview is still true."""
        content = [(c.kind, c.key, c.action, c.new) for c in self.changes]
        encoded = json.dumps(content, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


# Reading the file ---------------------------------------------------------------------------


def _file_format(filename: str, errors: FileErrors) -> str | None:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in FORMATS:
        errors.add(
            None,
            _("“%(name)s” is not a CSV or YAML file: the name must end in .csv, .yaml or .yml.")
            % {"name": filename},
        )
        return None
    return FORMATS[suffix]


def _decode(data: bytes, errors: FileErrors) -> str | None:
    if len(data) > MAX_BYTES:
        errors.add(
            None,
            _("The file is %(size)s bytes; at most %(limit)s bytes (1 MB) can be imported.")
            % {"size": len(data), "limit": MAX_BYTES},
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        errors.add(
            line,
            _(
                "The file is not UTF-8 text. Save it as UTF-8 (“CSV UTF-8” in a spreadsheet) "
                "and try again."
            ),
        )
        return None


def _read_csv(text: str, errors: FileErrors) -> dict[str, list[Record]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in COMPETENCY_KEYS]
    missing = [name for name in COMPETENCY_REQUIRED if name not in header]
    if unknown:
        errors.add(
            1,
            _("unknown columns %(unknown)s. The columns are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(COMPETENCY_KEYS)},
        )
    if missing:
        errors.add(1, _("missing columns %(missing)s.") % {"missing": ", ".join(missing)})
    if unknown or missing:
        return {}
    reader.fieldnames = header
    records, line = [], reader.line_num
    try:
        for row in reader:
            if None in row:
                errors.add(line + 1, _("this row has more cells than the header has columns."))
            values = {key: (value or "").strip() for key, value in row.items() if key is not None}
            for key in ("criteria_en", "criteria_nl"):
                items = values.get(key, "")
                values[key] = [i.strip() for i in items.split(CRITERIA_SEPARATOR)] if items else []
            records.append(Record(line=line + 1, values=values))
            line = reader.line_num
    except csv.Error as error:
        errors.add(reader.line_num, _("the CSV cannot be read (%(error)s).") % {"error": error})
    return {"competencies": records}


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers on which line each mapping starts."""


def _construct_mapping(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    return _Mapping(mapping, line=node.start_mark.line + 1)


class _Mapping(dict):
    def __init__(self, values, line: int):
        super().__init__(values)
        self.line = line


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(text: str, errors: FileErrors) -> dict[str, list[Record]]:
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        errors.add(
            mark.line + 1 if mark else None,
            _("the YAML cannot be read (%(problem)s).") % {"problem": problem},
        )
        return {}
    if isinstance(document, list):
        document = {"competencies": document}
    if not isinstance(document, dict):
        errors.add(
            None,
            _("The YAML file must hold a list of competencies or a mapping with %(sections)s.")
            % {"sections": ", ".join(SECTIONS)},
        )
        return {}
    unknown = [key for key in document if key not in SECTIONS]
    if unknown:
        errors.add(
            getattr(document, "line", 1),
            _("unknown sections %(unknown)s. The sections are: %(known)s.")
            % {"unknown": ", ".join(map(str, unknown)), "known": ", ".join(SECTIONS)},
        )
    sections = {}
    for section in SECTIONS:
        items = document.get(section) or []
        if not isinstance(items, list):
            errors.add(
                getattr(document, "line", 1),
                _("“%(section)s” must be a list.") % {"section": section},
            )
            continue
        records = []
        for item in items:
            if not isinstance(item, _Mapping):
                errors.add(
                    None,
                    _("each entry of “%(section)s” must be a mapping of keys and values.")
                    % {"section": section},
                )
                continue
            records.append(Record(line=item.line, values=dict(item)))
        sections[section] = records
    return sections


def read_file(*, data: bytes, filename: str) -> dict[str, list[Record]]:
    """The file's entries per section; a ValidationError naming every problem found."""
    errors = FileErrors()
    file_format = _file_format(filename, errors)
    text = _decode(data, errors) if file_format else None
    errors.raise_if_any()
    sections = _read_csv(text, errors) if file_format == "csv" else _read_yaml(text, errors)
    errors.raise_if_any()
    if not any(sections.values()):
        raise ValidationError(_("The file holds no competencies, levels or certificate types."))
    return sections


# Checking the values ------------------------------------------------------------------------


def _text(record: Record, key: str, errors: FileErrors, *, required: bool = False) -> str:
    value = record.values.get(key)
    if value is None or value == "":
        if required:
            errors.add(record.line, _("this field is required."), key)
        return ""
    if isinstance(value, bool | list | dict):
        errors.add(record.line, _("this must be text."), key)
        return ""
    return str(value).strip()


def _whole_number(record: Record, key: str, errors: FileErrors, *, required: bool = False):
    value = record.values.get(key)
    if value is None or value == "":
        if required:
            errors.add(record.line, _("this field is required."), key)
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or str(value).strip().isdigit()):
        errors.add(record.line, _("“%(value)s” is not a whole number.") % {"value": value}, key)
        return None
    return int(value)


def _text_list(record: Record, key: str, errors: FileErrors) -> list[str]:
    value = record.values.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        errors.add(record.line, _("this must be a list of texts."), key)
        return []
    items = [str(v).strip() for v in value]
    if any(not item for item in items):
        errors.add(record.line, _("a criterion is empty."), key)
    return items


def _unknown_keys(record: Record, known: list[str], errors: FileErrors) -> None:
    unknown = [str(key) for key in record.values if key not in known]
    if unknown:
        errors.add(
            record.line,
            _("unknown keys %(unknown)s. The keys are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(known)},
        )


def _model_errors(instance, record: Record, errors: FileErrors, exclude: list[str]) -> None:
    """Field rules of the model itself (lengths, code format, ranges)."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if (record.line, name) in errors.fields:
                continue  # already said in the file's own terms
            for message in messages:
                errors.add(record.line, message, "" if name == "__all__" else name)


def _duplicates(records: list[Record], key: str, label: str, errors: FileErrors) -> None:
    seen: dict = {}
    for record in records:
        value = record.values.get(key)
        if value in (None, ""):
            continue
        value = str(value).strip()
        if value in seen:
            errors.add(
                record.line,
                _("%(label)s “%(value)s” is already on line %(first)s.")
                % {"label": label, "value": value, "first": seen[value]},
                key,
            )
        else:
            seen[value] = record.line


# Planning -----------------------------------------------------------------------------------


def _plan_levels(records: list[Record], errors: FileErrors) -> list[Change]:
    existing = {level.value: level for level in ProficiencyLevel.objects.all()}
    changes = []
    _duplicates(records, "value", _("Level"), errors)
    for record in records:
        _unknown_keys(record, LEVEL_KEYS, errors)
        values = {
            "value": _whole_number(record, "value", errors, required=True),
            "name_en": _text(record, "name_en", errors, required=True),
            "name_nl": _text(record, "name_nl", errors, required=True),
            "description_en": _text(record, "description_en", errors),
            "description_nl": _text(record, "description_nl", errors),
        }
        _model_errors(ProficiencyLevel(**values), record, errors, exclude=[])
        old = existing.get(values["value"])
        changes.append(_change("level", str(values["value"]), old, values))
    return changes


def _criteria(record: Record, old: Competency | None, errors: FileErrors) -> list[dict] | None:
    texts_en = _text_list(record, "criteria_en", errors)
    texts_nl = _text_list(record, "criteria_nl", errors)
    if not texts_en and not texts_nl:
        return None
    if len(texts_en) != len(texts_nl):
        errors.add(
            record.line,
            _("%(en)d English and %(nl)d Dutch criteria: each criterion needs both.")
            % {"en": len(texts_en), "nl": len(texts_nl)},
            "criteria_nl",
        )
    old_criteria = list(old.criteria.all()) if old else []
    criteria = []
    for index, (text_en, text_nl) in enumerate(zip(texts_en, texts_nl, strict=False)):
        # The file does not say which criteria are optional; keep what the admin set.
        required = old_criteria[index].required if index < len(old_criteria) else True
        criterion = RubricCriterion(text_en=text_en, text_nl=text_nl, required=required)
        _model_errors(criterion, record, errors, exclude=["competency"])
        criteria.append({"en": text_en, "nl": text_nl, "required": required})
    return criteria


def _keep_absent(values: dict, record: Record, old, names: list[str]) -> None:
    """A column or key the file does not have keeps the value there is; an empty one clears
    it. So a file of codes and titles alone renames without touching anything else."""
    if old is None:
        return
    for name in names:
        if name not in record.values:
            values[name] = getattr(old, name)


def _plan_competencies(records: list[Record], errors: FileErrors) -> list[Change]:
    existing = {c.code: c for c in Competency.objects.prefetch_related("criteria")}
    categories = dict(Competency.Category.choices)
    changes = []
    _duplicates(records, "code", _("Code"), errors)
    for position, record in enumerate(records, start=1):
        _unknown_keys(record, COMPETENCY_KEYS, errors)
        code = _text(record, "code", errors, required=True)
        old = existing.get(code)
        category = _text(record, "category", errors, required=True)
        if category and category not in categories:
            errors.add(
                record.line,
                _("unknown category “%(category)s”. The categories are: %(known)s.")
                % {"category": category, "known": ", ".join(categories)},
                "category",
            )
        order = _whole_number(record, "order", errors)
        values = {
            "code": code,
            "title_en": _text(record, "title_en", errors, required=True),
            "title_nl": _text(record, "title_nl", errors, required=True),
            "description_en": _text(record, "description_en", errors),
            "description_nl": _text(record, "description_nl", errors),
            "category": category,
            "regulatory_anchor": _text(record, "regulatory_anchor", errors),
            "validity_months": _whole_number(record, "validity_months", errors),
            "active": old.active if old else True,
            "sort_order": order if order is not None else (old.sort_order if old else position),
        }
        _keep_absent(values, record, old, ["description_en", "description_nl"])
        _keep_absent(values, record, old, ["regulatory_anchor", "validity_months"])
        _model_errors(Competency(**values), record, errors, exclude=["category"])
        criteria = _criteria(record, old, errors)
        if criteria is None:
            criteria = snapshot(old)["criteria"] if old else []
        changes.append(_change("competency", code, old, values | {"criteria": criteria}))
    return changes


def _requirements(record: Record, known_codes: set[str], known_levels: set[int], errors):
    items = record.values.get("requirements") or []
    if not isinstance(items, list):
        errors.add(record.line, _("this must be a list."), "requirements")
        return []
    requirements, seen = [], set()
    for item in items:
        if not isinstance(item, dict) or set(item) - {"competency", "minimum_level"}:
            errors.add(
                getattr(item, "line", record.line),
                _("each requirement has exactly a “competency” and a “minimum_level”."),
                "requirements",
            )
            continue
        line = getattr(item, "line", record.line)
        code = str(item.get("competency") or "").strip()
        level = item.get("minimum_level")
        if code not in known_codes:
            errors.add(
                line,
                _("there is no competency “%(code)s” in the file or the framework.")
                % {"code": code},
                "competency",
            )
        elif code in seen:
            errors.add(line, _("“%(code)s” is required twice.") % {"code": code}, "competency")
        if isinstance(level, bool) or not isinstance(level, int) or level not in known_levels:
            errors.add(
                line,
                _("“%(level)s” is not a level of the proficiency scale.") % {"level": level},
                "minimum_level",
            )
        seen.add(code)
        requirements.append({"competency": code, "minimum_level": level})
    return sorted(requirements, key=lambda r: r["competency"])


def _plan_types(records, competency_codes, level_values, errors: FileErrors) -> list[Change]:
    existing = {
        t.code: t for t in CertificateType.objects.prefetch_related("requirements__competency")
    }
    changes = []
    _duplicates(records, "code", _("Code"), errors)
    for record in records:
        _unknown_keys(record, TYPE_KEYS, errors)
        code = _text(record, "code", errors, required=True)
        old = existing.get(code)
        active = record.values.get("active", old.active if old else True)
        if not isinstance(active, bool):
            errors.add(record.line, _("this must be true or false."), "active")
        values = {
            "code": code,
            "name_en": _text(record, "name_en", errors, required=True),
            "name_nl": _text(record, "name_nl", errors, required=True),
            "statement_en": _text(record, "statement_en", errors, required=True),
            "statement_nl": _text(record, "statement_nl", errors, required=True),
            "validity_months": _whole_number(record, "validity_months", errors, required=True),
            "active": active is True,
        }
        _model_errors(CertificateType(**values), record, errors, exclude=[])
        if "requirements" in record.values or old is None:
            requirements = _requirements(record, competency_codes, level_values, errors)
        else:
            requirements = snapshot(old)["requirements"]
        changes.append(
            _change("certificate_type", code, old, values | {"requirements": requirements})
        )
    return changes


def _change(kind: str, key: str, old, new: dict) -> Change:
    if old is None:
        return Change(kind=kind, key=key, action="create", old=None, new=new)
    old_values = snapshot(old)
    changed = [name for name, value in new.items() if old_values.get(name) != value]
    action = "update" if changed else "unchanged"
    return Change(
        kind=kind, key=key, action=action, old=old_values, new=new, changed_fields=changed
    )


def plan_import(*, data: bytes, filename: str) -> ImportPlan:
    """What importing the file would change; a ValidationError naming each problem if the
    file cannot be imported. Writes nothing."""
    sections = read_file(data=data, filename=filename)
    errors = FileErrors()
    levels = _plan_levels(sections.get("levels", []), errors)
    competencies = _plan_competencies(sections.get("competencies", []), errors)
    codes = set(Competency.objects.values_list("code", flat=True)) | {c.key for c in competencies}
    values = set(ProficiencyLevel.objects.values_list("value", flat=True))
    values |= {change.new["value"] for change in levels if change.new["value"] is not None}
    types = _plan_types(sections.get("certificate_types", []), codes, values, errors)
    errors.raise_if_any()
    return ImportPlan(filename=PurePath(filename).name, changes=levels + competencies + types)


# Applying -----------------------------------------------------------------------------------


def _apply_level(change: Change) -> ProficiencyLevel:
    level = ProficiencyLevel.objects.filter(value=change.new["value"]).first() or ProficiencyLevel()
    for name, value in change.new.items():
        setattr(level, name, value)
    level.full_clean()
    level.save()
    return level


def _apply_competency(change: Change) -> Competency:
    values = dict(change.new)
    criteria = values.pop("criteria")
    competency = Competency.objects.filter(code=values["code"]).first() or Competency()
    for name, value in values.items():
        setattr(competency, name, value)
    competency.full_clean(exclude=["criteria"])
    competency.save()
    existing = list(
        RubricCriterion.objects.filter(competency=competency).order_by("sort_order", "id")
    )
    for index, item in enumerate(criteria):
        criterion = (
            existing[index] if index < len(existing) else RubricCriterion(competency=competency)
        )
        criterion.text_en, criterion.text_nl = item["en"], item["nl"]
        criterion.required, criterion.sort_order = item["required"], index + 1
        criterion.save()
    RubricCriterion.objects.filter(pk__in=[c.pk for c in existing[len(criteria) :]]).delete()
    return competency


def _apply_certificate_type(change: Change) -> CertificateType:
    values = dict(change.new)
    requirements = values.pop("requirements")
    certificate_type = (
        CertificateType.objects.filter(code=values["code"]).first() or CertificateType()
    )
    for name, value in values.items():
        setattr(certificate_type, name, value)
    certificate_type.full_clean(exclude=["requirements"])
    certificate_type.save()
    competencies = dict(
        Competency.objects.filter(code__in=[r["competency"] for r in requirements]).values_list(
            "code", "pk"
        )
    )
    CertificateRequirement.objects.filter(certificate_type=certificate_type).exclude(
        competency_id__in=competencies.values()
    ).delete()
    for requirement in requirements:
        CertificateRequirement.objects.update_or_create(
            certificate_type=certificate_type,
            competency_id=competencies[requirement["competency"]],
            defaults={"minimum_level": requirement["minimum_level"]},
        )
    return certificate_type


APPLY = {
    "level": _apply_level,
    "competency": _apply_competency,
    "certificate_type": _apply_certificate_type,
}


@transaction.atomic
def apply_plan(*, plan: ImportPlan, actor) -> ImportPlan:
    """Write the plan's creates and updates, each audited with its old and new values."""
    reason = _("Imported from %(file)s") % {"file": plan.filename}
    for change in plan.changes:
        if change.action == "unchanged":
            continue
        instance = APPLY[change.kind](change)
        fresh = type(instance).objects.get(pk=instance.pk)
        audit_framework_change(
            actor=actor, instance=fresh, old=change.old, new=snapshot(fresh), reason=reason
        )
    return plan


@transaction.atomic
def import_framework(*, data: bytes, filename: str, actor) -> ImportPlan:
    """Import a CSV or YAML framework file, all or nothing (see the module docstring).

    Returns the plan that was applied; raises ValidationError, with nothing changed, when the
    file cannot be imported.
    """
    plan = plan_import(data=data, filename=filename)
    return apply_plan(plan=plan, actor=actor)
