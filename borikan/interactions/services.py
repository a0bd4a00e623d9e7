"""Recording a service given: the interaction and how long each catalogue step took."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.catalog.models import Step
from borikan.catalog.selectors import service_get
from borikan.contacts.models import Contact
from borikan.core.errors import DomainError, interpolate
from borikan.core.models import Agency, User
from borikan.interactions.models import Channel, Interaction, Outcome, StepTiming
from borikan.surveys.services import responses_attach_interaction
from borikan.telephony.models import Call

MAX_STEP = dt.timedelta(hours=8)
CLOCK_SKEW = dt.timedelta(minutes=5)


class InteractionError(DomainError):
    code = "interaction_invalid"


@dataclass(frozen=True)
class StepDone:
    key: str
    started_at: dt.datetime
    ended_at: dt.datetime


def _check_steps(service_code: str, steps: Sequence[StepDone]) -> dict[str, Step]:
    service = service_get(code=service_code)
    known = {step.key: step for step in service.steps.all()}
    seen: set[str] = set()
    now = timezone.now()
    for step in steps:
        if step.key not in known:
            raise InteractionError(
                interpolate(
                    _("Step %(key)s is not a step of service %(code)s."),
                    key=step.key,
                    code=service.code,
                ),
                code="unknown_step",
            )
        if step.key in seen:
            raise InteractionError(
                interpolate(_("Step %(key)s is given twice."), key=step.key), code="duplicate_step"
            )
        seen.add(step.key)
        if step.ended_at < step.started_at or step.ended_at - step.started_at > MAX_STEP:
            raise InteractionError(
                interpolate(_("Step %(key)s has impossible times."), key=step.key),
                code="step_times",
            )
        if step.ended_at > now + CLOCK_SKEW:
            raise InteractionError(
                interpolate(_("Step %(key)s ends in the future."), key=step.key),
                code="step_times",
            )
    return known


@transaction.atomic
def interaction_log(
    *,
    staff: User,
    channel: str,
    service_code: str,
    subject: str,
    contact: Contact | None = None,
    category: str = "",
    agency: Agency | None = None,
    transfer_extension: str = "",
    notes: str = "",
    outcome: str = Outcome.ANSWERED,
    call_id: str = "",
    started_at: dt.datetime | None = None,
    ended_at: dt.datetime | None = None,
    steps: Sequence[StepDone] = (),
) -> Interaction:
    """Logs one service given (SPEC §4.1), with the real duration of each step."""
    if channel not in Channel.values:
        raise InteractionError(_("Unknown channel."), code="unknown_channel")
    if outcome not in Outcome.values:
        raise InteractionError(_("Unknown outcome."), code="unknown_outcome")
    subject = subject.strip()
    if not subject:
        raise InteractionError(
            _("Enter the subject the citizen asked about."), code="subject_required"
        )
    if outcome == Outcome.TRANSFERRED and not transfer_extension.strip():
        raise InteractionError(
            _("Enter the extension the call was transferred to."), code="extension_required"
        )
    if contact is not None and contact.is_merged:
        contact = contact.merged_into
    known = _check_steps(service_code, steps)
    call = Call.objects.filter(call_id=call_id).first() if call_id else None
    now = timezone.now()
    first = min((s.started_at for s in steps), default=None)
    last = max((s.ended_at for s in steps), default=None)
    started = (
        started_at or (call.answered_at if call and call.answered_at else None) or first or now
    )
    ended = ended_at or last or now
    if ended < started:
        raise InteractionError(_("The interaction ends before it starts."), code="times")
    interaction = Interaction.objects.create(
        contact=contact,
        channel=channel,
        service=service_get(code=service_code),
        subject=subject[:300],
        category=category[:100],
        agency=agency,
        transfer_extension=transfer_extension.strip()[:20],
        notes=notes,
        outcome=outcome,
        call=call,
        staff=staff,
        office=staff.office,
        started_at=started,
        ended_at=ended,
    )
    if call is not None and contact is not None and call.contact_id is None:
        Call.objects.filter(pk=call.pk).update(contact=contact)
    timings = []
    for done in steps:
        step = known[done.key]
        seconds = (done.ended_at - done.started_at).total_seconds()
        limit = step.max_seconds or step.min_seconds
        timings.append(
            StepTiming(
                interaction=interaction,
                step_key=done.key,
                step_order=step.order,
                started_at=done.started_at,
                ended_at=done.ended_at,
                seconds=seconds,
                standard_max_seconds=limit,
                within_standard=None if limit is None else seconds <= limit,
            )
        )
    StepTiming.objects.bulk_create(timings)
    if call is not None:
        # A keypad rating given before the agent logged the call now rates this service.
        responses_attach_interaction(interaction=interaction)
    return interaction


def interactions_repoint_contact(source_id: int, target_id: int) -> None:
    """Merge handler: a merged contact's interactions belong to the surviving record."""
    Interaction.objects.filter(contact_id=source_id).update(contact_id=target_id)
