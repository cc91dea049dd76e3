"""Places: the names a trainee reads for the channels and places of a set-up, in the active
language, and the set-up's labels checked like the rest of it."""

from django.utils import translation

import pytest

from simulations.places import Places, cited, clock, first_day
from simulations.setup import SetupError, build_config

SETUP = {
    "rooms": [
        {"name": "grade_b", "grade": "B", "label_en": "Grade B room", "label_nl": "Ruimte B"},
        {"name": "airlock", "grade": "C"},
    ],
    "zones": [{"name": "bsc", "room": "grade_b", "label_en": "Biosafety cabinet"}],
    "viable": [
        {
            "location": "grade_b",
            "name": "fingers",
            "label_en": "Fingertips",
            "label_nl": "Vingertoppen",
            "glove_times_s": [60],
        },
        {"location": "bsc", "name": "a", "contact_times_s": [60]},
    ],
    "storage": {},
}


@pytest.mark.parametrize(
    ("channel", "english", "dutch"),
    [
        ("grade_b.particles_5", "Particles ≥5 µm · Grade B room", "Deeltjes ≥5 µm · Ruimte B"),
        # Dutch missing: the English label; no label at all: the set-up's own name.
        ("bsc.particles_0_5", "Particles ≥0.5 µm · Biosafety cabinet", None),
        ("airlock.dp_pa", "Differential pressure · airlock", None),
        ("glove_fingers.cfu", "Colonies · Glove print · Fingertips", None),
        # A plan without a label of its own reads as its place.
        ("contact_a.cfu", "Colonies · Contact plate · Biosafety cabinet", None),
        ("storage.ln2_level_pct", "LN₂ level · LN₂ storage", None),
    ],
)
def test_a_channel_reads_as_what_is_measured_and_where(channel, english, dutch):
    places = Places(SETUP)
    with translation.override("en"):
        assert places.channel(channel) == english
    if dutch:
        with translation.override("nl"):
            assert places.channel(channel) == dutch


def test_dutch_falls_back_to_the_english_label():
    with translation.override("nl"):
        assert Places(SETUP).place("bsc") == "Biosafety cabinet"


def test_labels_never_reach_the_simulators():
    config = build_config(SETUP)
    assert [room.name for room in config.rooms] == ["grade_b", "airlock"]
    assert config.viable[0].name == "fingers"


@pytest.mark.parametrize("label", [7, "x" * 61, None])
def test_a_bad_label_is_refused_with_its_field_named(label):
    setup = {"rooms": [{"name": "grade_b", "grade": "B", "label_nl": label}]}
    with translation.override("en"), pytest.raises(SetupError, match="label_nl must be text"):
        build_config(setup)


@pytest.mark.parametrize(
    ("setting", "duration_s", "first"),
    [("cleanroom", 2400, None), ("trend_review", 604_800, 1), ("bioreactor", 1_080_000, 0)],
)
def test_days_count_as_the_process_names_them(setting, duration_s, first):
    # A manufacturing batch starts on day 0, a week of monitoring on day 1; a run shorter
    # than a day shows no day at all.
    assert first_day({"setting": setting, "duration_s": duration_s}) == first


def test_the_clock_shows_the_day_only_when_the_run_has_days():
    with translation.override("en"):
        assert clock(3725.4, None) == "01:02:05"
        assert clock(86_400 * 2 + 61, 0) == "day 2, 00:01:01"
        assert clock(86_400 * 2 + 61, 1) == "day 3, 00:01:01"
        assert clock(None, 1) == ""
    with translation.override("nl"):
        assert clock(61, 0) == "dag 0, 00:01:01"


def test_a_run_of_whole_days_ends_at_midnight_of_its_last_day_not_on_a_day_after_it():
    week = 7 * 86_400
    with translation.override("en"):
        assert clock(week, 1, end=True) == "day 7, 24:00:00"
        # Not at the end, midnight starts the next day.
        assert clock(week, 1) == "day 8, 00:00:00"
        assert clock(86_400, 1) == "day 2, 00:00:00"
        # An end within a day, and the start, read as ever.
        assert clock(week - 1, 1, end=True) == "day 7, 23:59:59"
        assert clock(0, 1, end=True) == "day 1, 00:00:00"
        assert clock(3600, None, end=True) == "01:00:00"


def test_an_approximate_paragraph_reads_as_about():
    reference = "EU GMP Annex 1 (2022) §9.≈4–9.≈8, trends; §9.12; (2008) §≈42"
    with translation.override("en"):
        assert (
            cited(reference)
            == "EU GMP Annex 1 (2022) about §9.4–9.8, trends; §9.12; (2008) about §42"
        )
    with translation.override("nl"):
        assert cited("Annex 1 §9.≈20") == "Annex 1 ca. §9.20"
