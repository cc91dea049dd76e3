"""Lesson and module completion: the one write path for progress.

Lesson pages call `complete_lesson_if_due` when a student opens them; the xAPI endpoint calls
it after storing a result. Both are idempotent: a lesson or module is completed once, with
the date it first met its rule.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from atmp_platform.audit.services import record_event
from courses.h5p.models import H5PResult
from courses.models import Enrolment, LessonCompletion, LessonPage, ModuleCompletion


def required_h5p_blocks(lesson: LessonPage) -> list:
    """The H5P blocks of `lesson` that count for its completion."""
    return [
        block.value
        for block in lesson.body
        if block.block_type == "h5p" and block.value.get("required")
    ]


def h5p_blocks_passed(*, student, lesson: LessonPage) -> bool:
    blocks = required_h5p_blocks(lesson)
    if not blocks:
        return True
    best = dict(
        H5PResult.objects.filter(
            student=student, content_id__in=[block["content"].pk for block in blocks]
        ).values_list("content_id", "best_score")
    )
    return all(
        best.get(block["content"].pk, Decimal(-1)) >= block.pass_fraction() for block in blocks
    )


def rule_met(*, student, lesson: LessonPage) -> bool:
    if lesson.completion_rule == LessonPage.CompletionRule.H5P_PASSED:
        return h5p_blocks_passed(student=student, lesson=lesson)
    return True


@transaction.atomic
def complete_lesson_if_due(*, student, lesson: LessonPage) -> LessonCompletion | None:
    """Record that `student` completed `lesson` if its completion rule is met now.

    Precondition: the caller has checked that the student may follow the lesson. Returns the
    completion (new or existing), or None when the rule is not met yet. Completing the last
    lesson of a module completes the module too.
    """
    existing = LessonCompletion.objects.filter(
        student=student, lesson_key=lesson.translation_key
    ).first()
    if existing is not None:
        return existing
    if not rule_met(student=student, lesson=lesson):
        return None
    module = lesson.get_parent().specific
    completion = LessonCompletion.objects.create(
        student=student,
        lesson_key=lesson.translation_key,
        module_key=module.translation_key,
        lesson=lesson,
        rule=lesson.completion_rule,
        completed_at=timezone.now(),
    )
    record_event(
        action="course.lesson_completed",
        actor=student,
        target=lesson,
        new_value={"student": student.email, "rule": lesson.completion_rule},
    )
    complete_module_if_due(student=student, module=module)
    return completion


def module_result(*, student, lessons: list[LessonPage]) -> Decimal | None:
    """Mean of the best scores on the module's required H5P exercises, or None if none."""
    content_ids = [
        block["content"].pk for lesson in lessons for block in required_h5p_blocks(lesson)
    ]
    if not content_ids:
        return None
    best = dict(
        H5PResult.objects.filter(student=student, content_id__in=content_ids).values_list(
            "content_id", "best_score"
        )
    )
    scores = [best.get(content_id, Decimal(0)) for content_id in content_ids]
    return (sum(scores) / len(scores)).quantize(Decimal("0.0001"))


@transaction.atomic
def complete_module_if_due(*, student, module) -> ModuleCompletion | None:
    """Complete `module` for `student` once every live lesson of it is completed."""
    if ModuleCompletion.objects.filter(student=student, module_key=module.translation_key).exists():
        return None
    lessons = list(LessonPage.objects.live().child_of(module).specific())
    lesson_keys = {lesson.translation_key for lesson in lessons}
    done = set(
        LessonCompletion.objects.filter(student=student, lesson_key__in=lesson_keys).values_list(
            "lesson_key", flat=True
        )
    )
    if not lessons or done != lesson_keys:
        return None
    enrolment = (
        Enrolment.objects.active()
        .filter(student=student, cohort__module__translation_key=module.translation_key)
        .select_related("cohort")
        .first()
    )
    completion = ModuleCompletion.objects.create(
        student=student,
        module_key=module.translation_key,
        cohort=enrolment.cohort if enrolment else None,
        completed_at=timezone.now(),
        result=module_result(student=student, lessons=lessons),
    )
    if enrolment is not None and enrolment.status != Enrolment.Status.COMPLETED:
        enrolment.status = Enrolment.Status.COMPLETED
        enrolment.save(update_fields=["status"])
    record_event(
        action="course.module_completed",
        actor=student,
        target=module,
        new_value={"student": student.email, "result": completion.result},
    )
    return completion
