"""The demo exercises as H5P content: our content types installed, each exercise packaged
offline (courses.h5p.content_types) and uploaded through the store's own service."""

import io

from courses.h5p.content_types import build_package, library_folders
from courses.h5p.models import H5PContent
from courses.h5p.services import install_library_folder, upload_h5p

from .exercises import definitions


def ensure_libraries(*, actor) -> None:
    """Idempotent: the store leaves a library whose files are unchanged alone."""
    for folder in library_folders():
        install_library_folder(path=folder, actor=actor)


def ensure_contents(*, actor) -> dict[tuple[str, str], H5PContent]:
    """Every demo exercise, keyed by (exercise key, language); uploaded once, by `actor`."""
    ensure_libraries(actor=actor)
    contents = {}
    for (key, language), definition in definitions().items():
        machine_name = definition["library"].split()[0]
        content = H5PContent.objects.filter(
            title=definition["title"],
            language=language,
            main_library__machine_name=machine_name,
        ).first()
        if content is None:
            content = upload_h5p(
                file=io.BytesIO(build_package(definition)),
                uploaded_by=actor,
                original_filename=f"{key}.{language}.h5p",
            )
        contents[key, language] = content
    return contents
