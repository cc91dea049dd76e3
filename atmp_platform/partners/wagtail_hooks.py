"""Keep partner editors to their own partner in every admin listing.

Wagtail's explorer, admin search and edit views already refuse pages outside a user's
explorable subtree, but the page chooser lists every page, drafts included. Here both the
chooser and the explorer show only live pages and pages the user may explore, so that no one
sees another partner's drafts, not even their titles.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import PartnerPage
from .services import set_up_partner_access

REPORTS_FOR_PUBLISHERS = {"page-types-usage"}


def _live_or_explorable(pages, user):
    if user.is_superuser:
        return pages
    explorable = PagePermissionPolicy().explorable_instances(user)
    return pages.filter(Q(live=True) | Q(pk__in=explorable.values("pk")))


@hooks.register("construct_page_chooser_queryset")
def hide_unexplorable_drafts_from_chooser(pages, request):
    return _live_or_explorable(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def hide_unexplorable_drafts_from_explorer(parent_page, pages, request):
    return _live_or_explorable(pages, request.user)


@hooks.register("construct_reports_menu")
def hide_publisher_reports(request, menu_items):
    """See views.page_types_usage_report: the report is for administrators only."""
    if PagePermissionPolicy().user_has_permission(request.user, "publish"):
        return
    menu_items[:] = [item for item in menu_items if item.name not in REPORTS_FOR_PUBLISHERS]


@hooks.register("after_create_page")
def set_up_access_for_partner_made_in_admin(request, page):
    """A partner made in the admin gets the same editors group as one made by the service.

    A translation of an existing partner shares the original's editors and gets nothing.
    """
    partner = page.specific
    if not isinstance(partner, PartnerPage):
        return
    translations = PartnerPage.objects.filter(translation_key=partner.translation_key)
    if translations.exclude(pk=partner.pk).exists():
        return
    try:
        set_up_partner_access(partner=partner)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


@hooks.register("insert_editor_js")
def name_editing_widgets():
    """Partner editors write articles with tags and rich text; both widgets need a name."""
    return format_html('<script src="{}"></script>', static("js/admin-labels.js"))
