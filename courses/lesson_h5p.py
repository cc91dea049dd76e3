"""The lesson side of H5P: which exercises a lesson holds, who plays them for real, and how
a result reads on the page.

courses.h5p knows nothing about lessons or cohorts; this module joins the two. A student with
an active enrolment in a cohort of the lesson's module plays for real: their statements are
stored and count for progress. Trainers of the module and programme administrators may try
the exercises (a preview): their answers are scored but never stored.
"""

import enum
from decimal import Decimal

from django.utils.translation import gettext as _

from wagtail.models import Page

from courses.access import may_preview_module, module_of
from courses.blocks import H5PValue
from courses.h5p.models import H5PContent, H5PResult
from courses.models import Enrolment, LessonPage


class Player(enum.Enum):
    STUDENT = "student"
    PREVIEW = "preview"


# What the xAPI endpoint and a first completion read of the lesson; the rest of the page
# row (SEO fields, revisions, locks) would cost columns and conversions with every statement.
LESSON_FIELDS = (
    "id", "path", "depth", "translation_key", "locale_id", "content_type_id", "title", "slug",
    "live", "completion_rule", "body",
)  # fmt: skip


def live_lesson(page_id: int) -> LessonPage | None:
    """The live lesson `page_id`, with only the columns the xAPI endpoint and a first
    completion read."""
    lessons = LessonPage.objects.filter(pk=page_id, live=True).only(*LESSON_FIELDS).order_by()
    return next(iter(lessons[:1]), None)


def player_kind(user, lesson: LessonPage) -> Player | None:
    """How `user` plays the lesson's exercises, or None when they may not play them.

    The same rights as courses.access.may_open_lesson: an active enrolment in a cohort of the
    module (any language) plays for real; the module's trainers and administrators preview.
    """
    if not user.is_authenticated:
        return None
    # The module's key as a subquery on the lesson's parent path: the enrolment check, asked
    # with every statement, is then a single query.
    module_key = (
        Page.objects.filter(path=lesson.path[: -Page.steplen]).order_by().values("translation_key")
    )
    enrolled = (
        Enrolment.objects.active()
        .filter(student=user, cohort__module__translation_key__in=module_key)
        .exists()
    )
    if enrolled:
        return Player.STUDENT
    if may_preview_module(user, module_of(lesson)):
        return Player.PREVIEW
    return None


def h5p_block_for(lesson: LessonPage, content: H5PContent) -> H5PValue | None:
    """The value of the lesson's first H5P block showing `content`, or None.

    Read from the stream's raw data, with `content` put in place: decoding the stream would
    fetch every chosen snippet again.
    """
    block = lesson.body.stream_block.child_blocks["h5p"]
    for raw in lesson.body.raw_data:
        value = raw.get("value") or {}
        if raw.get("type") == "h5p" and value.get("content") == content.pk:
            return H5PValue(
                block,
                [
                    ("content", content),
                    ("title", value.get("title", "")),
                    ("pass_mark", value.get("pass_mark")),
                    ("required", value.get("required", False)),
                ],
            )
    return None


def percent(score: Decimal | None) -> int | None:
    return None if score is None else int((score * 100).to_integral_value())


def passed(result: H5PResult | None, block) -> bool:
    return result is not None and result.best_score >= block.pass_fraction()


def result_summary(result: H5PResult | None, block) -> str:
    """One sentence on the student's result, for the block and for the screen reader."""
    if result is None:
        return _("You have not done this exercise yet.")
    values = {
        "best": percent(result.best_score),
        "last": percent(result.last_score),
        "attempts": result.attempts,
        "pass_mark": block.get("pass_mark"),
    }
    checked = _("checked by the server") if result.best_verified else _("reported by the exercise")
    if passed(result, block):
        verdict = _("You passed (pass mark %(pass_mark)s%%).") % values
    else:
        verdict = _("Not passed yet (pass mark %(pass_mark)s%%).") % values
    return " ".join(
        [
            _("Best score %(best)s%% (%(checked)s), last score %(last)s%%, attempts: %(attempts)s.")
            % {**values, "checked": checked},
            verdict,
        ]
    )


def preview_summary(scaled: Decimal | None) -> str:
    if scaled is None:
        return _("Preview: your answers are not recorded.")
    return _("Preview: this attempt scored %(score)s%%. Your answers are not recorded.") % {
        "score": percent(scaled)
    }
