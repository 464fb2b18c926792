"""Delivers outbox messages to Teams proactively, rendering each from the incident's current state."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import aiohttp

from adapters.teams.auth import TokenError
from adapters.teams.cards import Json, message, text_message
from adapters.teams.checklist_card import status_card
from adapters.teams.connector import Connector, to_delivery_error
from adapters.teams.conversations import PLATFORM, Conversations
from adapters.teams.graph import GraphError
from adapters.teams.reminder_text import nudge_text, reminder_text
from adapters.teams.review_cards import (
    last_decision,
    question_card,
    receipt,
    review_card,
)
from adapters.teams.workspace import Workspaces
from core.activity import activity_line
from core.model import Incident
from core.org import Channel, Organisation
from core.outbox import MessageKind, MessageRef, OutboundMessage, StoredMessage
from core.ports import Clock, UnitOfWorkFactory
from core.reminders import nudge_view, reminder_view
from core.texts import has, language, t
from core.timeline import TimelineEntry
from core.workflow import allowed_decisions

log = logging.getLogger("meldpunt.teams")
Loader = Callable[[str], Awaitable[tuple[Incident, list[TimelineEntry]]]]
FAILURES = (aiohttp.ClientError, GraphError, TokenError, OSError, TimeoutError)


class TeamsNotifier:
    def __init__(
        self, connector: Connector, *, conversations: Conversations, workspaces: Workspaces,
        org: Organisation, clock: Clock, uow: UnitOfWorkFactory, load: Loader, default_language: str,
    ) -> None:  # fmt: skip
        self.connector, self.conversations, self.workspaces = connector, conversations, workspaces
        self.org, self.clock, self.uow, self.load = org, clock, uow, load
        self.default_language = default_language

    async def deliver(self, stored: StoredMessage) -> str | None:
        """Send one message; raises DeliveryError (retried for 429/412/5xx). Returns an activity id."""
        try:
            return await self._deliver(stored)
        except FAILURES as exc:
            raise to_delivery_error(exc) from exc

    async def _deliver(self, stored: StoredMessage) -> str | None:
        msg = stored.message
        incident, timeline = await self.load(msg.case_number)
        kind = msg.kind.value
        if kind == MessageKind.REVIEW_CARD:
            return await self._card(
                incident, timeline, msg.recipient, notify=bool(msg.params.get("notify"))
            )
        if kind == MessageKind.REFRESH_CARDS:
            async with self.uow() as uow:
                refs = await uow.refs.for_case(PLATFORM, msg.case_number, "card")
            for ref in refs:
                await self._card(incident, timeline, ref.recipient, notify=False)
            return None
        if kind == MessageKind.NOTICE:
            return await self._notice(incident, msg.recipient, msg.params)
        if kind == MessageKind.IRT_WORKSPACE:
            lang = self.org.language
            case = incident.case_number or ""
            return await self.workspaces.open(
                incident, t("teams.irt.name", lang, case=case), t("teams.irt.purpose", lang, case=case),
                self._status_renderer(incident),
            )  # fmt: skip
        if kind == MessageKind.IRT_STATUS:
            await self.workspaces.refresh(msg.case_number, self._status_renderer(incident))
            return None
        if kind == MessageKind.IRT_LINE:
            return await self._line(
                msg.case_number, activity_line(msg.params, self.org, self.org.language)
            )
        return await self._other(incident, timeline, msg)

    async def _card(
        self, incident: Incident, timeline: list[TimelineEntry], address: str, *, notify: bool
    ) -> str:
        lang = await self._lang(address)
        person = self.org.person_by_address(Channel.TEAMS, address)
        decisions = allowed_decisions(incident, person.id, self.org) if person else ()
        card = review_card(incident, self.org, lang, now=self.clock.now(), decisions=decisions,
                           last=last_decision(timeline))  # fmt: skip
        case = incident.case_number or ""
        activity = message(
            card,
            t("teams.card.summary", lang, case=case, step=t(f"step.{incident.step.value}", lang)),
        )
        conversation = await self.conversations.personal(address)
        ref = await self._ref(case, "card", address)
        if ref is not None:
            await self.connector.update(conversation, ref.message_id, activity)
            if notify and decisions:
                await self.connector.send(
                    conversation, text_message(t("teams.card.your_turn", lang, case=case))
                )
            return ref.message_id
        activity_id = await self.connector.send(conversation, activity)
        async with self.uow() as uow:
            await uow.refs.put(
                MessageRef(PLATFORM, case, "card", address, conversation.id, activity_id)
            )
            await uow.commit()
        return activity_id

    async def _notice(self, incident: Incident, address: str, params: dict) -> str:
        lang = await self._lang(address)
        case = incident.case_number or ""
        template = str(params.get("template", ""))
        if template == "reported":
            activity = message(
                receipt(incident, self.org, lang), t("teams.receipt.text", lang, case=case)
            )
        elif template == "question":
            asked_by = str(params.get("asked_by", ""))
            asker = self.org.person(asked_by)
            name = asker.name if asker else asked_by
            card = question_card(
                case, str(params.get("question", "")), asked_by=asked_by, asker_name=name, lang=lang
            )
            activity = message(card, t("teams.question.text", lang, case=case, asker=name))
        else:
            outcome = t(f"outcome.{incident.outcome.value}", lang) if incident.outcome else ""
            key = (
                f"teams.notice.{template}"
                if has(f"teams.notice.{template}")
                else "teams.notice.generic"
            )
            activity = text_message(
                t(key, lang, case=case, answer=params.get("answer", ""), outcome=outcome)
            )
        return await self.connector.send(await self.conversations.personal(address), activity)

    async def _line(self, case: str, text: str) -> str | None:
        """Who did what, in the channel or group chat; personal copies only show the card."""
        shared = await self.workspaces.shared(case)
        return await self.connector.send(shared, text_message(text)) if shared else None

    async def _other(
        self, incident: Incident, timeline: list[TimelineEntry], msg: OutboundMessage
    ) -> str | None:
        """Reminders and nudges, rendered as they read now; dropped once no longer due."""
        case, p, now = incident.case_number or "", msg.params, self.clock.now()
        if msg.kind is MessageKind.NUDGE:
            nudge = nudge_view(
                incident,
                timeline,
                step=p.get("step", ""),
                since=p.get("since", 0),
                level=p.get("level", 1),
                now=now,
            )
            render = (lambda lang: nudge_text(nudge, lang)) if nudge else None
        elif msg.kind is MessageKind.REMINDER:
            view = reminder_view(incident, p.get("rung", ""), now=now)
            render = (lambda lang: reminder_text(view, self.org, lang)) if view else None
        else:
            render = None
        if render is None:
            log.info("message no longer due", extra={"case": case, "event": msg.kind.value})
            return None
        if msg.recipient:
            conversation = await self.conversations.personal(msg.recipient)
            return await self.connector.send(
                conversation, text_message(render(await self._lang(msg.recipient)))
            )
        shared = await self.workspaces.shared(case)
        if shared is not None:
            return await self.connector.send(shared, text_message(render(self.org.language)))
        async with self.uow() as uow:  # personal chats instead of a workspace: each copy's owner
            copies = await uow.refs.for_case(PLATFORM, case, "irt_status")
        for ref in copies:
            conversation = await self.conversations.personal(ref.recipient)
            await self.connector.send(
                conversation, text_message(render(await self._lang(ref.recipient)))
            )
        return None

    def _status_renderer(self, incident: Incident):
        async def render(address: str | None, kind: str) -> Json:
            lang = await self._lang(address) if address else self.org.language
            ids = [p.teams for p in map(self.org.person, self.org.irt_members())
                   if p and p.teams and p.teams.startswith("29:")]  # fmt: skip
            note = t("teams.irt.personal_note", lang) if kind == "personal" else None
            card = status_card(incident, self.org, lang, now=self.clock.now(),
                               user_ids=ids if not address else None, workspace_note=note)  # fmt: skip
            return message(card, t("teams.irt.status_text", lang, case=incident.case_number))

        return render

    async def _lang(self, address: str) -> str:
        return language(await self.conversations.locale(address), self.default_language)

    async def _ref(self, case: str, purpose: str, recipient: str = "") -> MessageRef | None:
        async with self.uow() as uow:
            return await uow.refs.get(PLATFORM, case, purpose, recipient)
