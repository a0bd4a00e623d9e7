"""A demo webhook, switched off (nothing listens at its address): the admin shows how one is
configured. Idempotent."""

from __future__ import annotations

from django.db import transaction

from borikan.webhooks.models import Webhook
from borikan.webhooks.services import secret_generate

DEMO_NAME = "demo-provincial-crm"


@transaction.atomic
def load() -> dict[str, int]:
    _webhook, created = Webhook.objects.get_or_create(
        name=DEMO_NAME,
        defaults={
            "url": "http://127.0.0.1:9000/borikan/webhook",
            "events": ["case.created", "case.changed"],
            "secret": secret_generate(),
            "is_active": False,
        },
    )
    return {"webhooks created": int(created)}
