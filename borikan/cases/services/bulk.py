"""Actions on several cases at once: the director dispatches a page of cases to one agency."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from borikan.cases.models import CaseEvent
from borikan.cases.services.actions import case_act
from borikan.cases.services.common import MAX_NOTE, CaseError, _clean_text
from borikan.cases.workflow import RULES
from borikan.core.errors import DomainError, NotFoundError, PermissionDeniedError, interpolate
from borikan.core.models import Agency, User

A = CaseEvent.Action
# A page of the list holds 25; a few pages chosen at once is still one decision.
MAX_CASES = 100


def may_dispatch(user: User) -> bool:
    """Whether `user`'s role dispatches cases at all (the director, administrators)."""
    return user.is_administrator or user.role in RULES[A.DISPATCH].roles


@dataclass
class BulkResult:
    """What happened to each chosen case: dispatched, or refused and why."""

    done: list[str] = field(default_factory=list)
    refused: list[tuple[str, DomainError]] = field(default_factory=list)


def case_dispatch_many(
    *,
    numbers: Sequence[str],
    by: User,
    agency_code: str,
    note: str = "",
    actor_repr: str = "",
) -> BulkResult:
    """Dispatches the chosen cases to one agency, each in its own transaction: a case that was
    dispatched or closed meanwhile, or that `by` may not see or dispatch, is refused with the
    reason and the others go ahead. The choice itself (no case, too many, no agency) is
    refused as a whole, before anything is written."""
    if not may_dispatch(by):
        raise PermissionDeniedError(_("Only the director dispatches cases to the agencies."))
    chosen = list(dict.fromkeys(n.strip().upper() for n in numbers if n and n.strip()))
    if not chosen:
        raise CaseError(
            _("Choose at least one case."), code="nothing_chosen", details={"field": "numbers"}
        )
    if len(chosen) > MAX_CASES:
        raise CaseError(
            interpolate(_("At most %(max)s cases can be dispatched at once."), max=MAX_CASES),
            code="too_many",
            details={"field": "numbers", "max": MAX_CASES},
        )
    # Checked once here, not refused again for every case.
    note = _clean_text(note, field="note", limit=MAX_NOTE, required=False)
    if not Agency.objects.filter(code=agency_code, is_active=True).exists():
        raise CaseError(
            _("Choose the agency that will answer."),
            code="agency_required",
            details={"field": "agency"},
        )
    # Here, not at the top: the selectors read constants of this package.
    from borikan.cases.selectors import case_list_visible_to

    visible = {c.number: c for c in case_list_visible_to(user=by).filter(number__in=chosen)}
    result = BulkResult()
    for number in chosen:
        case = visible.get(number)
        if case is None:
            result.refused.append(
                (number, NotFoundError(_("No such case, or you may not see it.")))
            )
            continue
        try:
            with transaction.atomic():
                case_act(
                    case=case,
                    action=A.DISPATCH,
                    by=by,
                    note=note,
                    agency_code=agency_code,
                    actor_repr=actor_repr,
                )
        except DomainError as exc:
            result.refused.append((number, exc))
        else:
            result.done.append(number)
    return result
