"""The issue-4 demo: signed assessments and certificates for the demo students.

`manage.py load_demo` calls `load` after the programme's demo (courses.demo), passing where
each module's running cohort is (certificates knows no cohorts). Everything goes through the
real write paths: assessments through `signatures.sign_assessment` (the demo trainer's
re-authentication is taken as just done), certificates through `record_evidence` and the
issuing that follows, their documents through `documents.complete_certificate`, the
revocation through `revocation.revoke_certificate`. Loading twice changes nothing.

Stages (module codes are those of the demo programme):
- Eva Peeters: every competency of both certificate types → "ATMP cleanroom operator —
  foundation" issued, "QC analyst — environmental monitoring" issued and then revoked.
- Daan Visser: trainer-verified records from an earlier edition, transcribed, dated so that
  they lapse within 30 days → a foundation certificate that is expiring soon.
- Noor Janssens: three of the four foundation competencies, and C5 at level 2 → on her way.
- Lars De Smet: C2 competent, C3 not yet competent (with what to practise) → on his way.
- Sam Student (the site's demo student): C1 at level 2.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation

from atmp_platform.accounts.models import User

from .dates import add_months
from .documents import complete_certificate
from .models import Assessment, Certificate, Competency, Evidence
from .revocation import revoke_certificate
from .services import record_evidence
from .signatures import sign_assessment

CLEANROOM = "ATMP-102"
MONITORING = "ATMP-201"
REVOKED_TYPE = "qc-analyst-environmental-monitoring"
REVOCATION_REASON = (
    "Revoked pending a re-assessment of C5: the sampling session the trainer observed was "
    "not in a Grade B room, which this programme asks for. Eva Peeters will be re-assessed "
    "in the next session."
)
IMPORT_LABEL = "Paper assessment record from an earlier edition of ATMP-102 (transcribed)"
EXPIRING_IN_DAYS = 19


@dataclass(frozen=True)
class Observation:
    """A signed assessment: who, in which module's cohort, how many days ago, the outcome."""

    email: str
    code: str
    module: str
    days_ago: int
    level: int | None
    comments: str
    not_observed: tuple[int, ...] = ()  # 1-based criteria the trainer did not see


EVA = "eva.peeters@demo.atmp-xb.eu"
DAAN = "daan.visser@demo.atmp-xb.eu"
NOOR = "noor.janssens@demo.atmp-xb.eu"
LARS = "lars.desmet@demo.atmp-xb.eu"
SAM = "student@demo.atmp-xb.eu"
# The trainer writes comments to each student in the language they follow the course in.
OBSERVATIONS = [
    Observation(EVA, "C1", MONITORING, 9, 2, "Reported the deviation in the scenario at once."),
    Observation(EVA, "C2", MONITORING, 8, 2, "Calm, deliberate movements; first air kept clear."),
    Observation(EVA, "C3", MONITORING, 8, 2, "Gowned correctly under supervision."),
    Observation(EVA, "C5", MONITORING, 5, 3, "Sampled and read the trend without help."),
    Observation(EVA, "C6", MONITORING, 4, 3, "Found every ALCOA+ breach in the record review."),
    Observation(NOOR, "C1", CLEANROOM, 14, 2, "Helder over correctie tegenover CAPA."),
    Observation(NOOR, "C2", CLEANROOM, 12, 2, "Goede discipline in de sluis."),
    Observation(NOOR, "C3", CLEANROOM, 10, 2, "De tweede keer correct omgekleed."),
    Observation(NOOR, "C5", MONITORING, 3, 2, "Platen geplaatst zoals gevraagd, onder toezicht."),
    Observation(LARS, "C2", CLEANROOM, 11, 2, "Beweegt rustig; let op de first air."),
    Observation(
        LARS,
        "C3",
        CLEANROOM,
        10,
        None,
        "De kap zat niet in het pak en de mouwen zaten over de tweede handschoenen. Oefen de "
        "volgorde en plan een nieuwe beoordeling.",
        not_observed=(2,),
    ),
    Observation(SAM, "C1", CLEANROOM, 6, 2, "Goed begrip van de basis."),
]
IMPORTED = {DAAN: {"C1": 2, "C2": 2, "C3": 2, "C6": 2}}


def _sign(observation: Observation, *, trainer, student, competency, context) -> None:
    if Assessment.objects.filter(student=student, competency=competency, signer=trainer).exists():
        return
    criteria = {
        criterion.pk: index not in observation.not_observed
        for index, criterion in enumerate(competency.criteria.order_by("sort_order", "id"), 1)
    }
    competent = observation.level is not None
    with translation.override(trainer.preferred_language or None):
        sign_assessment(
            signer=trainer,
            student=student,
            competency=competency,
            context_ref=context[0],
            context_label=context[1],
            observed_on=timezone.localdate() - timedelta(days=observation.days_ago),
            outcome=Assessment.Outcome.COMPETENT if competent else Assessment.Outcome.NOT_YET,
            level=observation.level,
            criteria=criteria,
            comments=observation.comments,
            reauthenticated_at=timezone.now(),
            signed_with_mfa=False,
        )


def _import_records(*, administrator, competencies: dict[str, Competency]) -> None:
    """Earlier, paper-based assessments, transcribed: they lapse EXPIRING_IN_DAYS from now."""
    today = timezone.localdate()
    for email, levels in IMPORTED.items():
        person = User.objects.filter(email=email).first()
        if person is None:
            continue
        for code, level in levels.items():
            competency = competencies[code]
            occurred = add_months(today + timedelta(days=EXPIRING_IN_DAYS), -12)
            record_evidence(
                person=person,
                competency=competency,
                source=Evidence.Source.IMPORT,
                source_ref=f"demo-record:{code}",
                source_label=IMPORT_LABEL,
                verification=Evidence.Verification.TRAINER,
                level=level,
                occurred_at=timezone.make_aware(datetime.combine(occurred, time(10))),
                recorded_by=administrator,
            )


def _complete_and_revoke(*, administrator) -> None:
    demo_holders = User.objects.filter(email__in=[EVA, DAAN])
    certificates = Certificate.objects.filter(holder__in=demo_holders)
    for certificate in certificates.filter(status=Certificate.Status.PENDING):
        complete_certificate(certificate_id=certificate.pk)
    to_revoke = certificates.filter(
        holder__email=EVA,
        certificate_type__code=REVOKED_TYPE,
        status=Certificate.Status.ISSUED,
    ).first()
    if to_revoke is not None:
        revoke_certificate(certificate=to_revoke, actor=administrator, reason=REVOCATION_REASON)


@transaction.atomic
def load(*, trainer, administrator, contexts: dict[str, tuple[str, str]]) -> None:
    """Load the demo's assessments and certificates. `contexts` gives, per module code, the
    (context_ref, context_label) of its running cohort, as the trainer screens write them;
    observations in a module without one are left out. The holders are not e-mailed their
    certificates: nobody reads the demo's mail, and on the console it would bury the rest."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _load(trainer=trainer, administrator=administrator, contexts=contexts)


def _load(*, trainer, administrator, contexts: dict[str, tuple[str, str]]) -> None:
    competencies = {competency.code: competency for competency in Competency.objects.all()}
    students = {user.email: user for user in User.objects.filter(email__in=_emails())}
    for observation in OBSERVATIONS:
        student = students.get(observation.email)
        context = contexts.get(observation.module)
        if student is None or context is None:
            continue
        competency = competencies[observation.code]
        _sign(observation, trainer=trainer, student=student, competency=competency, context=context)
    _import_records(administrator=administrator, competencies=competencies)
    _complete_and_revoke(administrator=administrator)


def _emails() -> set[str]:
    return {observation.email for observation in OBSERVATIONS}
