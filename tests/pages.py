"""Pages for tests: added to the tree and live, the way the site serves them.

`publish` and `translate` leave a page in the state Wagtail's publish leaves it in (live, no
unpublished changes, published now) without writing a revision and a log entry: nothing the
fixtures build is read back through its history, and writing it took half of the time of the
tests that build a curriculum. A test about revisions, moderation or the admin's history
publishes through Wagtail itself (`page.save_revision().publish()`).
"""

from django.utils import timezone

from wagtail.models import Locale, Page


def go_live(page: Page) -> None:
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.first_published_at or timezone.now()
    page.last_published_at = timezone.now()
    page.draft_title = page.title


def publish(parent: Page, page: Page) -> Page:
    """Add `page` under `parent`, live."""
    go_live(page)
    parent.add_child(instance=page)
    return page


def translate(page: Page, language_code: str = "en", **changes) -> Page:
    """Copy `page` into another locale (its parent must be translated already), live."""
    translated = page.copy_for_translation(Locale.objects.get(language_code=language_code))
    for name, value in changes.items():
        setattr(translated, name, value)
    go_live(translated)
    translated.save()
    return translated.specific
