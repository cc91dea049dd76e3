"""Evidence of competence from what students do in the courses.

Two sources, both pushed through `certificates.services.record_evidence` (certificates knows
nothing of modules or lessons):

- A completed module is evidence, verified by the platform, of each competency its learning
  outcomes are linked to, at the level the outcome names, with the module's result as score.
- A passed H5P exercise in a lesson of such a module is evidence of the module's competencies
  at the first step of the scale ("aware"): an exercise shows knowledge, not performance, so
  it never gives more than that. A score the server recomputed counts; a score only the
  browser reported is recorded as self-reported, shown but never counting.

Outcomes are read from the module's source-language page (the one wagtail-localize translates
from; without a translation source, the page in the site's default language). Each page of a
module keeps its own outcome rows, and a translation's copy of the links can lag behind its
source until it is synchronised: one page decides, so that the evidence is the same whichever
language the student followed the module in, and the references (module key and outcome code)
stay the same too.

Also here, because it needs cohorts: `trainers_for`, the hook certificates.expiry calls
(settings.ATMP_REMINDER_RECIPIENTS) to find whom to remind besides the holder.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from certificates.models import Evidence, ProficiencyLevel
from certificates.services import record_evidence
from courses.h5p.models import H5PResult
from courses.models import Enrolment, LearningOutcome, ModuleCompletion, ModulePage

User = get_user_model()

SCORE_PLACES = Decimal("0.01")


def _percent(fraction: Decimal | None) -> Decimal | None:
    return None if fraction is None else (fraction * 100).quantize(SCORE_PLACES)


def source_page(module_key) -> models.QuerySet:
    """The id of the module's source-language page, as a one-row subquery."""
    is_source = models.Exists(
        TranslationSource.objects.filter(object_id=module_key, locale_id=models.OuterRef("locale"))
    )
    is_default = models.Case(
        models.When(locale__language_code=settings.LANGUAGE_CODE, then=1),
        default=0,
        output_field=models.IntegerField(),
    )
    pages = ModulePage.objects.filter(translation_key=module_key)
    return pages.order_by(is_source.desc(), is_default.desc(), "pk").values("pk")[:1]


def linked_outcomes(module_key) -> models.QuerySet:
    """The learning outcomes of the module's source-language page that name a competency and
    a level, with their competency and page, in their order."""
    return (
        LearningOutcome.objects.filter(
            page_id=models.Subquery(source_page(module_key)),
            competency__isnull=False,
            level__isnull=False,
        )
        .select_related("competency", "page")
        .order_by("sort_order", "pk")
    )


def record_module_evidence(completion: ModuleCompletion) -> list[Evidence]:
    """Record the completed module as evidence of each competency its outcomes are linked to.

    Idempotent: one piece of evidence per outcome (`module:<module key>:<outcome code>`), so a
    second call adds nothing. Outcomes without a competency give none. Call it inside the
    transaction that records the completion.
    """
    return [
        record_evidence(
            person=completion.student,
            competency=outcome.competency,
            source=Evidence.Source.MODULE,
            source_ref=f"module:{completion.module_key}:{outcome.code}",
            source_label=f"{outcome.page.code} {outcome.code}",
            verification=Evidence.Verification.SERVER,
            level=outcome.level_id,
            score=_percent(completion.result),
            occurred_at=completion.completed_at,
        )
        for outcome in linked_outcomes(completion.module_key)
    ]


def _h5p_ref(result: H5PResult) -> str:
    # A browser's claim and the server's own score are separate evidence: a result first
    # passed on a self-reported score and later verified must still record the verified one.
    ref = f"h5p-result:{result.pk}"
    return ref if result.best_verified else f"{ref}:self"


def _outcomes_with_recorded(module_key, *, student, refs: list[str]) -> list[LearningOutcome]:
    """The module's linked outcomes, each with `aware` (the first level of the scale) and
    `recorded_<i>`: whether the student has evidence from `refs[i]` in its competency. One
    query, whatever the number of refs."""
    recorded = {
        f"recorded_{index}": models.Exists(
            Evidence.objects.filter(
                person=student,
                competency=models.OuterRef("competency"),
                source=Evidence.Source.H5P,
                source_ref=ref,
            )
        )
        for index, ref in enumerate(refs)
    }
    first_level = ProficiencyLevel.objects.order_by("value").values("value")[:1]
    return list(
        linked_outcomes(module_key).annotate(aware=models.Subquery(first_level), **recorded)
    )


def _module_key(lesson):
    """The key of the lesson's module: the endpoint's annotation when there is one, else a
    subquery on the lesson's parent path (no query of its own)."""
    known = getattr(lesson, "module_key", None)
    if known is not None:
        return known
    parent = Page.objects.filter(path=lesson.path[: -Page.steplen]).order_by()
    return models.Subquery(parent.values("translation_key")[:1])


def _reached_in(result: H5PResult, statements) -> bool:
    """Whether one of `statements` made (or equalled) the result's best score."""
    return any(
        row.content_id == result.content_id
        and row.scaled_score == result.best_score
        and row.verified == result.best_verified
        for row in statements
    )


def _passes(result: H5PResult | None, block) -> bool:
    return (
        result is not None
        and result.best_score is not None
        and result.best_score >= block.pass_fraction()
    )


def record_h5p_evidence(*, student, lesson, exercises, batch) -> list[Evidence]:
    """Record evidence for each exercise the student passed with the statements of `batch`.

    `exercises` are the xAPI endpoint's (content, block) pairs, `batch` what
    courses.h5p.results.record_statements stored. Only a result whose best score passes and
    was reached by this batch counts, so a batch that changes no pass state costs no query;
    one that may costs one read for all its exercises (see `record_passed_exercises`).
    """
    blocks = {exercise.content.pk: exercise.block for exercise in exercises}
    passed = [
        (result, blocks[content_id])
        for content_id, result in batch.results.items()
        if _passes(result, blocks[content_id]) and _reached_in(result, batch.statements)
    ]
    return record_passed_exercises(student=student, lesson=lesson, passed=passed)


def record_exercise_evidence(*, student, lesson, result: H5PResult, block) -> list[Evidence]:
    """Record the student's result on the exercise `block` of `lesson` as evidence, if its
    best score passes the block's pass mark (nothing otherwise)."""
    if not _passes(result, block):
        return []
    return record_passed_exercises(student=student, lesson=lesson, passed=[(result, block)])


def record_passed_exercises(*, student, lesson, passed: list[tuple]) -> list[Evidence]:
    """Record each passed (result, block) of `lesson` as evidence of the competencies its
    module's outcomes are linked to, at the first level of the scale.

    A verified best is evidence verified by the platform; a self-reported one is recorded as
    self-reported. One read for all of `passed`; writes only the evidence that does not exist
    yet (idempotent per result, verification and competency).
    """
    if not passed:
        return []
    refs = [_h5p_ref(result) for result, _block in passed]
    outcomes = _outcomes_with_recorded(_module_key(lesson), student=student, refs=refs)
    recorded = []
    for index, (result, block) in enumerate(passed):
        competencies = {
            outcome.competency_id: (outcome.competency, outcome.aware)
            for outcome in outcomes
            if not getattr(outcome, f"recorded_{index}")
        }
        recorded += [
            _record_pass(student, result, block, ref=refs[index], competency=c, level=level)
            for c, level in competencies.values()
        ]
    return recorded


def _record_pass(student, result: H5PResult, block, *, ref, competency, level) -> Evidence:
    verified = Evidence.Verification
    return record_evidence(
        person=student,
        competency=competency,
        source=Evidence.Source.H5P,
        source_ref=ref,
        source_label=block.get("title") or block["content"].title,
        verification=verified.SERVER if result.best_verified else verified.SELF_REPORTED,
        level=level,
        score=_percent(result.best_score),
        occurred_at=result.last_attempt_at,
    )


def trainers_for(person) -> list[User]:
    """The active trainers of the cohorts `person` is enrolled in (or completed): whom the
    expiry reminders of `person`'s certificates and competencies also go to."""
    cohorts = Enrolment.objects.active().filter(student=person).values("cohort")
    return list(
        User.objects.filter(taught_cohorts__in=cohorts, is_active=True)
        .exclude(pk=person.pk)
        .distinct()
        .order_by("pk")
    )
