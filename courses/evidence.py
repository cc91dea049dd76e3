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
(settings.CERTIFICATE_REMINDER_TRAINERS) to find whom to remind besides the holder.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

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


def _competencies_to_record(module_key, *, student, ref: str) -> list[tuple]:
    """(competency, first level of the scale) for each competency the module's outcomes are
    linked to and that has no evidence from `ref` yet: one query."""
    recorded = Evidence.objects.filter(
        person=student,
        competency=models.OuterRef("competency"),
        source=Evidence.Source.H5P,
        source_ref=ref,
    )
    first_level = ProficiencyLevel.objects.order_by("value").values("value")[:1]
    outcomes = (
        linked_outcomes(module_key)
        .annotate(recorded=models.Exists(recorded), aware=models.Subquery(first_level))
        .filter(recorded=False)
    )
    competencies = {}
    for outcome in outcomes:
        competencies.setdefault(outcome.competency_id, (outcome.competency, outcome.aware))
    return list(competencies.values())


def _reached_in(result: H5PResult, statements) -> bool:
    """Whether one of `statements` made (or equalled) the result's best score."""
    return any(
        row.content_id == result.content_id
        and row.scaled_score == result.best_score
        and row.verified == result.best_verified
        for row in statements
    )


def record_h5p_evidence(*, student, lesson, exercises, batch) -> list[Evidence]:
    """Record evidence for each exercise the student passed with the statements of `batch`.

    `exercises` are the xAPI endpoint's (content, block) pairs, `batch` what
    courses.h5p.results.record_statements stored. Only a result whose best score passes and
    was reached by this batch is considered, so statements that change no pass state cost no
    query.
    """
    blocks = {exercise.content.pk: exercise.block for exercise in exercises}
    recorded = []
    for content_id, result in batch.results.items():
        if _reached_in(result, batch.statements):
            recorded += record_exercise_evidence(
                student=student, lesson=lesson, result=result, block=blocks[content_id]
            )
    return recorded


def record_exercise_evidence(*, student, lesson, result: H5PResult, block) -> list[Evidence]:
    """Record the student's passed exercise (its `block` on `lesson`) as evidence of the
    competencies of the lesson's module, at the first level of the scale.

    Nothing for a best score below the block's pass mark. A verified best is evidence verified
    by the platform; a self-reported one is recorded as self-reported. One read when passed;
    writes only the evidence that does not exist yet (idempotent per result and competency).
    """
    if result is None or result.best_score is None or result.best_score < block.pass_fraction():
        return []
    ref = _h5p_ref(result)
    verified = Evidence.Verification
    verification = verified.SERVER if result.best_verified else verified.SELF_REPORTED
    module_key = getattr(lesson, "module_key", None) or lesson.get_parent().translation_key
    return [
        record_evidence(
            person=student,
            competency=competency,
            source=Evidence.Source.H5P,
            source_ref=ref,
            source_label=block.get("title") or block["content"].title,
            verification=verification,
            level=level,
            score=_percent(result.best_score),
            occurred_at=result.last_attempt_at,
        )
        for competency, level in _competencies_to_record(module_key, student=student, ref=ref)
    ]


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
