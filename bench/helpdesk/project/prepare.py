"""Run by django-helpdesk's own Python (var/helpdesk/venv), in var/helpdesk/project:

    python prepare.py count          # how many bench tickets there are
    python prepare.py seed < rows    # bench tickets from JSON lines, through helpdesk's ORM
    python prepare.py info           # staff user, queues and tickets to track, as JSON

Rows come from bench.cases.seeding.seed_cases (the Borikan side sends them), so both hold the
same tickets: ticket id = bench case index + 1, one queue per agency (MOC: not yet dispatched),
and the "Ticket Opened" follow-up the public form makes with each ticket.
"""

import datetime as dt
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdproject.settings")
import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from helpdesk.models import FollowUp, Queue, Ticket  # noqa: E402

STAFF = ("bench-staff", "bench-staff-1203")
AGENCIES = ["MOC", "DIT", "DBD", "DIP", "CAD", "DFT", "DITP", "RCAD", "DTN", "OPS", "TPSO", "PWO"]
# Borikan's statuses in helpdesk's five: open, reopened, resolved, closed, duplicate.
STATUS = {"answered": Ticket.RESOLVED_STATUS, "closed": Ticket.CLOSED_STATUS,
          "merged": Ticket.DUPLICATE_STATUS}  # fmt: skip
BATCH = 5_000


def queues():
    found = {q.slug: q for q in Queue.objects.all()}
    for code in AGENCIES:
        slug = code.lower()
        if slug not in found:
            # save() per queue: helpdesk makes each queue's permission there.
            found[slug] = Queue.objects.create(
                title=code, slug=slug, allow_public_submission=True, email_address=""
            )
    return {code: found[code.lower()] for code in AGENCIES}


def staff():
    users = get_user_model()
    user = users.objects.filter(username=STAFF[0]).first()
    if user is None:
        user = users.objects.create_superuser(STAFF[0], "staff@example.org", STAFF[1])
    return user


def seed():
    by_code = queues()
    tickets, followups, done = [], [], 0

    def flush():
        nonlocal tickets, followups, done
        with transaction.atomic():
            Ticket.objects.bulk_create(tickets)
            FollowUp.objects.bulk_create(followups)
        done += len(tickets)
        print(f"  helpdesk: {done:,} tickets stored", file=sys.stderr, flush=True)
        tickets, followups = [], []

    for line in sys.stdin:
        row = json.loads(line)
        created = dt.datetime.fromisoformat(row["received_at"])
        ticket = Ticket(
            id=row["index"] + 1,
            title=row["subject"],
            description=row["description"],
            queue=by_code[row["agency"] or "MOC"],
            status=STATUS.get(row["status"], Ticket.OPEN_STATUS),
            submitter_email=f"citizen{row['index']}@example.org",
            priority=3,
            created=created,
            modified=created,
        )
        tickets.append(ticket)
        followups.append(
            FollowUp(
                ticket_id=ticket.id,
                title="Ticket Opened",
                comment=row["description"],
                public=True,
                date=created,
            )
        )
        if len(tickets) == BATCH:
            flush()
    if tickets:
        flush()


def info():
    user = staff()
    by_code = queues()
    ids = list(Ticket.objects.order_by("id").values_list("id", flat=True)[::2000][:50])
    tracked = [
        {"ticket": t.ticket_for_url, "email": t.submitter_email, "key": t.secret_key}
        for t in Ticket.objects.select_related("queue").filter(id__in=ids)
    ]
    print(json.dumps({
        "staff": {"username": user.username, "password": STAFF[1]},
        "queues": {code: q.id for code, q in by_code.items()},
        "tickets": Ticket.objects.count(),
        "followups": FollowUp.objects.count(),
        "tracked": tracked,
    }))  # fmt: skip


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "count":
        # The seeded ones only: the creation runs' tickets come from form…@example.net.
        print(Ticket.objects.filter(submitter_email__startswith="citizen").count())
    elif command == "seed":
        seed()
    elif command == "info":
        info()
    else:
        sys.exit(f"unknown command {command}")
