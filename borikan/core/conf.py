"""Typed access to Borikan's own settings (settings.BORIKAN)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def borikan_setting(name: str) -> Any:
    return settings.BORIKAN[name]
