"""Webhooks out, received by a real HTTP server on loopback that checks every signature."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borikan.cases.services import case_act, case_open
from borikan.core.errors import DomainError
from borikan.core.periodic import periodic_jobs
from borikan.webhooks.delivery import MAX_ATTEMPTS, backoff
from borikan.webhooks.models import Delivery, Webhook
from borikan.webhooks.services import deliveries_retry_due, webhook_create
from borikan.webhooks.signing import signature, signature_valid
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class Receiver:
    """What the receiving system got: each call's event, body and whether its signature held."""

    url: str
    secret: str = ""
    answers: list[int] = field(default_factory=list)  # status codes to give, then 200
    calls: list[dict] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.calls.append(
                {
                    "event": self.headers["X-Borikan-Event"],
                    "body": json.loads(body),
                    "signed": signature_valid(
                        secret=state.secret,
                        timestamp=self.headers["X-Borikan-Timestamp"],
                        body=body,
                        signed=self.headers["X-Borikan-Signature"],
                    ),
                }
            )
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/borikan"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def hook(receiver) -> Webhook:
    webhook = webhook_create(name="provincial-crm", url=receiver.url)
    receiver.secret = webhook.secret
    return webhook


def open_complaint():
    return case_open(
        by=None,
        actor_repr="website",
        kind="complaint",
        subject="ร้านค้าขายเกินราคา",
        description="รายละเอียด",
        origin="web",
        phone="0812345678",
        contact_fields={"first_name_th": "สมศรี"},
        submit=True,
    ).case


def test_a_case_opened_and_dispatched_reaches_the_receiver_signed(
    hook, receiver, django_capture_on_commit_callbacks
):
    director = UserFactory(username="dir-wh", director=True)
    with django_capture_on_commit_callbacks(execute=True):
        case = open_complaint()
    with django_capture_on_commit_callbacks(execute=True):
        case_act(case=case, action="dispatch", by=director, agency_code="DIT")
    events = [(c["event"], c["body"].get("change", {}).get("action")) for c in receiver.calls]
    assert events == [("case.created", None), ("case.changed", "dispatch")]
    assert all(c["signed"] for c in receiver.calls)
    created, dispatched = (c["body"] for c in receiver.calls)
    assert created["case"]["number"] == case.number
    assert created["case"]["status"] == "submitted"
    assert dispatched["case"]["agency"] == "DIT"
    assert dispatched["change"]["to_status"] == "dispatched"
    # No personal data of the citizen goes out.
    assert "0812345678" not in json.dumps(created) and "สมศรี" not in json.dumps(created)
    assert Delivery.objects.filter(status="delivered").count() == 2


def test_a_failed_call_is_retried_by_the_sweep_until_delivered(
    hook, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        case = open_complaint()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    assert delivery.last_error == "HTTP 500"
    assert delivery.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)
    # Not due yet: the sweep leaves it.
    assert deliveries_retry_due() == 0
    Delivery.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    # The worker runs the sweep every minute (a periodic job registered by the app).
    job = next(job for job in periodic_jobs() if job.name == "webhooks.retry_due")
    assert job.run() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 2, 200)
    # The same event, signed again (a new timestamp), both times verifiable.
    assert [c["body"]["id"] for c in receiver.calls] == [f"case:{case.number}:created"] * 2
    assert all(c["signed"] for c in receiver.calls)


def test_an_unreachable_receiver_fails_after_the_last_attempt(
    hook, django_capture_on_commit_callbacks
):
    Webhook.objects.filter(pk=hook.pk).update(url="http://127.0.0.1:9/nothing")
    with django_capture_on_commit_callbacks(execute=True):
        open_complaint()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and "Error" in delivery.last_error
    for _ in range(MAX_ATTEMPTS - 1):
        Delivery.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
        deliveries_retry_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)


def test_subscriptions_and_inactive_webhooks(receiver, django_capture_on_commit_callbacks):
    only_created = webhook_create(name="only-created", url=receiver.url, events=["case.created"])
    receiver.secret = only_created.secret
    webhook_create(name="off", url=receiver.url).__class__.objects.filter(name="off").update(
        is_active=False
    )
    director = UserFactory(username="dir-wh2", director=True)
    with django_capture_on_commit_callbacks(execute=True):
        case = open_complaint()
        case_act(case=case, action="dispatch", by=director, agency_code="DIT")
    assert [c["event"] for c in receiver.calls] == ["case.created"]


def test_internal_notes_stay_inside(hook, receiver, django_capture_on_commit_callbacks):
    director = UserFactory(username="dir-wh3", director=True)
    with django_capture_on_commit_callbacks(execute=True):
        case = open_complaint()
        case_act(case=case, action="note", by=director, note="ข้อมูลภายใน ห้ามเผยแพร่")
    note = receiver.calls[-1]["body"]["change"]
    assert note["action"] == "note" and note["note"] == ""


def test_signature_checks():
    body = b'{"event":"case.created"}'
    signed = signature(secret="s", timestamp=1_700_000_000, body=body)
    assert signed.startswith("sha256=") and len(signed) == 7 + 64
    check = {"secret": "s", "timestamp": "1700000000", "body": body, "now": 1_700_000_100}
    assert signature_valid(signed=signed, **check)
    assert not signature_valid(signed=signed, **{**check, "body": body + b" "})
    assert not signature_valid(signed=signed, **{**check, "secret": "t"})
    assert not signature_valid(signed=signed, **{**check, "now": 1_700_001_000})  # replayed
    assert not signature_valid(signed=signed, **{**check, "timestamp": "soon"})


def test_backoff():
    assert [backoff(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


@pytest.mark.parametrize(
    ("fields", "field_name"),
    [
        ({"name": "", "url": "https://example.org/h"}, "name"),
        ({"name": "x", "url": "ftp://example.org/h"}, "url"),
        ({"name": "x", "url": "https://example.org/h", "events": ["case.deleted"]}, "events"),
    ],
)
def test_bad_webhooks_are_refused(fields, field_name):
    with pytest.raises(DomainError) as caught:
        webhook_create(**fields)
    assert caught.value.details["field"] == field_name


def test_admin_creates_a_webhook_with_a_secret_and_retries_a_failed_delivery(
    admin_user, receiver, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:webhooks_webhook_add"),
        {"name": "crm", "url": receiver.url, "events": ["case.created"], "is_active": "on"},
    )
    assert response.status_code == 302, response.content
    webhook = Webhook.objects.get(name="crm")
    assert webhook.secret.startswith("whsec_") and webhook.events == ["case.created"]
    receiver.secret = webhook.secret
    delivery = Delivery.objects.create(
        webhook=webhook,
        event="case.created",
        event_id="x",
        payload={"event": "case.created"},
        status="failed",
        attempts=MAX_ATTEMPTS,
    )
    log = client.get(reverse("admin:webhooks_delivery_changelist"), {"status__exact": "failed"})
    assert log.status_code == 200 and log.context["cl"].result_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:webhooks_delivery_changelist"),
            {"action": "retry_now", "_selected_action": [delivery.pk]},
        )
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert receiver.calls and receiver.calls[0]["signed"]


def test_agents_cannot_see_webhooks(agent_client):
    assert agent_client.get(reverse("admin:webhooks_webhook_changelist")).status_code in {302, 403}


def test_with_the_database_queue_the_retry_waits_as_a_deferred_task(
    hook, receiver, settings, django_capture_on_commit_callbacks
):
    """Production's queue (the worker's) can defer: the retry is a task in the database."""
    from django_tasks_db.models import DBTaskResult

    from borikan.webhooks.tasks import webhook_deliver

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    receiver.answers = [503]
    with django_capture_on_commit_callbacks(execute=True):
        open_complaint()
    delivery = Delivery.objects.get()
    tasks = DBTaskResult.objects.filter(task_path__endswith="webhook_deliver")
    [first] = tasks
    assert first.args_kwargs["kwargs"] == {"delivery_id": delivery.pk}
    assert webhook_deliver.call(delivery_id=delivery.pk) == "retry"  # as the worker runs it
    delivery.refresh_from_db()
    [retry] = tasks.exclude(pk=first.pk)
    assert retry.run_after == delivery.next_attempt_at == delivery.queued_for
    # The sweep leaves a delivery whose task is waiting; when due, the task delivers it.
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert deliveries_retry_due() == 0
    assert webhook_deliver.call(delivery_id=delivery.pk) == "delivered"
    assert [c["signed"] for c in receiver.calls] == [True, True]
