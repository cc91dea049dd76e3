"""The cells of the training matrix.

A cohort of 200 students and ten competencies is 2,000 cells. As template nodes they would be
most of the page's time; here every label is translated and escaped once per page (dates and
levels once per distinct value) and each cell is an f-string of them.
"""

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from courses.matrix import Cell, Matrix, Row, State

register = template.Library()
CACHE_KEY = "matrix_tags.cache"
# Shown next to the state's name, so that no state is told by colour alone (WCAG 1.4.1).
ICONS = {State.CURRENT: "✓", State.EXPIRING: "!", State.EXPIRED: "✕", State.MISSING: "–"}


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
        self.states = {state: escape(label) for state, label in state_labels().items()}
        self.no_expiry = escape(_("does not expire"))
        self._levels: dict[int, str] = {}
        self._dates: dict[tuple[str, object], str] = {}
        self.links = self._links(matrix)

    @staticmethod
    def _links(matrix: Matrix) -> dict[int, tuple[str, str]]:
        """Per competency, the evidence URL split around the student id: one reverse per
        column instead of one per cell."""
        query = matrix.filters.as_query()
        suffix = f"?{escape(query)}" if query else ""
        links = {}
        for competency in matrix.competencies:
            url = reverse("trainer:evidence", args=[matrix.cohort.pk, 0, competency.code])
            head, tail = url.split("/students/0/", 1)
            links[competency.pk] = (f"{escape(head)}/students/", f"/{escape(tail)}{suffix}")
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

    def day(self, cell: Cell) -> str:
        key = (cell.state == State.EXPIRED, cell.day)
        text = self._dates.get(key)
        if text is None:
            if cell.day is None:
                text = self.no_expiry
            elif cell.state == State.EXPIRED:
                text = escape(_("expired on %(date)s") % {"date": date_format(cell.day, "j M Y")})
            else:
                text = escape(_("valid until %(date)s") % {"date": date_format(cell.day, "j M Y")})
            self._dates[key] = text
        return text


def _labels(context, matrix: Matrix) -> _Labels:
    labels = context.render_context.get(CACHE_KEY)
    if labels is None or labels.matrix is not matrix:
        labels = context.render_context[CACHE_KEY] = _Labels(matrix)
    return labels


def _cell(cell: Cell, student_id: int, labels: _Labels, wanted: str) -> str:
    head, tail = labels.links[cell.competency.pk]
    match = " is-match" if cell.state == wanted else ""
    details = ""
    if cell.state != State.MISSING:
        level = labels.level(cell.level) if cell.level is not None else ""
        details = (
            f'<span class="matrix-cell__level">{level}</span>'
            f'<span class="matrix-cell__date">{labels.day(cell)}</span>'
        )
    return (
        f'<td class="matrix-cell matrix-cell--{cell.state}{match}">'
        f'<a class="matrix-cell__link" href="{head}{student_id}{tail}">'
        f'<span class="matrix-cell__state"><span class="matrix-icon" aria-hidden="true">'
        f"{ICONS[cell.state]}</span> {labels.states[cell.state]}</span>{details}</a></td>"
    )


@register.simple_tag(takes_context=True)
def matrix_cells(context, matrix: Matrix, row: Row) -> SafeString:
    """One <td> per competency: the state (icon and words), the level with the scale's name
    and the date, linking to the evidence."""
    labels = _labels(context, matrix)
    wanted = matrix.filters.state
    cells = "".join(_cell(cell, row.student.pk, labels, wanted) for cell in row.cells)
    # Only escaped labels, escaped URLs and integers go into the cells.
    return mark_safe(cells)  # noqa: S308


@register.simple_tag
def state_icon(state: str) -> str:
    return ICONS.get(state, "")
