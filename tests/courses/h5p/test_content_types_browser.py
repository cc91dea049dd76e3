"""Our content types played in h5p-standalone in Chromium: keyboard only, at 320 px wide, and
the xAPI statement they emit scored the same by the server.

A static harness (this module writes it) serves h5p-standalone from node_modules, the library
folders from the repository and the example exercises built in memory, from a local HTTP
server: no database and no Django view is involved, so a failure here is the content type's.
"""

import functools
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

from django.conf import settings

import pytest

from courses.h5p.content_types import LIBRARIES_DIR
from courses.h5p.scoring import recompute_score
from tests.conftest import skip_or_fail
from tests.courses.h5p.our_types import (
    LIMIT_CHECK_EXAMPLE,
    STEP_ORDER_EXAMPLE,
    built_example,
    content_of,
)

pytestmark = pytest.mark.browser

PLAYER_DIST = Path(settings.BASE_DIR) / "node_modules" / "h5p-standalone" / "dist"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
EXAMPLES = {"steps": STEP_ORDER_EXAMPLE, "limits": LIMIT_CHECK_EXAMPLE}
HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>H5P harness</title></head>
<body><main id="player"></main>
<script>
// H5P core reads localStorage while it starts; a sandboxed frame without allow-same-origin
// has none, so the player page there needs a stand-in (in memory, gone with the frame).
(function () {
  try { window.localStorage.getItem("probe"); return; } catch (error) { /* sandboxed */ }
  let items = {};
  Object.defineProperty(window, "localStorage", {configurable: true, value: {
    getItem: (key) => (key in items ? items[key] : null),
    setItem: (key, value) => { items[key] = String(value); },
    removeItem: (key) => { delete items[key]; },
    clear: () => { items = {}; },
    key: (index) => Object.keys(items)[index] ?? null,
    get length() { return Object.keys(items).length; },
  }});
})();
</script>
<script src="/player/main.bundle.js"></script>
<script>
window.statements = [];
const query = new URLSearchParams(location.search);
window.playerReady = new H5PStandalone.H5P(document.getElementById("player"), {
  id: query.get("content"),
  h5pJsonPath: "/content/" + query.get("content"),
  librariesPath: "/libraries",
  frameJs: "/player/frame.bundle.js",
  frameCss: "/player/styles/h5p.css",
  embedType: query.get("embed") || "iframe",
}).then(() => {
  H5P.externalDispatcher.on("xAPI", (event) => window.statements.push(event.data.statement));
  return true;
});
</script></body></html>
"""
# The way the site embeds the player (DESIGN.md, H5P): a sandboxed frame without
# allow-same-origin, h5p-standalone rendering into a div of that frame.
SANDBOXED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Sandboxed H5P harness</title></head>
<body><iframe sandbox="allow-scripts" title="Exercise" style="width: 320px; height: 1400px"
  src="/index.html?content=steps&amp;embed=div"></iframe></body></html>
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def end_headers(self):
        # The sandboxed frame's origin is opaque: every fetch it makes is cross-origin.
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    """The base URL of a local server holding the player, our libraries and the examples."""
    if not (PLAYER_DIST / "main.bundle.js").is_file():
        skip_or_fail("h5p-standalone is not installed (npm install)")
    ARTIFACTS.mkdir(exist_ok=True)
    root = tmp_path_factory.mktemp("h5p-harness")
    (root / "player").symlink_to(PLAYER_DIST)
    (root / "libraries").symlink_to(LIBRARIES_DIR)
    (root / "index.html").write_text(HARNESS, encoding="utf-8")
    (root / "sandboxed.html").write_text(SANDBOXED, encoding="utf-8")
    for name, definition in EXAMPLES.items():
        package = zipfile.ZipFile(BytesIO(built_example(definition)[0]))
        for member in ("h5p.json", "content/content.json"):
            target = root / "content" / name / member
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(package.read(member))
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def narrow_tab(browser, harness):
    """A 320 px wide tab that records every request leaving the harness's origin."""
    context = browser.new_context(viewport={"width": 320, "height": 900}, locale="nl-BE")
    tab = context.new_page()
    tab.outside_requests = []
    tab.errors = []
    tab.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((harness, "about:", "data:"))
            else tab.outside_requests.append(request.url)
        ),
    )
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def open_exercise(tab, harness, name: str, selector: str):
    """Load an example in the player; returns the iframe the content type runs in."""
    tab.goto(f"{harness}/index.html?content={name}")
    tab.wait_for_function("window.playerReady !== undefined")
    tab.evaluate("window.playerReady")
    frame = next(frame for frame in tab.frames if frame != tab.main_frame)
    frame.wait_for_selector(selector)
    return frame


def statements(tab) -> list[dict]:
    return tab.evaluate("window.statements")


def focused(frame) -> dict:
    return frame.evaluate(
        """() => {
          const element = document.activeElement;
          return {
            tag: element.tagName,
            label: element.getAttribute("aria-label") || element.textContent,
            step: element.closest("li") ? element.closest("li").dataset.id : null,
            direction: element.dataset.direction || null,
            outline: getComputedStyle(element).outlineStyle,
          };
        }"""
    )


def fits_the_width(frame) -> bool:
    return frame.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def displayed_order(frame) -> list[str]:
    return frame.eval_on_selector_all("li.h5p-atmp-step", "items => items.map(i => i.dataset.id)")


def put_in_order_with_the_keyboard(tab, frame, correct: list[str]) -> None:
    """Selection sort with the move-up buttons, activated by Enter, never by a click."""
    for target, step in enumerate(correct):
        position = displayed_order(frame).index(step)
        if position == target:
            continue
        frame.focus(f'li[data-id="{step}"] button[data-direction="-1"]')
        for _press in range(position - target):
            tab.keyboard.press("Enter")
            now = focused(frame)
            assert (now["step"], now["direction"]) == (step, "-1"), "focus must follow the step"
        assert displayed_order(frame)[target] == step


def serious_accessibility_violations(frame) -> list[str]:
    """axe-core on the content type's own markup (the player's frame document is not ours)."""
    if not frame.evaluate("typeof axe !== 'undefined'"):
        frame.add_script_tag(path=str(AXE))
    return frame.evaluate(
        """async () => (await axe.run({include: [[".h5p-container"]]},
                                      {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
    )


def assert_server_agrees(statement: dict, parameters: dict, machine_name: str) -> None:
    score = recompute_score(content=content_of(machine_name, parameters), statement=statement)
    claimed = statement["result"]["score"]
    assert (score.raw, score.max, score.success) == (
        claimed["raw"],
        claimed["max"],
        statement["result"]["success"],
    )


def test_step_order_is_played_with_the_keyboard_and_reports_a_sequencing_response(
    narrow_tab, harness
):
    _package, _h5p_json, parameters = built_example(STEP_ORDER_EXAMPLE)
    correct = [step["id"] for step in parameters["steps"]]
    frame = open_exercise(narrow_tab, harness, "steps", "li.h5p-atmp-step")
    shuffled = displayed_order(frame)
    assert sorted(shuffled) == sorted(correct)
    assert shuffled != correct

    # Tab reaches the first move button, and the focus is visible.
    frame.focus("p.h5p-atmp-task")
    frame.evaluate("document.activeElement.blur()")
    narrow_tab.keyboard.press("Tab")
    first = focused(frame)
    assert (first["step"], first["direction"]) == (shuffled[0], "-1")
    assert first["outline"] != "none"
    assert first["label"].startswith("Move up: ")

    put_in_order_with_the_keyboard(narrow_tab, frame, correct)
    assert frame.inner_text("p[aria-live]").endswith(f"of {len(correct)}.")
    assert fits_the_width(frame)
    frame.focus(f'li[data-id="{correct[-1]}"] button[data-direction="1"]')
    narrow_tab.keyboard.press("Tab")
    assert focused(frame)["label"] == "Check"
    narrow_tab.keyboard.press("Space")

    frame.wait_for_selector("li.h5p-atmp-right")
    assert frame.locator("li.h5p-atmp-wrong").count() == 0
    assert "10 of 10" in frame.inner_text("p.h5p-atmp-feedback")
    narrow_tab.screenshot(path=str(ARTIFACTS / "h5ptypes-step-order-checked.png"), full_page=True)
    (statement,) = statements(narrow_tab)
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    definition = statement["object"]["definition"]
    assert definition["interactionType"] == "sequencing"
    assert [choice["id"] for choice in definition["choices"]] == correct
    assert "correctResponsesPattern" not in definition
    assert statement["result"]["response"] == "[,]".join(correct)
    assert statement["result"]["score"] == {"min": 0, "max": 10, "raw": 10, "scaled": 1}
    assert statement["result"]["completion"] is True
    assert_server_agrees(statement, parameters, "ATMP.StepOrder")
    assert narrow_tab.outside_requests == []
    assert narrow_tab.errors == []


def test_a_wrong_order_is_marked_step_by_step_and_the_solution_can_be_shown(narrow_tab, harness):
    _package, _h5p_json, parameters = built_example(STEP_ORDER_EXAMPLE)
    correct = [step["id"] for step in parameters["steps"]]
    frame = open_exercise(narrow_tab, harness, "steps", "li.h5p-atmp-step")
    shuffled = displayed_order(frame)
    frame.focus("button.h5p-atmp-button-check")
    narrow_tab.keyboard.press("Enter")

    right = sum(given == expected for given, expected in zip(shuffled, correct, strict=True))
    assert frame.locator("li.h5p-atmp-right").count() == right
    assert frame.locator("li.h5p-atmp-wrong").count() == len(correct) - right
    assert frame.locator("li.h5p-atmp-wrong .h5p-atmp-step-status").first.inner_text() == (
        "Not in the right place"
    )
    assert frame.locator("button.h5p-atmp-move").count() == 0
    (statement,) = statements(narrow_tab)
    assert statement["result"]["response"] == "[,]".join(shuffled)
    assert statement["result"]["score"]["raw"] == right < len(correct)
    assert statement["result"]["success"] is False
    assert_server_agrees(statement, parameters, "ATMP.StepOrder")

    frame.focus("button.h5p-atmp-button-solution")
    narrow_tab.keyboard.press("Enter")
    assert displayed_order(frame) == correct
    assert frame.inner_text("p.h5p-atmp-feedback") == "This is the correct order."
    assert focused(frame)["label"] == "Retry"
    narrow_tab.keyboard.press("Enter")
    assert displayed_order(frame) != correct
    assert frame.locator("button.h5p-atmp-move").count() == 2 * len(correct)
    assert focused(frame)["direction"] == "-1"


def test_the_question_contract_answers_for_the_step_order(narrow_tab, harness):
    frame = open_exercise(narrow_tab, harness, "steps", "li.h5p-atmp-step")
    contract = frame.evaluate(
        """() => {
          const instance = H5P.instances[0];
          const before = {score: instance.getScore(), max: instance.getMaxScore(),
                          given: instance.getAnswerGiven(), title: instance.getTitle()};
          instance.showSolutions();
          const solved = instance.getXAPIData().statement.result;
          instance.resetTask();
          return {before, solved, after: instance.getScore(), given: instance.getAnswerGiven()};
        }"""
    )
    assert contract["before"]["max"] == 10
    assert contract["before"]["score"] < 10
    assert contract["before"]["given"] is False
    # No metadata title in the harness: the task, cut to H5P's 60 characters.
    assert contract["before"]["title"] == (
        "Put the steps of this site's gowning procedure for enteri..."
    )
    assert contract["solved"]["score"]["raw"] == 10
    assert contract["after"] < 10
    assert contract["given"] is False
    assert statements(narrow_tab) == []


def test_limit_check_is_played_with_the_keyboard_in_dutch_and_reports_a_choice_response(
    narrow_tab, harness
):
    _package, _h5p_json, parameters = built_example(LIMIT_CHECK_EXAMPLE)
    exceeding = [item["id"] for item in parameters["items"] if item["exceeds"]]
    frame = open_exercise(narrow_tab, harness, "limits", "li.h5p-atmp-item")
    assert frame.inner_text("p.h5p-atmp-grade") == "Cleanroom van graad B"
    assert frame.inner_text("legend").startswith("Welke van deze monitoringresultaten")

    # The first Tab lands on the first checkbox; Space ticks, Tab moves on.
    frame.evaluate("document.activeElement.blur()")
    narrow_tab.keyboard.press("Tab")
    assert focused(frame)["tag"] == "INPUT"
    for item in parameters["items"]:
        assert frame.evaluate("document.activeElement.value") == item["id"]
        assert focused(frame)["outline"] != "none"
        if item["exceeds"] or item["id"] == "contact-gown":
            narrow_tab.keyboard.press("Space")
        narrow_tab.keyboard.press("Tab")
    assert focused(frame)["label"] == "Controleren"
    assert fits_the_width(frame)
    narrow_tab.keyboard.press("Enter")

    frame.wait_for_selector("li.h5p-atmp-wrong")
    assert frame.locator("li.h5p-atmp-right").count() == 5
    wrong = frame.locator("li.h5p-atmp-wrong .h5p-atmp-outcome").inner_text()
    assert wrong.startswith("Fout: Overschrijdt de actielimiet niet.")
    assert "maar let op de trend" in wrong
    assert "5 van de 6" in frame.inner_text("p.h5p-atmp-feedback")
    narrow_tab.screenshot(path=str(ARTIFACTS / "h5ptypes-limit-check-checked.png"), full_page=True)
    (statement,) = statements(narrow_tab)
    definition = statement["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert [choice["id"] for choice in definition["choices"]] == [
        item["id"] for item in parameters["items"]
    ]
    assert statement["result"]["response"] == "[,]".join([*exceeding, "contact-gown"])
    assert statement["result"]["score"] == {"min": 0, "max": 6, "raw": 5, "scaled": 0.8333}
    assert_server_agrees(statement, parameters, "ATMP.LimitCheck")
    assert narrow_tab.outside_requests == []
    assert narrow_tab.errors == []


def test_the_limit_check_solution_ticks_exactly_the_results_above_the_limit(narrow_tab, harness):
    _package, _h5p_json, parameters = built_example(LIMIT_CHECK_EXAMPLE)
    frame = open_exercise(narrow_tab, harness, "limits", "li.h5p-atmp-item")
    frame.focus("button.h5p-atmp-button-check")
    narrow_tab.keyboard.press("Enter")
    (statement,) = statements(narrow_tab)
    assert statement["result"]["response"] == ""
    assert statement["result"]["score"]["raw"] == 3
    assert_server_agrees(statement, parameters, "ATMP.LimitCheck")

    frame.focus("button.h5p-atmp-button-solution")
    narrow_tab.keyboard.press("Enter")
    ticked = frame.eval_on_selector_all("input:checked", "inputs => inputs.map(i => i.value)")
    assert ticked == [item["id"] for item in parameters["items"] if item["exceeds"]]
    assert frame.locator("input:disabled").count() == len(parameters["items"])
    narrow_tab.keyboard.press("Enter")  # the focus moved to Retry
    assert frame.locator("input:checked").count() == 0
    assert frame.locator("input:disabled").count() == 0


@pytest.mark.parametrize(
    ("name", "selector"), [("steps", "li.h5p-atmp-step"), ("limits", "li.h5p-atmp-item")]
)
def test_the_content_types_have_no_serious_accessibility_violations_before_or_after_checking(
    narrow_tab, harness, name, selector
):
    if not AXE.is_file():
        skip_or_fail("axe-core is not installed (npm install)")
    frame = open_exercise(narrow_tab, harness, name, selector)
    assert serious_accessibility_violations(frame) == []
    frame.focus("button.h5p-atmp-button-check")
    narrow_tab.keyboard.press("Enter")
    frame.wait_for_selector(".h5p-atmp-wrong, .h5p-atmp-right")
    assert serious_accessibility_violations(frame) == []


def test_step_order_works_as_a_div_in_a_sandboxed_frame_as_the_site_embeds_it(narrow_tab, harness):
    _package, _h5p_json, parameters = built_example(STEP_ORDER_EXAMPLE)
    correct = [step["id"] for step in parameters["steps"]]
    narrow_tab.goto(f"{harness}/sandboxed.html")
    frame = next(frame for frame in narrow_tab.frames if frame != narrow_tab.main_frame)
    frame.wait_for_selector(".h5p-content li.h5p-atmp-step")
    assert frame.evaluate("window.origin") == "null"
    assert frame.evaluate("window.playerReady") is True
    assert frame.locator("iframe").count() == 0

    put_in_order_with_the_keyboard(narrow_tab, frame, correct)
    frame.focus("button.h5p-atmp-button-check")
    narrow_tab.keyboard.press("Enter")
    frame.wait_for_selector("li.h5p-atmp-right")

    (statement,) = frame.evaluate("window.statements")
    assert statement["result"]["response"] == "[,]".join(correct)
    assert_server_agrees(statement, parameters, "ATMP.StepOrder")
    assert narrow_tab.outside_requests == []
    assert narrow_tab.errors == []
