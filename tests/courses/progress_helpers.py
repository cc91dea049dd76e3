"""Builders for the progress tests: H5P content, lessons with H5P blocks and stored results."""

import datetime
import json
from decimal import Decimal

from django.utils import timezone

from courses.h5p.models import H5PContent, H5PLibrary, H5PResult
from courses.models import LessonPage, ModulePage

from .conftest import make_lesson


def make_library() -> H5PLibrary:
    return H5PLibrary.objects.get_or_create(
        folder="ATMP.StepOrder-1.0",
        defaults={
            "machine_name": "ATMP.StepOrder",
            "major_version": 1,
            "minor_version": 0,
            "patch_version": 0,
            "title": "Step order",
            "runnable": True,
            "library_json": {},
        },
    )[0]


def make_content(title: str = "Omkleden in volgorde", language: str = "nl") -> H5PContent:
    return H5PContent.objects.create(title=title, language=language, main_library=make_library())


def h5p_block(content: H5PContent, *, title: str = "", pass_mark=80, required=True) -> dict:
    return {
        "type": "h5p",
        "value": {
            "content": content.pk,
            "title": title or content.title,
            "pass_mark": pass_mark,
            "required": required,
        },
    }


def set_h5p_blocks(lesson: LessonPage, *blocks: dict, rule=LessonPage.CompletionRule.H5P_PASSED):
    """Give the live lesson these H5P blocks and completion rule, published."""
    lesson.body = json.dumps(
        [{"type": "paragraph", "value": "<p>Lees eerst de tekst.</p>"}, *blocks]
    )
    lesson.completion_rule = rule
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def make_h5p_lesson(module: ModulePage, number: int, *blocks: dict, **fields) -> LessonPage:
    body = json.dumps(list(blocks))
    return make_lesson(
        module, number, body=body, completion_rule=LessonPage.CompletionRule.H5P_PASSED, **fields
    )


def give_result(
    student,
    content: H5PContent,
    best: str,
    *,
    last: str | None = None,
    attempts: int = 1,
    verified: bool = True,
    when: datetime.datetime | None = None,
) -> H5PResult:
    """Store a result as the results service would leave it after `attempts` tries."""
    when = when or timezone.now()
    result, _created = H5PResult.objects.update_or_create(
        student=student,
        content=content,
        defaults={
            "attempts": attempts,
            "best_score": Decimal(best),
            "best_verified": verified,
            "last_score": Decimal(last or best),
            "last_verified": verified,
            "first_attempt_at": when,
            "last_attempt_at": when,
        },
    )
    return result
