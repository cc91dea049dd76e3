from django.core.management.base import BaseCommand, CommandError

from simulations.demo import DemoError, load


class Command(BaseCommand):
    help = (
        "Play the demo student's finished simulation runs (one passed, one failed) through the "
        "engine, for the debrief. Idempotent; run after load_demo and load_scenarios."
    )

    def handle(self, *args, **options):
        try:
            runs = load()
        except DemoError as error:
            raise CommandError(str(error)) from error
        for run in runs:
            verdict = "passed" if run.passed else "not passed"
            self.stdout.write(f"Demo run: {run.scenario.slug}, {run.score} %, {verdict}")
