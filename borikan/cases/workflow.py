"""The S2 workflow: which action moves a case from which status to which, and who may take it.

received -submit-> submitted -dispatch-> dispatched -accept-> in_progress -answer-> answered
answered -close-> closed;  answered/closed -reopen-> in_progress (or submitted: no agency)
dispatched/in_progress -not_ours-> submitted (back to the director)
dispatched/in_progress -pause-> waiting (for the citizen) -resume-> in_progress
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borikan.cases.models import Case, CaseEvent, Status
from borikan.core.models import Role, User

A = CaseEvent.Action

FRONT_LINE = frozenset({Role.AGENT, Role.COUNTER, Role.PROVINCIAL})
OVERSIGHT = frozenset({Role.DIRECTOR, Role.SUPERVISOR})


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str | None  # None: the status does not change (notes) or depends on the case
    roles: frozenset[str]  # who may, besides administrators
    agency_officers: bool = False  # officers of the case's agency may too
    needs_note: bool = False


RULES: dict[str, Rule] = {
    A.SUBMIT: Rule(frozenset({Status.RECEIVED}), Status.SUBMITTED, FRONT_LINE | OVERSIGHT),
    A.DISPATCH: Rule(
        frozenset({Status.RECEIVED, Status.SUBMITTED}),
        Status.DISPATCHED,
        frozenset({Role.DIRECTOR}),
    ),
    A.ACCEPT: Rule(
        frozenset({Status.DISPATCHED}), Status.IN_PROGRESS, frozenset({Role.DIRECTOR}), True
    ),
    A.NOT_OURS: Rule(
        frozenset({Status.DISPATCHED, Status.IN_PROGRESS}),
        Status.SUBMITTED,
        frozenset({Role.DIRECTOR}),
        True,
        needs_note=True,
    ),
    A.PAUSE: Rule(
        frozenset({Status.DISPATCHED, Status.IN_PROGRESS}),
        Status.WAITING,
        OVERSIGHT,
        True,
        needs_note=True,
    ),
    A.RESUME: Rule(frozenset({Status.WAITING}), Status.IN_PROGRESS, OVERSIGHT, True),
    A.ANSWER: Rule(
        frozenset({Status.DISPATCHED, Status.IN_PROGRESS}),
        Status.ANSWERED,
        frozenset({Role.DIRECTOR}),
        True,
        needs_note=True,
    ),
    A.CLOSE: Rule(frozenset({Status.ANSWERED}), Status.CLOSED, FRONT_LINE | OVERSIGHT, True),
    A.REOPEN: Rule(
        frozenset({Status.ANSWERED, Status.CLOSED}),
        None,
        FRONT_LINE | OVERSIGHT,
        True,
        needs_note=True,
    ),
    A.MERGE: Rule(
        frozenset(
            {
                Status.RECEIVED,
                Status.SUBMITTED,
                Status.DISPATCHED,
                Status.IN_PROGRESS,
                Status.WAITING,
                Status.ANSWERED,
            }
        ),
        Status.MERGED,
        OVERSIGHT,
    ),
    A.NOTE: Rule(
        frozenset(Status.values) - {Status.MERGED},
        None,
        FRONT_LINE | OVERSIGHT,
        True,
        needs_note=True,
    ),
}

# The actions a person takes from the case page or the API (the rest the system records).
USER_ACTIONS = tuple(RULES)

# What the buttons say: the imperative, where the history says what happened.
BUTTONS: dict[str, str | Promise] = {
    A.SUBMIT: _("Submit to the director"),
    A.DISPATCH: _("Dispatch to the agency"),
    A.ACCEPT: _("Accept the case"),
    A.NOT_OURS: _("Return: not our agency's"),
    A.PAUSE: _("Wait for the citizen"),
    A.RESUME: _("Resume"),
    A.ANSWER: _("Send the answer"),
    A.CLOSE: _("Close the case"),
    A.REOPEN: _("Reopen"),
    A.MERGE: _("Merge into another case"),
    A.NOTE: _("Add the note"),
}


def may(*, user: User, case: Case, action: str) -> bool:
    """Whether `user` may take `action` on `case` now (its status and their role)."""
    rule = RULES.get(action)
    if rule is None or case.status not in rule.sources:
        return False
    if user.is_administrator or user.role in rule.roles:
        return True
    return (
        rule.agency_officers
        and user.role == Role.OFFICER
        and user.agency_id is not None
        and user.agency_id == case.agency_id
    )


def allowed_actions(*, user: User, case: Case) -> list[str]:
    return [action for action in USER_ACTIONS if may(user=user, case=case, action=action)]


def reopen_target(case: Case) -> str:
    return Status.IN_PROGRESS if case.agency_id else Status.SUBMITTED
