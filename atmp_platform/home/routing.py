from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import Page, PageViewRestriction


class SpecificChildRoutingMixin:
    """Finds a child page by its slug with less work than Wagtail's Page.route().

    Page.route() loads the child as a base Page (every column of it), then again as its
    specific type. With one allowed child page type this loads the specific child in one
    query; otherwise a first query reads only the child's id and type. Put this mixin
    after RoutablePageMixin, before Page. `child_select_related` names foreign keys the
    child's template shows (single child type only).
    """

    child_select_related: tuple[str, ...] = ()

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        child_slug, *remaining = path_components
        child_models = self.allowed_subpage_models()
        if len(child_models) == 1:
            child = self._specific_child(child_models[0], child_slug)
        else:
            child = self._child_of_any_type(child_slug)
        if child is None:
            # A child of another type (created before the rules changed) still routes.
            return super().route(request, path_components)
        child._cached_parent_obj = self
        return child.route(request, remaining)

    def _specific_child(self, model, slug):
        children = model.objects.child_of(self).select_related(*self.child_select_related)
        try:
            return children.get(slug=slug)
        except model.DoesNotExist:
            return None

    def _child_of_any_type(self, slug):
        found = Page.objects.child_of(self).filter(slug=slug).values_list("pk", "content_type")
        for pk, content_type_id in found[:1]:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is not None:
                return model.objects.get(pk=pk)
        return None


class ViewRestrictionsInOneQueryMixin:
    """Page.get_view_restrictions() in one query instead of two.

    Wagtail first loads the page's ancestors to replace each alias by the page it copies,
    then the restrictions of those pages. The same set in one query: restrictions of the
    page and its ancestors that are not aliases, and of the pages that any of them copies.
    """

    def get_view_restrictions(self):
        paths = [self.path[: self.steplen * depth] for depth in range(1, self.depth + 1)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        )
