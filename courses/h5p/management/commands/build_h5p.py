import os
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.h5p.content_types import DefinitionError, build_package, load_definition


class Command(BaseCommand):
    help = (
        "Package content definitions ({library, title, language, params} JSON files) for our "
        "own H5P content types as .h5p files, offline, validated against their semantics.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="A definition file, or a folder of them.")
        parser.add_argument(
            "-o", "--output", type=Path, required=True, help="Folder for the .h5p files."
        )

    def handle(self, *args, source: Path, output: Path, **options):
        definitions = _definitions(source)
        output.mkdir(parents=True, exist_ok=True)
        failures = []
        for path in definitions:
            try:
                package = build_package(load_definition(path))
            except DefinitionError as error:
                failures.append(f"{path}: {error}")
                continue
            target = output / f"{path.stem}.h5p"
            _write_atomically(target, package)
            self.stdout.write(f"Built {target} ({len(package)} bytes).")
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(definitions)} definitions were not built:\n"
                + "\n".join(failures)
            )
        self.stdout.write(self.style.SUCCESS(f"Built {len(definitions)} H5P packages."))


def _definitions(source: Path) -> list[Path]:
    if source.is_file():
        return [source]
    if not source.is_dir():
        raise CommandError(f"{source} is neither a definition file nor a folder.")
    definitions = sorted(path for path in source.glob("*.json") if path.is_file())
    if not definitions:
        raise CommandError(f"{source} holds no .json definitions.")
    return definitions


def _write_atomically(target: Path, data: bytes) -> None:
    """A reader never sees half a package: write beside the target, then rename over it."""
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("xb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
