"""The training matrix of a cohort, its CSV export and the evidence behind each cell.

Read-only screens, except that an export is written to the audit trail: a download of a
cohort's competency records is a disclosure of personal data that must be traceable.
"""

import csv
import datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from atmp_platform.accounts.roles import PROGRAMME_ADMINISTRATOR, TRAINER, has_role
from atmp_platform.audit.services import record_event
from certificates import services as certificate_services
from certificates.models import Competency, ProficiencyLevel
from courses import matrix as matrix_queries
from courses.cohort_nav import cohort_tabs
from courses.models import Cohort, Enrolment
from courses.templatetags.matrix_tags import ICONS, state_labels

# Spreadsheets run a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cohort_for(request, cohort_id: int) -> Cohort:
    """The cohort if the user may see its matrix. Trainers get 404 for cohorts they do not
    teach, which they have no business knowing about; anyone but trainers and programme
    administrators 403."""
    user = request.user
    if user.is_superuser or has_role(user, PROGRAMME_ADMINISTRATOR):
        cohorts = Cohort.objects.all()
    elif has_role(user, TRAINER):
        cohorts = Cohort.objects.taught_by(user)
    else:
        raise PermissionDenied
    return get_object_or_404(cohorts.select_related("module"), pk=cohort_id)


def _frame(cohort: Cohort) -> dict:
    """What trainer_cohort_base.html needs, with the matrix tab marked."""
    return {
        "cohort": cohort,
        "module": matrix_queries.module_in_language(cohort, translation.get_language()),
        "cohort_tabs": cohort_tabs(cohort.pk, current="trainer:matrix"),
    }


def _legend(counts: dict[str, int]) -> list[dict]:
    labels = state_labels()
    descriptions = {
        matrix_queries.State.CURRENT: _(
            "Verified evidence at this level counts for more than 30 days."
        ),
        matrix_queries.State.EXPIRING: _("The level lapses within 30 days: plan a reassessment."),
        matrix_queries.State.EXPIRED: _(
            "The evidence no longer counts; the level it gave is shown."
        ),
        matrix_queries.State.MISSING: _("No verified evidence yet."),
    }
    return [
        {
            "state": state,
            "icon": ICONS[state],
            "label": labels[state],
            "description": descriptions[state],
            "count": counts.get(state, 0),
        }
        for state in matrix_queries.STATES
    ]


@login_required
@require_GET
def matrix(request, cohort_id: int):
    """Who: the trainers of this cohort and programme administrators. Other trainers get 404,
    anyone else signed in 403; visitors go to the login page.

    Filters come from the query string; a value that is not understood is named in a message
    and replaced by its default. An htmx request (the filter form with JavaScript) gets the
    results only; a history restore gets the whole page.
    """
    cohort = _cohort_for(request, cohort_id)
    competencies = matrix_queries.active_competencies()
    parsed = matrix_queries.parse_filters(request.GET, {c.code for c in competencies})
    matrix = matrix_queries.build_matrix(cohort, parsed.filters, competencies=competencies)
    context = {
        "matrix": matrix,
        "errors": parsed.errors,
        "state_choices": matrix_queries.STATE_CHOICES,
        "legend": _legend(matrix.counts),
        "csv_url": _with_query(reverse("trainer:matrix_csv", args=[cohort.pk]), matrix.filters),
        "max_search_length": matrix_queries.MAX_SEARCH_LENGTH,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = render(request, "courses/matrix_results.html", {**context, "oob": True})
    else:
        response = render(request, "courses/matrix.html", {**_frame(cohort), **context})
    patch_vary_headers(response, ["HX-Request"])
    return response


def _with_query(url: str, filters: matrix_queries.MatrixFilters) -> str:
    query = filters.as_query()
    return f"{url}?{query}" if query else url


# ---------- CSV export ----------


def _safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_cell(cell: matrix_queries.Cell, matrix: matrix_queries.Matrix, labels: dict) -> str:
    if cell.state == matrix_queries.State.MISSING:
        return labels[cell.state]
    name = matrix.level_name(cell.level)
    level = f"{cell.level} {name}".strip() if cell.level is not None else ""
    day = cell.day.isoformat() if cell.day else _("does not expire")
    return " · ".join(part for part in (level, labels[cell.state], day) if part)


def _csv_filename(cohort: Cohort, today: datetime.date) -> str:
    code = getattr(cohort.module, "code", "") or ""
    name = slugify(f"{code} {cohort.name}") or f"cohort-{cohort.pk}"
    return f"training-matrix-{name}-{today.isoformat()}.csv"


def csv_delimiter(language: str | None) -> str:
    """The list separator of the spreadsheets our users open the file in: a semicolon where
    the decimal separator is a comma (Excel in Dutch splits on nothing else), a comma in
    English."""
    return ";" if (language or "").startswith("nl") else ","


def _write_csv(response: HttpResponse, matrix: matrix_queries.Matrix) -> None:
    labels = state_labels()
    writer = csv.writer(response, delimiter=csv_delimiter(translation.get_language()))
    header = [_("Student"), _("E-mail address")]
    header += [f"{competency.code} {competency.title}" for competency in matrix.competencies]
    writer.writerow([_safe(value) for value in header])
    for row in matrix.rows:
        values = [row.name, row.student.email]
        values += [_csv_cell(cell, matrix, labels) for cell in row.cells]
        writer.writerow([_safe(value) for value in values])


@login_required
@require_GET
def matrix_csv(request, cohort_id: int):
    """Who: the trainers of this cohort and programme administrators (as the matrix).

    The rows and columns of the matrix under the same filters, one column per competency
    with level, state and date; UTF-8 with a byte-order mark, so that Excel reads it as
    such, separated by semicolons in Dutch and commas in English (`csv_delimiter`). Filters
    that are not understood send the user back to the matrix, which says why.
    Each export is recorded in the audit trail.
    """
    cohort = _cohort_for(request, cohort_id)
    competencies = matrix_queries.active_competencies()
    parsed = matrix_queries.parse_filters(request.GET, {c.code for c in competencies})
    if parsed.errors:
        return redirect(f"{reverse('trainer:matrix', args=[cohort.pk])}?{request.GET.urlencode()}")
    matrix = matrix_queries.build_matrix(cohort, parsed.filters, competencies=competencies)
    filename = _csv_filename(cohort, matrix.today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    _write_csv(response, matrix)
    record_event(
        action="matrix.exported",
        actor=request.user,
        target=cohort,
        new_value={
            "filters": {
                "state": parsed.filters.state,
                "competency": parsed.filters.competency,
                "search": parsed.filters.search,
            },
            "students": len(matrix.rows),
            "competencies": [competency.code for competency in matrix.competencies],
            "filename": filename,
        },
    )
    return response


# ---------- The evidence behind a cell ----------


def _assessment_url(evidence) -> str:
    assessment_id = matrix_queries.assessment_id(evidence)
    if assessment_id is None:
        return ""
    return reverse("trainer:assessment", args=[assessment_id])


def _evidence_rows(evidence: list, levels: dict) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "evidence": item,
            "level": _level_text(item.level, levels),
            "score": _score_text(item.score),
            "assessment_url": _assessment_url(item),
            "valid_today": item.is_valid_on(today),
        }
        for item in evidence
    ]


@login_required
@require_GET
def evidence(request, cohort_id: int, student_id: int, code: str):
    """Who: the trainers of this cohort and programme administrators (as the matrix). The
    student must be enrolled in the cohort (or have completed it) and the competency active;
    otherwise 404.

    Every piece of evidence of the student in the competency, counting or not, with where it
    came from and who verified it, and a link to the signed assessment when it is one.
    """
    cohort = _cohort_for(request, cohort_id)
    enrolment = get_object_or_404(
        Enrolment.objects.active().select_related("student"), cohort=cohort, student_id=student_id
    )
    competency = get_object_or_404(Competency, code=code, active=True)
    student = enrolment.student
    status = certificate_services.statuses_for(
        people=[student.pk], competencies=[competency.pk]
    ).get((student.pk, competency.pk))
    levels = {level.value: level for level in ProficiencyLevel.objects.all()}
    parsed = matrix_queries.parse_filters(request.GET, {competency.code})
    cell = matrix_queries.make_cell(competency, status, timezone.localdate())
    context = {
        **_frame(cohort),
        "student": student,
        "student_name": student.full_name or student.email,
        "competency": competency,
        "cell": cell,
        "state_label": state_labels()[cell.state],
        "state_icon": ICONS[cell.state],
        "status_level": _level_text(cell.level, levels),
        "rows": _evidence_rows(matrix_queries.evidence_for(student, competency), levels),
        "back_url": _with_query(reverse("trainer:matrix", args=[cohort.pk]), parsed.filters),
        "assess_url": _assess_url(cohort, student, competency),
    }
    return render(request, "courses/matrix_evidence.html", context)


def _score_text(score: Decimal | None) -> str:
    """87.50 as "87.5", 100.00 as "100", in the reader's number format."""
    if score is None:
        return ""
    score = score.quantize(Decimal(1)) if score == score.to_integral() else score.normalize()
    return number_format(score)


def _level_text(value: int | None, levels: dict) -> str:
    if value is None:
        return ""
    level = levels.get(value)
    if level is None:
        return _("Level %(value)s") % {"value": value}
    return _("Level %(value)s: %(name)s") % {"value": value, "name": level.name}


def _assess_url(cohort: Cohort, student, competency: Competency) -> str:
    return reverse("trainer:assess", args=[cohort.pk, student.pk, competency.code])
