"""Ticket numbers: `C2569-000123`, one sequence per Buddhist year, unique across processes.

The counter row is incremented with an UPDATE inside the caller's transaction: PostgreSQL holds
the row lock until commit, and SQLite's IMMEDIATE transactions let one writer in at a time, so
two processes can never read the same value. The first number of a year creates the row; a
concurrent creator loses on the primary key and simply increments. The UPDATE returns the new
value itself (`RETURNING`, PostgreSQL and SQLite 3.35+), so taking a number is one statement.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from borikan.cases.models import TicketCounter

PREFIX = "C"
WIDTH = 6


def year_be(moment: dt.datetime | None = None) -> int:
    """The Buddhist-era year of `moment` in Bangkok time (2026 → 2569)."""
    local = timezone.localtime(moment or timezone.now())
    return local.year + 543


def format_number(year: int, sequence: int) -> str:
    return f"{PREFIX}{year}-{sequence:0{WIDTH}d}"


def _increment(year: int) -> int | None:
    """The year's counter plus one, or None when the year has no row yet."""
    if connection.features.can_return_columns_from_insert:  # the same SQL support as UPDATE's
        quote = connection.ops.quote_name
        table = quote(TicketCounter._meta.db_table)
        last, year_be = quote("last"), quote("year_be")  # the fields' columns
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {last} = {last} + 1 WHERE {year_be} = %s RETURNING {last}",
                [year],
            )
            row = cursor.fetchone()
        return int(row[0]) if row is not None else None
    if TicketCounter.objects.filter(year_be=year).update(last=F("last") + 1):
        return TicketCounter.objects.values_list("last", flat=True).get(year_be=year)
    return None


def ticket_number_next(*, year: int) -> str:
    """Takes the next number of `year`; must run inside the transaction that saves the case."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ticket_number_next() needs the case's transaction")
    for _attempt in range(3):
        last = _increment(year)
        if last is not None:
            return format_number(year, last)
        try:
            with transaction.atomic():
                TicketCounter.objects.create(year_be=year, last=1)
            return format_number(year, 1)
        except IntegrityError:  # another process created the year's row first
            continue
    raise RuntimeError("could not take a ticket number")
