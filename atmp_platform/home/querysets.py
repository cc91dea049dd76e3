"""Query helpers for page listings that must cost the same few queries at any length."""

from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.lookups import StartsWith

from wagtail.models import PageViewRestriction


def without_restricted(queryset: QuerySet) -> QuerySet:
    """Like PageQuerySet.public(), inside the listing's own query.

    public() first loads every view restriction in a query of its own; this keeps out any
    page that is restricted, or has a restricted ancestor, with a subquery instead.
    """
    restricted_above = PageViewRestriction.objects.filter(
        StartsWith(OuterRef("path"), F("page__path"))
    )
    return queryset.filter(~Exists(restricted_above))
