"""The journeys' helpers that need no browser: which failed requests are Wagtail's autosave
declining a draft, and not a failure of the page."""

from dataclasses import dataclass, field

import pytest

from tests.journeys.support import declined_autosave


@dataclass
class Request:
    method: str = "POST"
    resource_type: str = "fetch"


@dataclass
class Response:
    """What declined_autosave reads of a Playwright response."""

    url: str
    request: Request = field(default_factory=Request)
    headers: dict = field(default_factory=lambda: {"content-type": "application/json"})


@pytest.mark.parametrize(
    "path",
    [
        "/admin/pages/12/edit/",
        "/admin/pages/add/partners/knowledgearticlepage/47/",
        "/admin/snippets/news/tag/edit/3/",
        "/admin/snippets/news/tag/add/",
    ],
)
def test_a_json_answer_to_an_editors_background_save_is_a_declined_autosave(path):
    assert declined_autosave(Response(f"http://127.0.0.1:8000{path}"))


@pytest.mark.parametrize(
    "response",
    [
        # Not an editor.
        Response("http://127.0.0.1:8000/admin/pages/12/"),
        Response("http://127.0.0.1:8000/nl/learn/xapi/3/statements/"),
        # The form itself, submitted by the person: a page, not a background save.
        Response(
            "http://127.0.0.1:8000/admin/pages/12/edit/", request=Request(resource_type="document")
        ),
        Response(
            "http://127.0.0.1:8000/admin/pages/12/edit/", headers={"content-type": "text/html"}
        ),
        Response("http://127.0.0.1:8000/admin/pages/12/edit/", request=Request(method="GET")),
    ],
)
def test_anything_else_failing_is_not_excused(response):
    assert not declined_autosave(response)
