from django.core.management.base import BaseCommand, CommandError

from atmp_platform.audit.models import AuditEvent
from atmp_platform.audit.services import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain and report the first broken link."

    def handle(self, *args, **options):
        broken = verify_chain()
        if broken is not None:
            raise CommandError(f"Audit trail broken at event {broken.event_id}: {broken.reason}.")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {count} events verified."))
