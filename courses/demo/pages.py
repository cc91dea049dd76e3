"""The programme, module and lesson pages in Dutch with their English translations.

Each function finds its page first (by slug under its parent, or by translation key) and leaves
an existing one untouched, so that loading the demo twice changes nothing.
"""

from wagtail.models import Locale, Page

from courses.models import LearningOutcome, LessonPage, ModulePage, ProgrammePage
from simulations.models import Scenario

from . import numbers
from .programme import PROGRAMME


def ensure_child(parent: Page, model: type[Page], slug: str, fields: dict, **relations) -> Page:
    """A published child of `parent`; `relations` are many-to-many values set before the
    first revision, so that publishing keeps them."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return _publish(page, relations)


def ensure_translation(page: Page, locale: Locale, slug: str, fields: dict, **relations) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale)
    translated.slug = slug
    for name, value in fields.items():
        setattr(translated, name, value)
    return _publish(translated, relations)


def _publish(page: Page, relations: dict) -> Page:
    for name, values in relations.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def ensure_programme(home: Page, english: Locale) -> tuple[ProgrammePage, ProgrammePage]:
    fields = {
        language: {
            **numbers.render(PROGRAMME[language], language),
            "ects_credits": PROGRAMME["ects_credits"],
        }
        for language in ("nl", "en")
    }
    dutch = ensure_child(home, ProgrammePage, PROGRAMME["slug"]["nl"], fields["nl"])
    english_page = ensure_translation(dutch, english, PROGRAMME["slug"]["en"], fields["en"])
    return dutch, english_page


def link_from_home(home: Page, programmes: tuple[ProgrammePage, ProgrammePage]) -> None:
    """The home page's programme teaser links to the programme in the home page's language;
    a link an editor has set already is left alone."""
    for programme in programmes:
        page = home.get_translation(programme.locale).specific
        if page.programme_page_id is None:
            page.programme_page = programme
            page.save_revision().publish()


def _module_fields(spec: dict, language: str) -> dict:
    text = spec[language]
    return {
        "title": text["title"],
        "summary": text["summary"],
        "code": spec["code"],
        "ects_credits": spec["ects_credits"],
        "level": spec["level"],
        "learning_outcomes": [
            LearningOutcome(code=f"LO{number}", text=outcome, sort_order=number)
            for number, outcome in enumerate(text["outcomes"], start=1)
        ],
    }


def ensure_module(
    programmes: tuple[ProgrammePage, ProgrammePage],
    spec: dict,
    english: Locale,
    *,
    trainers: list,
    prerequisites: list[tuple[ModulePage, ModulePage]],
) -> tuple[ModulePage, ModulePage]:
    """The module in both languages; prerequisites point at the module in the same language."""
    dutch = ensure_child(
        programmes[0],
        ModulePage,
        spec["slug"]["nl"],
        _module_fields(spec, "nl"),
        trainers=trainers,
        prerequisites=[pair[0] for pair in prerequisites],
    )
    english_page = ensure_translation(
        dutch,
        english,
        spec["slug"]["en"],
        _module_fields(spec, "en"),
        trainers=trainers,
        prerequisites=[pair[1] for pair in prerequisites],
    )
    return dutch, english_page


def lesson_body(blocks: list, language: str, contents: dict) -> list:
    """The lesson's blocks with numbers filled in and each exercise's uploaded H5P content."""
    body = []
    for block_type, value in numbers.render(blocks, language):
        if block_type == "h5p":
            value = {
                "content": contents[value["exercise"], language],
                "title": value["title"],
                "pass_mark": value["pass_mark"],
                "required": value["required"],
            }
        elif block_type == "simulation":
            value = {
                "scenario": Scenario.objects.get(slug=value["scenario"]),
                "intro": value["intro"],
            }
        body.append((block_type, value))
    return body


def _lesson_fields(spec: dict, language: str, contents: dict) -> dict:
    text = spec[language]
    rule = LessonPage.CompletionRule.H5P_PASSED if spec.get("exercise") else "viewed"
    return {
        "title": text["title"],
        "summary": text["summary"],
        "duration_minutes": spec["duration"],
        "completion_rule": rule,
        "body": lesson_body(text["body"], language, contents),
    }


def ensure_lesson(
    modules: tuple[ModulePage, ModulePage], spec: dict, english: Locale, contents: dict
) -> tuple[LessonPage, LessonPage]:
    dutch = ensure_child(
        modules[0], LessonPage, spec["slug"]["nl"], _lesson_fields(spec, "nl", contents)
    )
    english_page = ensure_translation(
        dutch, english, spec["slug"]["en"], _lesson_fields(spec, "en", contents)
    )
    return dutch, english_page
