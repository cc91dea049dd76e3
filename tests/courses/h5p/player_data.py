"""Test data for the player, results and xAPI tests, written straight into a temporary
H5P store (the upload path has its own tests): libraries, content and a lesson using it."""

import json
from pathlib import Path

from courses.h5p import storage
from courses.h5p.models import H5PContent, H5PLibrary
from courses.h5p.tokens import make_player_token


def library_json(machine_name: str, *, depends_on: tuple[str, ...] = (), runnable=True) -> dict:
    return {
        "title": machine_name,
        "machineName": machine_name,
        "majorVersion": 1,
        "minorVersion": 0,
        "patchVersion": 2,
        "runnable": int(runnable),
        "preloadedJs": [{"path": "js/main.js"}],
        "preloadedCss": [{"path": "css/main.css"}],
        "preloadedDependencies": [
            {"machineName": name, "majorVersion": 1, "minorVersion": 0} for name in depends_on
        ],
    }


def make_library(machine_name: str, *, depends_on: tuple[str, ...] = (), runnable=True):
    data = library_json(machine_name, depends_on=depends_on, runnable=runnable)
    folder = f"{machine_name}-1.0"
    write_files(
        storage.library_root(folder),
        {
            "library.json": json.dumps(data).encode(),
            "js/main.js": f"/* {machine_name} */".encode(),
            "css/main.css": b".x { color: red; }",
            "fonts/icons.woff2": b"wOF2",
        },
    )
    return H5PLibrary.objects.create(
        machine_name=machine_name,
        major_version=1,
        minor_version=0,
        patch_version=2,
        title=machine_name,
        runnable=runnable,
        folder=folder,
        library_json=data,
    )


def make_content(main_library: H5PLibrary, *, title="Oefening", parameters=None, media=None):
    parameters = parameters if parameters is not None else {"question": "<p>Klaar?</p>"}
    h5p_json = {
        "title": title,
        "language": "nl",
        "mainLibrary": main_library.machine_name,
        "preloadedDependencies": [
            {"machineName": main_library.machine_name, "majorVersion": 1, "minorVersion": 0}
        ],
    }
    content = H5PContent.objects.create(
        title=title,
        language="nl",
        main_library=main_library,
        h5p_json=h5p_json,
        parameters=parameters,
    )
    content.libraries.set([main_library])
    files = {
        "h5p.json": json.dumps(h5p_json).encode(),
        # What is on disk is not what the player gets: it gets the sanitised parameters.
        "content/content.json": b'{"question": "<script>alert(1)</script>"}',
        "content/images/photo.png": b"\x89PNG\r\n\x1a\nfake",
        **{f"content/{name}": data for name, data in (media or {}).items()},
    }
    write_files(storage.content_root(content.uuid), files)
    return content


def write_files(base: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def token_for(content: H5PContent, *, user_id: int = 1, page_id: int = 1) -> str:
    return make_player_token(content_uuid=content.uuid, user_id=user_id, page_id=page_id)


def player_path(content: H5PContent, *, user_id: int = 1, page_id: int = 1) -> str:
    return f"/h5p/t/{token_for(content, user_id=user_id, page_id=page_id)}/"
