"""After a load run, in the cluster's Django: is every accepted statement and action stored
exactly once? Reads the record the locustfile wrote and prints the verdict as JSON."""

import json
from collections import Counter
from pathlib import Path

from courses.h5p.models import XAPIStatement
from load.flows import TOKEN
from load.prepare import ACTION, email_domain
from simulations.models import RunAction

SHOWN = 10


def main(tag: str, record_path: str) -> None:
    record = json.loads(Path(record_path).read_text())
    print(json.dumps(verify(tag, record)))


def verify(tag: str, record: dict) -> dict:
    suffix = "@" + email_domain(tag)
    statements = Counter(
        XAPIStatement.objects.filter(student__email__endswith=suffix).values_list(
            "statement__id", flat=True
        )
    )
    reasons = RunAction.objects.filter(
        run__trainee__email__endswith=suffix, kind=ACTION
    ).values_list("reason", flat=True)
    actions = Counter(match["token"] for match in map(TOKEN.search, reasons) if match)
    return {
        "statements": _compare(record["statements"], statements),
        "actions": _compare(record["actions"], actions),
    }


def _compare(accepted: list[str], stored: Counter) -> dict:
    lost = [key for key in accepted if stored[key] == 0]
    duplicated = [key for key, count in stored.items() if count > 1]
    return {
        "accepted": len(accepted),
        "stored": sum(stored.values()),
        "lost": len(lost),
        "duplicated": len(duplicated),
        # Stored although the client saw no success (a response lost on the way back): not an
        # error of the server's, but worth knowing.
        "stored_without_answer": len(set(stored) - set(accepted)),
        "examples": {"lost": lost[:SHOWN], "duplicated": duplicated[:SHOWN]},
    }
