from django.core.exceptions import ValidationError
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from atmp_platform.home import views
from atmp_platform.home.models import RESERVED_SLUGS, StandardPage
from tests.factories import make_user
from tests.pages import publish, translate


@pytest.mark.django_db
def test_home_page_shows_hero_news_partners_and_programme_in_dutch(client, site_content):
    home = site_content.home
    home.programme_title = "Het postgraduaat"
    home.programme_text = "Opleiding voor analisten en operatoren."
    home.save_revision().publish()

    html = client.get("/nl/").content.decode()

    assert '<html lang="nl"' in html
    assert "Sneller en veiliger naar cel- en gentherapie" in html
    assert "Nieuwsbericht 3" in html and "Nieuwsbericht 1" in html
    assert html.index(">FBM<") < html.index(">Sure Laboratories<")
    assert "Het postgraduaat" in html


@pytest.mark.django_db
def test_home_page_shows_only_the_three_latest_news(client, site_content):
    from .builders import make_news

    make_news(site_content.news_index, 4)

    html = client.get("/nl/").content.decode()

    assert "Nieuwsbericht 4" in html and "Nieuwsbericht 2" in html
    assert "Nieuwsbericht 1<" not in html


@pytest.mark.django_db
def test_english_home_page_is_in_english_with_english_navigation(client, site_content):
    html = client.get("/en/").content.decode()

    assert '<html lang="en"' in html
    assert "Faster and safer to cell and gene therapy" in html
    assert 'href="/en/news/" class="main-nav__link">News</a>' in html
    assert "An Interreg project." in html


@pytest.mark.django_db
def test_navigation_labels_are_the_pages_titles_in_the_visitors_language(client, site_content):
    html = client.get("/nl/").content.decode()

    assert 'href="/nl/nieuws/" class="main-nav__link">Nieuws</a>' in html
    assert 'href="/nl/partners/" class="main-nav__link">Partners</a>' in html
    assert "Een Interreg-project." in html
    assert 'href="mailto:info@atmp-xb.eu"' in html


@pytest.mark.django_db
def test_navigation_marks_the_current_section(client, site_content):
    html = client.get("/nl/nieuws/nieuws-1/").content.decode()

    assert 'href="/nl/nieuws/" class="main-nav__link is-active">' in html


@pytest.mark.django_db
def test_navigation_follows_a_renamed_page_at_once(client, site_content):
    client.get("/nl/")
    index = site_content.news_index
    index.title = "Actueel"
    index.save_revision().publish()

    assert ">Actueel</a>" in client.get("/nl/").content.decode()


@pytest.mark.django_db
def test_language_switcher_links_to_the_translation_of_the_same_page(client, site_content):
    html = client.get("/nl/nieuws/nieuws-1/").content.decode()

    assert 'href="/en/news/project-launched/" lang="en" hreflang="en">English</a>' in html
    assert 'hreflang="en" href="http://testserver/en/news/project-launched/"' in html


@pytest.mark.django_db
def test_language_switcher_falls_back_to_the_home_page_without_a_translation(client, site_content):
    html = client.get("/nl/nieuws/nieuws-2/").content.decode()

    assert 'href="/en/" lang="en" hreflang="en">English</a>' in html


@pytest.mark.django_db
def test_language_switcher_on_a_view_keeps_path_and_query(client, site_content):
    html = client.get("/nl/search/?q=cel").content.decode()

    assert 'href="/en/search/?q=cel" lang="en"' in html


@pytest.mark.django_db
def test_anonymous_visitors_see_log_in_and_sign_up(client, site_content):
    html = client.get("/nl/").content.decode()

    assert 'href="/nl/accounts/login/"' in html and 'href="/nl/accounts/signup/"' in html


@pytest.mark.django_db
def test_logged_in_visitors_see_their_profile_and_log_out(client, site_content, student):
    client.force_login(student)

    html = client.get("/nl/").content.decode()

    assert 'href="/nl/me/"' in html
    assert 'action="/nl/accounts/logout/"' in html
    assert 'href="/nl/accounts/login/"' not in html


@pytest.mark.django_db
def test_public_pages_have_no_inline_scripts_or_styles(client, site_content):
    for url in ("/nl/", "/nl/nieuws/", "/nl/nieuws/nieuws-1/", "/nl/partners/"):
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert "<style" not in html, url
        assert "<script>" not in html and "<script " not in html.replace(
            '<script src="/static/js/site.js" defer></script>', ""
        ), url


@pytest.mark.django_db
def test_standard_page_renders_in_both_languages(client, home_page):
    page = publish(home_page, StandardPage(title="Over ons", slug="over-ons", introduction="Wie"))
    translate(page, title="About us", slug="about-us")

    assert "Over ons" in client.get("/nl/over-ons/").content.decode()
    assert "About us" in client.get("/en/about-us/").content.decode()


@pytest.mark.django_db
def test_search_finds_a_page_in_the_current_language_only(
    wagtail_index_tasks, client, site_content
):
    dutch = client.get("/nl/search/?q=Nieuwsbericht").content.decode()
    english = client.get("/en/search/?q=Nieuwsbericht").content.decode()

    assert 'href="/nl/nieuws/nieuws-1/"' in dutch
    assert 'class="result"' not in english and "/nl/nieuws/nieuws-1/" not in english
    assert "Project launched" in client.get("/en/search/?q=launched").content.decode()
    assert "Project launched" not in client.get("/nl/search/?q=launched").content.decode()


@pytest.mark.django_db
def test_search_results_are_paginated(wagtail_index_tasks, client, home_page):
    from .builders import make_many_news, make_news_index

    make_many_news(make_news_index(home_page), 12)

    first = client.get("/nl/search/?q=Nieuwsbericht").content.decode()
    second = client.get("/nl/search/?q=Nieuwsbericht&page=2").content.decode()

    assert "12 results" in first or "12 resultaten" in first
    assert first.count('class="result"') == 10
    assert second.count('class="result"') == 2
    assert 'href="?q=Nieuwsbericht&amp;page=2"' in first


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   ", "x" * 500])
def test_empty_or_overlong_search_answers_calmly(client, site_content, query):
    response = client.get("/nl/search/", {"q": query, "page": "abc"})

    assert response.status_code == 200


@pytest.mark.django_db
def test_sitemap_lists_pages_of_both_languages(client, site_content):
    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    assert "http://localhost/nl/nieuws/nieuws-1/" in xml
    assert "http://localhost/en/news/project-launched/" in xml
    assert "http://localhost/en/partners/" in xml


@pytest.mark.django_db
def test_sitemap_leaves_out_drafts(client, site_content):
    site_content.news[1].unpublish()

    assert "/nl/nieuws/nieuws-2/" not in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_out_private_areas(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.django_db
def test_unknown_page_gets_the_404_page_with_status_404(client, site_content):
    response = client.get("/nl/bestaat-niet/")

    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode() or "Page not found" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_a_host_no_site_answers_for_gets_the_404_page_without_navigation(client, site_content):
    Site.objects.all().delete()

    response = client.get("/nl/bestaat-niet/")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="main-nav"' in html
    assert "/nl/nieuws/" not in html


def test_500_page_renders_without_a_request_or_database():
    html = loader.get_template("500.html").render()

    assert "ATMP XB" in html and "/static/css/site.css" in html


def test_server_error_handler_answers_500_without_touching_the_database(rf):
    response = views.server_error(rf.get("/nl/"))

    assert response.status_code == 500
    assert b"/static/css/site.css" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_reserved_slug_is_refused_under_the_home_page(home_page, slug):
    with pytest.raises(ValidationError) as error:
        home_page.add_child(instance=StandardPage(title="Gereserveerd", slug=slug))

    assert "slug" in error.value.message_dict
    assert not Page.objects.filter(slug=slug).exists()


@pytest.mark.django_db
def test_reserved_slug_is_allowed_deeper_in_the_tree(home_page):
    parent = publish(home_page, StandardPage(title="Over ons", slug="over-ons"))

    child = parent.add_child(instance=StandardPage(title="Zoeken", slug="search"))

    assert child.pk is not None


@pytest.mark.django_db
def test_renaming_a_page_to_a_reserved_slug_is_refused(home_page):
    page = publish(home_page, StandardPage(title="Over ons", slug="over-ons"))
    page.slug = "accounts"

    with pytest.raises(ValidationError):
        page.save()


@pytest.fixture
def superuser(db):
    user = make_user(email="root@example.org", full_name="Root")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    TOTP.activate(user, generate_totp_secret())
    return user


def _standard_page_form(slug: str) -> dict:
    return nested_form_data(
        {
            "title": "Gereserveerd",
            "slug": slug,
            "introduction": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )


@pytest.mark.django_db
def test_admin_refuses_a_reserved_slug_with_a_form_error(client, home_page, superuser):
    client.force_login(superuser)
    url = f"/admin/pages/add/home/standardpage/{home_page.pk}/"

    response = client.post(url, _standard_page_form("search"))

    assert response.status_code == 200
    with translation.override("nl"):
        message = gettext("The slug “%(slug)s” is reserved by the site.") % {"slug": "search"}
    assert message in response.content.decode()
    assert not StandardPage.objects.filter(slug="search").exists()


@pytest.mark.django_db
def test_admin_accepts_an_ordinary_slug(client, home_page, superuser):
    client.force_login(superuser)
    url = f"/admin/pages/add/home/standardpage/{home_page.pk}/"

    response = client.post(url, _standard_page_form("over-ons"))

    assert response.status_code == 302
    assert StandardPage.objects.filter(slug="over-ons").exists()
