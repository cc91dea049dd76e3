"""The regulatory numbers the lesson texts state, formatted per language from the one profile.

Lesson texts carry placeholders such as `{air_B}` or `{p_small_op_B}`; `render` fills them
from simulations.regulatory, so a text can never state a limit the profile does not hold.
"""

from simulations.regulatory import ANNEX1_2022, Grade, LimitNotSet, Occupancy, ParticleSize

PROFILE = ANNEX1_2022

SAMPLE_KEYS = {
    "air": "active_air",
    "settle": "settle_plate",
    "contact": "contact_plate",
    "glove": "glove_print",
}
PARTICLE_KEYS = {
    "small_rest": (ParticleSize.SMALL, Occupancy.AT_REST),
    "small_op": (ParticleSize.SMALL, Occupancy.IN_OPERATION),
    "large_rest": (ParticleSize.LARGE, Occupancy.AT_REST),
    "large_op": (ParticleSize.LARGE, Occupancy.IN_OPERATION),
}
NOT_SET = {"nl": "niet vooraf bepaald", "en": "not predetermined"}


def number(value: int | float, language: str) -> str:
    """3,520 and 0.36 in English; 3.520 and 0,36 in Dutch."""
    text = f"{value:,}"
    if language == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _particles(language: str) -> dict[str, str]:
    values = {}
    for grade in Grade:
        for key, (size, occupancy) in PARTICLE_KEYS.items():
            try:
                limit = PROFILE.particle_limit(grade=grade, size=size, occupancy=occupancy)
            except LimitNotSet:
                values[f"p_{key}_{grade}"] = NOT_SET[language]
            else:
                values[f"p_{key}_{grade}"] = number(limit, language)
    return values


def _viable(language: str) -> dict[str, str]:
    values = {}
    for grade in Grade:
        for key, sample in SAMPLE_KEYS.items():
            try:
                limit = PROFILE.action_limit(grade=grade, sample=sample)
            except LimitNotSet:
                continue
            values[f"{key}_{grade}"] = number(limit, language)
    return values


def _guidance(language: str) -> dict[str, str]:
    guidance = PROFILE.guidance
    return {
        name: number(value, language)
        for name, value in {
            "dp_pa": guidance.pressure_differential_pa,
            "udaf_low": guidance.udaf_speed_m_s[0],
            "udaf_high": guidance.udaf_speed_m_s[1],
            "clean_up_min": guidance.clean_up_minutes,
            "flow_l_min": guidance.grade_a_sample_flow_l_min,
            "settle_h": guidance.settle_plate_max_hours,
            "aps_runs": guidance.aps_initial_consecutive_runs,
            "aps_per_year": guidance.aps_revalidations_per_year,
            "aps_operator": guidance.aps_operator_runs_per_year,
            "aps_days": guidance.aps_incubation_days,
            "aps_units_low": guidance.aps_typical_units[0],
            "aps_units_high": guidance.aps_typical_units[1],
            "gown_months": guidance.gowning_requalification_months,
        }.items()
    }


def values(language: str) -> dict[str, str]:
    return {**_particles(language), **_viable(language), **_guidance(language)}


def render(data, language: str):
    """`data` (strings, lists, tuples, dicts) with every placeholder filled in."""
    return _fill(data, values(language))


def _fill(data, table: dict[str, str]):
    if isinstance(data, str):
        return data.format(**table)
    if isinstance(data, list | tuple):
        return type(data)(_fill(item, table) for item in data)
    if isinstance(data, dict):
        return {key: _fill(value, table) for key, value in data.items()}
    return data
