"""Lesson and module completion: the one write path for progress, and its batch reads.

Lesson pages call `complete_lesson_if_due` when a student opens them; the xAPI endpoint calls
it after storing a result. Both are idempotent: a lesson or module is completed once, with
the date it first met its rule, even when two requests complete it at the same moment.

A lesson is one lesson in every language (its `translation_key`): completing the Dutch page
completes the English one, and an exercise passed in either language counts.

The dashboards read progress in batches through courses/dashboards.py.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from atmp_platform.audit.services import record_event
from courses.evidence import record_module_evidence
from courses.h5p.models import H5PContent, H5PResult
from courses.models import (
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModuleCompletion,
    ModulePage,
)

RESULT_PLACES = Decimal("0.0001")


# ---------- Completion rules ----------


@dataclass(frozen=True)
class H5PRequirement:
    """One H5P block of a lesson, read from the stored stream without loading the snippet."""

    content_id: int
    title: str
    pass_fraction: Decimal
    required: bool


def h5p_requirements(lesson: LessonPage) -> list[H5PRequirement]:
    """Every H5P block of `lesson` in page order; costs no query."""
    requirements = []
    for block in lesson.body.raw_data:
        value = block.get("value") or {}
        if block.get("type") != "h5p" or not value.get("content"):
            continue
        pass_mark = value.get("pass_mark")
        requirements.append(
            H5PRequirement(
                content_id=int(value["content"]),
                title=value.get("title") or "",
                pass_fraction=Decimal(80 if pass_mark is None else pass_mark) / 100,
                required=value.get("required", True),
            )
        )
    return requirements


def required_h5p_blocks(lesson: LessonPage) -> list[H5PRequirement]:
    """The H5P blocks of `lesson` that count for its completion."""
    return [requirement for requirement in h5p_requirements(lesson) if requirement.required]


def _best_scores(*, student, content_ids) -> dict[int, Decimal | None]:
    """The student's best score on each content that still exists (None: not tried yet).

    A block may still point at content deleted since: it is left out, because it can no
    longer be passed and so no longer holds the lesson back.
    """
    best = H5PResult.objects.filter(student=student, content=models.OuterRef("pk"))
    return dict(
        H5PContent.objects.filter(pk__in=content_ids).values_list(
            "pk", models.Subquery(best.values("best_score")[:1])
        )
    )


def _all_passed(blocks: list[H5PRequirement], best: dict) -> bool:
    return all(
        (best[block.content_id] or Decimal(-1)) >= block.pass_fraction
        for block in blocks
        if block.content_id in best
    )


def _translations(lesson: LessonPage) -> list[LessonPage]:
    return list(
        LessonPage.objects.live()
        .filter(translation_key=lesson.translation_key)
        .exclude(pk=lesson.pk)
        .only("body")
    )


def h5p_blocks_passed(*, student, lesson: LessonPage) -> bool:
    """Whether every required H5P block of `lesson`, in at least one of its languages, has a
    best score at or above its pass mark. A lesson without required blocks passes."""
    blocks = required_h5p_blocks(lesson)
    if not blocks:
        return True
    best = _best_scores(student=student, content_ids={block.content_id for block in blocks})
    if _all_passed(blocks, best):
        return True
    # A translation without exercises cannot vouch for this page's exercises.
    versions = [required_h5p_blocks(version) for version in _translations(lesson)]
    versions = [version for version in versions if version]
    content_ids = {block.content_id for version in versions for block in version}
    best = _best_scores(student=student, content_ids=content_ids) if content_ids else {}
    return any(_all_passed(version, best) for version in versions)


def rule_met(*, student, lesson: LessonPage) -> bool:
    if lesson.completion_rule == LessonPage.CompletionRule.H5P_PASSED:
        return h5p_blocks_passed(student=student, lesson=lesson)
    return True


# ---------- The write path ----------


def _create_once(model: type[models.Model], *, lookup: dict, defaults: dict):
    """Create the row, or return the one a simultaneous request created first.

    Returns (row, created). The unique constraint decides the race: the loser's insert fails
    inside its own savepoint and it reads the winner's row.
    """
    try:
        with transaction.atomic():
            return model.objects.create(**lookup, **defaults), True
    except IntegrityError:
        return model.objects.get(**lookup), False


def complete_lesson_if_due(*, student, lesson: LessonPage) -> LessonCompletion | None:
    """Record that `student` completed `lesson` if its completion rule is met now.

    Precondition: the caller has checked that the student may follow the lesson. Returns the
    completion (new or existing), or None when the rule is not met yet. Idempotent and safe
    against simultaneous calls. Completing the last lesson of a module completes the module
    too; each new completion is written to the audit trail once.
    """
    # At most one row (unique per student and lesson): no ordering to compile.
    existing = LessonCompletion.objects.filter(student=student, lesson_key=lesson.translation_key)
    for completion in existing.order_by()[:1]:
        return completion
    if not rule_met(student=student, lesson=lesson):
        return None
    # Only the write needs a transaction: opening a lesson that is not due stays read-only.
    return _complete_lesson(student=student, lesson=lesson)


@transaction.atomic
def _complete_lesson(*, student, lesson: LessonPage) -> LessonCompletion:
    module = lesson.get_parent().specific
    completion, created = _create_once(
        LessonCompletion,
        lookup={"student": student, "lesson_key": lesson.translation_key},
        defaults={
            "module_key": module.translation_key,
            "lesson": lesson,
            "rule": lesson.completion_rule,
            "completed_at": timezone.now(),
        },
    )
    if created:
        record_event(
            action="course.lesson_completed",
            actor=student,
            target=lesson,
            new_value={
                "student": student.email,
                "lesson_key": str(lesson.translation_key),
                "rule": lesson.completion_rule,
            },
        )
        complete_module_if_due(student=student, module=module)
    return completion


def module_lessons(module_key) -> list[LessonPage]:
    """The live lessons of the module, in every language, in tree order."""
    modules = list(ModulePage.objects.filter(translation_key=module_key).only("path", "depth"))
    if not modules:
        return []
    return list(
        LessonPage.objects.live()
        .filter(children_of(modules))
        .select_related("locale")
        .order_by("path")
    )


def children_of(pages) -> models.Q:
    """Pages whose parent is one of `pages` (any page type)."""
    condition = models.Q(pk__in=[])
    for page in pages:
        condition |= models.Q(path__startswith=page.path, depth=page.depth + 1)
    return condition


def _lesson_score(versions: list[list[H5PRequirement]], best: dict[int, Decimal]) -> list:
    """The scores of one lesson's required exercises, in the language where they are best."""
    candidates = [
        [best.get(block.content_id) or Decimal(0) for block in blocks] for blocks in versions
    ]
    candidates = [scores for scores in candidates if scores]
    if not candidates:
        return []
    return max(candidates, key=lambda scores: sum(scores) / len(scores))


def module_result(*, student, lessons: list[LessonPage]) -> Decimal | None:
    """Mean of the best scores on the module's required H5P exercises (0..1), or None when it
    has none. A lesson's exercises count in the language the student did best in."""
    versions_by_key: dict = {}
    for lesson in lessons:
        versions_by_key.setdefault(lesson.translation_key, []).append(required_h5p_blocks(lesson))
    content_ids = {
        block.content_id
        for versions in versions_by_key.values()
        for blocks in versions
        for block in blocks
    }
    if not content_ids:
        return None
    best = _best_scores(student=student, content_ids=content_ids)
    scores = [
        score for versions in versions_by_key.values() for score in _lesson_score(versions, best)
    ]
    if not scores:
        return None
    return (sum(scores) / len(scores)).quantize(RESULT_PLACES)


def _enrolment_to_complete(*, student, module_key) -> Enrolment | None:
    """The student's active enrolment in a cohort of the module: a running one first."""
    enrolments = (
        Enrolment.objects.active()
        .filter(student=student, cohort__module__translation_key=module_key)
        .select_related("cohort")
        .order_by(
            models.Case(models.When(status=Enrolment.Status.ENROLLED, then=0), default=1),
            "-created_at",
        )
    )
    return enrolments.first()


@transaction.atomic
def complete_module_if_due(*, student, module: ModulePage) -> ModuleCompletion | None:
    """Complete `module` for `student` once every live lesson of it is completed.

    Returns the completion (new or existing), or None while lessons remain. Records the
    date and the result (`module_result`), sets the student's enrolment in a cohort of the
    module to completed and writes both to the audit trail. Idempotent.
    """
    existing = ModuleCompletion.objects.filter(
        student=student, module_key=module.translation_key
    ).first()
    if existing is not None:
        return existing
    lessons = module_lessons(module.translation_key)
    lesson_keys = {lesson.translation_key for lesson in lessons}
    done = set(
        LessonCompletion.objects.filter(student=student, lesson_key__in=lesson_keys).values_list(
            "lesson_key", flat=True
        )
    )
    if not lessons or done != lesson_keys:
        return None
    enrolment = _enrolment_to_complete(student=student, module_key=module.translation_key)
    completion, created = _create_once(
        ModuleCompletion,
        lookup={"student": student, "module_key": module.translation_key},
        defaults={
            "cohort": enrolment.cohort if enrolment else None,
            "completed_at": timezone.now(),
            "result": module_result(student=student, lessons=lessons),
        },
    )
    if created:
        record_event(
            action="course.module_completed",
            actor=student,
            target=module,
            new_value={
                "student": student.email,
                "module_key": str(module.translation_key),
                "result": completion.result,
            },
        )
        record_module_evidence(completion)
        if enrolment is not None:
            _mark_enrolment_completed(enrolment=enrolment, actor=student)
    return completion


def _mark_enrolment_completed(*, enrolment: Enrolment, actor) -> None:
    if enrolment.status == Enrolment.Status.COMPLETED:
        return
    old_status = enrolment.status
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.save(update_fields=["status"])
    record_event(
        action="course.enrolment_completed",
        actor=actor,
        target=enrolment,
        old_value={"status": old_status},
        new_value={"status": enrolment.status},
    )
