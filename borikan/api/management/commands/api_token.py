"""`borikan api-token create NAME --scopes kb,cases`, `list`, `revoke NAME`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from borikan.api.models import SCOPES, ApiToken
from borikan.api.services import api_token_create, api_token_revoke
from borikan.core.errors import DomainError


class Command(BaseCommand):
    help = "Create, list or revoke API tokens for integrations."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it once.")
        create.add_argument("name")
        create.add_argument("--scopes", required=True, help="Comma-separated: " + ",".join(SCOPES))
        sub.add_parser("list", help="List tokens (never their secrets).")
        revoke = sub.add_parser("revoke", help="Revoke a token by name.")
        revoke.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            try:
                token, secret = api_token_create(
                    name=options["name"], scopes=options["scopes"].split(",")
                )
            except DomainError as exc:
                raise CommandError(f"{exc.message_in('th')} / {exc.message_in('en')}") from exc
            self.stderr.write(
                f"Token '{token.name}' scopes={','.join(token.scopes)} (shown once; store it now):"
            )
            self.stdout.write(secret)
        elif action == "list":
            for token in ApiToken.objects.all():
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(
                    f"{token.name}\t{token.prefix}…\t{','.join(token.scopes)}\t{state}"
                )
        else:
            found = ApiToken.objects.filter(name=options["name"]).first()
            if found is None:
                raise CommandError(f"ไม่พบโทเค็นชื่อนี้ / No token named {options['name']!r}.")
            api_token_revoke(token=found)
            self.stdout.write(f"Revoked {found.name}.")
