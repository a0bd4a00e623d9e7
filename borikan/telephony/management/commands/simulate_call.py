"""`borikan simulate-call`: plays a PBX against a running Borikan, to try the screen pop.

    borikan simulate-call --from 081-234-5678 --extension 1001

It posts newCall, answer and hangup to /api/v1/cti/{token} over HTTP, exactly as a PBX would,
so the running server pushes the card to the agent whose extension answers.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from borikan.telephony.models import CtiToken
from borikan.telephony.services import cti_token_create

TOKEN_NAME = "simulator"


class Command(BaseCommand):
    help = "Simulate a call on the hotline against a running server (try the screen pop)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--from", dest="caller", default="081-234-5678")
        parser.add_argument("--extension", default="1001", help="The agent who answers.")
        parser.add_argument("--hotline", default="1203")
        parser.add_argument("--url", default="http://127.0.0.1:8000")
        parser.add_argument("--ring", type=float, default=3, help="Seconds of ringing.")
        parser.add_argument("--talk", type=float, default=60, help="Seconds before hangup.")
        parser.add_argument("--missed", action="store_true", help="Hang up without answering.")

    def handle(self, *args: Any, **options: Any) -> None:
        secret = self._token()
        call_id = f"sim-{uuid.uuid4().hex[:12]}"
        post = self._poster(options["url"], secret)
        post(
            event="newCall",
            callId=call_id,
            direction="in",
            to=options["hotline"],
            **{"from": options["caller"]},
        )
        self.stdout.write(f"[1/3] ringing: {options['caller']} → {options['hotline']} ({call_id})")
        time.sleep(options["ring"])
        if not options["missed"]:
            post(event="answer", callId=call_id, answeringNumber=options["extension"])
            self.stdout.write(f"[2/3] answered at extension {options['extension']}")
            time.sleep(options["talk"])
        post(
            event="hangup",
            callId=call_id,
            cause="cancel" if options["missed"] else "normalClearing",
        )
        self.stdout.write(self.style.SUCCESS("[3/3] hung up."))

    @transaction.atomic
    def _token(self) -> str:
        # Keep one simulator token: revoke the last one, make a fresh secret.
        CtiToken.objects.filter(name=TOKEN_NAME).update(
            revoked_at=timezone.now(), name=f"{TOKEN_NAME}-{uuid.uuid4().hex[:6]}"
        )
        return cti_token_create(name=TOKEN_NAME)[1]

    @staticmethod
    def _poster(base_url: str, secret: str) -> Any:
        def post(**event: str) -> dict[str, Any]:
            request = urllib.request.Request(
                f"{base_url.rstrip('/')}/api/v1/cti/{secret}",
                data=json.dumps(event).encode(),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return json.loads(response.read())  # type: ignore[no-any-return]
            except (urllib.error.URLError, OSError) as exc:
                raise CommandError(f"ติดต่อเซิร์ฟเวอร์ไม่ได้ / Cannot reach {base_url}: {exc}") from exc

        return post
