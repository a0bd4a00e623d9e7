"""Reads of the public website: the service guides (SPEC S8, ITA item O11) drawn from the
catalogue, and the provincial offices that publish them. All public information."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from borikan.catalog.models import Service, Step, active_language
from borikan.catalog.selectors import service_get, service_list
from borikan.core.errors import NotFoundError
from borikan.core.models import Office
from borikan.core.selectors import office_list


class OfficeNotFoundError(NotFoundError):
    code = "unknown_office"


@dataclass(frozen=True)
class FlowStep:
    """One box of a guide's flow: what happens, who does it, how long the standard allows."""

    number: int
    key: str
    title: str
    who: str
    duration: str
    condition: str
    # The step's share of the longest timed step, for the bar under the box (None: no time).
    share: int | None
    working_days: int | None


def guide_services() -> QuerySet[Service]:
    """Every active service of the catalogue, with what its guide shows prefetched."""
    return service_list()


def guide_service(*, code: str) -> Service:
    return service_get(code=code)


def guide_flow(*, service: Service) -> list[FlowStep]:
    """The steps of `service` as the guide draws them, in order."""
    language = active_language()
    steps: list[Step] = service.ordered_steps
    longest = max((s.max_seconds or 0 for s in steps), default=0)
    flow = []
    for number, step in enumerate(steps, start=1):
        who = str(step.get_role_display() if step.role else step.get_responsible_display())
        share = None
        if step.max_seconds and longest:
            share = max(4, round(100 * step.max_seconds / longest))
        flow.append(
            FlowStep(
                number=number,
                key=step.key,
                title=step.title,
                who=who,
                duration=step.standard_text(language) if step.standard.is_set else "",
                condition=step.condition,
                share=share,
                working_days=step.working_days,
            )
        )
    return flow


def provincial_offices() -> list[Office]:
    """The 76 provincial commerce offices, by province name in the reader's language."""
    offices = list(office_list(kind=Office.Kind.PROVINCIAL))
    english = active_language() == "en"
    return sorted(offices, key=lambda o: o.province.name_en if english else o.province.name_th)


def office_public_get(*, code: str) -> Office:
    """An active office by its code (`PCO-CMI`, any case); not found otherwise."""
    office = office_list().filter(code=(code or "").strip().upper()[:16]).first()
    if office is None:
        raise OfficeNotFoundError(_("There is no office with this code."))
    return office
