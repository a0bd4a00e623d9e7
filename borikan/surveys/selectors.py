"""Reads of ratings and rating requests, scoped like the service log they rate."""

from __future__ import annotations

from django.db.models import QuerySet

from borikan.core.models import Role, User
from borikan.surveys.models import SurveyRequest, SurveyResponse


def response_list_visible_to(*, user: User) -> QuerySet[SurveyResponse]:
    """Supervisors, the director and administrators see every rating; officers their agency's;
    front-line staff their office's."""
    qs = SurveyResponse.objects.select_related("service", "agency", "office", "staff")
    if user.sees_everything:
        return qs
    if user.role == Role.OFFICER:
        return qs.filter(agency_id=user.agency_id) if user.agency_id else qs.none()
    return qs.filter(office_id=user.office_id) if user.office_id else qs.none()


def request_list_visible_to(*, user: User) -> QuerySet[SurveyRequest]:
    qs = SurveyRequest.objects.select_related("service", "agency", "office")
    if user.sees_everything:
        return qs
    if user.role == Role.OFFICER:
        return qs.filter(agency_id=user.agency_id) if user.agency_id else qs.none()
    return qs.filter(office_id=user.office_id) if user.office_id else qs.none()
