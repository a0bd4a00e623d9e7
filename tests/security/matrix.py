"""The machinery of the permission matrix: every URL and API operation the project has, a sample
request for each, and what each role gets back (allow, deny, hidden)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# What a role gets: A allowed (the request reached the feature: 2xx, 3xx that is not the
# sign-in page, or 400/409/413/415/429 about the request itself), D denied (401, 403 or sent
# to sign in), H hidden (404: the record is not theirs to know about), V the API refused the
# sample's empty body (422) after authentication but before the operation's own checks.
ALLOW, DENY, HIDDEN, VALIDATED = "A", "D", "H", "V"

ROLES = (
    "anonymous", "token", "agent", "counter", "prov_a", "prov_b", "officer_x", "officer_y",
    "director", "supervisor", "admin", "admin_no_code",
)  # fmt: skip
# Demo usernames for the staff roles; "token" is an API token whose scope fits no endpoint.
USERNAMES = {
    "agent": "agent", "counter": "counter", "prov_a": "provincial.cmi",
    "prov_b": "provincial.kkn", "officer_x": "officer.dit", "officer_y": "officer.dbd",
    "director": "director", "supervisor": "supervisor", "admin": "admin",
    "admin_no_code": "admin",  # signed in with the password, second factor not yet given
}  # fmt: skip


@dataclass(frozen=True)
class Endpoint:
    method: str
    route: str  # Django's route, e.g. "cases/<str:number>/"
    name: str


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            for route, name in _walk(pattern.url_patterns, prefix + str(pattern.pattern)):
                yield route, (namespace + name if name and ":" not in name else name)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name or ""


def api_operations() -> dict[str, set[str]]:
    """Route of every API path -> the HTTP methods its operations accept."""
    from borikan.api.api import api

    found: dict[str, set[str]] = {}
    for router_prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            route = "api/v1/" + _join(router_prefix, path)
            route = re.sub(r"\{(\w+)(?::\w+)?\}", r"<\1>", route)
            for operation in path_view.operations:
                found.setdefault(route, set()).update(m.upper() for m in operation.methods)
    return found


def _join(*parts: str) -> str:
    joined = "/".join(p.strip("/") for p in parts if p.strip("/"))
    return joined


def endpoints() -> list[Endpoint]:
    """Every page (GET, and POST where the view takes a form) and every API operation."""
    api = api_operations()
    result: list[Endpoint] = []
    seen: set[tuple[str, str]] = set()
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "api/v1/")) or route == "i18n/setlang/":
            continue
        for method in ("GET", "POST"):
            key = (method, route)
            if key not in seen:
                seen.add(key)
                result.append(Endpoint(method, route, name))
    for route, methods in sorted(api.items()):
        for method in sorted(methods):
            key = (method, route.rstrip("/"))
            if key not in seen:
                seen.add(key)
                result.append(Endpoint(method, route.rstrip("/"), "api"))
    return result


def fill(route: str, values: dict[str, str]) -> str:
    """The route with its parameters filled in from `values` (by parameter name); a regular
    expression route (re_path) has its named groups filled and its anchors dropped."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        return values[name]

    if "(?P<" in route:
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], route)
        route = route.replace("^", "").replace("$", "").replace("\\.", ".")
        return "/" + route
    return "/" + re.sub(r"<([^>]+)>", one, route)


def outcome(response: Any, path: str) -> str:
    status = response.status_code
    if status in (401, 403):
        return DENY
    location = response.get("Location", "") if status in (301, 302) else ""
    if location.startswith("/login/"):
        return DENY
    if location.startswith("/account/2fa/") and not path.startswith("/account/2fa/"):
        return DENY  # to give the second factor first
    if status == 404:
        return HIDDEN
    if status == 422:
        return VALIDATED
    if status == 405:
        return "-"  # the method does not exist there: not part of the matrix
    return ALLOW


def run(
    clients: dict[str, Callable[[], Client]], endpoint: Endpoint, path: str, headers: dict[str, str]
) -> dict[str, str]:
    results = {}
    is_api = endpoint.route.startswith("api/")
    for role in ROLES:
        client = clients[role]()
        kwargs: dict[str, Any] = {"headers": headers.get(role, {})}
        # Each request's writes are undone, so that one role deleting the sample record does
        # not turn the next role's answer into "not found".
        with transaction.atomic():
            if endpoint.method == "GET":
                response = client.get(path, **kwargs)
            elif is_api:
                response = client.generic(
                    endpoint.method, path, "{}", content_type="application/json", **kwargs
                )
            else:
                response = client.post(path, {}, **kwargs)
            transaction.set_rollback(True)
        results[role] = outcome(response, path)
        if endpoint.route == "logout/" and response.status_code == 302:
            results[role] = ALLOW  # signing out sends everyone to the sign-in page
    return results
