"""Regulatory limits as data: the one place lesson texts, exercises and simulators take them from.

A limit set is a regulatory profile (ATMP_GMP_FACTS.md §1.1): EU GMP Annex 1 (2022) is the
default; EU-PartIV-2017 holds the 2008 Annex 1 values many ATMP sites still work to. The coming
Part IV revision can be added as a further profile without touching the callers, which look
profiles up by code in PROFILES.

Counts are judged against a limit by "more than the limit exceeds it": Annex 1 Table 6 gives
maximum action limits, and a Grade A limit of "no growth" is a limit of 0, so any colony
exceeds it (Table 6 note c: any growth in Grade A is investigated).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class Occupancy(StrEnum):
    AT_REST = "at_rest"
    IN_OPERATION = "in_operation"


class ParticleSize(StrEnum):
    """Particle sizes Annex 1 counts, as "≥ this many µm"."""

    SMALL = "0.5"
    LARGE = "5"


class Sample(StrEnum):
    """Viable (microbial) monitoring methods of Annex 1 Tables 2 and 6."""

    ACTIVE_AIR = "active_air"
    SETTLE_PLATE = "settle_plate"
    CONTACT_PLATE = "contact_plate"
    GLOVE_PRINT = "glove_print"


SAMPLE_UNITS = MappingProxyType(
    {
        Sample.ACTIVE_AIR: "CFU/m³",
        Sample.SETTLE_PLATE: "CFU/4 h",
        Sample.CONTACT_PLATE: "CFU/plate",
        Sample.GLOVE_PRINT: "CFU/glove",
    }
)


class Verdict(StrEnum):
    WITHIN = "within"
    # Above the site's alert level: closer scrutiny and follow-up, no corrective action by itself.
    ALERT = "alert"
    # Above the action limit: investigation and corrective action (CAPA).
    ACTION = "action"


class LimitNotSet(LookupError):
    """The profile sets no limit here: not specified, not predetermined, or not applicable."""


NO_GROWTH = 0

ParticleTable = Mapping[tuple[Grade, ParticleSize, Occupancy], int | None]
ViableTable = Mapping[tuple[Grade, Sample], int | None]


@dataclass(frozen=True)
class Guidance:
    """Guidance values and frequencies the lessons state (ATMP_GMP_FACTS.md §1.5–§1.10).

    None where the fact sheet gives no value for the profile's text: a number is never carried
    over from another edition of the guidance.
    """

    pressure_differential_pa: int | None
    udaf_speed_m_s: tuple[float, float] | None
    clean_up_minutes: int | None
    grade_a_sample_flow_l_min: int | None
    settle_plate_max_hours: int | None
    aps_initial_consecutive_runs: int | None
    aps_revalidations_per_year: int | None
    aps_operator_runs_per_year: int | None
    aps_incubation_days: int | None
    aps_typical_units: tuple[int, int] | None
    gowning_requalification_months: int | None


class Reference(StrEnum):
    """The kinds of limit or rule a profile can cite its text for."""

    PARTICLE_MONITORING = "particle_monitoring"
    PARTICLE_CLASSIFICATION = "particle_classification"
    VIABLE_ACTION = "viable_action"
    VIABLE_QUALIFICATION = "viable_qualification"
    GRADE_A_GROWTH = "grade_a_growth"
    FALSE_COUNTS = "false_counts"
    ALERT_LEVELS = "alert_levels"
    TRENDS = "trends"
    PRESSURE = "pressure"


@dataclass(frozen=True)
class RegulatoryProfile:
    code: str
    title: str
    particle_classification: ParticleTable
    particle_monitoring: ParticleTable
    viable_qualification: ViableTable
    viable_action: ViableTable
    guidance: Guidance
    references: Mapping[Reference, str]

    def reference(self, limit_kind: str) -> str:
        """The citation behind a kind of limit or rule, as the debrief names it."""
        try:
            kind = Reference(limit_kind)
        except ValueError:
            known = ", ".join(Reference)
            raise ValueError(f"Unknown kind of limit {limit_kind!r}: one of {known}.") from None
        return self.references[kind]

    def action_limit(self, *, grade: str, sample: str) -> int:
        """The maximum action limit in CFU (per the sample's unit); 0 means no growth.

        Raises LimitNotSet where the profile gives none (glove prints in Grade C and D) and
        ValueError for an unknown grade or sample.
        """
        return _look_up(self.viable_action, (Grade(grade), Sample(sample)))

    def qualification_limit(self, *, grade: str, sample: str) -> int:
        return _look_up(self.viable_qualification, (Grade(grade), Sample(sample)))

    def exceeds(self, *, grade: str, sample: str, cfu: int) -> bool:
        """Whether `cfu` colonies exceed the action limit (any growth does in Grade A)."""
        _check_count(cfu)
        return cfu > self.action_limit(grade=grade, sample=sample)

    def assess(
        self, *, grade: str, sample: str, cfu: int, alert_level: int | None = None
    ) -> Verdict:
        """Action above the action limit; alert above the site's own alert level, if it has one.

        A site sets its alert level from its own data, below the action limit: one at or above
        it is refused, because it could never warn before action is due.
        """
        limit = self.action_limit(grade=grade, sample=sample)
        if alert_level is not None and not 0 <= alert_level < limit:
            raise ValueError(
                f"An alert level must lie between 0 and the action limit ({limit}), "
                f"not {alert_level}."
            )
        if self.exceeds(grade=grade, sample=sample, cfu=cfu):
            return Verdict.ACTION
        if alert_level is not None and cfu > alert_level:
            return Verdict.ALERT
        return Verdict.WITHIN

    def particle_limit(
        self, *, grade: str, size: str, occupancy: str, purpose: str = "monitoring"
    ) -> int:
        """Maximum particles/m³ of at least `size` µm (Table 5 for monitoring, Table 1 for
        classification). Raises LimitNotSet where the limit is not specified or predetermined."""
        tables = {
            "monitoring": self.particle_monitoring,
            "classification": self.particle_classification,
        }
        if purpose not in tables:
            raise ValueError(f"Unknown purpose {purpose!r}: monitoring or classification.")
        key = (Grade(grade), ParticleSize(size), Occupancy(occupancy))
        return _look_up(tables[purpose], key)

    def particles_exceed(self, *, grade: str, size: str, occupancy: str, per_m3: int) -> bool:
        _check_count(per_m3)
        return per_m3 > self.particle_limit(grade=grade, size=size, occupancy=occupancy)


def _look_up(table: Mapping, key: tuple):
    value = table[key]
    if value is None:
        raise LimitNotSet(f"No limit is set for {', '.join(str(part) for part in key)}.")
    return value


def _check_count(count: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"A count is a whole number of at least 0, not {count!r}.")


def _particles(rows: dict[Grade, tuple]) -> ParticleTable:
    """Rows as in the fact sheet: (≥0.5 at rest, ≥0.5 in operation, ≥5 at rest, ≥5 in op.)."""
    columns = [
        (ParticleSize.SMALL, Occupancy.AT_REST),
        (ParticleSize.SMALL, Occupancy.IN_OPERATION),
        (ParticleSize.LARGE, Occupancy.AT_REST),
        (ParticleSize.LARGE, Occupancy.IN_OPERATION),
    ]
    return MappingProxyType(
        {
            (grade, size, occupancy): value
            for grade, values in rows.items()
            for (size, occupancy), value in zip(columns, values, strict=True)
        }
    )


def _viable(rows: dict[Grade, tuple]) -> ViableTable:
    """Rows as in the fact sheet: (air, settle plate, contact plate, glove print)."""
    return MappingProxyType(
        {
            (grade, sample): value
            for grade, values in rows.items()
            for sample, value in zip(Sample, values, strict=True)
        }
    )


ANNEX1_2022 = RegulatoryProfile(
    code="EU-Annex1-2022",
    title="EU GMP Annex 1 (2022)",
    # Table 1: None where classification at 5 µm is not specified or Grade D in operation is
    # left to the manufacturer.
    particle_classification=_particles(
        {
            Grade.A: (3_520, 3_520, None, None),
            Grade.B: (3_520, 352_000, None, 2_930),
            Grade.C: (352_000, 3_520_000, 2_930, 29_300),
            Grade.D: (3_520_000, None, 29_300, None),
        }
    ),
    # Table 5.
    particle_monitoring=_particles(
        {
            Grade.A: (3_520, 3_520, 29, 29),
            Grade.B: (3_520, 352_000, 29, 2_930),
            Grade.C: (352_000, 3_520_000, 2_930, 29_300),
            Grade.D: (3_520_000, None, 29_300, None),
        }
    ),
    # Table 2: qualification has no glove-print column.
    viable_qualification=_viable(
        {
            Grade.A: (NO_GROWTH, NO_GROWTH, NO_GROWTH, None),
            Grade.B: (10, 5, 5, None),
            Grade.C: (100, 50, 25, None),
            Grade.D: (200, 100, 50, None),
        }
    ),
    # Table 6 (§9.30): glove prints are monitored in Grade A and B only.
    viable_action=_viable(
        {
            Grade.A: (NO_GROWTH, NO_GROWTH, NO_GROWTH, NO_GROWTH),
            Grade.B: (10, 5, 5, 5),
            Grade.C: (100, 50, 25, None),
            Grade.D: (200, 100, 50, None),
        }
    ),
    guidance=Guidance(
        pressure_differential_pa=10,
        udaf_speed_m_s=(0.36, 0.54),
        clean_up_minutes=20,
        grade_a_sample_flow_l_min=28,
        settle_plate_max_hours=4,
        aps_initial_consecutive_runs=3,
        aps_revalidations_per_year=2,
        aps_operator_runs_per_year=1,
        aps_incubation_days=14,
        aps_typical_units=(5_000, 10_000),
        gowning_requalification_months=12,
    ),
    references=MappingProxyType(
        {
            Reference.PARTICLE_MONITORING: "EU GMP Annex 1 (2022) Table 5",
            Reference.PARTICLE_CLASSIFICATION: "EU GMP Annex 1 (2022) Table 1",
            Reference.VIABLE_ACTION: "EU GMP Annex 1 (2022) §9.30, Table 6",
            Reference.VIABLE_QUALIFICATION: "EU GMP Annex 1 (2022) Table 2",
            Reference.GRADE_A_GROWTH: "EU GMP Annex 1 (2022) Table 6, note (c)",
            Reference.FALSE_COUNTS: "EU GMP Annex 1 (2022) §9.≈20; 2008 text, note 17",
            Reference.ALERT_LEVELS: "EU GMP Annex 1 (2022) glossary and §9.≈4–9.≈8, alert levels",
            Reference.TRENDS: "EU GMP Annex 1 (2022) §9.≈4–9.≈8, adverse trends",
            Reference.PRESSURE: "EU GMP Annex 1 (2022) §4.≈18, guidance value",
        }
    ),
)


PART_IV_2017 = RegulatoryProfile(
    code="EU-PartIV-2017",
    title="EudraLex Vol. 4 Part IV (2017), with the 2008 Annex 1 limits",
    # FACTS §1.4: the 2008 Annex 1 values [V]; that Part IV copies them is marked [K] there
    # (FACTS §2 and §6 point 3: to verify against the Part IV text). The 2008 text had one
    # particle table for classification and monitoring alike, and "not defined" for Grade D
    # in operation.
    particle_classification=_particles(
        {
            Grade.A: (3_520, 3_520, 20, 20),
            Grade.B: (3_520, 352_000, 29, 2_900),
            Grade.C: (352_000, 3_520_000, 2_900, 29_000),
            Grade.D: (3_520_000, None, 29_000, None),
        }
    ),
    particle_monitoring=_particles(
        {
            Grade.A: (3_520, 3_520, 20, 20),
            Grade.B: (3_520, 352_000, 29, 2_900),
            Grade.C: (352_000, 3_520_000, 2_900, 29_000),
            Grade.D: (3_520_000, None, 29_000, None),
        }
    ),
    # FACTS §1.4: one table of recommended limits (averages), used for both purposes; Grade A
    # "<1" is no growth, so any colony exceeds it.
    viable_qualification=_viable(
        {
            Grade.A: (NO_GROWTH, NO_GROWTH, NO_GROWTH, NO_GROWTH),
            Grade.B: (10, 5, 5, 5),
            Grade.C: (100, 50, 25, None),
            Grade.D: (200, 100, 50, None),
        }
    ),
    viable_action=_viable(
        {
            Grade.A: (NO_GROWTH, NO_GROWTH, NO_GROWTH, NO_GROWTH),
            Grade.B: (10, 5, 5, 5),
            Grade.C: (100, 50, 25, None),
            Grade.D: (200, 100, 50, None),
        }
    ),
    # FACTS §1.8 quotes the 2008 text for two guidance values only: 10–15 Pa (the lower end is
    # the minimum) and a clean-up period of 15–20 minutes (the upper end is the limit); §1.4
    # counts settle plates per 4 h. The sheet gives no other 2008 guidance value.
    guidance=Guidance(
        pressure_differential_pa=10,
        udaf_speed_m_s=None,
        clean_up_minutes=20,
        grade_a_sample_flow_l_min=None,
        settle_plate_max_hours=4,
        aps_initial_consecutive_runs=None,
        aps_revalidations_per_year=None,
        aps_operator_runs_per_year=None,
        aps_incubation_days=None,
        aps_typical_units=None,
        gowning_requalification_months=None,
    ),
    references=MappingProxyType(
        {
            Reference.PARTICLE_MONITORING: "EU GMP Annex 1 (2008)",
            Reference.PARTICLE_CLASSIFICATION: ("EU GMP Annex 1 (2008)"),
            Reference.VIABLE_ACTION: "EU GMP Annex 1 (2008)",
            Reference.VIABLE_QUALIFICATION: ("EU GMP Annex 1 (2008)"),
            Reference.GRADE_A_GROWTH: "EU GMP Annex 1 (2008): Grade A limit <1 CFU",
            Reference.FALSE_COUNTS: "EU GMP Annex 1 (2008), note 17",
            # The 2008 text states no alert-level or trend rules the sheet reproduces; the
            # current text is where a site following the older tables takes them from.
            Reference.ALERT_LEVELS: "EU GMP Annex 1 (2022) glossary and §9.≈4–9.≈8, alert levels",
            Reference.TRENDS: "EU GMP Annex 1 (2022) §9.≈4–9.≈8, adverse trends",
            Reference.PRESSURE: "EU GMP Annex 1 (2008) §≈42, 10–15 Pa guidance",
        }
    ),
)

DEFAULT_PROFILE = ANNEX1_2022

PROFILES: Mapping[str, RegulatoryProfile] = MappingProxyType(
    {profile.code: profile for profile in (ANNEX1_2022, PART_IV_2017)}
)

# For a Django field's choices; the titles are those of the regulations, kept in English.
PROFILE_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (profile.code, profile.title) for profile in PROFILES.values()
)


def get_profile(code: str) -> RegulatoryProfile:
    try:
        return PROFILES[code]
    except (KeyError, TypeError):
        known = ", ".join(PROFILES)
        raise ValueError(f"Unknown regulatory profile {code!r}: one of {known}.") from None
