"""Sentry stays off without SENTRY_DSN; with one, a failing request is delivered to it (here a
local HTTP listener standing in for the Sentry server) without cookies or e-mail addresses."""

import gzip
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk

from atmp_platform.ops.sentry import init_sentry
from tests.processes import run_python

SESSION = "s3cr3t-session-value"
EMAIL = "sam.student@example.org"
# Through Django's real WSGI handler, as gunicorn calls it (the test client skips the WSGI
# layer where Sentry reads the request).
PROBE = f"""
from wsgiref.util import setup_testing_defaults
import django
django.setup()
import sentry_sdk
from django.core.wsgi import get_wsgi_application
from django.test.utils import override_settings

print(sorted(sentry_sdk.get_client().integrations))
environ = {{
    "PATH_INFO": "/explode/",
    "QUERY_STRING": "who={EMAIL}",
    "HTTP_COOKIE": "sessionid={SESSION}; csrftoken=c5rf-value",
}}
setup_testing_defaults(environ)
statuses = []
with override_settings(
    ROOT_URLCONF="tests.ops.raising_urls",
    MIDDLEWARE=["atmp_platform.ops.logs.RequestIdMiddleware"],
):
    b"".join(get_wsgi_application()(environ, lambda status, headers: statuses.append(status)))
print(statuses[0].split()[0])
sentry_sdk.flush(timeout=10)
"""


class Collector(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]]

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = pytest.importorskip("brotli").decompress(body)
        self.server.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    server.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def envelope_items(body: bytes) -> list[tuple[dict, dict]]:
    lines = body.split(b"\n")
    items = []
    for header, payload in zip(lines[1::2], lines[2::2], strict=False):
        if header.strip():
            items.append((json.loads(header), json.loads(payload) if payload.strip() else {}))
    return items


def test_without_a_dsn_nothing_is_initialised():
    assert init_sentry(dsn="", environment="production", release="1", traces_sample_rate=0) is False
    assert not sentry_sdk.get_client().is_active()


def test_an_exception_reaches_the_sentry_server_without_cookies_or_e_mail(sentry_server):
    port = sentry_server.server_address[1]
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "atmp_platform.settings.test",
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/42",
        "SENTRY_ENVIRONMENT": "ci",
        "SENTRY_RELEASE": "atmp@test-release",
    }

    result = run_python("-c", PROBE, environment=environment)

    assert result.returncode == 0, result.stderr
    integrations, status = result.stdout.strip().splitlines()[-2:]
    assert "'celery'" in integrations and "'django'" in integrations
    assert status == "500"
    paths = {path for path, _body in sentry_server.received}
    assert paths == {"/api/42/envelope/"}
    events = [
        payload
        for _path, body in sentry_server.received
        for header, payload in envelope_items(body)
        if header.get("type") == "event"
    ]
    (event,) = events  # one event: the request's error log line is not a second one
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "the enrolment of [e-mail] could not be read"
    assert event["environment"] == "ci"
    assert event["release"] == "atmp@test-release"
    assert event["request"]["url"] == "http://127.0.0.1/explode/"
    assert event["request"]["query_string"] == "who=[e-mail]"
    everything = b"".join(body for _path, body in sentry_server.received).decode()
    assert SESSION not in everything
    assert "c5rf-value" not in everything
    assert EMAIL not in everything
    assert "cookies" not in event["request"]
