from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from atmp_platform.accounts import roles
from atmp_platform.home.demo import builders, content
from atmp_platform.home.models import StandardPage
from atmp_platform.news.models import NewsIndexPage
from certificates import demo as certificates_demo
from certificates.seed import seed_framework
from courses import demo as courses_demo
from courses.models import Cohort
from courses.views.assessments import context_ref

ROLE_ORDER = [
    roles.STUDENT,
    roles.TRAINER,
    roles.PARTNER_EDITOR,
    roles.PROGRAMME_ADMINISTRATOR,
]


def cohort_contexts() -> dict[str, tuple[str, str]]:
    """Per module code, its demo cohort as the trainer's assessment screens refer to it."""
    cohorts = Cohort.objects.select_related("module").order_by("-starts_on")
    return {cohort.module.code: (context_ref(cohort), cohort.name) for cohort in cohorts}


class Command(BaseCommand):
    help = (
        "Load the demo site (pages in Dutch and English, the partners, news, knowledge "
        "articles) and one demo account per role. Idempotent; dev settings only."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "ATMP_DEMO_ACCOUNTS", False):
            raise CommandError(
                "load_demo creates accounts with a published password, so it runs only where "
                "ATMP_DEMO_ACCOUNTS is true (the dev settings: "
                "DJANGO_SETTINGS_MODULE=atmp_platform.settings.dev)."
            )
        with transaction.atomic():
            users = self.load()
        self.print_logins(users)

    def load(self):
        dutch, english = builders.ensure_locales()
        home = builders.ensure_home(dutch)
        builders.ensure_translation(home, english, content.HOME["en"])
        site = builders.ensure_site(home)
        about, _about_en = builders.ensure_bilingual(home, StandardPage, content.ABOUT, english)
        news_index, _news_en = builders.ensure_bilingual(
            home, NewsIndexPage, content.NEWS_INDEX, english
        )
        builders.ensure_news(news_index, english)
        partner_index, _partners_en = builders.ensure_partner_index(home, english)
        partners = builders.ensure_partners(partner_index, english)
        users = builders.ensure_users(partners)
        # Before the programme: its modules' learning outcomes name competencies.
        seed_framework()
        programme = courses_demo.load(
            home=home, english=english, users=users, password=content.DEMO_PASSWORD
        )
        certificates_demo.load(
            trainer=users[roles.TRAINER],
            administrator=users[roles.PROGRAMME_ADMINISTRATOR],
            contexts=cohort_contexts(),
        )
        builders.ensure_site_settings(
            site, navigation=[programme, news_index, partner_index, about], footer_links=[about]
        )
        # The demo's own submission and approval would mail the demo accounts; nobody reads
        # those, and on the console they would bury the login table.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            builders.ensure_articles(
                partners[builders.EDITOR_PARTNER_SLUG],
                english,
                editor=users[roles.PARTNER_EDITOR],
                reviewer=users[roles.PROGRAMME_ADMINISTRATOR],
            )
        return users

    def print_logins(self, users) -> None:
        self.stdout.write(
            self.style.SUCCESS("Demo content is loaded. Log in at /nl/accounts/login/ as:")
        )
        self.stdout.write(f"  {'role':<26}{'e-mail':<28}password")
        for role in ROLE_ORDER:
            self.stdout.write(f"  {role:<26}{users[role].email:<28}{content.DEMO_PASSWORD}")
        self.stdout.write("  The Wagtail admin is at /admin/ (partner editor and administrator).")
