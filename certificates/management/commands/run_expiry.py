"""`manage.py run_expiry [--date YYYY-MM-DD]`: the daily expiry job, run by hand.

The same work as the beat job (certificates.tasks.run_expiry_daily); repeating it on a day
changes nothing more. `--date` runs it as of another day, for example to catch up on a day
the scheduler missed.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from certificates.expiry import run_daily


class Command(BaseCommand):
    help = "Refresh lapsed competency statuses, expire certificates and send expiry reminders."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD); default today.")

    def handle(self, *args, date: str | None = None, **options):
        today = _parse(date) if date else None
        counts = run_daily(today=today)
        for name, count in counts.items():
            self.stdout.write(f"{name.replace('_', ' ')}: {count}")


def _parse(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not a date of the form YYYY-MM-DD.") from None
