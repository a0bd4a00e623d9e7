"""Reads of cases, scoped to who asks: agency officers their agency's, front-line staff their
office's, the director, supervisors and administrators everything."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.query import EmptyQuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from borikan.cases.models import OPEN_STATUSES, Case, CaseEvent, Status
from borikan.cases.services import PUBLIC_NOTES, tracking_code_hash
from borikan.cases.sla import local_date, working_days_left
from borikan.contacts.registry import TimelineItem
from borikan.core.calendar import WorkingDaysResult, working_days_add, working_days_between
from borikan.core.errors import DomainError, NotFoundError
from borikan.core.models import Role, User
from borikan.core.paging import InLiterals
from borikan.core.ratelimit import hit
from borikan.core.thai import to_arabic_digits
from borikan.search.selectors import search_ids

DUE_SOON_WORKING_DAYS = 3
# The most cases a word search of the list looks at (best matches first).
SEARCH_LIMIT = 1_000


class CaseNotFoundError(NotFoundError):
    code = "case_not_found"


def case_list_visible_to(*, user: User) -> QuerySet[Case]:
    qs = Case.objects.select_related("contact", "agency", "service", "office", "officer")
    if user.sees_everything:
        return qs
    if user.role == Role.OFFICER:
        return qs.filter(agency_id=user.agency_id) if user.agency_id else qs.none()
    if user.office_id:
        return qs.filter(office_id=user.office_id)
    return qs.none()


def case_get_visible(*, user: User, number: str) -> Case:
    """The case with this ticket number if `user` may see it; otherwise not found (a case one
    may not see does not exist for them)."""
    case = case_list_visible_to(user=user).filter(number=number.strip().upper()[:20]).first()
    if case is None:
        raise CaseNotFoundError(_("No case with this number."))
    return case


def case_queue(
    *,
    user: User,
    status: str = "",
    kind: str = "",
    agency_code: str = "",
    due: str = "",
    q: str = "",
) -> QuerySet[Case]:
    """The list behind the case pages and the API: filters in any combination, newest first.

    `status`: a status, or "open", or "undispatched" (the director's queue);
    `due`: "overdue" or "soon" (due within DUE_SOON_WORKING_DAYS working days), open cases only.
    """
    qs = case_list_visible_to(user=user)
    if status == "open":
        qs = qs.filter(InLiterals(F("status"), OPEN_STATUSES))
    elif status == "undispatched":
        qs = qs.filter(status__in=[Status.RECEIVED, Status.SUBMITTED])
    elif status in Status.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if agency_code:
        qs = qs.filter(agency__code=agency_code)
    today = timezone.localdate()
    active = [s for s in OPEN_STATUSES if s != Status.WAITING]
    if due == "overdue":
        qs = qs.filter(status__in=active, due_date__lt=today).order_by("due_date", "id")
    elif due == "soon":
        horizon = working_days_add(start=today, days=DUE_SOON_WORKING_DAYS).end
        qs = qs.filter(status__in=active, due_date__gte=today, due_date__lte=horizon).order_by(
            "due_date", "id"
        )
    q = (q or "").strip()[:100]
    if q:
        # A ticket number or the origin's reference exactly; words through Thai search (the
        # subject, category and description, however the citizen spelt them).
        # Each through its own index, then one id list: an OR of them in one query made SQLite
        # scan every case (80 ms at 100,000).
        exact = Case.objects.filter(Q(number=q.upper()) | Q(origin_ref__in={q, q.upper()}))
        found = [int(pk) for pk in search_ids(kind="case", query=q, limit=SEARCH_LIMIT)]
        qs = qs.filter(pk__in=[*exact.values_list("pk", flat=True)[:SEARCH_LIMIT], *found])
    return qs


def case_rows(*, ids: Sequence[int]) -> list[Case]:
    """The cases of one page, in the order of `ids`. Lists page through ids first (an index-only
    scan) and then load 25 whole rows, so the last page of 300,000 costs what the first does."""
    by_id = {
        case.pk: case
        for case in Case.objects.select_related(
            "contact", "agency", "service", "office", "officer"
        ).filter(pk__in=list(ids))
    }
    return [by_id[pk] for pk in ids if pk in by_id]


def case_events(*, case: Case, internal: bool) -> QuerySet[CaseEvent]:
    qs = case.events.select_related("actor", "agency")
    return qs if internal else qs.filter(public=True)


@dataclass(frozen=True)
class DueExplanation:
    due: dt.date
    text: str
    skipped: tuple[Any, ...]
    paused_days: int
    paused_since: dt.datetime | None
    left: int | None  # working days left (negative: overdue); None when not running


def case_due_explanation(*, case: Case, language: str = "th") -> DueExplanation:
    """Why the case is due when it is: the working days from receipt to the stored due date,
    the days off skipped, and the working days added while the case waited for the citizen.

    It explains the stored date (no catalogue lookup), so a list of 25 cases costs no query."""
    span = working_days_between(start=local_date(case.received_at), end=case.due_date)
    result = WorkingDaysResult(
        start=span.start, days=span.days, end=case.due_date, skipped=span.skipped
    )
    text = result.explanation(language)
    if case.paused_working_days:
        if language.startswith("en"):
            text += (
                f" It includes {case.paused_working_days} working day(s) the case waited "
                "for the citizen."
            )
        else:
            text += f" รวม {case.paused_working_days} วันทำการที่รอข้อมูลจากผู้ร้อง"
    running = case.is_open and case.status != Status.WAITING
    return DueExplanation(
        due=case.due_date,
        text=text,
        skipped=result.skipped,
        paused_days=case.paused_working_days,
        paused_since=case.paused_at,
        left=working_days_left(due=case.due_date) if running else None,
    )


@dataclass(frozen=True)
class PublicEvent:
    at: dt.datetime
    action: str
    label: str
    note: str


@dataclass(frozen=True)
class PublicCase:
    number: str
    kind_label: str
    status: str
    status_label: str
    subject: str
    received_at: dt.datetime
    due_date: dt.date
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    events: list[PublicEvent]


def case_track(*, number: str, code: str) -> PublicCase | None:
    """What a citizen may see of a case: with the ticket number and the last 4 digits of their
    phone (or the secret code of an anonymous tip-off). None for an unknown number and for a
    wrong code alike, so the page cannot tell which numbers exist."""
    number = (number or "").strip().upper()[:20]
    code = re.sub(r"[\s\-]", "", to_arabic_digits(code or "")).upper()[:20]
    case = Case.objects.select_related("merged_into").filter(number=number).first()
    if case is None or not code:
        return None
    if case.tracking_code_hash:
        good = hmac.compare_digest(case.tracking_code_hash, tracking_code_hash(number, code))
    else:
        good = (
            bool(case.tracking_phone_last4)
            and hmac.compare_digest(case.tracking_phone_last4, code[-4:])
            and len(code) >= 4
        )
    if not good:
        return None
    shown = case.merged_into if case.merged_into is not None else case
    events = [
        PublicEvent(
            at=e.created_at,
            action=e.action,
            label=str(CaseEvent.Action(e.action).label),
            note=e.note if e.action in PUBLIC_NOTES else "",
        )
        for e in shown.events.filter(public=True)
    ]
    return PublicCase(
        number=case.number,
        kind_label=str(case.get_kind_display()),
        status=shown.status,
        status_label=str(shown.get_status_display()),
        subject=case.subject,
        received_at=case.received_at,
        due_date=shown.due_date,
        answered_at=shown.answered_at,
        closed_at=shown.closed_at,
        events=events,
    )


TRACK_ATTEMPTS = 20  # per client address per 10 minutes
TRACK_WINDOW_SECONDS = 600


class TrackLimitedError(DomainError):
    code = "too_many_attempts"
    status = 429


def case_track_checked(*, client_key: str, number: str, code: str) -> PublicCase:
    """`case_track` behind the rate limit, for the tracking page and the API alike: raises
    TrackLimitedError after too many attempts (even with the right code), and NotFoundError
    with one message for an unknown number and for a wrong code."""
    if not hit(
        scope="track", key=client_key, limit=TRACK_ATTEMPTS, window_seconds=TRACK_WINDOW_SECONDS
    ):
        raise TrackLimitedError(
            gettext_lazy("Too many attempts. Wait ten minutes and try again, or call 1203.")
        )
    found = case_track(number=number, code=code)
    if found is None:
        raise NotFoundError(
            gettext_lazy("No case matches this ticket number and code. Check both, or call 1203."),
            code="track_not_found",
        )
    return found


def case_timeline(contact_ids: Sequence[int], user: User, limit: int) -> Iterable[TimelineItem]:
    """Timeline provider: the contact's cases."""
    visible = case_list_visible_to(user=user)
    if isinstance(visible, EmptyQuerySet):
        return
    # What an entry shows, without the five related rows the case pages load (the caller's
    # card asks on every answered call).
    rows = (
        visible.select_related(None)
        .only("number", "subject", "status", "origin", "received_at")
        .filter(contact_id__in=contact_ids)[:limit]
    )
    for case in rows:
        yield TimelineItem(
            at=case.received_at,
            kind="case",
            title=f"{case.number} · {case.subject}",
            summary=str(case.get_status_display()),
            channel=case.origin,
            url=f"/cases/{case.number}/",
        )


def case_open_count_for_contact(*, contact_id: int) -> int:
    return Case.objects.filter(contact_id=contact_id, status__in=OPEN_STATUSES).count()


def case_open_list_for_contact(*, contact_id: int, limit: int = 5) -> list[Case]:
    """The contact's open cases, newest first: the agent sees them on the caller's card."""
    return list(
        Case.objects.filter(contact_id=contact_id, status__in=OPEN_STATUSES)
        .select_related("agency")
        .only("number", "subject", "status", "due_date", "agency__code")
        .order_by("-received_at")[:limit]
    )


def case_list_for_integrations(
    *,
    numbers: Sequence[str] = (),
    service_codes: Sequence[str] = (),
    received_from: dt.datetime | None = None,
    received_to: dt.datetime | None = None,
    open_: bool | None = None,
    limit: int = 1_000,
) -> list[Case]:
    """Cases as other systems follow them (Open311): by ticket numbers, or by service, time of
    receipt and open/closed, newest first, at most `limit`. Integrations see every case, as an
    API token does; what they may read of each is the caller's business (no contact data)."""
    qs = Case.objects.select_related("agency", "service", "merged_into")
    if numbers:
        qs = qs.filter(number__in=[n.strip().upper()[:20] for n in numbers])
    else:
        if service_codes:
            qs = qs.filter(service__code__in=list(service_codes))
        if received_from is not None:
            qs = qs.filter(received_at__gte=received_from)
        if received_to is not None:
            qs = qs.filter(received_at__lte=received_to)
        if open_ is True:
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif open_ is False:
            qs = qs.exclude(status__in=OPEN_STATUSES)
    return list(qs.order_by("-received_at", "-id")[:limit])


def case_public_notes(*, case_ids: Sequence[int]) -> dict[int, str]:
    """The latest public reply (an answer or a request for information) of each case."""
    notes: dict[int, str] = {}
    rows = (
        CaseEvent.objects.filter(case_id__in=list(case_ids), action__in=list(PUBLIC_NOTES))
        .exclude(note="")
        .order_by("case_id", "created_at", "id")
        .values_list("case_id", "note")
    )
    for case_id, note in rows:
        notes[case_id] = note  # later rows win: the latest reply
    return notes
