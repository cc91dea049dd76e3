"""README's "Configuration" names every environment variable the settings read."""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
# env.str("NAME", …), env.bool(\n    "NAME", …), env("NAME"), env.db("NAME"), …
ENV_READ = re.compile(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")


def variables_read_by_the_settings() -> set[str]:
    return {
        name
        for module in (BASE / "atmp_platform" / "settings").glob("*.py")
        for name in ENV_READ.findall(module.read_text())
    }


def configuration_section() -> str:
    readme = (BASE / "README.md").read_text()
    return readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]


def variables_documented() -> set[str]:
    """Names in backticks in the first column of the section's table."""
    rows = [line for line in configuration_section().splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])}


def test_every_variable_the_settings_read_is_documented():
    read = variables_read_by_the_settings()

    assert {"DATABASE_URL", "DJANGO_EMAIL_BACKEND", "SENTRY_DSN"} <= read
    assert sorted(read - variables_documented()) == []


def test_the_pattern_finds_a_read_spread_over_lines():
    source = 'EMAIL = env.str(\n    "SOME_SETTING", default="x"\n)\nDB = env.db("OTHER_URL")\n'

    assert set(ENV_READ.findall(source)) == {"SOME_SETTING", "OTHER_URL"}
