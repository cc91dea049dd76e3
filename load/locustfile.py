"""The load: visitors, students and trainers, each request to the next web process in turn.

Run by load/run.py as `locust --headless` with ATMP_LOAD_PLAN (the JSON load/prepare.py
printed) and ATMP_LOAD_RECORD (where the ids of every statement and action the site accepted,
and the server errors per endpoint, are written when the run ends).
"""

import itertools
import json
import os
import random
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

from locust import HttpUser, between, events, task

from load import flows

PLAN = json.loads(Path(os.environ["ATMP_LOAD_PLAN"]).read_text())
WEBS = PLAN["webs"]
_students = iter(PLAN["students"])
_trainers = iter(PLAN["trainers"])
_addresses = itertools.count()

accepted_statements: list[str] = []
accepted_actions: list[str] = []
# Per endpoint: the response times (ms) and the errors by status (or exception) seen here,
# rather than in locust's CSV, which leaves out what ends while the users stop.
response_times: dict[str, list[float]] = defaultdict(list)
errors: dict[str, Counter] = defaultdict(Counter)
user_errors: list[str] = []
span: list[float] = []


@events.request.add_listener
def _note_request(name, response_time, response, exception, **_kwargs):
    now = time.time()
    span[:] = [span[0] if span else now - response_time / 1000, now]
    response_times[name].append(response_time)
    status = getattr(response, "status_code", 0) or 0
    if exception is not None or status >= 400:
        errors[name][str(status or type(exception).__name__)] += 1


@events.user_error.add_listener
def _note_user_error(user_instance, exception, tb, **_kwargs):
    user_errors.append(f"{type(user_instance).__name__}: {exception}")


@events.quitting.add_listener
def _write_record(**_kwargs):
    Path(os.environ["ATMP_LOAD_RECORD"]).write_text(
        json.dumps(
            {
                "statements": accepted_statements,
                "actions": accepted_actions,
                "response_times": response_times,
                "errors": errors,
                "user_errors": user_errors,
                "seconds": span[1] - span[0] if span else 0.0,
            }
        )
    )


class Person(HttpUser):
    """Someone with a browser of their own: a client address, cookies, and requests that go
    to each web process in turn (as a load balancer without sticky sessions sends them)."""

    abstract = True
    host = WEBS[0]
    wait_time = between(0.5, 2.5)

    def on_start(self):
        flows.bind_source(self.client, flows.client_address(next(_addresses)))
        self._webs = itertools.cycle(random.sample(WEBS, len(WEBS)))

    @property
    def web(self) -> str:
        return next(self._webs)


class Visitor(Person):
    weight = 4
    pages = PLAN["public_pages"]

    @task(3)
    def home(self):
        self.client.get(self.web + self.pages["home"], name="visitor: home")

    @task(2)
    def news(self):
        self.client.get(self.web + self.pages["news"], name="visitor: news")

    @task(2)
    def partners(self):
        self.client.get(self.web + self.pages["partners"], name="visitor: partners")

    @task(2)
    def programme(self):
        self.client.get(self.web + self.pages["programme"], name="visitor: programme")

    @task(1)
    def verify(self):
        self.client.get(self.web + self.pages["verify"], name="visitor: verify page")

    @task(1)
    def certificate(self):
        if PLAN["certificates"]:
            number = random.choice(PLAN["certificates"])
            self.client.get(
                f"{self.web}{self.pages['verify']}{number}/", name="visitor: certificate status"
            )


class Student(Person):
    weight = 5
    lesson = PLAN["lesson"]

    def on_start(self):
        super().on_start()
        email = next(_students)
        flows.sign_in(self.client, self.web, email, PLAN["password"])
        # Each student who got in does the exercise and acts in the run at least once: a short
        # run on a slow machine still has statements and actions to check.
        self.open_lesson()
        self.send_statement()
        self.start_run()
        self.act()

    def start_run(self):
        self.run_id = flows.start_run(self.client, self.web, PLAN["scenario"])
        self.since = -1.0

    @task(1)
    def open_lesson(self):
        self.client.get(self.web + self.lesson["url"], name="student: lesson")

    @task(3)
    def send_statement(self):
        statement = flows.statement(
            content_uuid=self.lesson["content_uuid"],
            step_ids=self.lesson["step_ids"],
            right=random.random() < 0.7,
        )
        response = flows.post_statement(self.client, self.web, self.lesson["id"], statement)
        if response.status_code == 200 and response.json().get("recorded"):
            accepted_statements.append(statement["id"])

    @task(4)
    def poll_state(self):
        response = flows.run_state(self.client, self.web, self.run_id, self.since)
        if response.status_code != 200:
            return
        state = response.json()
        if state.get("status") == "finished":
            self.start_run()
        else:
            self.since = state.get("now_s", self.since)

    @task(2)
    def act(self):
        token = uuid.uuid4().hex
        response = flows.document_deviation(self.client, self.web, self.run_id, token)
        if response.status_code == 200:
            accepted_actions.append(token)


class Trainer(Person):
    weight = 1

    def on_start(self):
        super().on_start()
        account = next(_trainers)
        flows.sign_in(
            self.client,
            self.web,
            account["email"],
            PLAN["password"],
            totp_secret=account["totp_secret"],
        )

    @task(3)
    def matrix(self):
        self.client.get(
            f"{self.web}/{flows.LANGUAGE}/trainer/cohorts/{PLAN['cohort_id']}/matrix/",
            name="trainer: training matrix",
        )

    @task(1)
    def cohorts(self):
        self.client.get(f"{self.web}/{flows.LANGUAGE}/trainer/", name="trainer: cohorts")
