"""Importing the competency framework from CSV and YAML (certificates.importing)."""

from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates.importing import MAX_BYTES, import_framework, plan_import
from certificates.models import CertificateType, Competency, ProficiencyLevel, RubricCriterion

HEADER = (
    "code,title_en,title_nl,description_en,description_nl,category,regulatory_anchor,"
    "validity_months,criteria_en,criteria_nl\n"
)
ROW_1 = (
    "X1,Gowning,Omkleden,Gown up.,Omkleden.,contamination,Annex 1 §7,12,"
    '"Checks packs|Tucks hair","Controleert verpakkingen|Stopt haar weg"\n'
)
ROW_2 = "X2,Records,Registraties,,,documentation,EudraLex Ch. 4,,,\n"

YAML = """
levels:
  - {value: 1, name_en: Aware, name_nl: Bewust}
  - {value: 2, name_en: Supervised, name_nl: Onder toezicht}
competencies:
  - code: Y1
    title_en: Monitoring
    title_nl: Monitoring
    category: monitoring
    validity_months: 12
    criteria_en: [Places settle plates]
    criteria_nl: [Plaatst sedimentatieplaten]
certificate_types:
  - code: y-type
    name_en: Monitoring basics
    name_nl: Basis monitoring
    statement_en: Attests knowledge.
    statement_nl: Bevestigt kennis.
    validity_months: 12
    requirements:
      - {competency: Y1, minimum_level: 2}
"""


@pytest.fixture(autouse=True)
def _english():
    """The messages are read in English here, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


def _refused(data: bytes, filename: str = "framework.csv") -> list[str]:
    with pytest.raises(ValidationError) as error:
        import_framework(data=data, filename=filename, actor=None)
    return error.value.messages


def framework_events():
    """Audit events about the framework (making the test's users records role events too)."""
    return AuditEvent.objects.filter(
        action__regex=r"^(competency|proficiency_level|certificate_type)\."
    )


def _nothing_changed():
    assert not Competency.objects.exists()
    assert not RubricCriterion.objects.exists()
    assert not framework_events().exists()


def test_a_csv_creates_competencies_with_their_criteria(db, administrator):
    plan = import_framework(data=_csv(ROW_1, ROW_2), filename="f.csv", actor=administrator)
    assert plan.count("create") == 2
    gowning = Competency.objects.get(code="X1")
    assert (gowning.title_en, gowning.title_nl, gowning.validity_months) == (
        "Gowning",
        "Omkleden",
        12,
    )
    assert gowning.regulatory_anchor == "Annex 1 §7"
    criteria = list(gowning.criteria.order_by("sort_order"))
    assert [(c.text_en, c.text_nl) for c in criteria] == [
        ("Checks packs", "Controleert verpakkingen"),
        ("Tucks hair", "Stopt haar weg"),
    ]
    records = Competency.objects.get(code="X2")
    assert records.validity_months is None
    assert not records.criteria.exists()


def test_each_created_record_is_audited_with_its_values(db, administrator):
    import_framework(data=_csv(ROW_1), filename="f.csv", actor=administrator)
    event = AuditEvent.objects.get(action="competency.created")
    assert event.actor == administrator
    assert event.old_value is None
    assert event.new_value["code"] == "X1"
    assert event.new_value["criteria"][1] == {
        "en": "Tucks hair",
        "nl": "Stopt haar weg",
        "required": True,
    }
    assert event.reason == "Imported from f.csv"


def test_a_second_import_of_the_same_file_changes_nothing(db, administrator):
    import_framework(data=_csv(ROW_1, ROW_2), filename="f.csv", actor=administrator)
    plan = import_framework(data=_csv(ROW_1, ROW_2), filename="f.csv", actor=administrator)
    assert plan.count("unchanged") == 2
    assert framework_events().count() == 2


def test_an_import_updates_by_code_and_audits_old_and_new(db, administrator):
    import_framework(data=_csv(ROW_1), filename="f.csv", actor=administrator)
    first_criterion = Competency.objects.get(code="X1").criteria.order_by("sort_order").first()
    changed = ROW_1.replace("Gowning", "Aseptic gowning").replace(",12,", ",6,")
    plan = import_framework(data=_csv(changed), filename="g.csv", actor=administrator)
    assert plan.count("update") == 1
    assert plan.changes[0].changed_fields == ["title_en", "validity_months"]
    gowning = Competency.objects.get(code="X1")
    assert (gowning.title_en, gowning.validity_months) == ("Aseptic gowning", 6)
    assert gowning.criteria.order_by("sort_order").first().pk == first_criterion.pk
    event = AuditEvent.objects.get(action="competency.changed")
    assert event.old_value["title_en"] == "Gowning"
    assert event.new_value["title_en"] == "Aseptic gowning"
    assert (event.old_value["validity_months"], event.new_value["validity_months"]) == (12, 6)


def test_criteria_in_the_file_replace_the_old_ones_and_keep_the_required_flag(db):
    import_framework(data=_csv(ROW_1), filename="f.csv", actor=None)
    RubricCriterion.objects.filter(text_en="Checks packs").update(required=False)
    fewer = ROW_1.replace("Checks packs|Tucks hair", "Checks every pack").replace(
        "Controleert verpakkingen|Stopt haar weg", "Controleert elke verpakking"
    )
    import_framework(data=_csv(fewer), filename="f.csv", actor=None)
    criteria = list(RubricCriterion.objects.all())
    assert [(c.text_en, c.required) for c in criteria] == [("Checks every pack", False)]


def test_empty_criteria_columns_keep_the_criteria_there_are(db):
    import_framework(data=_csv(ROW_1), filename="f.csv", actor=None)
    without = "X1,Gowning,Omkleden,Gown up.,Omkleden.,contamination,Annex 1 §7,12,,\n"
    plan = import_framework(data=_csv(without), filename="f.csv", actor=None)
    assert plan.count("unchanged") == 1
    assert RubricCriterion.objects.count() == 2


def test_records_not_in_the_file_are_left_alone(db):
    import_framework(data=_csv(ROW_1, ROW_2), filename="f.csv", actor=None)
    import_framework(data=_csv(ROW_2), filename="f.csv", actor=None)
    assert Competency.objects.filter(code="X1").exists()


def test_a_semicolon_separated_csv_with_a_byte_order_mark_is_read(db):
    data = "\ufeff" + HEADER.replace(",", ";") + ROW_2.replace(",", ";")
    import_framework(data=data.encode(), filename="F.CSV", actor=None)
    assert Competency.objects.get().code == "X2"


def test_a_yaml_file_brings_levels_competencies_and_certificate_types(db, administrator):
    plan = import_framework(data=YAML.encode(), filename="f.yaml", actor=administrator)
    assert plan.count("create") == 4
    assert list(ProficiencyLevel.objects.values_list("value", flat=True)) == [1, 2]
    certificate_type = CertificateType.objects.get(code="y-type")
    requirement = certificate_type.requirements.get()
    assert (requirement.competency.code, requirement.minimum_level) == ("Y1", 2)
    actions = set(framework_events().values_list("action", flat=True))
    assert actions == {
        "proficiency_level.created",
        "competency.created",
        "certificate_type.created",
    }


def test_a_yaml_import_replaces_a_types_requirements(db, levels):
    import_framework(data=YAML.encode(), filename="f.yml", actor=None)
    changed = YAML.replace("minimum_level: 2", "minimum_level: 1")
    plan = import_framework(data=changed.encode(), filename="f.yml", actor=None)
    assert [c.key for c in plan.changes if c.action == "update"] == ["y-type"]
    assert CertificateType.objects.get().requirements.get().minimum_level == 1
    event = AuditEvent.objects.get(action="certificate_type.changed")
    assert event.old_value["requirements"] == [{"competency": "Y1", "minimum_level": 2}]


def test_a_yaml_list_is_a_list_of_competencies(db):
    data = b"- {code: L1, title_en: A, title_nl: B, category: quality}\n"
    import_framework(data=data, filename="f.yaml", actor=None)
    assert Competency.objects.get().code == "L1"


def test_the_plan_writes_nothing(db):
    plan = plan_import(data=_csv(ROW_1, ROW_2), filename="f.csv")
    assert [c.action for c in plan.changes] == ["create", "create"]
    _nothing_changed()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (ROW_2.replace("documentation", "cooking"), "Line 2, field “category”"),
        (ROW_2.replace("Records,Registraties", ",Registraties"), "Line 2, field “title_en”"),
        (ROW_2.replace("Ch. 4,,", "Ch. 4,twelve,"), "Line 2, field “validity_months”"),
        (ROW_2.replace("Ch. 4,,", "Ch. 4,500,"), "Line 2, field “validity_months”"),
        (ROW_2.replace("X2", "X 2!"), "Line 2, field “code”"),
        (ROW_2.replace(",,,\n", ',,"A|B",Alleen\n'), "Line 2, field “criteria_nl”"),
        (ROW_2.replace(",,,\n", ',,"A||B","C||D"\n'), "Line 2, field “criteria_en”"),
    ],
)
def test_bad_values_are_refused_naming_line_and_field(db, row, expected):
    messages = _refused(_csv(row))
    assert any(message.startswith(expected) for message in messages), messages
    _nothing_changed()


def test_one_bad_row_refuses_the_whole_file(db):
    messages = _refused(_csv(ROW_1, ROW_2.replace("documentation", "cooking")))
    assert messages[0].startswith("Line 3, field “category”: unknown category “cooking”")
    _nothing_changed()


def test_a_duplicate_code_names_both_lines(db):
    messages = _refused(_csv(ROW_2, ROW_1, ROW_2))
    assert messages == ["Line 4, field “code”: Code “X2” is already on line 2."]
    _nothing_changed()


def test_a_missing_column_is_refused(db):
    messages = _refused(b"code,title_en,category\nX1,Gowning,quality\n")
    assert messages == ["Line 1: missing columns title_nl."]


def test_an_unknown_column_is_refused(db):
    messages = _refused(HEADER.replace("category", "kategorie").encode() + ROW_2.encode())
    assert messages[0].startswith("Line 1: unknown columns kategorie.")


def test_a_row_with_too_many_cells_is_refused(db):
    messages = _refused(_csv(ROW_2.replace("\n", ",extra\n")))
    assert messages == ["Line 2: this row has more cells than the header has columns."]


def test_bad_encoding_is_refused(db):
    data = _csv(ROW_2).replace(b"Registraties", "Registratiës".encode("latin-1"))
    messages = _refused(data)
    assert messages[0].startswith("Line 2: The file is not UTF-8 text.")
    _nothing_changed()


def test_a_wrong_extension_is_refused(db):
    messages = _refused(_csv(ROW_2), filename="framework.xlsx")
    assert "must end in .csv, .yaml or .yml" in messages[0]


def test_a_file_over_1_mb_is_refused(db):
    messages = _refused(_csv(ROW_2) + b" " * MAX_BYTES)
    assert "at most 1048576 bytes (1 MB)" in messages[0]
    _nothing_changed()


def test_an_empty_file_is_refused(db):
    assert _refused(HEADER.encode()) == [
        "The file holds no competencies, levels or certificate types."
    ]


def test_broken_yaml_is_refused_with_its_line(db):
    messages = _refused(b"competencies:\n  - code: A\n   title_en: B\n", "f.yaml")
    assert messages[0].startswith("Line 3: the YAML cannot be read")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("category: monitoring", "category: cooking"), "Line 6, field “category”"),
        (("validity_months: 12\n    criteria", "validity_months: yes\n    criteria"), "Line 6"),
        (("competency: Y1,", "competency: Y9,"), "Line 21, field “competency”"),
        (("minimum_level: 2", "minimum_level: 7"), "Line 21, field “minimum_level”"),
        (("    title_nl: Monitoring\n", ""), "Line 6, field “title_nl”"),
        (("statement_nl: Bevestigt kennis.", "statement_nl: ''"), "Line 14, field “statement_nl”"),
        (("certificate_types:", "diplomas:"), "Line 2: unknown sections diplomas."),
        (
            ("    category: monitoring\n", "    category: monitoring\n    colour: red\n"),
            "Line 6: unknown keys colour.",
        ),
    ],
)
def test_bad_yaml_values_are_refused_naming_line_and_field(db, change, expected):
    messages = _refused(YAML.replace(*change).encode(), "f.yaml")
    assert any(message.startswith(expected) for message in messages), messages
    _nothing_changed()
    assert not ProficiencyLevel.objects.exists()


def test_a_requirement_may_name_a_competency_already_in_the_framework(db, competency):
    data = YAML.replace("competency: Y1,", f"competency: {competency.code},")
    import_framework(data=data.encode(), filename="f.yaml", actor=None)
    assert CertificateType.objects.get().requirements.get().competency == competency


def test_the_command_imports_a_file(db, tmp_path):
    path = tmp_path / "framework.csv"
    path.write_bytes(_csv(ROW_1, ROW_2))
    out = StringIO()
    call_command("import_competencies", str(path), stdout=out)
    assert "Imported framework.csv: 2 new, 0 changed, 0 unchanged." in out.getvalue()
    assert Competency.objects.count() == 2


def test_the_command_names_the_actor_in_the_audit_trail(db, tmp_path, administrator):
    path = tmp_path / "framework.csv"
    path.write_bytes(_csv(ROW_2))
    call_command("import_competencies", str(path), actor=administrator.email, stdout=StringIO())
    assert framework_events().get().actor == administrator


def test_the_command_dry_run_changes_nothing(db, tmp_path):
    path = tmp_path / "framework.csv"
    path.write_bytes(_csv(ROW_1))
    out = StringIO()
    call_command("import_competencies", str(path), dry_run=True, stdout=out)
    assert "Would import framework.csv: 1 new" in out.getvalue()
    _nothing_changed()


def test_the_command_reports_errors_and_changes_nothing(db, tmp_path):
    path = tmp_path / "framework.csv"
    path.write_bytes(_csv(ROW_2.replace("documentation", "cooking")))
    with pytest.raises(CommandError, match="Line 2, field “category”"):
        call_command("import_competencies", str(path), stdout=StringIO())
    _nothing_changed()


def test_the_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_competencies", str(tmp_path / "nope.csv"), stdout=StringIO())


def test_columns_the_file_does_not_have_keep_their_values(db):
    import_framework(data=_csv(ROW_1), filename="f.csv", actor=None)
    renamed = b"code,title_en,title_nl,category\nX1,Gowning v2,Omkleden,contamination\n"
    plan = import_framework(data=renamed, filename="f.csv", actor=None)
    assert plan.changes[0].changed_fields == ["title_en"]
    gowning = Competency.objects.get(code="X1")
    assert (gowning.validity_months, gowning.regulatory_anchor) == (12, "Annex 1 §7")
    assert gowning.description_en == "Gown up."
    assert gowning.criteria.count() == 2


def test_an_empty_validity_cell_means_it_never_expires(db):
    import_framework(data=_csv(ROW_1), filename="f.csv", actor=None)
    import_framework(data=_csv(ROW_1.replace(",12,", ",,")), filename="f.csv", actor=None)
    assert Competency.objects.get(code="X1").validity_months is None


def test_a_type_without_a_requirements_key_keeps_its_requirements(db):
    import_framework(data=YAML.encode(), filename="f.yaml", actor=None)
    without = YAML.split("    requirements:")[0].replace("Monitoring basics", "EM basics")
    import_framework(data=without.encode(), filename="f.yaml", actor=None)
    certificate_type = CertificateType.objects.get()
    assert certificate_type.name_en == "EM basics"
    assert certificate_type.requirements.get().competency.code == "Y1"
