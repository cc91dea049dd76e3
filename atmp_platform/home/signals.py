"""Start a new generation of the cached site chrome whenever what it shows may change."""

from django.db.models.signals import post_delete, post_save

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Locale, Page, Site
from wagtail.signals import post_page_move

from . import chrome


def forget_chrome_on_change(sender, instance, **kwargs):
    if isinstance(instance, Page | Site | Locale | BaseSiteSetting):
        chrome.start_new_generation()


def connect() -> None:
    post_save.connect(forget_chrome_on_change, dispatch_uid="home-chrome-save")
    post_delete.connect(forget_chrome_on_change, dispatch_uid="home-chrome-delete")
    post_page_move.connect(chrome.start_new_generation, dispatch_uid="home-chrome-move")
