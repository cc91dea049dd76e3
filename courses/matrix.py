"""The training matrix of a cohort: its students × the active competencies, and the evidence
behind one cell.

Reads only: the status of each cell is the materialised `CompetencyStatus` row that
`certificates.services.record_evidence` keeps up to date, read for the whole cohort at once
through `certificates.services.statuses_for`. A matrix costs a fixed number of queries
(competencies, levels, enrolments, statuses) whatever the number of students and
competencies.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates import services as certificate_services
from certificates.models import Competency, CompetencyStatus, Evidence, ProficiencyLevel
from courses.models import Cohort, Enrolment, ModulePage

State = CompetencyStatus.State
MAX_SEARCH_LENGTH = 100
ALL = "all"
STATE_CHOICES = (
    (ALL, gettext_lazy("All states")),
    (State.EXPIRING, gettext_lazy("Expiring within 30 days")),
    (State.MISSING, gettext_lazy("Missing")),
    (State.EXPIRED, gettext_lazy("Expired")),
)
# The order of the legend and of the counts: from what needs nothing to what needs most.
STATES = (State.CURRENT, State.EXPIRING, State.EXPIRED, State.MISSING)


# ---------- Filters ----------


@dataclass(frozen=True)
class MatrixFilters:
    state: str = ALL
    competency: str = ""
    search: str = ""

    @property
    def is_default(self) -> bool:
        return self == MatrixFilters()

    def as_query(self) -> str:
        """The filters as a query string, without the defaults (empty for the default view)."""
        query = QueryDict(mutable=True)
        if self.state != ALL:
            query["state"] = self.state
        if self.competency:
            query["competency"] = self.competency
        if self.search:
            query["q"] = self.search
        return query.urlencode()


@dataclass(frozen=True)
class ParsedFilters:
    filters: MatrixFilters
    # Full sentences for the trainer, one per value that was not understood.
    errors: list[str] = field(default_factory=list)


def parse_filters(params: QueryDict, competency_codes: set[str]) -> ParsedFilters:
    """The filters in `params`. A value that is not understood falls back to its default and
    gives an error message that says so; the other filters still apply."""
    errors = []
    state = params.get("state", "").strip() or ALL
    if state not in dict(STATE_CHOICES):
        errors.append(
            _("“%(value)s” is not a state the matrix can filter on; all states are shown.")
            % {"value": state[:40]}
        )
        state = ALL
    competency = params.get("competency", "").strip()
    if competency and competency not in competency_codes:
        errors.append(
            _("There is no active competency with the code “%(value)s”; all are shown.")
            % {"value": competency[:40]}
        )
        competency = ""
    search = " ".join(params.get("q", "").split())
    if len(search) > MAX_SEARCH_LENGTH:
        errors.append(
            _("A name search can be at most %(max)s characters long; all students are shown.")
            % {"max": MAX_SEARCH_LENGTH}
        )
        search = ""
    return ParsedFilters(MatrixFilters(state, competency, search), errors)


# ---------- The matrix ----------


@dataclass(slots=True)
class Cell:
    """One student in one competency. `level` and `day` are what the cell shows: the level
    held and until when, or for an expired status the level that lapsed and when."""

    competency: Competency
    status: CompetencyStatus | None
    state: str
    level: int | None = None
    day: datetime.date | None = None


def make_cell(competency: Competency, status: CompetencyStatus | None, today) -> Cell:
    # A plain string: it is compared and looked up thousands of times per matrix.
    state = str(certificate_services.state_of(status, today))
    if status is None:
        return Cell(competency, None, state)
    if state == State.EXPIRED:
        level = status.expired_level or status.level
        return Cell(competency, status, state, level, status.expired_on or status.valid_until)
    return Cell(competency, status, state, status.level, status.valid_until)


@dataclass(slots=True)
class Row:
    enrolment: Enrolment
    cells: list[Cell]

    @property
    def student(self):
        return self.enrolment.student

    @property
    def name(self) -> str:
        return self.student.full_name or self.student.email


@dataclass
class Matrix:
    cohort: Cohort
    filters: MatrixFilters
    competencies: list[Competency]
    # Every active competency, for the filter's choices.
    all_competencies: list[Competency]
    levels: dict[int, ProficiencyLevel]
    rows: list[Row]
    # Students in the cohort before the name and state filters.
    student_count: int
    today: datetime.date
    counts: dict[str, int] = field(default_factory=dict)

    def level_name(self, value: int | None) -> str:
        level = self.levels.get(value)
        return level.name if level is not None else ""


def active_competencies() -> list[Competency]:
    return list(Competency.objects.filter(active=True).order_by("sort_order", "code"))


def _enrolments(cohort: Cohort, search: str) -> list[Enrolment]:
    enrolments = (
        Enrolment.objects.active()
        .filter(cohort=cohort)
        .select_related("student")
        .only("id", "status", "cohort_id", "student__id", "student__full_name", "student__email")
        .order_by("student__full_name", "student__email", "student__id")
    )
    if search:
        enrolments = enrolments.filter(
            Q(student__full_name__icontains=search) | Q(student__email__icontains=search)
        )
    return list(enrolments)


def build_matrix(
    cohort: Cohort,
    filters: MatrixFilters,
    *,
    competencies: list[Competency],
    today: datetime.date | None = None,
) -> Matrix:
    """The matrix of `cohort` under `filters`, in three queries (four with a name search).

    `competencies` are the active ones (`active_competencies()`), read by the caller, which
    needs them to check the filters first.
    """
    today = today or timezone.localdate()
    shown = [c for c in competencies if not filters.competency or c.code == filters.competency]
    levels = {level.value: level for level in ProficiencyLevel.objects.all()}
    enrolments = _enrolments(cohort, filters.search)
    student_count = len(enrolments)
    if filters.search:
        student_count = Enrolment.objects.active().filter(cohort=cohort).count()
    statuses = certificate_services.statuses_for(
        people=[enrolment.student_id for enrolment in enrolments],
        competencies=[competency.pk for competency in shown],
    )
    rows = []
    counts = dict.fromkeys(STATES, 0)
    for enrolment in enrolments:
        student_id = enrolment.student_id
        cells = [make_cell(c, statuses.get((student_id, c.pk)), today) for c in shown]
        if filters.state != ALL and all(cell.state != filters.state for cell in cells):
            continue
        for cell in cells:
            counts[cell.state] += 1
        rows.append(Row(enrolment, cells))
    return Matrix(
        cohort=cohort,
        filters=filters,
        competencies=shown,
        all_competencies=competencies,
        levels=levels,
        rows=rows,
        student_count=student_count,
        today=today,
        counts=counts,
    )


def module_in_language(cohort: Cohort, language: str) -> ModulePage:
    """The cohort's module page in `language` when it has one, else the cohort's own: one
    query."""
    translated = (
        ModulePage.objects.filter(
            translation_key=cohort.module.translation_key, locale__language_code=language
        )
        .defer_streamfields()
        .first()
    )
    return translated or cohort.module


# ---------- The evidence behind a cell ----------


def evidence_for(student, competency: Competency) -> list[Evidence]:
    """Every piece of evidence of `student` in `competency`, newest first: one query."""
    return list(
        Evidence.objects.filter(person=student, competency=competency)
        .select_related("recorded_by", "superseded_by")
        .order_by("-occurred_at", "-id")
    )


def assessment_id(evidence: Evidence) -> int | None:
    """The signed assessment behind `evidence`, from its reference "assessment:<id>"."""
    if evidence.source != Evidence.Source.ASSESSMENT:
        return None
    prefix, _separator, number = evidence.source_ref.partition(":")
    if prefix != "assessment" or not number.isdigit():
        return None
    return int(number)
