"""Asterisk AMI bridge: turns an Asterisk/FreePBX call flow into the Generic CTI events.

Inbound call (the first channel of a call, Uniqueid == Linkedid)  → newCall
DialBegin to an agent's extension                                 → that extension is ringing
DialEnd with DialStatus ANSWER (or AgentConnect from a queue)      → answer
Hangup of the call's first channel                                → hangup (cause from Q.850)
UserEvent PostCallSurvey (CallId, Score)                          → rating (the keypad rating)
UserEvent SurveyStart (CallId), then the caller's DTMFEnd 1/2/3    → rating (the digit pressed)

panoramisk keeps the connection: it logs in, pings, and reconnects when the PBX restarts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from borikan.telephony.services import CtiEvent, cti_event_apply

log = logging.getLogger("borikan.ami")

# Q.850 cause codes Asterisk reports on Hangup, in the Generic CTI vocabulary.
Q850_CAUSES = {
    "16": "normalClearing",
    "17": "busy",
    "18": "noAnswer",
    "19": "noAnswer",
    "21": "cancel",
    "1": "notFound",
    "3": "notFound",
    "34": "congestion",
    "38": "congestion",
    "42": "congestion",
}


def _extension(channel: str) -> str:
    """`PJSIP/1001-0000002a` → `1001`."""
    name = channel.split("/", 1)[-1]
    return name.rsplit("-", 1)[0] if "-" in name else name


class AmiBridge:
    """Listens to one Asterisk manager interface and applies its calls to Borikan."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str,
        secret: str,
        reconnect_seconds: float = 2,
        apply: Callable[[CtiEvent], dict[str, str]] | None = None,
    ) -> None:
        from panoramisk import Manager

        self.calls: dict[str, dict[str, Any]] = {}
        # Calls whose caller is in the post-call survey: the next digit pressed is the rating.
        self.surveying: set[str] = set()
        self._apply = apply or (lambda event: cti_event_apply(event=event, source="ami"))
        self.manager = Manager(
            host=host, port=port, username=username, secret=secret,
            reconnect_timeout=reconnect_seconds, ping_delay=10, ping_interval=10,
            on_login=lambda m: log.info("AMI: logged in to %s:%s", host, port),
            on_disconnect=lambda m, exc: log.warning("AMI: connection lost (%s)", exc),
        )  # fmt: skip
        for pattern, handler in (
            ("Newchannel", self.on_newchannel),
            ("DialBegin", self.on_dial_begin),
            ("DialEnd", self.on_dial_end),
            ("AgentConnect", self.on_agent_connect),
            ("Hangup", self.on_hangup),
            ("UserEvent", self.on_user_event),
            ("DTMFEnd", self.on_dtmf),
        ):
            self.manager.register_event(pattern, handler)

    async def start(self) -> None:
        self.manager.loop = asyncio.get_running_loop()
        self.manager.connect()

    def stop(self) -> None:
        self.manager.close()

    async def _send(self, event: CtiEvent) -> None:
        # One bad event must never stop the bridge: log it and carry on.
        try:
            await sync_to_async(self._apply_closing)(event)
        except Exception:
            log.exception("AMI: could not apply %s for call %s", event.event, event.call_id)

    def _apply_closing(self, event: CtiEvent) -> dict[str, str]:
        close_old_connections()
        return self._apply(event)

    async def on_newchannel(self, manager: Any, message: Any) -> None:
        uniqueid, linkedid = message.get("Uniqueid", ""), message.get("Linkedid", "")
        if not uniqueid or (linkedid and linkedid != uniqueid):
            return  # a leg of a call we already know (the agent's phone ringing)
        number = message.get("CallerIDNum", "") or "anonymous"
        if number in {"<unknown>", ""}:
            number = "anonymous"
        call = {"from": number, "to": message.get("Exten", ""), "users": []}
        self.calls[uniqueid] = call
        await self._send(
            CtiEvent(
                event="newCall",
                call_id=uniqueid,
                from_number=number,
                to_number=call["to"],
                direction="in",
                payload=dict(message.items()),
            )
        )

    async def on_dial_begin(self, manager: Any, message: Any) -> None:
        call = self.calls.get(message.get("Linkedid") or message.get("Uniqueid", ""))
        if call is not None:
            call["users"].append(_extension(message.get("DestChannel", "")))

    async def on_dial_end(self, manager: Any, message: Any) -> None:
        if message.get("DialStatus", "").upper() != "ANSWER":
            return
        await self._answer(message.get("Linkedid") or message.get("Uniqueid", ""),
                           message.get("DestCallerIDNum") or
                           _extension(message.get("DestChannel", "")), message)  # fmt: skip

    async def on_agent_connect(self, manager: Any, message: Any) -> None:
        await self._answer(message.get("Linkedid") or message.get("Uniqueid", ""),
                           _extension(message.get("Interface", "") or
                                      message.get("DestChannel", "")), message)  # fmt: skip

    async def _answer(self, call_id: str, extension: str, message: Any) -> None:
        if not call_id:
            return
        await self._send(
            CtiEvent(
                event="answer",
                call_id=call_id,
                answering_number=extension,
                payload=dict(message.items()),
            )
        )

    async def on_hangup(self, manager: Any, message: Any) -> None:
        uniqueid, linkedid = message.get("Uniqueid", ""), message.get("Linkedid", "")
        if not uniqueid or (linkedid and linkedid != uniqueid):
            return
        self.calls.pop(uniqueid, None)
        self.surveying.discard(uniqueid)
        cause = Q850_CAUSES.get(str(message.get("Cause", "")), "normalClearing")
        await self._send(
            CtiEvent(event="hangup", call_id=uniqueid, cause=cause, payload=dict(message.items()))
        )

    async def on_user_event(self, manager: Any, message: Any) -> None:
        kind = message.get("UserEvent", "")
        call_id = message.get("CallId", "") or message.get("Linkedid", "")
        if kind == "SurveyStart" and call_id:
            self.surveying.add(call_id)
        elif kind == "PostCallSurvey" and call_id:
            self.surveying.discard(call_id)
            await self._rating(call_id, str(message.get("Score", "")), message)

    async def on_dtmf(self, manager: Any, message: Any) -> None:
        """The caller's digit during the survey the dialplan announced with SurveyStart."""
        call_id = message.get("Linkedid") or message.get("Uniqueid", "")
        if call_id not in self.surveying or message.get("Direction", "Received") != "Received":
            return
        self.surveying.discard(call_id)
        await self._rating(call_id, str(message.get("Digit", "")), message)

    async def _rating(self, call_id: str, digit: str, message: Any) -> None:
        if digit.strip() not in {"1", "2", "3"}:
            log.warning("AMI: survey digit %r for call %r is not 1, 2 or 3", digit, call_id)
            return
        await self._send(
            CtiEvent(
                event="rating", call_id=call_id, score=digit.strip(), payload=dict(message.items())
            )
        )
