"""Shorthands for the StreamField blocks the demo texts are written in."""


def paragraph(html: str) -> tuple[str, str]:
    return ("paragraph", html)


def heading(text: str, level: str = "h2") -> tuple[str, dict]:
    return ("heading", {"text": text, "level": level})


def callout(title: str, html: str, kind: str = "regulation") -> tuple[str, dict]:
    return ("callout", {"kind": kind, "title": title, "text": html})


def exercise(key: str, title: str, pass_mark: int = 80) -> tuple[str, dict]:
    """An H5P block for the demo exercise `key`; the loader puts in the uploaded content."""
    return ("h5p", {"exercise": key, "title": title, "pass_mark": pass_mark, "required": True})


def simulation(scenario: str, intro: str) -> tuple[str, dict]:
    """A simulation block for the shipped scenario with slug `scenario`; the loader puts in the
    scenario itself."""
    return ("simulation", {"scenario": scenario, "intro": intro})
