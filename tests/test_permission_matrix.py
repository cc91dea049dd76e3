"""Every URL of the site against every role, with the answer each must get.

Roles: an anonymous visitor, a student, a trainer, the editors of two different partners and
a programme administrator. Trainers and administrators have set up MFA, as they must.
Expected answers: a status code, LOGIN (sent to the login page) or DENIED (403, or sent away
from the admin with a "permission denied" message).
"""

from dataclasses import dataclass, field

from django.test import Client

from wagtail.models import Locale

import pytest

from atmp_platform.news.models import NewsIndexPage, NewsPage
from atmp_platform.partners import services as partner_services

from .factories import activate_totp, make_user
from .partners.helpers import make_article
from .simulations.debrief_fixtures import debrief_matrix_urls
from .simulations.ui_fixtures import practice_matrix_urls

pytestmark = pytest.mark.django_db

LOGIN = "login"
DENIED = "denied"
ROLES = ("anonymous", "student", "trainer", "editor_a", "editor_b", "administrator")


@dataclass
class Site:
    urls: dict[str, str] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)


@pytest.fixture
def site(home_page):
    administrator = make_user("Programme administrator", email="matrix-admin@example.org")
    administrator.is_staff = True
    administrator.save(update_fields=["is_staff"])
    activate_totp(administrator)
    trainer = make_user("Trainer", email="matrix-trainer@example.org")
    activate_totp(trainer)
    index = partner_services.create_partner_index(
        parent=home_page, title="Partners", slug="partners"
    )
    partner_a = partner_services.create_partner(
        parent=index, name="Sure Laboratories", kind="company"
    )
    partner_b = partner_services.create_partner(parent=index, name="Idevax", kind="company")
    editor_a = make_user(email="matrix-a@example.org")
    editor_b = make_user(email="matrix-b@example.org")
    partner_services.add_partner_editor(partner=partner_a, user=editor_a, actor=administrator)
    partner_services.add_partner_editor(partner=partner_b, user=editor_b, actor=administrator)
    published = make_article(partner_a, owner=editor_a, title="Live", slug="live", publish=True)
    draft_a = make_article(partner_a, owner=editor_a, title="Draft A", slug="draft-a")
    draft_b = make_article(partner_b, owner=editor_b, title="Draft B", slug="draft-b")
    news_index = NewsIndexPage(title="Nieuws", slug="nieuws")
    home_page.add_child(instance=news_index)
    news_index.save_revision().publish()
    news = NewsPage(title="Start", slug="start", date="2025-12-16", introduction="Start.")
    news_index.add_child(instance=news)
    news.save_revision().publish()
    english_home = home_page.get_translation(Locale.objects.get(language_code="en"))
    site_id = home_page.get_site().pk
    urls = {
        "home_nl": "/nl/",
        "home_en": english_home.url,
        "news_index": news_index.url,
        "news_feed": f"{news_index.url}feed/",
        "news_page": news.url,
        "partner_index": index.url,
        "partner_page": partner_a.url,
        "article": published.url,
        "draft_public_url": "/nl/partners/sure-laboratories/draft-a/",
        "search": "/nl/search/?q=Sure",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "login": "/nl/accounts/login/",
        "signup": "/nl/accounts/signup/",
        "password_reset": "/nl/accounts/password/reset/",
        "profile": "/nl/me/",
        "delete_account": "/nl/me/delete/",
        "mfa_index": "/nl/accounts/2fa/",
        "admin_home": "/admin/",
        "admin_explore_a": f"/admin/pages/{partner_a.pk}/",
        "admin_explore_b": f"/admin/pages/{partner_b.pk}/",
        "admin_add_under_a": (f"/admin/pages/add/partners/knowledgearticlepage/{partner_a.pk}/"),
        "admin_add_under_b": (f"/admin/pages/add/partners/knowledgearticlepage/{partner_b.pk}/"),
        "admin_edit_draft_a": f"/admin/pages/{draft_a.pk}/edit/",
        "admin_edit_draft_b": f"/admin/pages/{draft_b.pk}/edit/",
        "admin_preview_draft_a": f"/admin/pages/{draft_a.pk}/view_draft/",
        "admin_preview_draft_b": f"/admin/pages/{draft_b.pk}/view_draft/",
        "admin_edit_partner_a": f"/admin/pages/{partner_a.pk}/edit/",
        "admin_edit_home": f"/admin/pages/{home_page.pk}/edit/",
        "admin_users": "/admin/users/",
        "admin_groups": "/admin/groups/",
        "admin_audit": "/admin/audit/",
        "admin_site_settings": f"/admin/settings/home/sitesettings/{site_id}/",
        "admin_workflows": "/admin/workflows/list/",
    }
    users = {
        "anonymous": None,
        "student": make_user("Student", email="matrix-student@example.org"),
        "trainer": trainer,
        "editor_a": editor_a,
        "editor_b": editor_b,
        "administrator": administrator,
    }
    urls |= debrief_matrix_urls(home=home_page, student=users["student"], trainer=trainer)
    urls |= practice_matrix_urls(student=users["student"])
    return Site(urls=urls, users=users)


PUBLIC = dict.fromkeys(ROLES, 200)
ADMIN_ONLY = {**dict.fromkeys(ROLES, DENIED), "anonymous": LOGIN, "administrator": 200}
MEMBERS = {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN}
ANONYMOUS_ONLY = {**dict.fromkeys(ROLES, 302), "anonymous": 200}
EDITOR_A_AND_ADMIN = {**ADMIN_ONLY, "editor_a": 200}
EDITOR_B_AND_ADMIN = {**ADMIN_ONLY, "editor_b": 200}
EDITORS_AND_ADMIN = {**ADMIN_ONLY, "editor_a": 200, "editor_b": 200}

OWN_RUN = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": LOGIN,
    "student": 200,
    "editor_a": DENIED,
    "editor_b": DENIED,
}

MATRIX = {
    "home_nl": PUBLIC,
    "home_en": PUBLIC,
    "news_index": PUBLIC,
    "news_feed": PUBLIC,
    "news_page": PUBLIC,
    "partner_index": PUBLIC,
    "partner_page": PUBLIC,
    "article": PUBLIC,
    "draft_public_url": dict.fromkeys(ROLES, 404),
    "search": PUBLIC,
    "sitemap": PUBLIC,
    "robots": PUBLIC,
    "login": ANONYMOUS_ONLY,
    "signup": ANONYMOUS_ONLY,
    "password_reset": PUBLIC,
    "profile": MEMBERS,
    "delete_account": MEMBERS,
    "mfa_index": MEMBERS,
    # Trainers reach the admin for the H5P library (courses/h5p/migrations/0002).
    "admin_home": {**EDITORS_AND_ADMIN, "trainer": 200},
    "admin_explore_a": EDITOR_A_AND_ADMIN,
    "admin_explore_b": EDITOR_B_AND_ADMIN,
    "admin_add_under_a": EDITOR_A_AND_ADMIN,
    "admin_add_under_b": EDITOR_B_AND_ADMIN,
    "admin_edit_draft_a": EDITOR_A_AND_ADMIN,
    "admin_edit_draft_b": EDITOR_B_AND_ADMIN,
    "admin_preview_draft_a": EDITOR_A_AND_ADMIN,
    "admin_preview_draft_b": EDITOR_B_AND_ADMIN,
    "admin_edit_partner_a": ADMIN_ONLY,
    "admin_edit_home": ADMIN_ONLY,
    "admin_users": ADMIN_ONLY,
    # Group permissions are the superuser's business; administrators assign roles to users.
    "admin_groups": {**ADMIN_ONLY, "administrator": DENIED},
    "admin_audit": ADMIN_ONLY,
    "admin_site_settings": ADMIN_ONLY,
    "admin_workflows": ADMIN_ONLY,
    # A run's debrief: its trainee (the student) and administrators; trainers read it through
    # their cohort's screens, which only the cohort's trainers and administrators reach.
    # Like the run's own screens, someone else's debrief does not exist for the others.
    "simulation_debrief": {**OWN_RUN, "editor_a": 404, "editor_b": 404, "administrator": 200},
    "simulation_debrief_pdf": {**OWN_RUN, "editor_a": 404, "editor_b": 404, "administrator": 200},
    "trainer_simulations": {**ADMIN_ONLY, "trainer": 200},
    "trainer_simulation_run": {**ADMIN_ONLY, "trainer": 200},
    "trainer_simulation_pdf": {**ADMIN_ONLY, "trainer": 200},
    # Practice mode: whoever practises (students, trainers, administrators); a run only for
    # its own trainee, and no one else's run exists for anyone (404).
    "simulations_practice": {**MEMBERS, "editor_a": DENIED, "editor_b": DENIED},
    "simulation_run": OWN_RUN,
    "simulation_state": OWN_RUN,
}


def _answer(response, *, logged_in: bool) -> object:
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            # Wagtail sends a logged-in user without admin access back to the login page
            # with a "permission denied" message: for them that is a refusal.
            return DENIED if logged_in else LOGIN
        if location.startswith("/admin/") or "/accounts/2fa/" in location:
            # Sent elsewhere in the admin (its dashboard, or their own part of the page
            # tree), or to set up MFA first.
            return DENIED
        return 302
    if response.status_code == 403:
        return DENIED
    return response.status_code


def test_matrix_covers_every_url(site):
    assert set(MATRIX) == set(site.urls)


def test_every_url_answers_each_role_as_expected(site):
    """One site for all roles: building the page tree is the slow part."""
    wrong = {}
    for role in ROLES:
        client = Client()
        user = site.users[role]
        if user is not None:
            client.force_login(user)
        for name, url in site.urls.items():
            answer = _answer(client.get(url), logged_in=user is not None)
            if answer != MATRIX[name][role]:
                wrong[f"{role} {name}"] = f"expected {MATRIX[name][role]}, got {answer}"
    assert not wrong, wrong
