class SpecificChildRoutingMixin:
    """Finds a child page in one query when the page allows one child page type.

    Wagtail's Page.route() loads the child as a base Page, then again as its specific
    type. Put this mixin after RoutablePageMixin, before Page. `child_select_related` names
    foreign keys the child's template shows.
    """

    child_select_related: tuple[str, ...] = ()

    def route(self, request, path_components):
        child_models = self.allowed_subpage_models()
        if not path_components or len(child_models) != 1:
            return super().route(request, path_components)
        child_slug, *remaining = path_components
        children = child_models[0].objects.child_of(self).select_related(*self.child_select_related)
        try:
            child = children.get(slug=child_slug)
        except child_models[0].DoesNotExist:
            # A child of another type (created before the rules changed) still routes.
            return super().route(request, path_components)
        child._cached_parent_obj = self
        return child.route(request, remaining)
