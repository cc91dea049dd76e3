"""The Annex 1 (2022) and Part IV (2017) profiles against ATMP_GMP_FACTS.md, table by table.

The expected values are copied out of the fact sheet here on purpose, so that a changed number
in the profile fails a test instead of silently changing every lesson and exercise.
"""

import inspect

import pytest

from simulations import regulatory
from simulations.regulatory import (
    ANNEX1_2022,
    DEFAULT_PROFILE,
    PART_IV_2017,
    PROFILE_CHOICES,
    PROFILES,
    SAMPLE_UNITS,
    LimitNotSet,
    Reference,
    Sample,
    Verdict,
    get_profile,
)

NS = None  # not specified / not predetermined in the fact sheet

# §1.3 Table 5 (monitoring): ≥0.5 rest, ≥0.5 operation, ≥5 rest, ≥5 operation.
TABLE_5 = {
    "A": (3520, 3520, 29, 29),
    "B": (3520, 352000, 29, 2930),
    "C": (352000, 3520000, 2930, 29300),
    "D": (3520000, NS, 29300, NS),
}
# §1.3 Table 1 (classification).
TABLE_1 = {
    "A": (3520, 3520, NS, NS),
    "B": (3520, 352000, NS, 2930),
    "C": (352000, 3520000, 2930, 29300),
    "D": (3520000, NS, 29300, NS),
}
# §1.5 Table 6 (action limits): air CFU/m³, settle CFU/4 h, contact CFU/plate, glove CFU/glove.
TABLE_6 = {
    "A": (0, 0, 0, 0),
    "B": (10, 5, 5, 5),
    "C": (100, 50, 25, NS),
    "D": (200, 100, 50, NS),
}
# §1.5 Table 2 (qualification): air, settle, contact.
TABLE_2 = {
    "A": (0, 0, 0),
    "B": (10, 5, 5),
    "C": (100, 50, 25),
    "D": (200, 100, 50),
}
PARTICLE_COLUMNS = [
    ("0.5", "at_rest"),
    ("0.5", "in_operation"),
    ("5", "at_rest"),
    ("5", "in_operation"),
]
VIABLE_COLUMNS = ["active_air", "settle_plate", "contact_plate", "glove_print"]


def _cells(table, columns):
    for grade, values in table.items():
        for column, value in zip(columns, values, strict=True):
            yield grade, column, value


@pytest.mark.parametrize(("grade", "column", "expected"), list(_cells(TABLE_5, PARTICLE_COLUMNS)))
def test_particle_monitoring_limits_are_annex_1_table_5(grade, column, expected):
    size, occupancy = column
    if expected is NS:
        with pytest.raises(LimitNotSet):
            ANNEX1_2022.particle_limit(grade=grade, size=size, occupancy=occupancy)
    else:
        assert ANNEX1_2022.particle_limit(grade=grade, size=size, occupancy=occupancy) == expected


@pytest.mark.parametrize(("grade", "column", "expected"), list(_cells(TABLE_1, PARTICLE_COLUMNS)))
def test_particle_classification_limits_are_annex_1_table_1(grade, column, expected):
    size, occupancy = column
    kwargs = {"grade": grade, "size": size, "occupancy": occupancy, "purpose": "classification"}
    if expected is NS:
        with pytest.raises(LimitNotSet):
            ANNEX1_2022.particle_limit(**kwargs)
    else:
        assert ANNEX1_2022.particle_limit(**kwargs) == expected


@pytest.mark.parametrize(("grade", "sample", "expected"), list(_cells(TABLE_6, VIABLE_COLUMNS)))
def test_viable_action_limits_are_annex_1_table_6(grade, sample, expected):
    if expected is NS:
        with pytest.raises(LimitNotSet, match=f"{grade}, {sample}"):
            ANNEX1_2022.action_limit(grade=grade, sample=sample)
    else:
        assert ANNEX1_2022.action_limit(grade=grade, sample=sample) == expected


@pytest.mark.parametrize(("grade", "sample", "expected"), list(_cells(TABLE_2, VIABLE_COLUMNS[:3])))
def test_viable_qualification_limits_are_annex_1_table_2(grade, sample, expected):
    assert ANNEX1_2022.qualification_limit(grade=grade, sample=sample) == expected


def test_qualification_has_no_glove_print_limit():
    with pytest.raises(LimitNotSet):
        ANNEX1_2022.qualification_limit(grade="B", sample="glove_print")


def test_guidance_values_are_those_of_the_fact_sheet():
    guidance = ANNEX1_2022.guidance
    assert guidance.pressure_differential_pa == 10
    assert guidance.udaf_speed_m_s == (0.36, 0.54)
    assert guidance.clean_up_minutes == 20
    assert guidance.grade_a_sample_flow_l_min == 28
    assert guidance.settle_plate_max_hours == 4
    assert guidance.aps_initial_consecutive_runs == 3
    assert guidance.aps_revalidations_per_year == 2
    assert guidance.aps_operator_runs_per_year == 1
    assert guidance.aps_incubation_days == 14
    assert guidance.aps_typical_units == (5000, 10000)
    assert guidance.gowning_requalification_months == 12


def test_default_profile_is_annex_1_2022_and_every_sample_has_a_unit():
    assert DEFAULT_PROFILE is ANNEX1_2022
    assert DEFAULT_PROFILE.code == "EU-Annex1-2022"
    assert set(SAMPLE_UNITS) == set(Sample)
    assert SAMPLE_UNITS[Sample.ACTIVE_AIR] == "CFU/m³"


def test_a_count_at_the_action_limit_does_not_exceed_it_one_more_does():
    assert not ANNEX1_2022.exceeds(grade="B", sample="active_air", cfu=10)
    assert ANNEX1_2022.exceeds(grade="B", sample="active_air", cfu=11)
    assert not ANNEX1_2022.exceeds(grade="B", sample="glove_print", cfu=5)
    assert ANNEX1_2022.exceeds(grade="B", sample="glove_print", cfu=6)


def test_any_growth_in_grade_a_exceeds_the_action_limit():
    for sample in VIABLE_COLUMNS:
        assert not ANNEX1_2022.exceeds(grade="A", sample=sample, cfu=0)
        assert ANNEX1_2022.exceeds(grade="A", sample=sample, cfu=1)


def test_glove_prints_outside_grade_a_and_b_have_no_limit_to_exceed():
    with pytest.raises(LimitNotSet):
        ANNEX1_2022.exceeds(grade="C", sample="glove_print", cfu=3)


@pytest.mark.parametrize("cfu", [-1, 2.5, "3", True, None])
def test_counts_must_be_whole_numbers_of_at_least_zero(cfu):
    with pytest.raises(ValueError, match="whole number"):
        ANNEX1_2022.exceeds(grade="B", sample="settle_plate", cfu=cfu)


@pytest.mark.parametrize(("grade", "sample"), [("E", "active_air"), ("B", "swab"), ("b", "air")])
def test_unknown_grades_and_samples_are_refused(grade, sample):
    with pytest.raises(ValueError, match="is not a valid"):
        ANNEX1_2022.action_limit(grade=grade, sample=sample)


def test_assess_separates_within_alert_and_action():
    assess = ANNEX1_2022.assess
    assert assess(grade="B", sample="active_air", cfu=3, alert_level=5) == Verdict.WITHIN
    assert assess(grade="B", sample="active_air", cfu=5, alert_level=5) == Verdict.WITHIN
    assert assess(grade="B", sample="active_air", cfu=6, alert_level=5) == Verdict.ALERT
    assert assess(grade="B", sample="active_air", cfu=11, alert_level=5) == Verdict.ACTION
    assert assess(grade="B", sample="active_air", cfu=9) == Verdict.WITHIN
    assert assess(grade="A", sample="settle_plate", cfu=1) == Verdict.ACTION


@pytest.mark.parametrize("alert_level", [-1, 10, 12])
def test_an_alert_level_must_lie_below_the_action_limit(alert_level):
    with pytest.raises(ValueError, match="alert level"):
        ANNEX1_2022.assess(grade="B", sample="active_air", cfu=1, alert_level=alert_level)


def test_grade_a_has_no_room_for_an_alert_level():
    with pytest.raises(ValueError, match="alert level"):
        ANNEX1_2022.assess(grade="A", sample="active_air", cfu=0, alert_level=0)


def test_particle_counts_are_judged_against_the_monitoring_limit():
    kwargs = {"grade": "B", "size": "5", "occupancy": "in_operation"}
    assert not ANNEX1_2022.particles_exceed(**kwargs, per_m3=2930)
    assert ANNEX1_2022.particles_exceed(**kwargs, per_m3=2931)
    assert ANNEX1_2022.particles_exceed(grade="A", size="5", occupancy="at_rest", per_m3=30)
    with pytest.raises(LimitNotSet):
        ANNEX1_2022.particles_exceed(grade="D", size="0.5", occupancy="in_operation", per_m3=1)


def test_particle_limit_refuses_an_unknown_purpose():
    with pytest.raises(ValueError, match="purpose"):
        ANNEX1_2022.particle_limit(grade="A", size="0.5", occupancy="at_rest", purpose="audit")


def test_the_profile_tables_cannot_be_changed_at_run_time():
    with pytest.raises(TypeError):
        ANNEX1_2022.viable_action[("B", "active_air")] = 100


# §1.4 (2008 Annex 1 values, which the Part IV 2017 profile holds).
LEGACY_PARTICLES = {
    "A": (3520, 3520, 20, 20),
    "B": (3520, 352000, 29, 2900),
    "C": (352000, 3520000, 2900, 29000),
    "D": (3520000, NS, 29000, NS),
}
LEGACY_VIABLE = {
    "A": (0, 0, 0, 0),
    "B": (10, 5, 5, 5),
    "C": (100, 50, 25, NS),
    "D": (200, 100, 50, NS),
}


@pytest.mark.parametrize(
    ("grade", "column", "expected"), list(_cells(LEGACY_PARTICLES, PARTICLE_COLUMNS))
)
@pytest.mark.parametrize("purpose", ["monitoring", "classification"])
def test_part_iv_particle_limits_are_the_2008_values(grade, column, expected, purpose):
    size, occupancy = column
    kwargs = {"grade": grade, "size": size, "occupancy": occupancy, "purpose": purpose}
    if expected is NS:
        with pytest.raises(LimitNotSet):
            PART_IV_2017.particle_limit(**kwargs)
    else:
        assert PART_IV_2017.particle_limit(**kwargs) == expected


@pytest.mark.parametrize(
    ("grade", "sample", "expected"), list(_cells(LEGACY_VIABLE, VIABLE_COLUMNS))
)
def test_part_iv_viable_limits_are_the_2008_values(grade, sample, expected):
    for look_up in (PART_IV_2017.action_limit, PART_IV_2017.qualification_limit):
        if expected is NS:
            with pytest.raises(LimitNotSet):
                look_up(grade=grade, sample=sample)
        else:
            assert look_up(grade=grade, sample=sample) == expected


def test_part_iv_grade_a_below_one_cfu_means_any_growth_exceeds_it():
    assert not PART_IV_2017.exceeds(grade="A", sample="settle_plate", cfu=0)
    assert PART_IV_2017.exceeds(grade="A", sample="settle_plate", cfu=1)


def test_the_two_profiles_differ_where_the_2008_and_2022_texts_do():
    kwargs = {"grade": "A", "size": "5", "occupancy": "in_operation"}
    assert ANNEX1_2022.particle_limit(**kwargs) == 29
    assert PART_IV_2017.particle_limit(**kwargs) == 20
    assert not ANNEX1_2022.particles_exceed(**kwargs, per_m3=25)
    assert PART_IV_2017.particles_exceed(**kwargs, per_m3=25)


def test_part_iv_guidance_holds_only_the_2008_values_the_sheet_quotes():
    guidance = PART_IV_2017.guidance
    assert guidance.pressure_differential_pa == 10
    assert guidance.clean_up_minutes == 20
    assert guidance.settle_plate_max_hours == 4
    assert guidance.udaf_speed_m_s is None
    assert guidance.aps_initial_consecutive_runs is None
    assert guidance.gowning_requalification_months is None


def test_part_iv_docstring_says_that_part_iv_copying_the_2008_values_is_unverified():
    source = inspect.getsource(regulatory)
    assert "Part IV copies them is marked [K]" in " ".join(source.split())


def test_profiles_are_found_by_code():
    assert get_profile("EU-Annex1-2022") is ANNEX1_2022
    assert get_profile("EU-PartIV-2017") is PART_IV_2017
    assert set(PROFILES) == {"EU-Annex1-2022", "EU-PartIV-2017"}
    choices = PROFILE_CHOICES
    assert choices == (
        ("EU-Annex1-2022", "EU GMP Annex 1 (2022)"),
        ("EU-PartIV-2017", PART_IV_2017.title),
    )


@pytest.mark.parametrize("code", ["EU-Annex1-2008", "", "eu-annex1-2022", None])
def test_an_unknown_profile_code_is_refused_naming_the_known_ones(code):
    with pytest.raises(ValueError, match="EU-Annex1-2022, EU-PartIV-2017"):
        get_profile(code)


def test_every_profile_cites_every_kind_of_limit():
    for profile in PROFILES.values():
        assert set(profile.references) == set(Reference)
        assert all(profile.reference(kind) for kind in Reference)


def test_references_name_the_text_behind_each_limit():
    assert ANNEX1_2022.reference("particle_monitoring") == "EU GMP Annex 1 (2022) Table 5"
    assert ANNEX1_2022.reference("viable_action") == "EU GMP Annex 1 (2022) §9.30, Table 6"
    assert ANNEX1_2022.reference("grade_a_growth").endswith("Table 6, note (c)")
    assert PART_IV_2017.reference("particle_monitoring") == ("EU GMP Annex 1 (2008)")


def test_an_unknown_kind_of_reference_is_refused_naming_the_known_ones():
    with pytest.raises(ValueError, match="particle_monitoring, particle_classification"):
        ANNEX1_2022.reference("temperature")


def test_the_profile_registry_cannot_be_changed_at_run_time():
    with pytest.raises(TypeError):
        PROFILES["mine"] = ANNEX1_2022
