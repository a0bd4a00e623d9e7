"""Chat pages: the widget's script and its few HTTP calls (CORS for allowed websites), the
public try-out page, and the agents' console with its actions (JSON for the console script)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from borikan.chat.models import ChatFile, Conversation, Status
from borikan.chat.origins import origin_allowed
from borikan.chat.selectors import (
    TOPIC_SERVICES,
    agents_online,
    canned_answers_for,
    chat_availability,
    conversation_by_token,
    conversation_dict,
    conversation_list_visible_to,
    conversations_of,
    may_answer,
    message_dict,
    messages_after,
    queue_positions,
    queue_visible_to,
    topics,
    transcript_text,
)
from borikan.chat.services import (
    MAX_FILE_BYTES,
    PDPA_NOTICE_VERSION,
    conversation_accept,
    conversation_case_open,
    conversation_close,
    conversation_start,
    conversation_transfer,
    file_post,
)
from borikan.chat.widget import widget_strings
from borikan.core.errors import DomainError, error_body
from borikan.core.files import file_response
from borikan.core.http import acting_user
from borikan.core.models import Agency, User
from borikan.core.ratelimit import client_ip, hit
from borikan.knowledge.selectors import article_search

# Starts per connection and hour: enough for an office behind one address, not for a robot.
START_LIMIT = 30
MAX_JSON = 16 * 1024


def _error(exc: DomainError) -> JsonResponse:
    return JsonResponse(exc.as_dict(), status=exc.status, json_dumps_params={"ensure_ascii": False})


def _json_body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_JSON:
        raise DomainError(_("The request is too large."), code="too_large", status=413)
    try:
        data = json.loads(request.body or b"{}")
    except ValueError as exc:
        raise DomainError(_("The request must be JSON."), code="bad_json") from exc
    if not isinstance(data, dict):
        raise DomainError(_("The request must be a JSON object."), code="bad_json")
    return data


def visitor_endpoint(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """CORS for the websites in CHAT_ALLOWED_ORIGINS: a preflight answered, other websites
    refused; no cookies are used (the visitor's token goes in a header)."""

    @csrf_exempt
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        origin = request.headers.get("Origin")
        if origin and not origin_allowed(origin):
            return JsonResponse(
                error_body("origin_not_allowed", _("This website may not use the chat.")),
                status=403,
            )
        if request.method == "OPTIONS":
            response: HttpResponseBase = HttpResponse(status=204)
        else:
            try:
                response = view(request, *args, **kwargs)
            except DomainError as exc:
                response = _error(exc)
        if origin:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Content-Type, X-Chat-Token"
            response["Access-Control-Max-Age"] = "600"
        response["Vary"] = "Origin"
        return response

    return wrapped


@require_GET
def widget_js(request: HttpRequest) -> HttpResponse:
    """The one script a website includes: `<script src="…/chat/widget.js" defer></script>`."""
    context = {
        "strings": json.dumps(widget_strings(), ensure_ascii=False),
        "css": static("chat/widget.css"),
    }
    response = render(request, "chat/widget.js", context, content_type="text/javascript")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"  # a public script, no credentials
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@visitor_endpoint
@require_GET
def visitor_topics(request: HttpRequest) -> HttpResponse:
    language = "en" if request.GET.get("lang") == "en" else "th"
    with override(language):
        data = topics()
    available = chat_availability()
    return JsonResponse(
        {**data, "open": available.open, "reason": available.reason, "notice": PDPA_NOTICE_VERSION},
        json_dumps_params={"ensure_ascii": False},
    )


@visitor_endpoint
@require_POST
def visitor_start(request: HttpRequest) -> HttpResponse:
    if not hit(scope="chat-start", key=client_ip(request), limit=START_LIMIT, window_seconds=3600):
        raise DomainError(
            _("Too many chats from this connection. Try again later, or call 1203."),
            code="rate_limited",
            status=429,
        )
    data = _json_body(request)
    started = conversation_start(
        name=str(data.get("name") or ""),
        service_code=str(data.get("service") or ""),
        agency_code=str(data.get("agency") or ""),
        phone=str(data.get("phone") or ""),
        email=str(data.get("email") or ""),
        consent=data.get("consent") is True,
        language=str(data.get("language") or "th"),
        origin=request.headers.get("Origin", ""),
    )
    conversation = started.conversation
    return JsonResponse(
        {
            "conversation": conversation.public_id,
            "token": started.token,
            "status": conversation.status,
        },
        status=201,
    )


def _upload(request: HttpRequest) -> tuple[str, bytes]:
    """The posted file's name and bytes, refused before reading when it is too large."""
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(_("Choose a file."), code="file_required")
    if upload.size and upload.size > MAX_FILE_BYTES:  # file_post says the same of the bytes
        raise DomainError(
            _("The file is too large: at most 5 MB."), code="file_too_large", status=413
        )
    return upload.name or "file", upload.read()


def _visitor_conversation(request: HttpRequest, public_id: str) -> Conversation:
    conversation = conversation_by_token(
        public_id=public_id, token=request.headers.get("X-Chat-Token", "")
    )
    if conversation is None:
        raise DomainError(_("This chat's token is not valid."), code="bad_token", status=401)
    return conversation


@visitor_endpoint
@require_POST
def visitor_file(request: HttpRequest, public_id: str) -> HttpResponse:
    conversation = _visitor_conversation(request, public_id)
    name, data = _upload(request)
    message = file_post(conversation=conversation, name=name, data=data, author="visitor")
    return JsonResponse({"message": message_dict(message)}, status=201)


@visitor_endpoint
@require_GET
def visitor_file_download(request: HttpRequest, public_id: str, pk: int) -> HttpResponseBase:
    """A file of the visitor's own chat (the agent's, or their own), with the chat's token."""
    conversation = _visitor_conversation(request, public_id)
    stored = ChatFile.objects.filter(pk=pk, conversation=conversation).first()
    if stored is None:
        raise DomainError(_("There is no such file in this chat."), code="not_found", status=404)
    return file_response(stored)


def try_page(request: HttpRequest) -> HttpResponse:
    """Public: the widget on a page of Borikan's own, as a ministry website would show it."""
    response = render(request, "chat/try.html", {})
    host = request.get_host()
    response["Content-Security-Policy"] = (
        f"default-src 'self'; connect-src 'self' ws://{host} wss://{host}; "
        "img-src 'self' data:; frame-ancestors 'none'"
    )
    return response


# The agents' console.


def _agent(request: HttpRequest) -> User:
    user = acting_user(request)
    if not may_answer(user=user):
        raise PermissionDenied
    return user


def _visible(user: User, public_id: str) -> Conversation:
    conversation = conversation_list_visible_to(user=user).filter(public_id=public_id).first()
    if conversation is None:
        raise Http404
    return conversation


@login_required
def console(request: HttpRequest) -> HttpResponse:
    user = _agent(request)
    context = {
        "agencies": Agency.objects.filter(is_active=True, kind=Agency.Kind.DEPARTMENT),
        "canned": canned_answers_for(),
        "mine": list(conversations_of(user=user).values_list("public_id", flat=True)),
        "status_labels": {value: str(label) for value, label in Status.choices},
    }
    return render(request, "chat/console.html", context)


@login_required
def console_queue(request: HttpRequest) -> HttpResponse:
    user = _agent(request)
    waiting = list(queue_visible_to(user=user))
    positions = queue_positions()
    # One queue per agency (the general one for visitors who did not pick one), each row with
    # the service the visitor picked.
    queues: dict[str, list[tuple[Conversation, int, str]]] = {}
    for conversation in waiting:
        label = conversation.agency.name if conversation.agency else str(_("General"))
        service = conversation.service
        topic = str(TOPIC_SERVICES.get(service.code, service.name)) if service else ""
        queues.setdefault(label, []).append(
            (conversation, positions.get(conversation.public_id, (0, 0))[0], topic)
        )
    online = agents_online().select_related("user")
    return render(
        request,
        "chat/_queue.html",
        {"queues": sorted(queues.items()), "online": [p.user for p in online]},
    )


@login_required
@require_GET
def console_conversation(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _agent(request)
    conversation = _visible(user, public_id)
    data = conversation_dict(conversation)
    data["mine"] = conversation.agent_id == user.pk
    data["visitor_phone"] = conversation.visitor_phone
    data["visitor_email"] = conversation.visitor_email
    data["canned"] = [
        {"id": c.pk, "title": c.title} for c in canned_answers_for(conversation=conversation)
    ]
    data["messages"] = [message_dict(m) for m in messages_after(conversation=conversation)]
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _console_action(
    request: HttpRequest,
    public_id: str,
    action: Callable[[User, Conversation, dict[str, Any]], Any],
) -> HttpResponse:
    user = _agent(request)
    conversation = _visible(user, public_id)
    try:
        result = action(user, conversation, _json_body(request))
    except DomainError as exc:
        return _error(exc)
    fresh = conversation_list_visible_to(user=user).get(pk=conversation.pk)
    body = {"conversation": conversation_dict(fresh)}
    if result is not None and hasattr(result, "number"):
        body["case"] = result.number
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@login_required
@require_POST
def console_file(request: HttpRequest, public_id: str) -> HttpResponse:
    """The agent sends the visitor a file (a form, a guide): checked by its content like the
    visitor's; it reaches the visitor's widget as a message with a download button."""
    user = _agent(request)
    conversation = _visible(user, public_id)
    try:
        name, data = _upload(request)
        message = file_post(
            conversation=conversation, name=name, data=data, author="agent", by=user
        )
    except DomainError as exc:
        return _error(exc)
    return JsonResponse(
        {"message": message_dict(message)}, status=201, json_dumps_params={"ensure_ascii": False}
    )


@login_required
@require_POST
def console_accept(request: HttpRequest, public_id: str) -> HttpResponse:
    return _console_action(
        request, public_id, lambda user, c, data: conversation_accept(conversation=c, by=user)
    )


@login_required
@require_POST
def console_transfer(request: HttpRequest, public_id: str) -> HttpResponse:
    def transfer(user: User, conversation: Conversation, data: dict[str, Any]) -> Any:
        to_agent = to_agency = None
        if data.get("agent"):
            to_agent = User.objects.filter(username=str(data["agent"]), is_active=True).first()
            if to_agent is None:
                raise DomainError(_("No such agent."), code="agent_unknown")
        elif data.get("agency"):
            to_agency = Agency.objects.filter(code=str(data["agency"]), is_active=True).first()
            if to_agency is None:
                raise DomainError(_("Choose an agency from the list."), code="agency_invalid")
        return conversation_transfer(
            conversation=conversation, by=user, to_agent=to_agent, to_agency=to_agency
        )

    return _console_action(request, public_id, transfer)


@login_required
@require_POST
def console_close(request: HttpRequest, public_id: str) -> HttpResponse:
    return _console_action(
        request,
        public_id,
        lambda user, c, data: conversation_close(
            conversation=c,
            by=user,
            subject=str(data.get("subject") or ""),
            notes=str(data.get("notes") or ""),
        ),
    )


@login_required
@require_POST
def console_case(request: HttpRequest, public_id: str) -> HttpResponse:
    return _console_action(
        request,
        public_id,
        lambda user, c, data: conversation_case_open(
            conversation=c,
            by=user,
            kind=str(data.get("kind") or "complaint"),
            subject=str(data.get("subject") or ""),
        ),
    )


@login_required
@require_GET
def console_kb(request: HttpRequest) -> HttpResponse:
    """Public articles for the visitor's question, each with a button to send it as a card."""
    _agent(request)
    query = request.GET.get("q", "")[:200]
    hits = article_search(query=query, public_only=True, limit=8) if query.strip() else []
    return render(request, "chat/_kb.html", {"hits": hits, "q": query})


@login_required
def transcript(request: HttpRequest, public_id: str) -> HttpResponse:
    user = acting_user(request)
    conversation = conversation_list_visible_to(user=user).filter(public_id=public_id).first()
    if conversation is None:
        raise Http404
    return render(
        request,
        "chat/transcript.html",
        {
            "conversation": conversation,
            "chat_messages": messages_after(conversation=conversation),
            "text": transcript_text(conversation=conversation),
        },
    )


@login_required
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    user = acting_user(request)
    stored = ChatFile.objects.filter(
        pk=pk, conversation__in=conversation_list_visible_to(user=user)
    ).first()
    if stored is None:
        raise Http404
    return file_response(stored)
