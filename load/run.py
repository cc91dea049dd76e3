"""One bounded load run against a Cluster: prepare its people, run locust headless as a
subprocess, read its figures, and check in PostgreSQL that nothing the site accepted was lost
or stored twice."""

import json
import math
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from load import flows

BASE_DIR = Path(__file__).resolve().parent.parent
LOCUSTFILE = BASE_DIR / "load" / "locustfile.py"
LOCUST = Path(sys.executable).parent / "locust"
# Seconds locust may take beyond the run itself: starting, and stopping its users.
LOCUST_GRACE = 120
PERCENTILES = (50, 95, 99)
# Requests per page and web process before the run: a process's first requests fill lazy
# caches (templates, URL patterns, catalogues), which is not what the load measures; each
# gunicorn worker takes some of them.
WARM_UP_ROUNDS = 4


@dataclass
class Endpoint:
    name: str
    requests: int
    errors: dict[str, int]
    per_second: float
    percentiles: dict[int, float]

    @classmethod
    def from_times(cls, name: str, times: list[float], errors: dict, seconds: float):
        ordered = sorted(times)
        return cls(
            name=name,
            requests=len(ordered),
            errors=dict(errors),
            per_second=len(ordered) / seconds if seconds else 0.0,
            percentiles={share: _percentile(ordered, share) for share in PERCENTILES},
        )

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def _percentile(ordered: list[float], share: int) -> float:
    """The nearest-rank percentile of `ordered` (ms), 0 when there is none."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


@dataclass
class LoadResult:
    users: int
    duration: int
    endpoints: list[Endpoint]
    total: Endpoint
    record: dict
    verdict: dict
    locust_log: str = ""
    problems: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.problems = self._problems()

    def _problems(self) -> list[str]:
        problems = []
        for endpoint in self.endpoints:
            for status, count in endpoint.errors.items():
                problems.append(f"{count} × {status} on {endpoint.name}")
        for error in self.record["user_errors"]:
            problems.append(f"a simulated person stopped: {error}")
        for kind, counts in self.verdict.items():
            if counts["accepted"] == 0:
                problems.append(f"no {kind} were accepted: the run proves nothing about them")
            if counts["lost"]:
                problems.append(f"{counts['lost']} accepted {kind} are not stored")
            if counts["duplicated"]:
                problems.append(f"{counts['duplicated']} {kind} are stored more than once")
        if self.total.requests == 0:
            problems.append("no request was made")
        return problems

    def report(self) -> str:
        header = (
            f"{'endpoint':<36} {'requests':>8} {'req/s':>7} "
            f"{'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6}"
        )
        lines = [
            f"Load: {self.users} users for {self.duration} s ({self.record['seconds']:.0f} s "
            "from the first request to the last), each person's requests to the web processes "
            "in turn; response times in ms",
            header,
            "-" * len(header),
        ]
        for endpoint in [*self.endpoints, self.total]:
            p50, p95, p99 = (endpoint.percentiles[share] for share in PERCENTILES)
            lines.append(
                f"{endpoint.name[:36]:<36} {endpoint.requests:>8} {endpoint.per_second:>7.1f} "
                f"{p50:>6.0f} {p95:>6.0f} {p99:>6.0f} {endpoint.error_count:>6}"
            )
        for kind, counts in self.verdict.items():
            lines.append(
                f"{kind}: {counts['accepted']} accepted, {counts['stored']} stored, "
                f"{counts['lost']} lost, {counts['duplicated']} stored twice, "
                f"{counts['stored_without_answer']} stored without an answer seen"
            )
        lines.append("Problems:" if self.problems else "Nothing lost, no error.")
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


def run_load(cluster, *, users: int, spawn_rate: float, duration: int, workdir: Path) -> LoadResult:
    """Run `users` simulated people for `duration` seconds against `cluster` (tests/cluster/
    harness.py) and judge the outcome; what locust wrote stays in `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    tag = secrets.token_hex(4)
    # Each kind of person is at most `users` strong, whatever share locust gives it.
    plan = json.loads(
        cluster.shell(
            f"from load.prepare import main\nmain({tag!r}, students={users}, trainers={users})"
        )
    )
    plan["webs"] = [web.url for web in cluster.webs]
    _warm_up(plan)
    plan_path = workdir / "plan.json"
    plan_path.write_text(json.dumps(plan))
    record_path = workdir / "record.json"
    log = _locust(plan_path, record_path, users=users, spawn_rate=spawn_rate, duration=duration)
    if not record_path.exists():
        raise RuntimeError(f"locust wrote no record of what was accepted:\n{log[-4000:]}")
    record = json.loads(record_path.read_text())
    verdict = json.loads(
        cluster.shell(f"from load.check import main\nmain({tag!r}, {str(record_path)!r})")
    )
    endpoints, total = _figures(record)
    return LoadResult(
        users=users,
        duration=duration,
        endpoints=endpoints,
        total=total,
        record=record,
        verdict=verdict,
        locust_log=log,
    )


def _warm_up(plan: dict) -> None:
    paths = [*plan["public_pages"].values(), flows.LOGIN_PATH]
    with flows.Session() as session:
        for _round in range(WARM_UP_ROUNDS):
            for web in plan["webs"]:
                for path in paths:
                    session.get(web + path, timeout=60)


def _locust(plan_path, record_path, *, users, spawn_rate, duration) -> str:
    env = {
        **os.environ,
        "ATMP_LOAD_PLAN": str(plan_path),
        "ATMP_LOAD_RECORD": str(record_path),
        "PYTHONPATH": str(BASE_DIR),
    }
    command = [
        str(LOCUST), "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--users", str(users), "--spawn-rate", str(spawn_rate), "--run-time", f"{duration}s",
        "--stop-timeout", "10", "--exit-code-on-error", "0",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=duration + LOCUST_GRACE, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"locust exited with {result.returncode}:\n{output[-4000:]}")
    return output


def _figures(record: dict) -> tuple[list[Endpoint], Endpoint]:
    seconds = record["seconds"]
    endpoints = [
        Endpoint.from_times(name, times, record["errors"].get(name, {}), seconds)
        for name, times in sorted(record["response_times"].items())
    ]
    everything = [time for times in record["response_times"].values() for time in times]
    all_errors: dict[str, int] = {}
    for endpoint in endpoints:
        for status, count in endpoint.errors.items():
            all_errors[status] = all_errors.get(status, 0) + count
    return endpoints, Endpoint.from_times("all requests", everything, all_errors, seconds)
