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

from courses.access import is_enrolled_in_module, may_preview_module, module_of
from courses.h5p.models import H5PContent, H5PResult
from courses.models import LessonPage


class Player(enum.Enum):
    STUDENT = "student"
    PREVIEW = "preview"


def player_kind(user, lesson: LessonPage) -> Player | None:
    """How `user` plays the lesson's exercises, or None when they may not play them."""
    if not user.is_authenticated:
        return None
    module = module_of(lesson)
    if is_enrolled_in_module(user, module):
        return Player.STUDENT
    if may_preview_module(user, module):
        return Player.PREVIEW
    return None


def h5p_block_for(lesson: LessonPage, content: H5PContent):
    """The value of the lesson's first H5P block showing `content`, or None."""
    for block in lesson.body:
        if block.block_type == "h5p" and getattr(block.value.get("content"), "pk", None) == (
            content.pk
        ):
            return block.value
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
