"""`borikan otp-code USERNAME`: the current 6-digit code of a demo account's authenticator.

Only for devices made by `borikan demo` (named "demo"): a real authenticator's codes come from
the person's phone and nowhere else."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from borikan.core.twofactor import DEMO_DEVICE


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (demo devices only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        device = TOTPDevice.objects.filter(
            user__username=options["username"], name=DEMO_DEVICE, confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                f"{options['username']} has no demo authenticator; codes of real ones come only "
                "from the person's phone."
            )
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
