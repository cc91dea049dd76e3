"""Redis (cache and broker) stopped: public pages still answer, a student's enrolment succeeds
with its e-mail kept in the outbox, sign-in is refused with a page that says why, and once
Redis is back the e-mail is delivered exactly once."""

import pytest

from load import flows

from .cluster_helpers import mails_to, prepared, shell_json, value, wait_for

pytestmark = pytest.mark.cluster

TASK = "courses.send_enrolment_email"
# The page's heading (templates/429.html), in Dutch once the catalogue has it, else English.
SIGN_IN_PAUSED = ("Inloggen is even gepauzeerd", "Signing in is paused")

# Another open cohort of the module the prepared students learn in, to enrol in.
OPEN_COHORT = """
import datetime, json
from django.urls import reverse
from django.utils import timezone, translation
from courses.models import Cohort
running = Cohort.objects.get(pk={cohort_id})
today = timezone.localdate()
cohort = Cohort.objects.create(
    module=running.module, name="Fault {tag}", starts_on=today,
    ends_on=today + datetime.timedelta(days=60), capacity=50,
    enrolment_mode=Cohort.EnrolmentMode.OPEN, enrolment_open=True,
)
with translation.override("nl"):
    print(json.dumps({{
        "id": cohort.pk,
        "enrol": reverse("learn:enrol", kwargs={{"cohort_id": cohort.pk}}),
        "module": urlsplit(running.module.url).path,
    }}))
"""


def _pending_enrolment_mail(cluster, cohort_id: int, email: str):
    return value(
        cluster,
        "SELECT m.key::text FROM outbox_message m JOIN courses_enrolment e "
        "ON m.args->>0 = e.id::text JOIN accounts_user u ON u.id = e.student_id "
        "WHERE m.task = %s AND e.cohort_id = %s AND u.email = %s AND m.published_at IS NULL",
        [TASK, cohort_id, email],
    )


def test_with_redis_stopped_pages_serve_and_the_enrolment_email_follows_once_it_is_back(
    cluster,
):
    plan = prepared(cluster, students=1)
    email = plan["students"][0]
    cohort = shell_json(
        cluster,
        "from urllib.parse import urlsplit\n"
        + OPEN_COHORT.format(cohort_id=plan["cohort_id"], tag=plan["tag"]),
    )
    web, other_web = (w.url for w in cluster.webs)
    student = flows.Session()
    flows.sign_in(student, web, email, plan["password"])
    student.get(web + cohort["module"])

    cluster.redis.stop()
    try:
        for page in ("home", "news", "programme", "verify"):
            for base in (web, other_web):
                response = flows.Session().get(base + plan["public_pages"][page], timeout=30)
                assert response.status_code == 200, (page, base, response.status_code)

        enrolled = student.post(
            other_web + cohort["enrol"],
            data={"csrfmiddlewaretoken": flows.csrf_token(student)},
            headers={"Referer": other_web + cohort["module"]},
            allow_redirects=False,
            timeout=30,
        )
        assert enrolled.status_code == 302, enrolled.text[-2000:]
        assert student.get(other_web + cohort["module"], timeout=30).status_code == 200
        key = _pending_enrolment_mail(cluster, cohort["id"], email)
        assert key is not None, "the enrolment e-mail was not kept in the outbox"

        stranger = flows.Session()
        form = stranger.get(web + flows.LOGIN_PATH, timeout=30)
        refused = stranger.post(
            web + flows.LOGIN_PATH,
            data={
                "login": email,
                "password": plan["password"],
                "csrfmiddlewaretoken": flows.form_token(form.text),
            },
            allow_redirects=False,
            timeout=30,
        )
        assert refused.status_code == 503
        assert (
            "Inloggen is even gepauzeerd" in refused.text or "Signing in is paused" in refused.text
        )
    finally:
        cluster.redis.start()

    # The beat's job, as beat would run it on its next minute.
    published = cluster.shell(
        "from atmp_platform.outbox.services import flush_outbox\nprint(flush_outbox())"
    )
    assert int(published.split()[-1]) >= 1
    wait_for(
        lambda: any(key in w.tasks_succeeded(TASK) for w in cluster.workers),
        "a worker to send the enrolment e-mail",
        cluster,
    )
    assert len(mails_to(cluster, email)) == 1
    again = cluster.shell(
        "from atmp_platform.outbox.services import flush_outbox\nprint(flush_outbox())"
    )
    assert int(again.split()[-1]) == 0
    assert sum(w.tasks_succeeded(TASK).count(key) for w in cluster.workers) == 1
