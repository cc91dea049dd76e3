"""The demo content command.

Loading the demo takes tens of seconds, so it is loaded once per module inside a transaction
that is rolled back at the end; each test runs in its own savepoint within it.
"""

import io

from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site, WorkflowState

import pytest
from allauth.account.models import EmailAddress

from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User
from atmp_platform.audit.models import AuditEvent
from atmp_platform.home.demo.content import DEMO_PASSWORD
from atmp_platform.home.models import HomePage, SiteSettings
from atmp_platform.partners.models import KnowledgeArticlePage, PartnerPage

# One worker loads the module's demo (--dist loadgroup): it takes some 15 s.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-site")]

demo_settings = override_settings(ATMP_DEMO_ACCOUNTS=True)


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "workflow states": WorkflowState.objects.count(),
        "images": get_image_model().objects.count(),
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "sites": Site.objects.count(),
    }


def _load_demo() -> str:
    output = io.StringIO()
    with demo_settings:
        call_command("load_demo", stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back afterwards."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cache.clear()
            yield _load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


@override_settings(ATMP_DEMO_ACCOUNTS=False)
def test_load_demo_refuses_without_demo_accounts_setting():
    before = _counts()
    with pytest.raises(CommandError, match="ATMP_DEMO_ACCOUNTS"):
        call_command("load_demo")
    assert _counts() == before


def test_load_demo_twice_changes_nothing(demo):
    before = _counts()
    _load_demo()
    assert _counts() == before


def test_load_demo_prints_how_to_log_in(demo):
    for email in ("student@", "trainer@", "partner@", "admin@"):
        assert f"{email}demo.atmp-xb.eu" in demo
    assert DEMO_PASSWORD in demo


def test_demo_site_root_is_the_dutch_home_page_with_an_english_translation(demo):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.locale.language_code == "nl"
    assert home.get_translation(Locale.objects.get(language_code="en")).live
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()


def test_every_live_dutch_page_has_an_english_translation(demo):
    english = Locale.objects.get(language_code="en")
    dutch_pages = Page.objects.filter(locale__language_code="nl", live=True, depth__gt=1)
    assert dutch_pages.count() > 20
    for page in dutch_pages:
        translation = page.get_translation_or_none(english)
        assert translation is not None, page.url_path
        assert translation.translation_key == page.translation_key
        assert translation.live


def test_demo_has_the_lead_partner_twelve_partners_and_the_coordinator(demo):
    dutch = PartnerPage.objects.filter(locale__language_code="nl")
    assert dutch.count() == 14
    assert list(dutch.filter(role="lead_partner").values_list("title", flat=True)) == ["FBM"]
    assert dutch.get(title="Biovia").role == "coordination"
    assert all(partner.logo_id and partner.editors_group_id for partner in dutch)


def test_one_article_is_public_and_one_awaits_moderation(demo, client):
    articles = KnowledgeArticlePage.objects.filter(locale__language_code="nl")
    published = articles.get(live=True)
    pending = articles.get(live=False)
    state = WorkflowState.objects.for_instance(pending).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by.email == "partner@demo.atmp-xb.eu"
    assert client.get(published.url).status_code == 200
    assert client.get("/nl/partners/sure-laboratories/omkleedkwalificatie/").status_code == 404


def test_demo_accounts_log_in_with_the_published_password(demo):
    expected = {
        "student@demo.atmp-xb.eu": roles.STUDENT,
        "trainer@demo.atmp-xb.eu": roles.TRAINER,
        "partner@demo.atmp-xb.eu": roles.PARTNER_EDITOR,
        "admin@demo.atmp-xb.eu": roles.PROGRAMME_ADMINISTRATOR,
    }
    for email, role in expected.items():
        user = authenticate(email=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert user.groups.filter(name=role).exists()
        assert EmailAddress.objects.filter(user=user, email=email, verified=True).exists()
        assert not user.is_superuser
    assert User.objects.get(email="admin@demo.atmp-xb.eu").is_staff
    partner_user = User.objects.get(email="partner@demo.atmp-xb.eu")
    sure = PartnerPage.objects.get(slug="sure-laboratories", locale__language_code="nl")
    assert partner_user.groups.filter(pk=sure.editors_group_id).exists()


def test_demo_site_settings_have_navigation_and_funding_statement(demo):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    titles = [block.value.title for block in settings.navigation]
    assert titles == [
        "Postgraduaat ATMP-analist en -operator",
        "Nieuws",
        "Partners",
        "Over ATMP XB",
    ]
    assert "EFRO" in settings.footer_text_nl
    assert "ERDF" in settings.footer_text_en
