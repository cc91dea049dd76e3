"""Query helpers for page listings that must cost the same few queries at any length."""

from django.db.models import Q, QuerySet

from wagtail.models import PageViewRestriction


def restricted_paths() -> frozenset[str]:
    """The tree paths of the pages with a view restriction: usually none, always few."""
    return frozenset(PageViewRestriction.objects.values_list("page__path", flat=True))


def without_restricted(queryset: QuerySet, paths: frozenset[str], path_field="path") -> QuerySet:
    """Like PageQuerySet.public(): keeps out pages that are restricted or lie below a
    restricted page, given `paths` from restricted_paths().

    public() loads the restrictions in a query of its own too, but for every listing; a
    subquery in each listing query costs more to build than this one small query.
    `path_field` names the path of the listed page when the queryset is of another model.
    """
    excluded = Q()
    for path in sorted(paths):
        excluded |= Q(**{f"{path_field}__startswith": path})
    return queryset.exclude(excluded) if paths else queryset
