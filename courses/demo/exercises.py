"""The demo's H5P exercises as build_h5p definitions ({library, title, language, params}).

The step-ordering exercises come from the same lists as the lessons that teach the steps
(courses.demo.steps); the limit checks take their right answers from simulations.regulatory, so
an exercise can never mark a result against a limit the profile does not hold.
"""

import json
from pathlib import Path

from django.conf import settings

from simulations.regulatory import ANNEX1_2022, SAMPLE_UNITS, Sample

from .numbers import number
from .steps import CAR_T_STEPS, GOWNING_STEPS, texts

STEP_ORDER = "ATMP.StepOrder 1.0"
LIMIT_CHECK = "ATMP.LimitCheck 1.0"
LIBRARY_FOLDERS = {STEP_ORDER: "ATMP.StepOrder-1.0", LIMIT_CHECK: "ATMP.LimitCheck-1.0"}
LANGUAGES = ("nl", "en")

# (id, sample, cfu, where in Dutch, where in English)
GRADE_B_RESULTS = [
    ("air-operator", Sample.ACTIVE_AIR, 4, "operatorzone naast de werkbank", "operator zone"),
    ("air-door", Sample.ACTIVE_AIR, 12, "bij de deur naar de sluis", "by the airlock door"),
    ("settle-bench", Sample.SETTLE_PLATE, 5, "tafel naast de werkbank", "bench by the cabinet"),
    ("settle-hatch", Sample.SETTLE_PLATE, 7, "bij het doorgeefluik", "by the pass-through hatch"),
    ("contact-floor", Sample.CONTACT_PLATE, 3, "vloer voor de werkbank", "floor by the cabinet"),
    ("contact-chest", Sample.CONTACT_PLATE, 6, "borst van het pak", "chest of the gown"),
    ("glove-operator", Sample.GLOVE_PRINT, 2, "operator 2, na het werk", "operator 2, after work"),
]
GRADE_A_RESULTS = [
    ("air-work", Sample.ACTIVE_AIR, 0, "werkpositie", "working position"),
    ("settle-fill", Sample.SETTLE_PLATE, 1, "vulpositie", "filling position"),
    ("contact-surface", Sample.CONTACT_PLATE, 0, "werkblad na de productie", "work surface, after"),
    ("glove-left", Sample.GLOVE_PRINT, 1, "linkerhand na een ingreep", "left hand, intervention"),
    ("settle-back", Sample.SETTLE_PLATE, 0, "achterkant van de werkbank", "back of the cabinet"),
    ("glove-right", Sample.GLOVE_PRINT, 0, "rechterhand aan het einde", "right hand, at the end"),
]

METHODS = {
    "nl": {
        Sample.ACTIVE_AIR: "Actief luchtmonster",
        Sample.SETTLE_PLATE: "Sedimentatieplaat (90 mm, 4 uur)",
        Sample.CONTACT_PLATE: "Contactplaat (55 mm)",
        Sample.GLOVE_PRINT: "Handschoenafdruk (5 vingers)",
    },
    "en": {
        Sample.ACTIVE_AIR: "Active air sample",
        Sample.SETTLE_PLATE: "Settle plate (90 mm, 4 h)",
        Sample.CONTACT_PLATE: "Contact plate (55 mm)",
        Sample.GLOVE_PRINT: "Glove print (5 fingers)",
    },
}
UNITS = {
    "nl": {
        Sample.ACTIVE_AIR: "kve/m³",
        Sample.SETTLE_PLATE: "kve/4 uur",
        Sample.CONTACT_PLATE: "kve/plaat",
        Sample.GLOVE_PRINT: "kve/handschoen",
    },
    "en": dict(SAMPLE_UNITS),
}
# A plate's count is just colonies; the per-plate unit is in the explanation.
COLONIES = {"nl": "kve", "en": "CFU"}
EXPLANATIONS = {
    "nl": {
        "growth_a": "In graad A overschrijdt elke groei de actiegrens: start een onderzoek.",
        "none_a": "Geen groei: binnen de actiegrens van graad A.",
        "above": "Boven de actiegrens van {limit} voor graad {grade}: start een onderzoek.",
        "at": "Precies op de actiegrens van {limit}: dat overschrijdt ze niet.",
        "below": "Binnen de actiegrens van {limit} voor graad {grade}.",
    },
    "en": {
        "growth_a": "In Grade A any growth exceeds the action limit: start an investigation.",
        "none_a": "No growth: within the Grade A action limit.",
        "above": "Above the Grade {grade} action limit of {limit}: start an investigation.",
        "at": "Exactly at the action limit of {limit}: that does not exceed it.",
        "below": "Within the Grade {grade} action limit of {limit}.",
    },
}
TEXTS = {
    "gowning": {
        "nl": {
            "title": "Omkleden voor graad B: de stappen in volgorde",
            "taskDescription": "Zet de stappen van het omkleden voor graad B in de volgorde "
            "van de procedure uit de les.",
            "allCorrect": "Juist: elke stap staat op zijn plaats.",
            "notAllCorrect": "Nog niet: de volgorde telt, want geen stap mag besmetten wat al "
            "steriel is.",
        },
        "en": {
            "title": "Gowning for Grade B: the steps in order",
            "taskDescription": "Put the steps of gowning for Grade B in the order of the "
            "procedure in the lesson.",
            "allCorrect": "Right: every step is in its place.",
            "notAllCorrect": "Not yet: the order matters, because no step may contaminate what "
            "is already sterile.",
        },
    },
    "car-t": {
        "nl": {
            "title": "Het CAR-T-proces in volgorde",
            "taskDescription": "Zet de stappen van een autoloog CAR-T-proces in de juiste "
            "volgorde, van aferese tot vrijgave.",
            "allCorrect": "Juist: zo loopt het proces.",
            "notAllCorrect": "Nog niet: denk aan wat elke stap nodig heeft van de vorige.",
        },
        "en": {
            "title": "The CAR-T process in order",
            "taskDescription": "Put the steps of an autologous CAR-T process in the right "
            "order, from apheresis to release.",
            "allCorrect": "Right: that is how the process runs.",
            "notAllCorrect": "Not yet: think of what each step needs from the one before.",
        },
    },
    "limits-b": {
        "nl": {
            "title": "Graad B: welke resultaten overschrijden de actiegrens?",
            "instructions": "Vink elk resultaat aan dat de actiegrens van EU GMP Annex 1 "
            "(2022, tabel 6) voor graad B overschrijdt.",
            "question": "Welke van deze resultaten uit een cleanroom van graad B in bedrijf "
            "overschrijden de actiegrens?",
            "allCorrect": "Juist: elke beslissing klopt.",
            "notAllCorrect": "Nog niet helemaal: lees de uitleg bij elk resultaat.",
        },
        "en": {
            "title": "Grade B: which results exceed the action limit?",
            "instructions": "Tick every result that exceeds the EU GMP Annex 1 (2022, Table 6) "
            "action limit for Grade B.",
            "question": "Which of these results from a Grade B cleanroom in operation exceed "
            "the action limit?",
            "allCorrect": "Right: every decision is correct.",
            "notAllCorrect": "Not quite: read the explanation of each result.",
        },
    },
    "limits-a": {
        "nl": {
            "title": "Graad A: welke resultaten overschrijden de actiegrens?",
            "instructions": "Vink elk resultaat aan dat de actiegrens van EU GMP Annex 1 "
            "(2022, tabel 6) voor graad A overschrijdt.",
            "question": "Welke van deze resultaten uit de veiligheidswerkbank (graad A) "
            "overschrijden de actiegrens?",
            "allCorrect": "Juist: in graad A telt elke kolonie.",
            "notAllCorrect": "Nog niet: in graad A is de grens 'geen groei'.",
        },
        "en": {
            "title": "Grade A: which results exceed the action limit?",
            "instructions": "Tick every result that exceeds the EU GMP Annex 1 (2022, Table 6) "
            "action limit for Grade A.",
            "question": "Which of these results from the biosafety cabinet (Grade A) exceed "
            "the action limit?",
            "allCorrect": "Right: in Grade A every colony counts.",
            "notAllCorrect": "Not yet: in Grade A the limit is 'no growth'.",
        },
    },
}
LIMIT_RESULTS = {"limits-b": ("B", GRADE_B_RESULTS), "limits-a": ("A", GRADE_A_RESULTS)}
STEP_LISTS = {"gowning": GOWNING_STEPS, "car-t": CAR_T_STEPS}


def library_path(library: str) -> Path:
    return Path(settings.BASE_DIR) / "courses" / "h5p" / "libraries" / LIBRARY_FOLDERS[library]


def interface_texts(library: str, language: str) -> dict[str, str]:
    """The player's own button and message texts in `language`, from the library's language
    file (semantics.json holds the English defaults)."""
    folder = library_path(library)
    semantics = json.loads((folder / "semantics.json").read_text())
    position = [field["name"] for field in semantics].index("l10n")
    fields = semantics[position]["fields"]
    if language == "en":
        return {field["name"]: field["default"] for field in fields}
    translated = json.loads((folder / "language" / f"{language}.json").read_text())
    translated_fields = translated["semantics"][position]["fields"]
    return {
        field["name"]: _site_terms(translation.get("default", field["default"]))
        for field, translation in zip(fields, translated_fields, strict=True)
    }


def _site_terms(text: str) -> str:
    """The site's Dutch says "actiegrens", as the lessons around the exercise do."""
    return text.replace("actielimiet", "actiegrens")


def step_order(key: str, language: str) -> dict:
    text = TEXTS[key][language]
    return {
        "library": STEP_ORDER,
        "title": text["title"],
        "language": language,
        "params": {
            "taskDescription": text["taskDescription"],
            "steps": [
                {"id": step_id, "text": step} for step_id, step in texts(STEP_LISTS[key], language)
            ],
            "feedback": {"allCorrect": text["allCorrect"], "notAllCorrect": text["notAllCorrect"]},
            "behaviour": {"enableRetry": True, "enableSolutionsButton": True},
            "l10n": interface_texts(STEP_ORDER, language),
        },
    }


def explanation(*, grade: str, sample: Sample, cfu: int, language: str) -> str:
    limit = ANNEX1_2022.action_limit(grade=grade, sample=sample)
    phrases = EXPLANATIONS[language]
    if grade == "A":
        return phrases["growth_a" if cfu else "none_a"]
    limit_text = f"{number(limit, language)} {UNITS[language][sample]}"
    if cfu > limit:
        return phrases["above"].format(limit=limit_text, grade=grade)
    if cfu == limit:
        return phrases["at"].format(limit=limit_text)
    return phrases["below"].format(limit=limit_text, grade=grade)


def limit_item(grade: str, result: tuple, language: str) -> dict:
    item_id, sample, cfu, where_nl, where_en = result
    where = where_nl if language == "nl" else where_en
    unit = UNITS[language][sample] if sample == Sample.ACTIVE_AIR else COLONIES[language]
    return {
        "id": item_id,
        "label": f"{METHODS[language][sample]}, {where}: {number(cfu, language)} {unit}",
        "exceeds": ANNEX1_2022.exceeds(grade=grade, sample=sample, cfu=cfu),
        "explanation": explanation(grade=grade, sample=sample, cfu=cfu, language=language),
    }


def limit_check(key: str, language: str) -> dict:
    grade, results = LIMIT_RESULTS[key]
    text = TEXTS[key][language]
    return {
        "library": LIMIT_CHECK,
        "title": text["title"],
        "language": language,
        "params": {
            "instructions": text["instructions"],
            "grade": grade,
            "question": text["question"],
            "items": [limit_item(grade, result, language) for result in results],
            "feedback": {"allCorrect": text["allCorrect"], "notAllCorrect": text["notAllCorrect"]},
            "behaviour": {"enableRetry": True, "enableSolutionsButton": True},
            "l10n": interface_texts(LIMIT_CHECK, language),
        },
    }


def definitions() -> dict[tuple[str, str], dict]:
    """Every demo exercise, keyed by (exercise key, language)."""
    built = {}
    for language in LANGUAGES:
        for key in STEP_LISTS:
            built[key, language] = step_order(key, language)
        for key in LIMIT_RESULTS:
            built[key, language] = limit_check(key, language)
    return built
