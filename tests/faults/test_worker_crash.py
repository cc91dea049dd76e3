"""A Celery worker's pool process killed with SIGKILL in the middle of issuing a certificate:
after the worker has replaced it, there is exactly one certificate, one PDF, one credential,
one audit record of its completion and one e-mail."""

import secrets
import signal
from pathlib import Path

import psutil
import pytest

from .cluster_helpers import (
    audit_chain_held,
    mails_to,
    pause_workers,
    pool_processes,
    shell_json,
    value,
    wait_for,
    waiting_on_audit_chain,
    worker_that_received,
)

pytestmark = pytest.mark.cluster

TASK = "certificates.tasks.complete_certificate"

# A fresh student meets every requirement of the demo's first certificate type: the last
# evidence issues it (pending) and the outbox publishes its completion task.
ISSUE = """
import json
from certificates.models import Certificate, CertificateType, Evidence
from certificates.services import record_evidence
from load.prepare import plan
from atmp_platform.accounts.models import User
from atmp_platform.outbox.models import Message

student = User.objects.get(email=plan({tag!r}, students=1, trainers=0)["students"][0])
certificate_type = CertificateType.objects.filter(active=True).order_by("pk").first()
for requirement in certificate_type.requirements.select_related("competency"):
    record_evidence(
        person=student, competency=requirement.competency,
        source=Evidence.Source.ASSESSMENT, source_ref="fault:{tag}:%s" % requirement.pk,
        verification=Evidence.Verification.TRAINER, level=requirement.minimum_level,
    )
certificate = Certificate.objects.get(holder=student, certificate_type=certificate_type)
message = Message.objects.get(task={task!r}, args=[certificate.pk])
print(json.dumps({{
    "id": certificate.pk, "public_id": str(certificate.public_id), "email": student.email,
    "type": certificate_type.pk, "status": certificate.status, "task_id": str(message.key),
}}))
"""

OUTCOME = """
import json
from atmp_platform.audit.models import AuditEvent
from certificates.models import Certificate
certificate = Certificate.objects.get(pk={id})
print(json.dumps({{
    "certificates": Certificate.objects.filter(
        holder_id=certificate.holder_id, certificate_type_id=certificate.certificate_type_id
    ).count(),
    "status": certificate.status,
    "pdf": certificate.pdf.name,
    "credential": bool(certificate.credential),
    "completed_events": AuditEvent.objects.filter(
        action="certificate.completed", object_id=str(certificate.pk)
    ).count(),
}}))
"""


def test_a_worker_killed_while_issuing_a_certificate_leaves_exactly_one(cluster):
    pause_workers(cluster, signal.SIGSTOP)
    try:
        issued = shell_json(cluster, ISSUE.format(tag=secrets.token_hex(4), task=TASK))
    finally:
        pause_workers(cluster, signal.SIGCONT)
    assert issued["status"] == "pending"
    media = Path(cluster.env["DJANGO_MEDIA_ROOT"]) / "certificates"

    with audit_chain_held(cluster):
        # The PDF is written and the certificate marked issued, uncommitted: the worker
        # waits for the audit chain to record the completion, and dies there.
        wait_for(lambda: waiting_on_audit_chain(cluster) == 1, "the task to block", cluster)
        worker = worker_that_received(cluster, issued["task_id"])
        killed = pool_processes(worker)
        for process in killed:
            process.send_signal(signal.SIGKILL)
        psutil.wait_procs(killed, timeout=30)
    # Its database session fails as soon as it gets the lock and answers a dead client.
    wait_for(lambda: waiting_on_audit_chain(cluster) == 0, "the killed attempt to end", cluster)

    wait_for(
        lambda: value(
            cluster,
            "SELECT emailed_at IS NOT NULL FROM certificates_certificate WHERE id = %s",
            [issued["id"]],
        ),
        "the re-delivered task to complete the certificate",
        cluster,
    )
    outcome = shell_json(cluster, OUTCOME.format(id=issued["id"]))
    assert outcome == {
        "certificates": 1,
        "status": "issued",
        "pdf": f"certificates/{issued['public_id']}.pdf",
        "credential": True,
        "completed_events": 1,
    }
    assert sorted(p.name for p in media.glob(f"*{issued['public_id']}*")) == [
        f"{issued['public_id']}.pdf"
    ]
    assert len(mails_to(cluster, issued["email"])) == 1
    logs = "".join(w.log.read_text("utf-8", "replace") for w in cluster.workers)
    assert "WorkerLostError" in logs or "SIGKILL" in logs
    succeeded = [w.tasks_succeeded(TASK).count(issued["task_id"]) for w in cluster.workers]
    assert sum(succeeded) == 1
