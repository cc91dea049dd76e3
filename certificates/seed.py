"""The ATMP XB framework for the demo and for tests: certificates/data/atmp_framework.yaml.

Seeding is importing that file (one code path, audited like any import); a second run finds
everything unchanged and writes nothing.
"""

from pathlib import Path

from .importing import ImportPlan, import_framework

FRAMEWORK_FILE = Path(__file__).parent / "data" / "atmp_framework.yaml"


def seed_framework(*, actor=None) -> ImportPlan:
    return import_framework(
        data=FRAMEWORK_FILE.read_bytes(), filename=FRAMEWORK_FILE.name, actor=actor
    )
