"""Small H5P packages built in memory: a valid one and the corpus of bad ones (issue 3).

The test library "ATMP.TestChoice 1.0" is a minimal content type (library.json, semantics.json,
a script and a style); "ATMP.TestShared 1.2" is a library it depends on.
"""

import io
import json
import zipfile

MAIN = {
    "title": "Test choice",
    "machineName": "ATMP.TestChoice",
    "majorVersion": 1,
    "minorVersion": 0,
    "patchVersion": 3,
    "runnable": 1,
    "coreApi": {"majorVersion": 1, "minorVersion": 24},
    "embedTypes": ["iframe"],
    "preloadedJs": [{"path": "choice.js"}],
    "preloadedCss": [{"path": "choice.css"}],
    "preloadedDependencies": [
        {"machineName": "ATMP.TestShared", "majorVersion": 1, "minorVersion": 2}
    ],
    "editorDependencies": [
        {"machineName": "H5PEditor.TestWidget", "majorVersion": 1, "minorVersion": 0}
    ],
}
SHARED = {
    "title": "Test shared helpers",
    "machineName": "ATMP.TestShared",
    "majorVersion": 1,
    "minorVersion": 2,
    "patchVersion": 0,
    "runnable": 0,
    "preloadedJs": [{"path": "shared.js"}],
}
EDITOR = {
    "title": "Test editor widget",
    "machineName": "H5PEditor.TestWidget",
    "majorVersion": 1,
    "minorVersion": 0,
    "patchVersion": 0,
    "runnable": 0,
}
SEMANTICS = [
    {"name": "question", "type": "text", "label": "Question", "widget": "html"},
    {"name": "image", "type": "image", "label": "Image", "optional": True},
    {
        "name": "answers",
        "type": "list",
        "label": "Answers",
        "field": {"name": "answer", "type": "text", "label": "Answer"},
    },
]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81"
    b"\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def h5p_json(**changes) -> dict:
    value = {
        "title": "Gowning quiz",
        "language": "en",
        "mainLibrary": "ATMP.TestChoice",
        "embedTypes": ["iframe"],
        "license": "U",
        "preloadedDependencies": [
            {"machineName": "ATMP.TestChoice", "majorVersion": 1, "minorVersion": 0},
            {"machineName": "ATMP.TestShared", "majorVersion": 1, "minorVersion": 2},
        ],
    }
    value.update(changes)
    return value


def content_json(**changes) -> dict:
    value = {
        "question": "<p>Which garment goes on <strong>first</strong>? Tom & Jerry</p>",
        "image": {"path": "images/gown.png", "mime": "image/png"},
        "answers": ["Hood", "Mask"],
    }
    value.update(changes)
    return value


def library_files(metadata: dict, *, semantics: list | None = None) -> dict[str, bytes]:
    folder = f"{metadata['machineName']}-{metadata['majorVersion']}.{metadata['minorVersion']}"
    files = {f"{folder}/library.json": json.dumps(metadata).encode()}
    if semantics is not None:
        files[f"{folder}/semantics.json"] = json.dumps(semantics).encode()
    for item in metadata.get("preloadedJs", []):
        files[f"{folder}/{item['path']}"] = b"H5P = window.H5P || {};\n"
    for item in metadata.get("preloadedCss", []):
        files[f"{folder}/{item['path']}"] = b".h5p-test { color: #123; }\n"
    return files


def valid_files(*, libraries: bool = True) -> dict[str, bytes]:
    """The files of a good package; without `libraries`, content only."""
    files = {
        "h5p.json": json.dumps(h5p_json()).encode(),
        "content/content.json": json.dumps(content_json()).encode(),
        "content/images/gown.png": PNG,
    }
    if libraries:
        files.update(library_files(MAIN, semantics=SEMANTICS))
        files.update(library_files(SHARED))
        files.update(library_files(EDITOR))
    return files


def zip_bytes(files: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def valid_package(*, libraries: bool = True, **changes: bytes) -> bytes:
    files = valid_files(libraries=libraries)
    files.update(changes)
    return zip_bytes(files)


def with_files(extra: dict[str, bytes]) -> bytes:
    """A good package plus `extra` files (path → bytes)."""
    files = valid_files()
    files.update(extra)
    return zip_bytes(files)


def with_entry(info: zipfile.ZipInfo, data: bytes) -> bytes:
    """A good package plus one raw archive entry (for names and attributes zipfile allows)."""
    buffer = io.BytesIO(valid_package())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(info, data)
    return buffer.getvalue()


def encrypted_entry(name: str = "content/images/secret.png") -> bytes:
    """A good package plus one entry marked encrypted (zipfile cannot write such entries)."""
    data = bytearray(with_files({name: PNG}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local = archive.getinfo(name).header_offset
    data[local + 6] |= 0x1
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name.encode()))
    data[central + 8] |= 0x1
    return bytes(data)


def symlink_entry(name: str = "content/images/link.png", target: str = "/etc/passwd") -> bytes:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (0o120777 << 16) | 0x20
    return with_entry(info, target.encode())


def zip_bomb() -> bytes:
    """One "image" that expands 20 MB of zeros from a few kilobytes."""
    return with_files({"content/images/bomb.png": b"\0" * (20 * 1024 * 1024)})


def many_files(count: int = 10_000) -> bytes:
    files = valid_files()
    files.update({f"content/images/{index}.png": PNG for index in range(count)})
    return zip_bytes(files, compression=zipfile.ZIP_STORED)


def without(name: str) -> bytes:
    files = valid_files()
    del files[name]
    return zip_bytes(files)


def replacing(name: str, data: bytes) -> bytes:
    files = valid_files()
    files[name] = data
    return zip_bytes(files)


def nested_archive() -> bytes:
    return with_files({"content/images/more.zip": valid_package()})


def disguised_archive() -> bytes:
    return with_files({"content/images/photo.png": valid_package()})


def case_duplicates() -> bytes:
    return with_files({"content/images/Gown.png": PNG})


def content_with_text(text: str) -> bytes:
    return replacing("content/content.json", json.dumps(content_json(question=text)).encode())


def unknown_main_library() -> bytes:
    return replacing("h5p.json", json.dumps(h5p_json(mainLibrary="ATMP.Nowhere")).encode())


def missing_dependency() -> bytes:
    dependencies = h5p_json()["preloadedDependencies"] + [
        {"machineName": "H5P.Missing", "majorVersion": 2, "minorVersion": 1}
    ]
    return replacing("h5p.json", json.dumps(h5p_json(preloadedDependencies=dependencies)).encode())


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
)
