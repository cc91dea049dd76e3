"""The cells of the trainer's progress matrices.

A cohort view has hundreds of students times every lesson and exercise. As template nodes,
or even through format_html, those cells were most of the page's time; here the labels are
translated and escaped once per page and each cell is an f-string of them and numbers.
"""

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.dashboards import ExerciseCell, StudentRow

register = template.Library()
LABELS_KEY = "progress_tags.labels"


def _labels(context) -> dict[str, str]:
    """The translated, escaped labels of the cells, once per rendering."""
    labels = context.render_context.get(LABELS_KEY)
    if labels is None:
        labels = {
            "completed": escape(_("completed")),
            "not_completed": escape(_("not completed")),
            "not_tried": escape(_("not tried")),
            "passed": escape(_("passed")),
            "self_reported": escape(_("self-reported")),
            "last": escape(_("last")),
        }
        context.render_context[LABELS_KEY] = labels
    return labels


def _dash(label: str) -> str:
    return (
        '<td class="cell"><span class="mark mark--todo" aria-hidden="true">–</span>'
        f'<span class="visually-hidden">{label}</span></td>'
    )


@register.simple_tag(takes_context=True)
def lesson_cells(context, row: StudentRow) -> SafeString:
    """One <td> per lesson: a check mark and the day, or a dash; named for screen readers."""
    labels = _labels(context)
    todo = _dash(labels["not_completed"])
    cells = []
    for cell in row.lessons:
        if cell.completed_at is None:
            cells.append(todo)
            continue
        day = timezone.localtime(cell.completed_at)
        cells.append(
            '<td class="cell"><span class="mark mark--done" aria-hidden="true">✓</span>'
            f'<span class="visually-hidden">{labels["completed"]}</span> '
            f'<span class="cell__date">{day.day}/{day.month}</span></td>'
        )
    # Only escaped labels and integers go into the cells.
    return mark_safe("".join(cells))  # noqa: S308


def _attempts(count: int, labels: dict[str, str]) -> str:
    """The number of attempts in words, translated once per count and page."""
    key = f"attempts:{count}"
    if key not in labels:
        text = ngettext("%(count)s attempt", "%(count)s attempts", count) % {"count": count}
        labels[key] = escape(text)
    return labels[key]


def _exercise_cell(cell: ExerciseCell, labels: dict[str, str]) -> str:
    result = cell.result
    if result is None:
        return _dash(labels["not_tried"])
    passed = (
        ' <span class="mark mark--done" aria-hidden="true">✓</span>'
        f'<span class="visually-hidden">{labels["passed"]}</span>'
        if cell.passed
        else ""
    )
    self_reported = (
        ""
        if result.best_verified
        else f' <span class="score-source score-source--self">{labels["self_reported"]}</span>'
    )
    last_mark = "" if result.last_verified else "*"
    return (
        f'<td class="cell{" cell--passed" if cell.passed else ""}">'
        f'<span class="score">{round(result.best_score * 100)}%</span>{passed}{self_reported}'
        f'<span class="cell__meta">{labels["last"]} {round(result.last_score * 100)}%'
        f"{last_mark} · {_attempts(int(result.attempts), labels)}</span></td>"
    )


@register.simple_tag(takes_context=True)
def exercise_cells(context, row: StudentRow) -> SafeString:
    """One <td> per exercise: best score (marked when it passes and when self-reported), the
    last score (* when self-reported) and the attempts."""
    labels = _labels(context)
    # Only escaped labels and integers go into the cells.
    return mark_safe("".join(_exercise_cell(cell, labels) for cell in row.exercises))  # noqa: S308
