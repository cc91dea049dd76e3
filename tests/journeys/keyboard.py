"""Operating a page with the keyboard alone, as the keyboard-only parts of the journeys do.

`tab_to` presses Tab (or Shift+Tab) until a given element has the focus and fails when the
focus is ever invisible on the way: every stop must match :focus-visible and show an outline
of at least 2 px or a box shadow, on screen. A date field's calendar button is the one stop
drawn by the browser itself (inside the field, where the page's styles cannot reach): its
own focus ring counts. `press_to_load` presses a key that loads another page and runs the
journey's checks on it.
"""

from playwright.sync_api import Locator, Page

from .support import Journey

# What the focused element is and whether its focus can be seen.
FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
        || style.boxShadow !== "none";
    const insideDateField = element.matches("input[type=date]") && !element.matches(":focus");
    return {
        element: element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
            + (element.name ? `[name=${element.name}]` : ""),
        text: (element.getAttribute("aria-label") || element.innerText || element.value || "")
            .trim().slice(0, 80),
        visible: insideDateField || (element.matches(":focus-visible") && ring),
        on_screen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
            && box.right > 0 && box.left < innerWidth,
    };
}"""
LIMIT = 150


def focused(page: Page) -> dict | None:
    """The focused element (None for the page itself): its name, text and visibility."""
    return page.evaluate(FOCUSED)


def has_focus(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def assert_focus_visible(page: Page, where: str) -> dict:
    stop = focused(page)
    assert stop is not None, f"The focus is on no element {where}."
    assert stop["visible"] and stop["on_screen"], f"The focus cannot be seen {where}: {stop}"
    return stop


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> int:
    """Press Tab (Shift+Tab with `backwards`) until `target` has the focus; the presses."""
    key = "Shift+Tab" if backwards else "Tab"
    stops = []
    for presses in range(1, LIMIT + 1):
        page.keyboard.press(key)
        stops.append(assert_focus_visible(page, f"after {presses} × {key} on {page.url}"))
        if has_focus(target):
            return presses
    raise AssertionError(
        f"{LIMIT} × {key} never reached {target} on {page.url}; the last stops: {stops[-8:]}"
    )


def press_to_load(journey: Journey, key: str) -> None:
    """Press `key` on the focused element, which loads another page; check that page."""
    with journey.page.expect_navigation():
        journey.page.keyboard.press(key)
    journey.check()
