"""The S2 workflow on one case: act, merge, attach. Each in a transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.cases import notify
from borikan.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Status,
)
from borikan.cases.services.common import (
    MAX_FILES_PER_CASE,
    MAX_NOTE,
    PUBLIC_ACTIONS,
    A,
    CaseConflictError,
    CaseError,
    _clean_text,
    record_event,
)
from borikan.cases.sla import due_result, paused_working_days
from borikan.cases.workflow import BUTTONS, RULES, may, reopen_target
from borikan.core.errors import PermissionDeniedError, interpolate
from borikan.core.files import file_check, file_store
from borikan.core.models import Agency, Role, User


def _locked(case: Case, expected_version: int | None) -> Case:
    fresh = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise CaseConflictError(
            _(
                "Someone else changed this case while you were working on it. Reload it and "
                "try again; nothing was saved."
            ),
            details={"version": fresh.version},
        )
    return fresh


def _transition(
    case: Case,
    action: str,
    *,
    by: User | None,
    actor_repr: str = "",
    note: str = "",
    agency: Agency | None = None,
) -> CaseEvent:
    rule = RULES[action]
    previous = case.status
    now = timezone.now()
    if action == A.REOPEN:
        case.status = reopen_target(case)
        case.answered_at = case.closed_at = None
    elif rule.target is not None:
        case.status = rule.target
    if action == A.DISPATCH:
        case.agency = agency
        case.escalated_at = None
    elif action == A.NOT_OURS:
        case.agency = None
        case.officer = None
        case.unit = ""
    elif action == A.ACCEPT and by is not None and by.pk and case.officer_id is None:
        if by.role == Role.OFFICER:
            case.officer = by
    elif action == A.PAUSE:
        case.paused_at = now
    elif action == A.RESUME and case.paused_at is not None:
        case.paused_working_days += paused_working_days(paused_at=case.paused_at, resumed_at=now)
        case.paused_at = None
        case.due_date = due_result(
            received_at=case.received_at,
            service_code=case.service.code,
            paused_days=case.paused_working_days,
        ).end
    elif action == A.ANSWER:
        case.answered_at = now
    elif action == A.CLOSE:
        case.closed_at = now
    case.version += 1
    case.save()
    return record_event(
        case,
        action,
        by=by,
        actor_repr=actor_repr,
        from_status=previous,
        note=note,
        public=action in PUBLIC_ACTIONS,
        agency=case.agency if action == A.DISPATCH else None,
    )


@transaction.atomic
def case_act(
    *,
    case: Case,
    action: str,
    by: User,
    note: str = "",
    agency_code: str = "",
    unit: str = "",
    officer: User | None = None,
    expected_version: int | None = None,
    actor_repr: str = "",
) -> Case:
    """Takes one workflow action (or adds an internal note) as `by`; checks status and role."""
    if action not in RULES:
        raise CaseError(
            interpolate(_("Unknown action: %(action)s."), action=action),
            code="unknown_action",
            details={"field": "action", "allowed": list(RULES)},
        )
    case = _locked(case, expected_version)
    rule = RULES[action]
    note = _clean_text(note, field="note", limit=MAX_NOTE, required=rule.needs_note)
    if case.status not in rule.sources:
        raise CaseError(
            interpolate(
                _("“%(action)s” is not possible for a case that is “%(status)s”."),
                status=Status(case.status).label,
                action=BUTTONS[action],
            ),
            code="bad_transition",
            status=409,
            details={"status": case.status, "action": action},
        )
    if not may(user=by, case=case, action=action):
        raise PermissionDeniedError(
            _("Your role may not take this action on this case."),
            details={"action": action},
        )
    agency = None
    if action == A.DISPATCH:
        agency = Agency.objects.filter(code=agency_code, is_active=True).first()
        if agency is None:
            raise CaseError(
                _("Choose the agency that will answer."),
                code="agency_required",
                details={"field": "agency"},
            )
        case.unit = unit.strip()[:200]
        if officer is not None:
            if officer.role != Role.OFFICER or officer.agency_id != agency.pk:
                raise CaseError(
                    _("That officer does not work at the chosen agency."),
                    details={"field": "officer"},
                )
            case.officer = officer
        else:
            case.officer = None
    if action == A.NOTE:
        case.version += 1
        case.save(update_fields=["version", "updated_at"])
        record_event(case, A.NOTE, by=by, actor_repr=actor_repr, note=note, from_status=case.status)
        return case
    _transition(case, action, by=by, actor_repr=actor_repr, note=note, agency=agency)
    if action == A.DISPATCH:
        notify.case_dispatched(case)
    elif action == A.ANSWER:
        notify.case_answered(case, reply=note)
    return case


@transaction.atomic
def case_merge(*, case: Case, into: Case, by: User, note: str = "") -> Case:
    """Merges a duplicate into the case that continues; the duplicate keeps its history."""
    if case.pk == into.pk:
        raise CaseError(_("A case cannot be merged into itself."), code="merge_self")
    if into.status == Status.MERGED:
        raise CaseError(
            _("That case was itself merged; choose the case it went into."),
            code="merge_target_merged",
        )
    case = _locked(case, None)
    if not may(user=by, case=case, action=A.MERGE):
        raise PermissionDeniedError(_("Your role may not take this action on this case."))
    case.merged_into = into
    _transition(case, A.MERGE, by=by, note=note or into.number)
    record_event(
        into,
        A.NOTE,
        by=by,
        note=interpolate(
            _("Case %(number)s was merged into this one."), number=case.number
        ).__str__(),
        from_status=into.status,
    )
    return case


@transaction.atomic
def case_attach(
    *,
    case: Case,
    by: User | None,
    name: str,
    data: bytes,
    public: bool = False,
    actor_repr: str = "",
) -> Attachment:
    """Stores a file with the case after checking what it really is (not what its name says)."""
    kind = file_check(data)
    if case.attachments.count() >= MAX_FILES_PER_CASE:
        raise CaseError(
            interpolate(_("A case holds at most %(count)s files."), count=MAX_FILES_PER_CASE),
            code="too_many_files",
        )
    attachment = Attachment(
        case=case, public=public, uploaded_by=by if by is not None and by.pk else None
    )
    file_store(attachment, name=name, data=data, kind=kind)
    attachment.save()
    record_event(
        case,
        A.ATTACH,
        by=by,
        actor_repr=actor_repr,
        note=attachment.original_name,
        from_status=case.status,
        public=public,
    )
    return attachment
