"""Schemas shared by every router: the one error format."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorBody(Schema):
    code: str
    message: str
    message_en: str
    details: Any = None


class ErrorOut(Schema):
    """`{"error": {"code", "message" (Thai), "message_en", "details"}}`"""

    error: ErrorBody
