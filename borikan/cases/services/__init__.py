"""Writes of cases: open, act (the S2 workflow), attach, merge, dispatch several; each in a
transaction. Other apps and the views import from here."""

from borikan.cases.services.actions import case_act, case_attach, case_merge
from borikan.cases.services.bulk import MAX_CASES, BulkResult, case_dispatch_many, may_dispatch
from borikan.cases.services.common import (
    MAX_DESCRIPTION,
    MAX_NOTE,
    MAX_SUBJECT,
    PUBLIC_ACTIONS,
    PUBLIC_NOTES,
    CaseConflictError,
    CaseError,
    OpenedCase,
    record_event,
    tracking_code_hash,
)
from borikan.cases.services.indexing import (
    SEARCH_KIND,
    case_index,
    cases_reindex,
    cases_repoint_contact,
)
from borikan.cases.services.opening import case_open

__all__ = [
    "MAX_CASES",
    "MAX_DESCRIPTION",
    "MAX_NOTE",
    "MAX_SUBJECT",
    "PUBLIC_ACTIONS",
    "PUBLIC_NOTES",
    "SEARCH_KIND",
    "BulkResult",
    "CaseConflictError",
    "CaseError",
    "OpenedCase",
    "case_act",
    "case_attach",
    "case_dispatch_many",
    "case_index",
    "case_merge",
    "case_open",
    "cases_reindex",
    "cases_repoint_contact",
    "may_dispatch",
    "record_event",
    "tracking_code_hash",
]
