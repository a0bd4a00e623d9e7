"""Reads of the service log, scoped by office or agency."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.db.models.query import EmptyQuerySet

from borikan.contacts.registry import TimelineItem
from borikan.core.models import Role, User
from borikan.interactions.models import Interaction


def interaction_list_visible_to(*, user: User) -> QuerySet[Interaction]:
    """Front-line staff see their office's log; officers their agency's; the rest everything."""
    qs = Interaction.objects.select_related("contact", "service", "agency", "staff", "office")
    if user.sees_everything:
        return qs
    if user.role == Role.OFFICER:
        return qs.filter(agency_id=user.agency_id) if user.agency_id else qs.none()
    return qs.filter(office_id=user.office_id) if user.office_id else qs.none()


def interaction_timeline(
    contact_ids: Sequence[int], user: User, limit: int
) -> Iterable[TimelineItem]:
    """Timeline provider: the contact's logged services."""
    visible = interaction_list_visible_to(user=user)
    if isinstance(visible, EmptyQuerySet):
        return
    # Only the agency is shown of the related rows (the caller's card asks on every call).
    rows = (
        visible.select_related(None)
        .select_related("agency")
        .only("started_at", "subject", "outcome", "transfer_extension", "channel", "agency")
        .filter(contact_id__in=contact_ids)[:limit]
    )
    for row in rows:
        parts = [row.get_outcome_display()]
        if row.agency:
            parts.append(str(row.agency))
        if row.transfer_extension:
            parts.append(f"→ {row.transfer_extension}")
        yield TimelineItem(
            at=row.started_at,
            kind="interaction",
            title=row.subject,
            summary=" · ".join(str(p) for p in parts),
            channel=row.channel,
        )
