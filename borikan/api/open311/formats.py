"""The two formats of GeoReport v2: the same records as JSON or as XML, and its error list."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import override

FORMATS = ("json", "xml")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}


def w3c_datetime(value: dt.datetime | None) -> str | None:
    """2026-11-29T09:30:00+07:00: the specification's W3C format, in Bangkok time."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: ElementTree.Element, tag: str, value: Any) -> None:
    element = ElementTree.SubElement(parent, tag)
    if isinstance(value, Mapping):
        _fill(element, value)
    elif isinstance(value, list | tuple):
        # A list inside a record is written as its plural tag holding one tag per item:
        # <attributes><attribute>…</attribute></attributes>, <formats><format>…</format>.
        item_tag = LIST_ITEMS.get(tag, tag.removesuffix("s"))
        for item in value:
            _append(element, item_tag, item)
    else:
        element.text = _text(value)


LIST_ITEMS = {"values": "value", "formats": "format", "endpoints": "endpoint"}


def _fill(element: ElementTree.Element, record: Mapping[str, Any]) -> None:
    for key, value in record.items():
        _append(element, key, value)


def to_xml(data: Any, *, root: str, item: str | None = None) -> bytes:
    """`data` (a record, or a list of records written as `item` tags) under a `root` tag."""
    element = ElementTree.Element(root)
    if isinstance(data, Mapping):
        _fill(element, data)
    else:
        for record in data:
            _append(element, item or "item", record)
    # The declaration as the specification writes it (ElementTree's own is lower case).
    body = ElementTree.tostring(element, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()


def respond(
    data: Any, *, fmt: str, root: str, item: str | None = None, status: int = 200
) -> HttpResponse:
    if fmt == "xml":
        body = to_xml(data, root=root, item=item)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(
        body, status=status, content_type=CONTENT_TYPES.get(fmt, CONTENT_TYPES["json"])
    )


def both_languages(message: str | Promise) -> str:
    """Thai first, English too, in the one description the specification has."""
    with override("th"):
        thai = str(message)
    with override("en"):
        english = str(message)
    return thai if thai == english else f"{thai} / {english}"


def error_response(
    status: int, messages: Sequence[str | Promise], *, fmt: str = "json"
) -> HttpResponse:
    """The specification's errors: a list of {code, description}, code being the HTTP status."""
    errors = [{"code": status, "description": both_languages(m)} for m in messages]
    return respond(
        errors, fmt=fmt if fmt in FORMATS else "json", root="errors", item="error", status=status
    )
