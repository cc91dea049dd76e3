"""The isolated H5P player: its page, h5p.json, content files and library files.

Who may use these views: whoever holds a valid player token (see tokens.py); the session is
never consulted, since the player runs in a sandboxed iframe (an opaque origin) or on the
cookieless H5P_PLAYER_ORIGIN. A forged, expired or foreign token, a file outside the content
or outside the libraries it uses, gets 404. Every answer carries nosniff, a CSP of its own
(the player page is sandboxed even when opened outside its iframe), CORS for the opaque
origin's fetches, and sets no cookie.
"""

import mimetypes
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from atmp_platform.ops.files import protected_file_response

from . import storage
from .models import H5PContent, H5PLibrary
from .tokens import InvalidPlayerToken, read_player_token

# The JSON the player fetches and the files it loads: nothing in them may run as a page.
FILE_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".vtt": "text/vtt; charset=utf-8",
    ".webm": "video/webm",
    ".mp4": "video/mp4",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".wav": "audio/wav",
}
# Player files differ per token, so only the browser that holds the token may cache them.
CACHE_CONTROL = "private, max-age=3600"


def object_iri(content: H5PContent) -> str:
    """The xAPI object id of a content: statements naming anything else are refused."""
    return f"urn:atmp-xb:h5p:{content.uuid}"


def site_origin() -> str:
    """The origin of the site whose lesson pages frame the player."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def player_url(token: str) -> str:
    """The iframe's src: on H5P_PLAYER_ORIGIN when set, else a path on this site."""
    path = reverse("h5p:player", args=[token])
    return f"{settings.H5P_PLAYER_ORIGIN.rstrip('/')}{path}" if settings.H5P_PLAYER_ORIGIN else path


def _refuse_foreign_host(request) -> None:
    """With a player origin configured, the player answers only there, never on the site."""
    if (
        settings.H5P_PLAYER_ORIGIN
        and request.get_host() != urlsplit(settings.H5P_PLAYER_ORIGIN).netloc
    ):
        raise Http404


def _isolate(response: HttpResponse, policy: str = FILE_POLICY) -> HttpResponse:
    response["Content-Security-Policy"] = policy
    response["X-Content-Type-Options"] = "nosniff"
    # The sandboxed player's origin is opaque ("null"): its fetches are cross-origin. Nothing
    # here depends on cookies, so any origin may read what the token in the path grants.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = CACHE_CONTROL
    response.cookies.clear()
    return response


def token_view(view):
    """Resolve the token in the path to its content (404 for anything not granted)."""

    @require_safe
    @wraps(view)
    def wrapper(request, token: str, **kwargs):
        _refuse_foreign_host(request)
        try:
            grant = read_player_token(token)
        except InvalidPlayerToken as error:
            raise Http404 from error
        content = (
            H5PContent.objects.select_related("main_library")
            .filter(uuid=grant.content_uuid)
            .first()
        )
        if content is None:
            raise Http404
        return view(request, token=token, content=content, **kwargs)

    return wrapper


def _request_origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _player_policy(request, token: str) -> str:
    """Scripts and styles only from our static files and this token's libraries; fetches
    only under this token; framed only by the site."""
    origin = _request_origin(request)
    prefix = f"{origin}{reverse('h5p:player', args=[token])}"
    static_prefix = settings.STATIC_URL
    if static_prefix.startswith("/"):
        static_prefix = f"{origin}{static_prefix}"
    ancestors = site_origin() if settings.H5P_PLAYER_ORIGIN else "'self'"
    directives = {
        "default-src": "'none'",
        "script-src": f"{static_prefix} {prefix}libraries/",
        # H5P content types set inline styles in the markup they build.
        "style-src": f"{static_prefix} {prefix}libraries/ 'unsafe-inline'",
        "font-src": f"{static_prefix} {prefix}libraries/ data:",
        "img-src": f"{static_prefix} {prefix} data: blob:",
        "media-src": f"{prefix}content/ blob:",
        "connect-src": prefix,
        "frame-src": "'none'",
        "form-action": "'none'",
        "base-uri": "'none'",
        "object-src": "'none'",
        "frame-ancestors": ancestors,
        "sandbox": "allow-scripts",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


@token_view
def player(request, *, token: str, content: H5PContent):
    """The player page: h5p-standalone pointed at this token's h5p.json, content and
    libraries; it relays xAPI statements to the lesson page (static/js/h5p-player.js)."""
    prefix = request.build_absolute_uri(reverse("h5p:player", args=[token]))
    config = {
        "player": {
            "id": str(content.uuid),
            "h5pJsonPath": prefix.rstrip("/"),
            "contentJsonPath": f"{prefix}content",
            "librariesPath": f"{prefix}libraries",
            "frameJs": request.build_absolute_uri(
                static("vendor/h5p-standalone/dist/frame.bundle.js")
            ),
            "frameCss": request.build_absolute_uri(
                static("vendor/h5p-standalone/dist/styles/h5p.css")
            ),
            "xAPIObjectIRI": object_iri(content),
            "embedType": "div",
            "frame": False,
            "icon": False,
            "fullScreen": False,
        },
        "objectId": object_iri(content),
        # Statements carry the student's answers: they go to the site's origin only.
        "parentOrigin": site_origin() if settings.H5P_PLAYER_ORIGIN else _request_origin(request),
        "messages": {"loadFailed": _("This exercise could not be loaded. Reload the page.")},
    }
    response = render(request, "h5p/player.html", {"content": content, "config": config})
    if settings.H5P_PLAYER_ORIGIN:
        # Framed by the site from another origin: the CSP's frame-ancestors names the site.
        response.xframe_options_exempt = True
    else:
        response["X-Frame-Options"] = "SAMEORIGIN"
    return _isolate(response, _player_policy(request, token))


@token_view
def h5p_json(request, *, token: str, content: H5PContent):
    """h5p.json of the content, as stored at upload."""
    return _isolate(JsonResponse(content.h5p_json))


@token_view
def content_file(request, *, token: str, content: H5PContent, path: str):
    """content.json (the sanitised parameters) or a media file of the content."""
    if path == "content.json":
        return _isolate(JsonResponse(content.parameters))
    try:
        file_path = storage.content_file_path(content, f"content/{path}")
    except storage.OutsideStore as error:
        raise Http404 from error
    return _isolate(_file_response(file_path))


@token_view
def library_file(request, *, token: str, content: H5PContent, folder: str, path: str):
    """A file of one of the libraries this content uses (its main library and their
    dependencies); any other installed library is not this token's business."""
    if folder not in libraries_used(content):
        raise Http404
    try:
        file_path = storage.library_file_path(folder, path)
    except storage.OutsideStore as error:
        raise Http404 from error
    return _isolate(_file_response(file_path))


def libraries_used(content: H5PContent) -> set[str]:
    """Folders of the content's libraries and everything they depend on, installed ones."""
    pending = {content.main_library.folder, *content.libraries.values_list("folder", flat=True)}
    found: dict[str, object] = {}
    while pending:
        rows = dict(
            H5PLibrary.objects.filter(folder__in=pending).values_list("folder", "library_json")
        )
        found.update(rows)
        # Each round only adds libraries not seen before, so the walk ends.
        pending = {dep for data in rows.values() for dep in _dependency_folders(data)} - set(found)
    return set(found)


def _dependency_folders(library_json) -> list[str]:
    folders = []
    if not isinstance(library_json, dict):
        return folders
    for key in ("preloadedDependencies", "dynamicDependencies"):
        for item in library_json.get(key) or []:
            try:
                folders.append(
                    f"{item['machineName']}-{int(item['majorVersion'])}.{int(item['minorVersion'])}"
                )
            except (KeyError, TypeError, ValueError):
                continue
    return folders


def _file_response(file_path) -> HttpResponse:
    content_type = CONTENT_TYPES.get(file_path.suffix.lower())
    if content_type is None:
        content_type = mimetypes.guess_type(file_path.name)[0] or "application/octet-stream"
    return protected_file_response(file_path, content_type=content_type)
