from django.core.management.base import BaseCommand

from courses.h5p.content_types import library_folders
from courses.h5p.services import install_library_folder


class Command(BaseCommand):
    help = (
        "Install (or update) every H5P content type this repository ships "
        "(courses/h5p/libraries/) into the H5P library store. Safe to run again."
    )

    def handle(self, *args, **options):
        for folder in library_folders():
            library = install_library_folder(path=folder, actor=None)
            self.stdout.write(f"Installed {library.machine_name} {library.version}.")
