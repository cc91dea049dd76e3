from django.core.management.base import BaseCommand, CommandError

from simulations.seed import ScenarioFileError, load_scenarios


class Command(BaseCommand):
    help = (
        "Load the simulation scenarios from simulations/data/scenarios/ (or the files given), "
        "matched by slug. All or nothing; an unchanged file writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Scenario files (YAML); default: all shipped")

    def handle(self, *args, paths, **options):
        try:
            result = load_scenarios(paths or None)
        except ScenarioFileError as error:
            raise CommandError(
                "No scenario was loaded:\n" + "\n".join(f"  {p}" for p in error.problems)
            ) from error
        for label, slugs in (
            ("created", result.created),
            ("changed", result.changed),
            ("unchanged", result.unchanged),
        ):
            if slugs:
                self.stdout.write(f"Scenarios {label}: {', '.join(slugs)}")
