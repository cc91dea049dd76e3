"""What every journey uses: the server it runs against, a browser tab that runs axe-core after
each page it reaches, numbered screenshots, sign-in and the site's e-mail.

A journey never reaches into the server's database: it sees what a person would see (pages,
downloads, e-mails). The server is a real gunicorn process on the demo content
(tests/journeys/conftest.py starts it once per test run).
"""

import email
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation

import pyotp
from playwright.sync_api import Locator, Page

from tests.totp import TOTP_MARGIN_SECONDS

BASE_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = BASE_DIR / "test-artifacts" / "journeys"
DOCS_SCREENSHOTS = BASE_DIR / "docs" / "screenshots"
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
MODERATE_REPORT = ARTIFACTS / "axe-moderate.txt"
DEMO_PASSWORD = "demo-atmp-xb-2026"
# JOURNEYS_SCREENSHOTS_TO_DOCS=1 copies each journey's key screen (English) to docs/screenshots/.
COPY_TO_DOCS = os.environ.get("JOURNEYS_SCREENSHOTS_TO_DOCS") == "1"
DOCS_MAX_BYTES = 150 * 1024
BROWSER_LOCALES = {"nl": "nl-BE", "en": "en-GB"}

# Run before axe: a message or panel that is still fading in would be measured half
# transparent. Wagtail's admin shows its messages 100 ms after the page starts; CSS
# animations and transitions that end within two seconds are then awaited. Longer ones are
# decorative (the admin's badges pulse for 25 s) and not awaited: that cost two seconds a page.
SETTLE = """async () => {
    const settle = async () => {
        const messages = document.querySelector("[data-controller~='w-messages']");
        if (messages && messages.querySelector("li")) {
            await new Promise(resolve => {
                const shown = () => messages.classList.contains("appear")
                    ? resolve() : requestAnimationFrame(shown);
                shown();
            });
        }
        const ending = document.getAnimations().filter(animation => {
            const timing = animation.effect && animation.effect.getComputedTiming();
            return timing && timing.endTime - (timing.localTime || 0) <= 2000;
        });
        await Promise.all(ending.map(animation => animation.finished.catch(() => null)));
    };
    await Promise.race([settle(), new Promise(resolve => setTimeout(resolve, 2000))]);
}"""

AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(" ")),
    }));
}"""


@dataclass
class Server:
    """The journeys' server: its address, its mailbox, its log and what tests/journeys/prepare.py
    reported (`facts`: the staff's TOTP secrets, certificate numbers)."""

    url: str
    mail_dir: Path
    log: Path
    facts: dict
    bring_up_seconds: float = 0.0

    used_totp: dict[str, int] = field(default_factory=dict)

    def totp_code(self, address: str) -> str:
        """A fresh code for `address`. allauth accepts each code once, so a second sign-in in
        the same 30-second period waits for the next code."""
        totp = pyotp.TOTP(self.facts["totp"][address])
        now = time.time()
        period = int(now // totp.interval)
        left = totp.interval - now % totp.interval
        # Near the end of a period the code would reach the server in the next one.
        if self.used_totp.get(address) == period or left < TOTP_MARGIN_SECONDS:
            time.sleep(left + 0.05)
            period += 1
        self.used_totp[address] = period
        return totp.at(period * totp.interval)

    def mails_to(self, address: str) -> list[email.message.Message]:
        """The messages sent to `address`, oldest first (the file backend's files)."""
        found = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime):
            for raw in path.read_text().split("-" * 79 + "\n"):
                if raw.strip():
                    message = email.message_from_string(raw)
                    if address in (message["To"] or ""):
                        found.append(message)
        return found


def text_of(message: email.message.Message) -> str:
    """The plain-text body of `message`."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"The message {message['Subject']!r} has no plain-text part.")


# The editors that autosave in Wagtail 8: a page's and a snippet's, editing or creating one.
AUTOSAVE_URL = re.compile(
    r"/admin/(pages/\d+/edit/|pages/add/\w+/\w+/\d+/|snippets/[\w/-]+/(edit|add)/)"
)


def declined_autosave(response) -> bool:
    """Wagtail's editor saves a draft in the background every half second after a change;
    when it declines one (a page in moderation, a form not valid yet) it answers the fetch
    with 400 and a JSON error code, which the editor's own indicator shows. A journey that
    leaves the editor just then sees that answer; it is not a failure of the page."""
    return (
        response.request.method == "POST"
        and response.request.resource_type in {"fetch", "xhr"}
        and bool(AUTOSAVE_URL.search(response.url))
        and (response.headers.get("content-type") or "").startswith("application/json")
    )


@dataclass
class Journey:
    """One role's walk through the site in one language, in its own browser context.

    `visit`, `follow` and `submit` wait for the next page and then run axe-core on it:
    a serious or critical violation fails the journey at once, naming the rule, its impact,
    the elements and the page; moderate ones go to the report file. `finish` fails on any
    console error, uncaught exception or Content-Security-Policy violation seen on the way.
    """

    page: Page
    server: Server
    role: str
    lang: str
    folder: str
    shots: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pages_checked: list[str] = field(default_factory=list)

    def _(self, message: str) -> str:
        """`message` as the site shows it in this journey's language."""
        with translation.override(self.lang):
            return translation.gettext(message)

    def path(self, path: str) -> str:
        """`path` under this journey's language prefix (`/programme/` -> `/en/programme/`)."""
        return f"/{self.lang}/{path.lstrip('/')}"

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None, f"No response for {path}"
        assert response.status < 400, f"{path} answered {response.status}"
        self.check()

    def follow(self, target: Locator | str) -> None:
        """Click a link or button that loads another page, then check that page."""
        locator = self.page.locator(target) if isinstance(target, str) else target
        with self.page.expect_navigation() as navigation:
            locator.click()
        response = navigation.value
        if response is not None:
            assert response.status < 400, f"{response.url} answered {response.status}"
        self.check()

    submit = follow

    def check(self) -> None:
        """Run axe-core on the page as it is now (after a navigation or an in-page update)."""
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, which the site's CSP does not govern:
            # the page's own policy stays in force for everything else.
            self.page.evaluate(AXE.read_text())
        self.page.evaluate(SETTLE)
        violations = self.page.evaluate(AXE_RUN)
        where = self.page.url.removeprefix(self.server.url)
        self.pages_checked.append(where)
        serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
        moderate = [v for v in violations if v["impact"] == "moderate"]
        if moderate:
            record_moderate(self, where, moderate)
        assert not serious, f"axe-core on {where} ({self.lang}):\n" + "\n".join(
            f"  {v['id']} ({v['impact']}): {v['help']} -> {', '.join(v['targets'])}"
            for v in serious
        )

    def shot(self, name: str, *, key: bool = False) -> Path:
        """Save a screenshot as NN-<name>.png; `key` marks the one the README shows."""
        folder = ARTIFACTS / self.lang / self.folder
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{len(list(folder.glob('*.png'))) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.shots.append(path)
        if key and COPY_TO_DOCS and self.lang == "en":
            copy_to_docs(self.page, self.folder)
        return path

    def sign_in(self, address: str, password: str = DEMO_PASSWORD) -> None:
        """Log in through the login form, answering the TOTP step for staff that have one."""
        self.visit(self.path("/accounts/login/"))
        self.page.fill("input[name=login]", address)
        self.page.fill("input[name=password]", password)
        self.submit(self.page.locator("form:has(input[name=login]) [type=submit]"))
        if "/2fa/" in self.page.url:
            self.page.fill("input[name=code]", self.server.totp_code(address))
            self.submit(self.page.locator("form:has(input[name=code]) [type=submit]"))

    def sign_out(self) -> None:
        self.visit(self.path("/accounts/logout/"))
        self.submit(self.page.locator("main form[method=post] [type=submit]").first)

    def choose_admin_language(self) -> None:
        """Set the Wagtail admin's language to this journey's in the account settings, where
        a person does it (the admin speaks the profile's language, not the browser's)."""
        self.visit("/admin/account/")
        self.page.select_option("#id_locale-preferred_language", self.lang)
        self.submit(self.page.locator("main form [type=submit]").last)

    def watch(self) -> None:
        """Collect console errors, uncaught exceptions and CSP violations from now on."""
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"exception: {error}"))
        self.page.on("response", self._response)

    def _console(self, message) -> None:
        # A failed load is reported with its address by `_response`.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            if declined_autosave(response):
                return
            self.problems.append(f"{response.status}: {response.url}")

    def finish(self) -> None:
        assert self.problems == [], f"Browser errors in the {self.role} journey: {self.problems}"


def record_moderate(journey: Journey, where: str, violations: list[dict]) -> None:
    MODERATE_REPORT.parent.mkdir(parents=True, exist_ok=True)
    with MODERATE_REPORT.open("a") as report:
        for violation in violations:
            line = {
                "role": journey.role,
                "lang": journey.lang,
                "page": where,
                "rule": violation["id"],
                "help": violation["help"],
                "targets": violation["targets"],
            }
            report.write(json.dumps(line) + "\n")


def copy_to_docs(page: Page, role: str) -> Path:
    """The README's screenshot of `role`: the visible part of the page, in 256 colours so that
    it stays small in the repository."""
    from PIL import Image

    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = DOCS_SCREENSHOTS / f"{role}.png"
    raw = target.with_suffix(".raw.png")
    page.screenshot(path=str(raw), full_page=False)
    with Image.open(raw) as image:
        image.convert("RGB").quantize(colors=256).save(target, optimize=True)
    raw.unlink()
    assert target.stat().st_size < DOCS_MAX_BYTES, f"{target} is larger than 150 KB"
    return target


def link_in(text: str) -> str:
    """The first http(s) link in an e-mail's text."""
    match = re.search(r"https?://\S+", text)
    assert match, f"No link in:\n{text}"
    return match.group(0)


def clear_artifacts(role: str, lang: str) -> None:
    shutil.rmtree(ARTIFACTS / lang / role, ignore_errors=True)
