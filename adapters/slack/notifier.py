"""Delivers outbox messages to Slack, rendering each from the incident's current state."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.cards import question_notice, receipt, review_card
from adapters.slack.checklist_blocks import irt_line, status_message
from adapters.slack.errors import slack_error, to_delivery_error
from adapters.slack.reminder_blocks import nudge_message, reminder_message
from core.model import Incident
from core.org import Channel, Organisation
from core.outbox import DeliveryError, MessageKind, MessageRef, OutboundMessage, StoredMessage
from core.ports import Clock, UnitOfWorkFactory
from core.reminders import nudge_view, reminder_view
from core.texts import t
from core.timeline import TimelineEntry
from core.workflow import allowed_decisions

log = logging.getLogger("meldpunt.slack")
Loader = Callable[[str], Awaitable[tuple[Incident, list[TimelineEntry]]]]
Language = Callable[[str], Awaitable[str]]
PLATFORM = Channel.SLACK.value


class SlackNotifier:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        org: Organisation,
        clock: Clock,
        uow: UnitOfWorkFactory,
        load: Loader,
        language: Language,
    ) -> None:
        self.client, self.org, self.clock, self.uow = client, org, clock, uow
        self.load, self.language = load, language

    async def deliver(self, stored: StoredMessage) -> str | None:
        """Send one message; raises DeliveryError. Returns the message ts where there is one."""
        try:
            return await self._deliver(stored)
        except (SlackApiError, OSError, TimeoutError) as exc:
            raise to_delivery_error(exc) from exc

    async def _deliver(self, stored: StoredMessage) -> str | None:
        msg = stored.message
        incident, timeline = await self.load(msg.case_number)
        if msg.kind is MessageKind.REVIEW_CARD:
            return await self._card(
                incident, timeline, msg.recipient, notify=bool(msg.params.get("notify"))
            )
        if msg.kind is MessageKind.REFRESH_CARDS:
            for ref in await self._refs(msg.case_number, "card"):
                await self._card(incident, timeline, ref.recipient, notify=False)
            return None
        if msg.kind is MessageKind.NOTICE:
            return await self._notice(incident, msg.recipient, msg.params)
        if msg.kind is MessageKind.IRT_WORKSPACE:
            return await self._workspace(incident)
        if msg.kind is MessageKind.IRT_STATUS:
            return await self._status(incident)
        if msg.kind is MessageKind.IRT_LINE:
            channel = await self._ref(msg.case_number, "irt_channel")
            if channel is None:
                return None
            text = irt_line(msg.params, self.org, self.org.language)
            return (await self.client.chat_postMessage(channel=channel.conversation, text=text))[
                "ts"
            ]
        if msg.kind in (MessageKind.REMINDER, MessageKind.NUDGE):
            return await self._reminder(incident, timeline, msg)
        return None

    async def _reminder(
        self, incident: Incident, timeline: list[TimelineEntry], msg: OutboundMessage
    ) -> str | None:
        """Rendered as it reads now; dropped once the clock stopped or the step was decided."""
        p, now = msg.params, self.clock.now()
        lang = await self.language(msg.recipient) if msg.recipient else self.org.language
        if msg.kind is MessageKind.NUDGE:
            nudge = nudge_view(
                incident, timeline, step=p["step"], since=p["since"], level=p["level"], now=now
            )
            message = nudge_message(nudge, lang) if nudge else None
        else:
            view = reminder_view(incident, p["rung"], now=now)
            message = reminder_message(view, self.org, lang) if view else None
        if message is None:
            log.info(
                "reminder no longer due", extra={"case": msg.case_number, "event": msg.kind.value}
            )
            return None
        if msg.recipient:
            channel = await self._dm(msg.recipient)
        elif (ref := await self._ref(msg.case_number, "irt_channel")) is not None:
            channel = ref.conversation
        else:
            raise DeliveryError("the IRT channel is not there yet", retry_after=30.0)
        text, blocks = message
        return (await self.client.chat_postMessage(channel=channel, text=text, blocks=blocks))["ts"]

    # ---- cards -----------------------------------------------------------------------------

    async def _card(
        self, incident: Incident, timeline: list[TimelineEntry], user: str, *, notify: bool
    ) -> str:
        lang = await self.language(user)
        person = self.org.person_by_address(Channel.SLACK, user)
        decisions = allowed_decisions(incident, person.id, self.org) if person else ()
        text, blocks = review_card(
            incident,
            self.org,
            lang,
            now=self.clock.now(),
            decisions=decisions,
            last=_last_decision(timeline),
        )
        ref = await self._ref(incident.case_number or "", "card", user)
        if ref is not None:
            try:
                await self.client.chat_update(
                    channel=ref.conversation, ts=ref.message_id, text=text, blocks=blocks
                )
                if notify and decisions:
                    await self.client.chat_postMessage(
                        channel=ref.conversation,
                        text=text,
                        thread_ts=ref.message_id,
                        reply_broadcast=True,
                    )
                return ref.message_id
            except SlackApiError as exc:
                if slack_error(exc) != "message_not_found":
                    raise
        channel = await self._dm(user)
        ts = (await self.client.chat_postMessage(channel=channel, text=text, blocks=blocks))["ts"]
        await self._put(MessageRef(PLATFORM, incident.case_number or "", "card", user, channel, ts))
        return ts

    async def _notice(self, incident: Incident, user: str, params: dict) -> str:
        lang = await self.language(user)
        case = incident.case_number or ""
        template = params.get("template", "")
        if template == "reported":
            text, blocks = receipt(incident, self.org, lang, now=self.clock.now())
        elif template == "question":
            asked_by = params.get("asked_by", "")
            asker = self.org.person(asked_by)
            text, blocks = question_notice(
                case,
                params.get("question", ""),
                asked_by=asked_by,
                asker_name=asker.name if asker else asked_by,
                lang=lang,
            )
        else:
            text = t(
                f"slack.notice.{template}",
                lang,
                case=case,
                answer=params.get("answer", ""),
                outcome=t(f"outcome.{incident.outcome.value}", lang) if incident.outcome else "",
            )
            blocks = None
        channel = await self._dm(user)
        return (await self.client.chat_postMessage(channel=channel, text=text, blocks=blocks))["ts"]

    # ---- the IRT channel -------------------------------------------------------------------

    async def _workspace(self, incident: Incident) -> str:
        case = incident.case_number or ""
        channel = await self._ref(case, "irt_channel")
        if channel is None:
            channel_id = await self._create_channel(f"{self.org.irt_channel_prefix}{case}".lower())
            channel = MessageRef(PLATFORM, case, "irt_channel", "", channel_id)
            await self._put(channel)
        await self._invite(channel.conversation)
        lang = self.org.language
        await self.client.conversations_setTopic(
            channel=channel.conversation, topic=t("slack.irt.topic", lang, case=case)[:250]
        )
        await self.client.conversations_setPurpose(
            channel=channel.conversation, purpose=t("slack.irt.purpose", lang, case=case)[:250]
        )
        ts = await self._status(incident)
        return ts or channel.conversation

    async def _create_channel(self, name: str) -> str:
        for attempt in range(1, 20):
            candidate = name if attempt == 1 else f"{name}-{attempt}"
            try:
                response = await self.client.conversations_create(
                    name=candidate[:80], is_private=True
                )
                return response["channel"]["id"]
            except SlackApiError as exc:
                if slack_error(exc) != "name_taken":
                    raise
        raise RuntimeError("no free channel name")

    async def _invite(self, channel: str) -> None:
        users = [p.slack for p in map(self.org.person, self.org.irt_members()) if p and p.slack]
        if not users:
            return
        try:
            await self.client.conversations_invite(channel=channel, users=",".join(users))
        except SlackApiError as exc:
            if slack_error(exc) not in {"already_in_channel", "cant_invite_self"}:
                raise

    async def _status(self, incident: Incident) -> str | None:
        case = incident.case_number or ""
        channel = await self._ref(case, "irt_channel")
        if channel is None:
            return None
        now = self.clock.now()
        text, blocks = status_message(
            incident, self.org, self.org.language, now=now, revision=int(now.timestamp())
        )
        status = await self._ref(case, "irt_status")
        if status is not None:
            await self.client.chat_update(
                channel=status.conversation, ts=status.message_id, text=text, blocks=blocks
            )
            return status.message_id
        ts = (
            await self.client.chat_postMessage(
                channel=channel.conversation, text=text, blocks=blocks
            )
        )["ts"]
        await self._put(MessageRef(PLATFORM, case, "irt_status", "", channel.conversation, ts))
        try:
            await self.client.pins_add(channel=channel.conversation, timestamp=ts)
        except SlackApiError as exc:
            if slack_error(exc) != "already_pinned":
                raise
        return ts

    # ---- helpers ---------------------------------------------------------------------------

    async def _dm(self, user: str) -> str:
        return (await self.client.conversations_open(users=user))["channel"]["id"]

    async def _ref(self, case: str, purpose: str, recipient: str = "") -> MessageRef | None:
        async with self.uow() as uow:
            return await uow.refs.get(PLATFORM, case, purpose, recipient)

    async def _refs(self, case: str, purpose: str) -> list[MessageRef]:
        async with self.uow() as uow:
            return await uow.refs.for_case(PLATFORM, case, purpose)

    async def _put(self, ref: MessageRef) -> None:
        async with self.uow() as uow:
            await uow.refs.put(ref)
            await uow.commit()


def _last_decision(timeline: list[TimelineEntry]) -> dict | None:
    for entry in reversed(timeline):
        if entry.what == "decision":
            return {**entry.details, "actor": entry.actor, "at": entry.at.isoformat()}
    return None
