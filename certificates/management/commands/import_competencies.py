"""manage.py import_competencies <file> [--dry-run] [--actor EMAIL]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from atmp_platform.accounts.models import User
from certificates.importing import import_framework, plan_import


class Command(BaseCommand):
    help = (
        "Import competencies, proficiency levels and certificate types from a CSV or YAML file "
        "(format in README.md). All or nothing: a file with errors changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change, change nothing."
        )
        parser.add_argument(
            "--actor", help="E-mail address of the person the audit trail names (default: system)."
        )

    def handle(self, *args, file: Path, dry_run: bool, actor: str | None, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        person = None
        if actor:
            person = User.objects.filter(email__iexact=actor).first()
            if person is None:
                raise CommandError(f"No account has the e-mail address {actor}.")
        try:
            if dry_run:
                plan = plan_import(data=data, filename=file.name)
            else:
                plan = import_framework(data=data, filename=file.name, actor=person)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        for change in plan.changes:
            if change.action != "unchanged":
                fields = f" ({', '.join(change.changed_fields)})" if change.changed_fields else ""
                self.stdout.write(f"{change.action:7} {change.kind} {change.key}{fields}")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {plan.filename}: {plan.count('create')} new, "
                f"{plan.count('update')} changed, {plan.count('unchanged')} unchanged."
            )
        )
