"""`borikan cti-token create NAME`: the secret for the PBX's webhook URL."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from borikan.core.errors import DomainError
from borikan.telephony.models import CtiToken
from borikan.telephony.services import cti_token_create


class Command(BaseCommand):
    help = "Create or list phone-system (CTI) tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it once.")
        create.add_argument("name")
        sub.add_parser("list", help="List tokens (never their secrets).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for token in CtiToken.objects.all():
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.name}\t{token.prefix}…\t{state}")
            return
        try:
            token, secret = cti_token_create(name=options["name"])
        except DomainError as exc:
            raise CommandError(f"{exc.message_in('th')} / {exc.message_in('en')}") from exc
        self.stderr.write(
            f"CTI token '{token.name}' (shown once). PBX webhook URL: /api/v1/cti/{secret}"
        )
        self.stdout.write(secret)
