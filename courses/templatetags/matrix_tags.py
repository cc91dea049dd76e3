"""The rows of the training matrix.

A cohort of 200 students and ten competencies is 2,000 cells. As template nodes they would be
most of the page's time; here every label is translated and escaped once per page (dates and
levels once per distinct value) and each cell is an f-string of them.
"""

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from courses.matrix import Cell, Matrix, Row, State

register = template.Library()
MISSING = str(State.MISSING)
EXPIRED = str(State.EXPIRED)
# Shown next to the state's name, so that no state is told by colour alone (WCAG 1.4.1).
ICONS = {
    str(State.CURRENT): "✓",
    str(State.EXPIRING): "!",
    str(State.EXPIRED): "✕",
    str(State.MISSING): "–",
}


def state_labels() -> dict[str, str]:
    return {
        State.CURRENT: _("Current"),
        State.EXPIRING: _("Expiring soon"),
        State.EXPIRED: _("Expired"),
        State.MISSING: _("Missing"),
    }


class _Labels:
    """Escaped labels, levels, dates and links for one rendering of one matrix."""

    def __init__(self, matrix: Matrix):
        self.matrix = matrix
        self.states = {str(state): escape(label) for state, label in state_labels().items()}
        self.no_expiry = escape(_("does not expire"))
        self.expired_on = _("expired on %(date)s")
        self.valid_until = _("valid until %(date)s")
        self._levels: dict[int, str] = {}
        self._dates: dict[tuple[bool, object], str] = {}
        self.links = self._links(matrix)

    @staticmethod
    def _links(matrix: Matrix) -> list[tuple[str, str]]:
        """Per column, the evidence URL split around the student id: one reverse per column
        instead of one per cell."""
        query = matrix.filters.as_query()
        suffix = f"?{escape(query)}" if query else ""
        links = []
        for competency in matrix.competencies:
            url = reverse("trainer:evidence", args=[matrix.cohort.pk, 0, competency.code])
            head, tail = url.split("/students/0/", 1)
            links.append((f"{escape(head)}/students/", f"/{escape(tail)}{suffix}"))
        return links

    def level(self, value: int) -> str:
        text = self._levels.get(value)
        if text is None:
            name = self.matrix.level_name(value)
            if name:
                text = _("Level %(value)s: %(name)s") % {"value": value, "name": name}
            else:
                text = _("Level %(value)s") % {"value": value}
            text = self._levels[value] = escape(text)
        return text

    def day(self, expired: bool, day) -> str:
        key = (expired, day)
        text = self._dates.get(key)
        if text is None:
            if day is None:
                text = self.no_expiry
            else:
                template = self.expired_on if expired else self.valid_until
                formatted = formats.date_format(day, "SHORT_DATE_FORMAT")
                text = escape(template % {"date": formatted})
            self._dates[key] = text
        return text


def _cell(cell: Cell, link: tuple[str, str], student_id: int, labels: _Labels, wanted) -> str:
    state = cell.state
    head, tail = link
    details = ""
    if state != MISSING:
        level = labels.level(cell.level) if cell.level is not None else ""
        day = labels.day(state == EXPIRED, cell.day)
        details = (
            f'<span class="matrix-cell__level">{level}</span>'
            f'<span class="matrix-cell__date">{day}</span>'
        )
    return (
        f'<td class="matrix-cell matrix-cell--{state}{" is-match" if state == wanted else ""}">'
        f'<a class="matrix-cell__link" href="{head}{student_id}{tail}">'
        f'<span class="matrix-cell__state"><span class="matrix-icon" aria-hidden="true">'
        f"{ICONS[state]}</span> {labels.states[state]}</span>{details}</a></td>"
    )


def _row(row: Row, labels: _Labels, wanted: str) -> str:
    student = row.student
    student_id = student.pk
    cells = "".join(
        _cell(cell, link, student_id, labels, wanted)
        for cell, link in zip(row.cells, labels.links, strict=True)
    )
    return (
        f'<tr><th scope="row" class="matrix-table__student">{escape(row.name)}'
        f'<span class="student-email">{escape(student.email)}</span></th>{cells}</tr>'
    )


@register.simple_tag
def matrix_rows(matrix: Matrix) -> SafeString:
    """One <tr> per student: the name and address, then one <td> per competency with the
    state (icon and words), the level with the scale's name and the date, linking to the
    evidence."""
    labels = _Labels(matrix)
    wanted = matrix.filters.state
    rows = "".join(_row(row, labels, wanted) for row in matrix.rows)
    # Only escaped text, escaped URLs and integers go into the rows.
    return mark_safe(rows)  # noqa: S308


@register.simple_tag
def state_icon(state: str) -> str:
    return ICONS.get(state, "")
