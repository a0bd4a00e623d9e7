"""Permissions proven: every role requests every page and API operation the project has, and
gets what the table below says — A allowed, D denied (401/403/sign-in), H hidden (404).

The project's endpoints are read from its URL configuration and its API, so a new URL without a
line here fails the test. Sample records come from the demo data: a case received at the
ministry's center and dispatched to DIT (officer_x's agency, not officer_y's), its contact, a
DIT article, a basket, a consultation, a missed call, a PDPA request and breach.

To see what every role gets today (to write the line of a new URL): PRINT_MATRIX=1 pytest -s
tests/security/test_permissions.py."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from tests.security.matrix import ROLES, USERNAMES, endpoints, fill, run

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# One line per endpoint: method, route, then what each role gets, in the order of ROLES:
# anonymous token agent counter prov_a prov_b officer_x officer_y director supervisor admin
# admin_no_code
EXPECTED: dict[tuple[str, str], str] = {
    ("GET", "open311/v2/"): "H H H H H H H H H H H D",
    ("POST", "open311/v2/"): "H H H H H H H H H H H D",
    ("GET", r"open311/v2/^discovery\.(?P<fmt>json|xml)$"): "A A A A A A A A A A A D",
    ("POST", r"open311/v2/^discovery\.(?P<fmt>json|xml)$"): "- - - - - - - - - - - D",
    ("GET", r"open311/v2/^services\.(?P<fmt>json|xml)$"): "A A A A A A A A A A A D",
    ("POST", r"open311/v2/^services\.(?P<fmt>json|xml)$"): "- - - - - - - - - - - D",
    ("GET", r"open311/v2/^services/(?P<code>[^/]{1,40}?)\.(?P<fmt>json|xml)$"):
        "A A A A A A A A A A A D",
    ("POST", r"open311/v2/^services/(?P<code>[^/]{1,40}?)\.(?P<fmt>json|xml)$"):
        "- - - - - - - - - - - D",
    ("GET", r"open311/v2/^requests\.(?P<fmt>json|xml)$"): "A A A A A A A A A A A D",
    ("POST", r"open311/v2/^requests\.(?P<fmt>json|xml)$"): "D D D D D D D D D D D D",
    ("GET", r"open311/v2/^requests/(?P<number>[^/]{1,40}?)\.(?P<fmt>json|xml)$"):
        "A A A A A A A A A A A D",
    ("POST", r"open311/v2/^requests/(?P<number>[^/]{1,40}?)\.(?P<fmt>json|xml)$"):
        "- - - - - - - - - - - D",
    ("GET", r"open311/v2/^tokens/(?P<token>[^/]{1,120}?)\.(?P<fmt>json|xml)$"):
        "H H H H H H H H H H H D",
    ("POST", r"open311/v2/^tokens/(?P<token>[^/]{1,120}?)\.(?P<fmt>json|xml)$"):
        "- - - - - - - - - - - D",
    ("GET", "open311/v2/^(?P<rest>.*)$"): "H H H H H H H H H H H D",
    ("POST", "open311/v2/^(?P<rest>.*)$"): "H H H H H H H H H H H D",
    ("GET", ""): "A A A A A A A A A A A D",
    ("POST", ""): "A A A A A A A A A A A D",
    ("GET", "healthz"): "A A A A A A A A A A A A",
    ("GET", "login/"): "A A A A A A A A A A A D",
    ("POST", "login/"): "A A A A A A A A A A A D",
    ("POST", "logout/"): "A A A A A A A A A A A A",
    ("GET", "account/2fa/"): "D D A A A A A A A A A A",
    ("POST", "account/2fa/"): "D D A A A A A A A A A A",
    ("GET", "account/2fa/verify/"): "D D A A A A A A A A A A",
    ("POST", "account/2fa/verify/"): "D D A A A A A A A A A A",
    ("GET", "account/2fa/off/"): "D D - - - - - - - - - -",
    ("POST", "account/2fa/off/"): "D D A A A A A A A A A A",
    ("GET", "calendar/"): "D D A A A A A A A A A D",
    ("POST", "calendar/"): "D D - - - - - - - - - D",
    ("GET", "calendar/days-off/"): "D D - - - - - - - - - D",
    ("POST", "calendar/days-off/"): "D D D D D D D D D D A D",
    ("GET", "calendar/days-off/<str:date>/delete/"): "D D - - - - - - - - - D",
    ("POST", "calendar/days-off/<str:date>/delete/"): "D D D D D D D D D D A D",
    ("GET", "catalog/"): "D D A A A A A A A A A D",
    ("POST", "catalog/"): "D D A A A A A A A A A D",
    ("GET", "catalog/<str:code>/"): "D D A A A A A A A A A D",
    ("POST", "catalog/<str:code>/"): "D D A A A A A A A A A D",
    ("GET", "contacts/"): "D D A A A A A A A A A D",
    ("POST", "contacts/"): "D D A A A A A A A A A D",
    ("GET", "contacts/new/"): "D D A A A A A A A A A D",
    ("POST", "contacts/new/"): "D D A A A A A A A A A D",
    ("GET", "contacts/<int:pk>/"): "D D A A A A H H A A A D",
    ("POST", "contacts/<int:pk>/"): "D D A A A A H H A A A D",
    ("GET", "contacts/<int:pk>/edit/"): "D D A A A A H H A A A D",
    ("POST", "contacts/<int:pk>/edit/"): "D D A A A A H H A A A D",
    ("GET", "contacts/<int:pk>/merge/"): "D D A A A A H H A A A D",
    ("POST", "contacts/<int:pk>/merge/"): "D D A A A A H H A A A D",
    ("GET", "calls/"): "D D A A A A A A A A A D",
    ("POST", "calls/"): "D D A A A A A A A A A D",
    ("GET", "calls/caller/"): "D D - - - - - - - - - D",
    ("POST", "calls/caller/"): "D D V V V V V V V V V D",
    ("GET", "calls/<int:pk>/called-back/"): "D D - - - - - - - - - D",
    ("POST", "calls/<int:pk>/called-back/"): "D D A A A A H H A A A D",
    ("GET", "desktop/"): "D D A A A A A A A A A D",
    ("POST", "desktop/"): "D D A A A A A A A A A D",
    ("GET", "desktop/log/"): "D D - - - - - - - - - D",
    ("POST", "desktop/log/"): "D D V V V V V V V V V D",
    ("GET", "desktop/history/"): "D D A A A A A A A A A D",
    ("POST", "desktop/history/"): "D D A A A A A A A A A D",
    ("GET", "desktop/pick/"): "D D A A A A A A A A A D",
    ("POST", "desktop/pick/"): "D D A A A A A A A A A D",
    ("GET", "cases/"): "D D A A A A A A A A A D",
    ("POST", "cases/"): "D D A A A A A A A A A D",
    ("GET", "cases/new/"): "D D A A A A A A A A A D",
    ("POST", "cases/new/"): "D D A A A A A A A A A D",
    ("GET", "cases/dispatch/"): "D D - - - - - - - - - D",
    ("POST", "cases/dispatch/"): "D D D D D D D D A D A D",
    ("GET", "cases/<str:number>/"): "D D A A H H A H A A A D",
    ("POST", "cases/<str:number>/"): "D D A A H H A H A A A D",
    ("GET", "cases/<str:number>/act/"): "D D - - - - - - - - - D",
    ("POST", "cases/<str:number>/act/"): "D D A A H H A H A A A D",
    ("GET", "cases/<str:number>/files/"): "D D - - - - - - - - - D",
    ("POST", "cases/<str:number>/files/"): "D D A A H H A H A A A D",
    ("GET", "cases/<str:number>/files/<int:pk>/"): "D D A A H H A H A A A D",
    ("POST", "cases/<str:number>/files/<int:pk>/"): "D D A A H H A H A A A D",
    ("GET", "kb/"): "D D A A A A A A A A A D",
    ("POST", "kb/"): "D D A A A A A A A A A D",
    ("GET", "kb/suggest/"): "D D A A A A A A A A A D",
    ("POST", "kb/suggest/"): "D D A A A A A A A A A D",
    ("GET", "kb/new/"): "D D H H H H A A H A A D",
    ("POST", "kb/new/"): "D D H H H H V V H V V D",
    ("GET", "kb/<int:pk>/"): "D D A A A A A A A A A D",
    ("POST", "kb/<int:pk>/"): "D D A A A A A A A A A D",
    ("GET", "kb/<int:pk>/edit/"): "D D H H H H A H H A A D",
    ("POST", "kb/<int:pk>/edit/"): "D D H H H H V H H V V D",
    ("GET", "kb/<int:pk>/files/"): "D D - - - - - - - - - D",
    ("POST", "kb/<int:pk>/files/"): "D D A A A A A A A A A D",
    ("GET", "kb/<int:pk>/files/<int:file_pk>/"): "A A A A A A A A A A A D",
    ("POST", "kb/<int:pk>/files/<int:file_pk>/"): "A A A A A A A A A A A D",
    ("GET", "kb/basket/"): "D D A A A A A A A A A D",
    ("POST", "kb/basket/"): "D D A A A A A A A A A D",
    ("GET", "kb/basket/add/"): "D D - - - - - - - - - D",
    ("POST", "kb/basket/add/"): "D D H H H H H H H H H D",
    ("GET", "kb/basket/remove/"): "D D - - - - - - - - - D",
    ("POST", "kb/basket/remove/"): "D D A A A A A A A A A D",
    ("GET", "kb/basket/forget/"): "D D - - - - - - - - - D",
    ("POST", "kb/basket/forget/"): "D D A A A A A A A A A D",
    ("GET", "kb/baskets/<int:pk>/client/"): "D D A A H H H H H A A D",
    ("POST", "kb/baskets/<int:pk>/client/"): "D D H H H H H H H H H D",
    ("GET", "kb/baskets/<int:pk>/send/"): "D D - - - - - - - - - D",
    ("POST", "kb/baskets/<int:pk>/send/"): "D D A A H H H H H A A D",
    ("GET", "kb/baskets/<int:pk>/link/"): "D D - - - - - - - - - D",
    ("POST", "kb/baskets/<int:pk>/link/"): "D D A A H H H H H A A D",
    ("GET", "b/<str:token>/"): "H H H H H H H H H H H D",
    ("POST", "b/<str:token>/"): "H H H H H H H H H H H D",
    ("GET", "track/"): "A A A A A A A A A A A D",
    ("POST", "track/"): "A A A A A A A A A A A D",
    ("GET", "complaint/"): "A A A A A A A A A A A D",
    ("POST", "complaint/"): "A A A A A A A A A A A D",
    ("GET", "appointments/"): "D D A A A A A A A A A D",
    ("POST", "appointments/"): "D D A A A A A A A A A D",
    ("GET", "appointments/new/"): "D D A A A A D D A A A D",
    ("POST", "appointments/new/"): "D D A A A A D D A A A D",
    ("GET", "appointments/hours/"): "D D H H H H A A H H H D",
    ("POST", "appointments/hours/"): "D D H H H H A A H H H D",
    ("GET", "appointments/week/"): "D D H H H H A A H H H D",
    ("POST", "appointments/week/"): "D D H H H H A A H H H D",
    ("GET", "appointments/day/"): "D D A A A A H H A A A D",
    ("POST", "appointments/day/"): "D D A A A A H H A A A D",
    ("GET", "appointments/feed/<str:token>.ics"): "H H H H H H H H H H H D",
    ("POST", "appointments/feed/<str:token>.ics"): "H H H H H H H H H H H D",
    ("GET", "appointments/<str:reference>/"): "D D H H A H H H A A A D",
    ("POST", "appointments/<str:reference>/"): "D D H H A H H H A A A D",
    ("GET", "appointments/<str:reference>/act/"): "D D - - - - - - - - - D",
    ("POST", "appointments/<str:reference>/act/"): "D D H H A H H H A A A D",
    ("GET", "chat/"): "D D A D D D A A D A A D",
    ("POST", "chat/"): "D D A D D D A A D A A D",
    ("GET", "chat/queue/"): "D D A D D D A A D A A D",
    ("POST", "chat/queue/"): "D D A D D D A A D A A D",
    ("GET", "chat/kb/"): "D D A D D D A A D A A D",
    ("POST", "chat/kb/"): "D D - - - - - - - - - D",
    ("GET", "chat/c/<str:public_id>/"): "D D A D D D H A D A A D",
    ("POST", "chat/c/<str:public_id>/"): "D D - - - - - - - - - D",
    ("GET", "chat/c/<str:public_id>/accept/"): "D D - - - - - - - - - D",
    ("POST", "chat/c/<str:public_id>/accept/"): "D D A D D D H A D A A D",
    ("GET", "chat/c/<str:public_id>/files/"): "D D - - - - - - - - - D",
    ("POST", "chat/c/<str:public_id>/files/"): "D D A D D D H A D A A D",
    ("GET", "chat/c/<str:public_id>/transfer/"): "D D - - - - - - - - - D",
    ("POST", "chat/c/<str:public_id>/transfer/"): "D D A D D D H A D A A D",
    ("GET", "chat/c/<str:public_id>/close/"): "D D - - - - - - - - - D",
    ("POST", "chat/c/<str:public_id>/close/"): "D D A D D D H A D A A D",
    ("GET", "chat/c/<str:public_id>/case/"): "D D - - - - - - - - - D",
    ("POST", "chat/c/<str:public_id>/case/"): "D D A D D D H A D A A D",
    ("GET", "chat/c/<str:public_id>/transcript/"): "D D A H H H H A A A A D",
    ("POST", "chat/c/<str:public_id>/transcript/"): "D D A H H H H A A A A D",
    ("GET", "chat/files/<int:pk>/"): "D D H H H H H H H H H D",
    ("POST", "chat/files/<int:pk>/"): "D D H H H H H H H H H D",
    ("GET", "chat/widget.js"): "A A A A A A A A A A A D",
    ("POST", "chat/widget.js"): "- - - - - - - - - - - D",
    ("GET", "chat/try/"): "A A A A A A A A A A A D",
    ("POST", "chat/try/"): "A A A A A A A A A A A D",
    ("GET", "chat/v/topics/"): "A A A A A A A A A A A D",
    ("POST", "chat/v/topics/"): "- - - - - - - - - - - D",
    ("GET", "chat/v/start/"): "- - - - - - - - - - - D",
    ("POST", "chat/v/start/"): "A A A A A A A A A A A D",
    ("GET", "chat/v/<str:public_id>/files/"): "- - - - - - - - - - - D",
    ("POST", "chat/v/<str:public_id>/files/"): "D D D D D D D D D D D D",
    ("GET", "chat/v/<str:public_id>/files/<int:pk>/"): "D D D D D D D D D D D D",
    ("POST", "chat/v/<str:public_id>/files/<int:pk>/"): "- - - - - - - - - - - D",
    ("GET", "appointment/"): "A A A A A A A A A A A D",
    ("POST", "appointment/"): "A A A A A A A A A A A D",
    ("GET", "appointment/c/<str:token>/"): "A A A A A A A A A A A D",
    ("POST", "appointment/c/<str:token>/"): "A A A A A A A A A A A D",
    ("GET", "privacy/"): "D D D D D D D D D A A D",
    ("POST", "privacy/"): "D D D D D D D D D A A D",
    ("GET", "privacy/requests/new/"): "D D D D D D D D D A A D",
    ("POST", "privacy/requests/new/"): "D D D D D D D D D A A D",
    ("GET", "privacy/requests/<int:pk>/"): "D D D D D D D D D A A D",
    ("POST", "privacy/requests/<int:pk>/"): "D D D D D D D D D A A D",
    ("GET", "privacy/requests/<int:pk>/export.json"): "D D D D D D D D D A A D",
    ("POST", "privacy/requests/<int:pk>/export.json"): "D D D D D D D D D A A D",
    ("GET", "privacy/requests/<int:pk>/erase/"): "D D - - - - - - - - - D",
    ("POST", "privacy/requests/<int:pk>/erase/"): "D D D D D D D D D A A D",
    ("GET", "privacy/requests/<int:pk>/close/"): "D D - - - - - - - - - D",
    ("POST", "privacy/requests/<int:pk>/close/"): "D D D D D D D D D A A D",
    ("GET", "privacy/breaches/new/"): "D D D D D D D D D A A D",
    ("POST", "privacy/breaches/new/"): "D D D D D D D D D A A D",
    ("GET", "privacy/breaches/<int:pk>/"): "D D - - - - - - - - - D",
    ("POST", "privacy/breaches/<int:pk>/"): "D D D D D D D D D A A D",
    ("GET", "privacy/ropa/"): "D D D D D D D D D A A D",
    ("POST", "privacy/ropa/"): "D D D D D D D D D A A D",
    ("GET", "privacy/audit/"): "D D D D D D D D D A A D",
    ("POST", "privacy/audit/"): "D D D D D D D D D A A D",
    ("GET", "surveys/counter/<int:pk>/"): "D D A A H H H H A A A D",
    ("POST", "surveys/counter/<int:pk>/"): "D D A A H H H H A A A D",
    ("GET", "surveys/send/<int:pk>/"): "D D - - - - - - - - - D",
    ("POST", "surveys/send/<int:pk>/"): "D D A A H H H H A A A D",
    ("GET", "survey/<str:token>/"): "A A A A A A A A A A A D",
    ("POST", "survey/<str:token>/"): "A A A A A A A A A A A D",
    ("GET", "reports/"): "D D A A A A A A A A A D",
    ("POST", "reports/"): "D D A A A A A A A A A D",
    ("GET", "reports/records/<slug:kind>/"): "D D A A A A A A A A A D",
    ("POST", "reports/records/<slug:kind>/"): "D D A A A A A A A A A D",
    ("GET", r"reports/^export/(?P<name>[a-z-]+)\.(?P<fmt>csv|xlsx)$"): "D D A A A A A A A A A D",
    ("POST", r"reports/^export/(?P<name>[a-z-]+)\.(?P<fmt>csv|xlsx)$"): "D D A A A A A A A A A D",
    ("GET", "reports/pdf/"): "D D A A A A A A A A A D",
    ("POST", "reports/pdf/"): "D D A A A A A A A A A D",
    ("GET", "portal/"): "A A A A A A A A A A A D",
    ("POST", "portal/"): "- - - - - - - - - - - D",
    ("GET", "portal/rate/"): "A A A A A A A A A A A D",
    ("POST", "portal/rate/"): "- - - - - - - - - - - D",
    ("GET", "portal/guides/"): "A A A A A A A A A A A D",
    ("POST", "portal/guides/"): "- - - - - - - - - - - D",
    ("GET", "portal/guides/<str:code>/"): "A A A A A A A A A A A D",
    ("POST", "portal/guides/<str:code>/"): "- - - - - - - - - - - D",
    ("GET", "portal/guides/<str:code>/pdf/"): "A A A A A A A A A A A D",
    ("POST", "portal/guides/<str:code>/pdf/"): "- - - - - - - - - - - D",
    ("GET", "portal/offices/"): "A A A A A A A A A A A D",
    ("POST", "portal/offices/"): "- - - - - - - - - - - D",
    ("GET", "portal/offices/<str:code>/"): "A A A A A A A A A A A D",
    ("POST", "portal/offices/<str:code>/"): "- - - - - - - - - - - D",
    ("GET", "portal/offices/<str:code>/pdf/"): "A A A A A A A A A A A D",
    ("POST", "portal/offices/<str:code>/pdf/"): "- - - - - - - - - - - D",
    ("GET", "portal/offices/<str:code>/embed/"): "A A A A A A A A A A A D",
    ("POST", "portal/offices/<str:code>/embed/"): "- - - - - - - - - - - D",
    ("GET", "portal/offices/<str:code>/snippet/"): "A A A A A A A A A A A D",
    ("POST", "portal/offices/<str:code>/snippet/"): "- - - - - - - - - - - D",
    ("GET", "portal/offices/<str:code>/snippet.html"): "A A A A A A A A A A A D",
    ("POST", "portal/offices/<str:code>/snippet.html"): "- - - - - - - - - - - D",
    ("POST", "api/v1/appointments"): "D D V V V V V V V V V D",
    ("GET", "api/v1/appointments/<reference>"): "D D H H A H H H A A A D",
    ("POST", "api/v1/appointments/<reference>/cancel"): "D D H H A H H H A A A D",
    ("POST", "api/v1/appointments/<reference>/check-in"): "D D H H A H H H A A A D",
    ("POST", "api/v1/appointments/<reference>/confirm"): "D D H H D H H H D A A D",
    ("POST", "api/v1/appointments/<reference>/no-show"): "D D H H A H H H A A A D",
    ("POST", "api/v1/appointments/<reference>/outcome"): "D D V V V V V V V V V D",
    ("POST", "api/v1/appointments/<reference>/propose"): "D D V V V V V V V V V D",
    ("POST", "api/v1/appointments/<reference>/reschedule"): "D D V V V V V V V V V D",
    ("POST", "api/v1/appointments/officers/<username>/exceptions"): "D D V V V V V V V V V D",
    ("GET", "api/v1/appointments/officers/<username>/hours"): "D D A A A A A A A A A D",
    ("POST", "api/v1/appointments/officers/<username>/windows"): "D D V V V V V V V V V D",
    ("DELETE", "api/v1/appointments/officers/<username>/windows/<window_id>"):
        "D D D D D D D D D A A D",
    ("GET", "api/v1/appointments/slots"): "D D A A A A A A A A A D",
    ("GET", "api/v1/appointments/topics"): "D D A A A A A A A A A D",
    ("POST", "api/v1/calendar/days-off"): "D D V V V V V V V V V D",
    ("DELETE", "api/v1/calendar/days-off/<date>"): "D D D D D D D D D D A D",
    ("GET", "api/v1/calendar/holidays"): "V V V V V V V V V V V D",
    ("GET", "api/v1/calendar/working-days"): "V V V V V V V V V V V D",
    ("GET", "api/v1/calendar/working-days/between"): "V V V V V V V V V V V D",
    ("GET", "api/v1/calls"): "D D A A A A A A A A A D",
    ("GET", "api/v1/cases"): "D D A A A A A A A A A D",
    ("POST", "api/v1/cases"): "D D V V V V V V V V V D",
    ("POST", "api/v1/cases/dispatch"): "D D V V V V V V V V V D",
    ("GET", "api/v1/cases/<number>"): "D D A A H H A H A A A D",
    ("POST", "api/v1/cases/<number>/events"): "D D V V V V V V V V V D",
    ("GET", "api/v1/catalog/channels"): "A A A A A A A A A A A D",
    ("GET", "api/v1/catalog/services"): "A A A A A A A A A A A D",
    ("GET", "api/v1/catalog/services/<code>"): "A A A A A A A A A A A D",
    ("GET", "api/v1/chat/conversations"): "D D A A A A A A A A A D",
    ("GET", "api/v1/chat/conversations/<public_id>"): "D D A H H H H A A A A D",
    ("GET", "api/v1/contacts"): "D D A A A A A A A A A D",
    ("POST", "api/v1/contacts"): "D D A A A A A A A A A D",
    ("GET", "api/v1/contacts/<contact_id>"): "D D A A A A H H A A A D",
    ("POST", "api/v1/cti/<token>"): "D D D D D D D D D D D D",
    ("GET", "api/v1/cti/lookup"): "D D V V V V V V V V V D",
    ("GET", "api/v1/interactions"): "D D A A A A A A A A A D",
    ("POST", "api/v1/interactions"): "D D V V V V V V V V V D",
    ("POST", "api/v1/kb/articles"): "D D V V V V V V V V V D",
    ("GET", "api/v1/kb/articles/<pk>"): "A A A A A A A A A A A D",
    ("PUT", "api/v1/kb/articles/<pk>"): "D D V V V V V V V V V D",
    ("POST", "api/v1/kb/baskets"): "D D A A A A A A A A A D",
    ("GET", "api/v1/kb/baskets/<pk>"): "D D A A H H H H H A A D",
    ("POST", "api/v1/kb/baskets/<pk>/confirm"): "D D V V V V V V V V V D",
    ("POST", "api/v1/kb/baskets/<pk>/items"): "D D V V V V V V V V V D",
    ("DELETE", "api/v1/kb/baskets/<pk>/items/<article_id>"): "D D A A H H H H H A A D",
    ("POST", "api/v1/kb/baskets/<pk>/send"): "D D A A H H H H H A A D",
    ("GET", "api/v1/kb/search"): "A A A A A A A A A A A D",
    ("GET", "api/v1/me"): "D A A A A A A A A A A D",
    ("GET", "api/v1/privacy/breaches"): "D D D D D D D D D A A D",
    ("GET", "api/v1/privacy/requests"): "D D D D D D D D D A A D",
    ("POST", "api/v1/privacy/requests"): "D D V V V V V V V V V D",
    ("POST", "api/v1/privacy/requests/<pk>/erase"): "D D D D D D D D D A A D",
    ("GET", "api/v1/privacy/requests/<pk>/export"): "D D D D D D D D D A A D",
    ("GET", "api/v1/privacy/ropa"): "D D D D D D D D D A A D",
    ("GET", "api/v1/reports/export/<name>"): "D D A A A A A A A A A D",
    ("GET", "api/v1/reports/pdf"): "D D V V V V V V V V V D",
    ("GET", "api/v1/reports/summary"): "D D A A A A A A A A A D",
    ("GET", "api/v1/reports/tables"): "D D A A A A A A A A A D",
    ("GET", "api/v1/reports/tables/<name>"): "D D A A A A A A A A A D",
    ("POST", "api/v1/surveys/requests"): "D D V V V V V V V V V D",
    ("GET", "api/v1/surveys/responses"): "D D A A A A A A A A A D",
    ("POST", "api/v1/surveys/responses"): "D D V V V V V V V V V D",
    ("GET", "api/v1/track"): "H H H H H H H H H H H D",
}  # fmt: skip


def _load_demo() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("borikan."):
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            module.load()


def _samples() -> dict[str, Any]:
    """Route parameters, by route prefix then parameter name."""
    from borikan.appointments.models import Appointment
    from borikan.cases.models import Case
    from borikan.cases.services import case_attach
    from borikan.core.models import User
    from borikan.core.services import special_day_off_create
    from borikan.knowledge.models import Article, Basket
    from borikan.knowledge.services import article_attach
    from borikan.privacy.models import Breach, DataSubjectRequest
    from borikan.telephony.models import Call

    case = Case.objects.filter(agency__code="DIT", office__code="MOC").order_by("pk").first()
    assert case is not None and case.contact_id, "the demo has a DIT case of the center"
    agent = User.objects.get(username="agent")
    attachment = case_attach(case=case, by=agent, name="ใบเสร็จ.pdf", data=PDF)
    article = Article.objects.filter(agency__code="DIT", status="published").first()
    assert article is not None
    admin = User.objects.get(username="admin")
    article_file = article_attach(article=article, by=admin, name="แบบฟอร์ม.pdf", data=PDF)
    basket = Basket.objects.order_by("pk").first()
    appointment = Appointment.objects.order_by("pk").first()
    call = Call.objects.filter(answered_at__isnull=True).order_by("pk").first()
    day_off = special_day_off_create(by=admin, date=dt.date(2027, 3, 3), name_th="วันหยุดทดสอบ")
    assert basket and appointment and call
    officer = appointment.officer.username
    from borikan.chat.models import Conversation
    from borikan.interactions.models import Interaction

    chat = Conversation.objects.order_by("pk").first()
    served = Interaction.objects.filter(office__code="MOC").order_by("pk").first()
    assert chat and served
    return {
        "fmt": "json",
        "kind": "interactions",
        "public_id": chat.public_id,
        "surveys/": {"pk": str(served.pk)},
        "chat/files/": {"pk": "999999"},  # no file in the demo: everyone gets "not found"
        "chat/v/": {"pk": "999999"},  # a visitor's download: without the chat's token, 401
        "reports/": {"name": "volumes-channel", "fmt": "csv"},
        "api/v1/reports/": {"name": "volumes-channel"},
        "portal/guides/": {"code": "S3"},
        "portal/offices/": {"code": "PCO-CMI"},
        "open311/": {"number": case.number, "rest": "unknown.json"},
        "number": case.number,
        "code": "S2",
        "date": day_off.date.isoformat(),
        "contact_id": str(case.contact_id),
        "contacts/": {"pk": str(case.contact_id)},
        "calls/": {"pk": str(call.pk)},
        "cases/": {"pk": str(attachment.pk)},
        "kb/": {"pk": str(article.pk), "file_pk": str(article_file.pk)},
        "kb/baskets/": {"pk": str(basket.pk)},
        "api/v1/kb/articles/": {"pk": str(article.pk)},
        "api/v1/kb/baskets/": {"pk": str(basket.pk), "article_id": str(article.pk)},
        "privacy/requests/": {"pk": str(DataSubjectRequest.objects.first().pk)},
        "api/v1/privacy/requests/": {"pk": str(DataSubjectRequest.objects.first().pk)},
        "privacy/breaches/": {"pk": str(Breach.objects.first().pk)},
        "reference": appointment.reference,
        "username": officer,
        "window_id": str(appointment.officer.consultation_windows.first().pk),
        "token": "not-a-real-token",
    }


def _values(route: str, samples: dict[str, Any]) -> dict[str, str]:
    values = {k: v for k, v in samples.items() if isinstance(v, str)}
    for prefix in sorted((k for k in samples if k.endswith("/")), key=len):
        if route.startswith(prefix):
            values.update(samples[prefix])
    return values


def _clients() -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    from borikan.api.services import api_token_create
    from borikan.core.models import User

    _t, secret = api_token_create(name="matrix-catalog-only", scopes=["catalog"])
    logged: dict[str, Client] = {}

    def client_for(role: str) -> Any:
        def make() -> Client:
            if role in ("anonymous", "token"):
                return Client()
            if role not in logged or "_auth_user_id" not in logged[role].session:
                client = Client()
                user = User.objects.get(username=USERNAMES[role])
                client.force_login(user)
                if role == "admin":  # and gave the code of the demo authenticator
                    session = client.session
                    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
                    session.save()
                logged[role] = client
            return logged[role]

        return make

    headers = {role: {} for role in ROLES}
    headers["token"] = {"Authorization": f"Bearer {secret}"}
    return {role: client_for(role) for role in ROLES}, headers


def test_every_role_gets_what_the_table_says_on_every_endpoint(settings):
    settings.AXES_ENABLED = False
    settings.BORIKAN = {**settings.BORIKAN, "ADMINS_NEED_SECOND_FACTOR": True}
    _load_demo()
    samples = _samples()
    clients, headers = _clients()
    found = endpoints()
    printing = os.environ.get("PRINT_MATRIX") == "1"
    problems = []
    for endpoint in found:
        path = fill(endpoint.route, _values(endpoint.route, samples))
        got = run(clients, endpoint, path, headers)
        if set(got.values()) == {"-"}:
            continue  # e.g. GET of a POST-only page: the method is not there
        row = " ".join(got[role] for role in ROLES)
        key = (endpoint.method, endpoint.route)
        if printing:
            route = f'r"{endpoint.route}"' if "\\" in endpoint.route else f'"{endpoint.route}"'
            print(f'    ("{endpoint.method}", {route}): "{row}",')  # noqa: T201
            continue
        expected = EXPECTED.get(key)
        if expected is None:
            problems.append(f"no rule for {endpoint.method} /{endpoint.route} (gets {row})")
        elif expected != row:
            problems.append(f"{endpoint.method} /{endpoint.route}: expected {expected}, got {row}")
    listed = {(e.method, e.route) for e in found}
    problems += [f"rule for an endpoint that is gone: {k}" for k in EXPECTED if k not in listed]
    assert not problems, "\n".join(problems)
