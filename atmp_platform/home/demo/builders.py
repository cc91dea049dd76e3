"""Put the demo content into the database, creating only what is missing.

Every function finds its object first (by slug under its parent, by translation key, by
e-mail) and leaves an existing one untouched, so that running the whole load twice changes
nothing.
"""

import io

from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db.models import Model

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site, WorkflowState

from allauth.account.models import EmailAddress
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont

from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User
from atmp_platform.home.models import HomePage, SiteSettings
from atmp_platform.news.models import NewsIndexPage, NewsPage
from atmp_platform.partners import services as partner_services
from atmp_platform.partners.models import KnowledgeArticlePage, PartnerIndexPage, PartnerPage

from . import content
from .news import NEWS
from .partners import ARTICLES, EDITOR_PARTNER_SLUG, PARTNERS, USERS

LOGO_SIZE = (320, 160)


def ensure_locales() -> tuple[Locale, Locale]:
    dutch = Locale.objects.get_or_create(language_code="nl")[0]
    english = Locale.objects.get_or_create(language_code="en")[0]
    return dutch, english


def _set_fields(page: Page, fields: dict) -> Page:
    for name, value in fields.items():
        setattr(page, name, value)
    return page


def ensure_home(dutch: Locale) -> HomePage:
    """The Dutch home page, replacing Wagtail's initial "Welcome" page on first run."""
    home = HomePage.objects.filter(depth=2, locale=dutch).first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    for welcome in root.get_children().filter(
        content_type__app_label="wagtailcore", content_type__model="page"
    ):
        Site.objects.filter(root_page=welcome).delete()
        welcome.delete()
    return ensure_child(root, HomePage, "home", {"locale": dutch, **content.HOME["nl"]})


def ensure_site(home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="ATMP XB",
        )
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "ATMP XB"
        site.save()
    return site


def ensure_translation(
    page: Page, english: Locale, fields: dict, slug: str = "", tags: list[str] | None = None
) -> Page:
    """The English translation of `page` (same translation key), created once and published."""
    existing = page.get_translation_or_none(english)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(english)
    _set_fields(translated, fields)
    if slug:
        translated.slug = slug
    if tags is not None:
        _set_tags(translated, tags)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def ensure_child(
    parent: Page, model: type[Page], slug: str, fields: dict, tags: list[str] | None = None
) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    if tags is not None:
        _set_tags(page, tags)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def ensure_bilingual(parent: Page, model: type[Page], spec: dict, english: Locale, **shared):
    """A Dutch page under `parent` and its English translation, from a {nl, en, slug} spec."""
    tags = spec.get("tags", {})
    dutch_page = ensure_child(
        parent, model, spec["slug"]["nl"], {**shared, **spec["nl"]}, tags.get("nl")
    )
    english_page = ensure_translation(
        dutch_page, english, spec["en"], spec["slug"]["en"], tags.get("en")
    )
    return dutch_page, english_page


def _set_tags(page: Page, names: list[str]) -> None:
    page.tags.clear()
    page.tags.add(*names)


def ensure_news(news_index: NewsIndexPage, english: Locale) -> list[NewsPage]:
    return [
        ensure_bilingual(news_index, NewsPage, item, english, date=item["date"])[0] for item in NEWS
    ]


def make_logo(*, name: str, colour: str) -> Model:
    """A generated monogram tile: the demo never downloads anyone's real logo."""
    tile = PillowImage.new("RGB", LOGO_SIZE, colour)
    draw = ImageDraw.Draw(tile)
    font = ImageFont.load_default(size=72)
    initials = "".join(word[0] for word in name.replace(".", " ").split()[:2]).upper()
    draw.text((LOGO_SIZE[0] / 2, LOGO_SIZE[1] / 2), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    tile.save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=f"Logo {name}",
        description=name,
        file=ImageFile(buffer, name=f"logo-{initials.lower() or 'partner'}.png"),
    )


def ensure_partner_index(home: HomePage, english: Locale) -> tuple[PartnerIndexPage, Page]:
    spec = content.PARTNER_INDEX
    dutch_page = PartnerIndexPage.objects.child_of(home).filter(slug=spec["slug"]["nl"]).first()
    if dutch_page is None:
        dutch_page = partner_services.create_partner_index(
            parent=home, slug=spec["slug"]["nl"], **spec["nl"]
        )
    english_page = ensure_translation(dutch_page, english, spec["en"], spec["slug"]["en"])
    for index_page in (dutch_page, english_page):
        partner_services.ensure_moderation_workflow(index_page=index_page)
    return dutch_page, english_page


def ensure_partner(index_page: PartnerIndexPage, english: Locale, spec: dict) -> PartnerPage:
    partner = PartnerPage.objects.child_of(index_page).filter(slug=spec["slug"]).first()
    if partner is None:
        logo = make_logo(name=spec["name"], colour=spec["colour"])
        partner = partner_services.create_partner(
            parent=index_page,
            slug=spec["slug"],
            name=spec["name"],
            kind=spec["kind"],
            region=spec["region"],
            role=spec["role"],
            website=spec["website"],
            logo=logo,
            **spec["nl"],
        )
        logo.collection = partner.collection
        logo.save(update_fields=["collection"])
    ensure_translation(partner, english, spec["en"])
    return partner


def ensure_partners(index_page: PartnerIndexPage, english: Locale) -> dict[str, PartnerPage]:
    return {spec["slug"]: ensure_partner(index_page, english, spec) for spec in PARTNERS}


def ensure_site_settings(site: Site, *, navigation: list[Page], footer_links: list[Page]):
    settings = SiteSettings.for_site(site)
    if settings.navigation or settings.footer_text_nl:
        return settings
    settings.navigation = [("page", page) for page in navigation]
    settings.footer_links = [("page", page) for page in footer_links]
    settings.footer_text_nl = content.FOOTER["nl"]
    settings.footer_text_en = content.FOOTER["en"]
    settings.save()
    return settings


def ensure_user(*, email: str, full_name: str, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=content.DEMO_PASSWORD,
            full_name=full_name,
            organisation="ATMP XB (demo)",
            is_staff=role == roles.PROGRAMME_ADMINISTRATOR,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role != roles.PARTNER_EDITOR:
        user.groups.add(Group.objects.get(name=role))
    return user


def ensure_users(partners: dict[str, PartnerPage]) -> dict[str, User]:
    users = {spec["role"]: ensure_user(**spec) for spec in USERS}
    partner_services.add_partner_editor(
        partner=partners[EDITOR_PARTNER_SLUG],
        user=users[roles.PARTNER_EDITOR],
        actor=users[roles.PROGRAMME_ADMINISTRATOR],
        reason="Demo content",
    )
    return users


def ensure_articles(partner: PartnerPage, english: Locale, *, editor: User, reviewer: User):
    """One article approved through the workflow (and translated), one awaiting moderation."""
    for spec in ARTICLES:
        slug = spec["slug"]["nl"]
        if KnowledgeArticlePage.objects.child_of(partner).filter(slug=slug).exists():
            continue
        article = _submit_article(partner, spec, editor)
        if spec["publish"]:
            _approve(article, reviewer)
            ensure_translation(article, english, spec["en"], spec["slug"]["en"], spec["tags"]["en"])


def _submit_article(partner: PartnerPage, spec: dict, editor: User) -> KnowledgeArticlePage:
    """Written and submitted by the partner editor, as they would in the admin."""
    article = KnowledgeArticlePage(
        slug=spec["slug"]["nl"], author=editor.full_name, owner=editor, live=False, **spec["nl"]
    )
    partner.add_child(instance=article)
    _set_tags(article, spec["tags"]["nl"])
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    return article


def _approve(article: KnowledgeArticlePage, reviewer: User) -> None:
    state = WorkflowState.objects.active().for_instance(article).get()
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "approve")
