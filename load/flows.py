"""What a browser does on the site, in plain HTTP: sign in (with the second factor), read the
CSRF token, send xAPI statements as a lesson page relays them, act in a simulation run.

The same functions drive the scale-out tests (with `Session`, a requests session) and the load
test (with locust's HttpSession): every call passes locust's `name` keyword, which `Session`
accepts and ignores.
"""

import re
import time
import uuid
from urllib.parse import urlsplit

import pyotp
import requests
from requests.adapters import HTTPAdapter

LANGUAGE = "nl"
LOGIN_PATH = f"/{LANGUAGE}/accounts/login/"
SECOND_FACTOR_PATH = f"/{LANGUAGE}/accounts/2fa/authenticate/"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RUN_PATH = re.compile(r"/simulations/runs/(?P<id>[0-9a-f-]{36})/")
ADL = "http://adlnet.gov/expapi/verbs/"
# A deviation's reason must be at least this long (simulations.engine.MIN_DEVIATION_REASON);
# the token in it makes each action findable in the database.
DEVIATION_REASON = "Load test deviation, token {token}"
TOKEN = re.compile(r"token (?P<token>[0-9a-f]{32})")
# A TOTP code is good for 30 seconds; one taken with less left may expire in a slow answer.
FRESH_CODE_SECONDS = 10
SECOND_FACTOR_ATTEMPTS = 2


class FlowError(AssertionError):
    """The site did not answer as a browser expects."""


class Session(requests.Session):
    """A requests session that takes locust's `name` keyword, so the flows run unchanged."""

    def request(self, method, url, *args, name=None, **kwargs):
        return super().request(method, url, *args, **kwargs)


class _SourceAddressAdapter(HTTPAdapter):
    def __init__(self, address: str, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def bind_source(client, address: str) -> None:
    """Send the client's requests from `address` (any 127.x.y.z is this machine): the site
    sees a client address of its own, as it would each person's browser, and the
    per-address rate limits apply to each simulated person separately."""
    client.mount("http://", _SourceAddressAdapter(address))


def client_address(number: int) -> str:
    """The loopback address of simulated person `number` (0 … 65 000)."""
    return f"127.1.{number // 250}.{number % 250 + 1}"


def csrf_token(client) -> str:
    token = client.cookies.get("csrftoken")
    if not token:
        raise FlowError("No csrftoken cookie: no page with a form was opened first.")
    return token


def form_token(html: str) -> str:
    match = CSRF_FIELD.search(html)
    if match is None:
        raise FlowError("The page has no form with a CSRF token.")
    return match[1]


def sign_in(client, web: str, email: str, password: str, *, totp_secret: str = "") -> None:
    """Sign in as allauth's form does; with `totp_secret`, answer the second-factor step."""
    page = client.get(web + LOGIN_PATH, name="sign in: form")
    _expect(page, 200, "the sign-in form")
    response = client.post(
        web + LOGIN_PATH,
        data={"login": email, "password": password, "csrfmiddlewaretoken": form_token(page.text)},
        allow_redirects=False,
        name="sign in: password",
    )
    _expect(response, 302, "signing in")
    if urlsplit(response.headers["Location"]).path == SECOND_FACTOR_PATH:
        _second_factor(client, web, totp_secret)
    elif totp_secret:
        raise FlowError(f"No second factor was asked for {email}.")


def _second_factor(client, web: str, secret: str) -> None:
    """Answer the second-factor step as a person would: a code from the authenticator app,
    and once more with the next code if the first expired on its way."""
    if not secret:
        raise FlowError("The site asks for a second factor and none was given.")
    for _attempt in range(SECOND_FACTOR_ATTEMPTS):
        page = client.get(web + SECOND_FACTOR_PATH, name="sign in: second factor form")
        _expect(page, 200, "the second-factor form")
        response = client.post(
            web + SECOND_FACTOR_PATH,
            data={"code": fresh_code(secret), "csrfmiddlewaretoken": form_token(page.text)},
            allow_redirects=False,
            name="sign in: second factor",
        )
        if response.status_code == 302:
            return
    _expect(response, 302, "the second factor")


def fresh_code(secret: str) -> str:
    """The current TOTP code, taken early enough in its window to reach the server in time."""
    totp = pyotp.TOTP(secret)
    left = totp.interval - time.time() % totp.interval
    if left < FRESH_CODE_SECONDS:
        time.sleep(left + 0.1)
    return totp.now()


def start_run(client, web: str, slug: str) -> str:
    """Start a practice run of scenario `slug` (or continue the one under way); its id."""
    response = client.post(
        f"{web}/{LANGUAGE}/simulations/{slug}/start/",
        data={"context": "", "csrfmiddlewaretoken": csrf_token(client)},
        headers={"Referer": web + "/"},
        allow_redirects=False,
        name="simulation: start",
    )
    _expect(response, 302, "starting a run")
    match = RUN_PATH.search(response.headers["Location"])
    if match is None:
        raise FlowError(f"Starting a run led to {response.headers['Location']}, not a run.")
    return match["id"]


def run_state(client, web: str, run_id: str, since: float = -1):
    return client.get(
        f"{web}/{LANGUAGE}/simulations/runs/{run_id}/state/",
        params={"since": since},
        headers={"Accept": "application/json"},
        name="simulation: state",
    )


def document_deviation(client, web: str, run_id: str, token: str):
    """POST one deviation, as the dashboard's script does; `token` goes into its reason."""
    return client.post(
        f"{web}/{LANGUAGE}/simulations/runs/{run_id}/act/",
        data={
            "kind": "document_deviation",
            "reason": DEVIATION_REASON.format(token=token),
            "csrfmiddlewaretoken": csrf_token(client),
        },
        headers={"Accept": "application/json", "Referer": web + "/"},
        name="simulation: act",
    )


def post_statement(client, web: str, page_id: int, statement: dict):
    """POST a statement as the lesson page relays it from the player: JSON, CSRF header."""
    return client.post(
        f"{web}/{LANGUAGE}/learn/xapi/{page_id}/statements/",
        json=statement,
        headers={"X-CSRFToken": csrf_token(client), "Referer": web + "/"},
        name="xapi: statement",
    )


def statement(*, content_uuid: str, step_ids: list[str], right: bool) -> dict:
    """An xAPI "answered" statement of our step-order exercise, with an id of its own (the
    server stores the statement as sent, id and all); the order is right or wrong."""
    order = list(step_ids) if right else [step_ids[1], step_ids[0], *step_ids[2:]]
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": "mailto:someone@example.org"},
        "verb": {"id": f"{ADL}answered", "display": {"en-US": "answered"}},
        "object": {"id": f"urn:atmp-xb:h5p:{content_uuid}", "objectType": "Activity"},
        "result": {
            "score": {"min": 0, "max": len(step_ids), "raw": len(step_ids), "scaled": 1},
            "completion": True,
            "success": True,
            "response": "[,]".join(order),
        },
    }


def _expect(response, status: int, what: str) -> None:
    if response.status_code != status:
        raise FlowError(
            f"{what}: {response.request.method} {response.url} answered "
            f"{response.status_code}, not {status}: {response.text[:300]}"
        )
