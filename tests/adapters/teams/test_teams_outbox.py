"""Proactive delivery from the outbox: what core routes to Channel.TEAMS reaches the person's chat."""

from __future__ import annotations

import pytest

from bot.services import SERVICES
from core.org import Channel
from core.outbox import MessageKind, OutboundMessage
from tests.adapters.teams.test_teams_flow import report
from tests.adapters.teams.world import TeamsWorld


async def enqueue(world: TeamsWorld, *messages: OutboundMessage) -> None:
    services = world.client.app[SERVICES]
    async with services.uow() as uow:
        await uow.outbox.add(list(messages), now=services.clock.now())
        await uow.commit()
    services.dispatcher.kick()


async def test_a_notice_in_the_outbox_is_delivered_proactively_in_the_persons_language(world: TeamsWorld):
    world.locales["29:grace"] = "en-GB"
    await world.hello("29:grace")  # Teams told us Grace's locale
    case = await report(world)

    await enqueue(world, OutboundMessage(Channel.TEAMS, MessageKind.NOTICE, case, "29:grace",
                                         {"template": "breach_confirmed"}))  # fmt: skip
    await world.settled()

    notice = [a for a in world.inbox("29:grace") if "formally confirmed" in (a.get("text") or "")]
    assert len(notice) == 1 and case in notice[0]["text"]


@pytest.mark.skipif(not hasattr(MessageKind, "REMINDER"), reason="reminders not merged yet")
async def test_a_reminder_reaches_the_dpo_with_the_clock(world: TeamsWorld):
    case = await report(world)

    await enqueue(world, OutboundMessage(Channel.TEAMS, MessageKind("reminder"), case, "aad:oid-dave",
                                         {"person": "dave", "rung": "before:24"}))  # fmt: skip
    await world.settled()

    reminder = [a for a in world.inbox("aad:oid-dave") if "⏰" in (a.get("text") or "")]
    assert len(reminder) == 1 and "72" in reminder[0]["text"]


async def test_a_nudge_reaches_the_reviewer_and_a_stale_reminder_is_dropped(world: TeamsWorld):
    case = await report(world)
    services = world.client.app[SERVICES]
    incident, timeline = await services.handlers.get(case)
    since = int(timeline[0].at.timestamp())

    await enqueue(world, OutboundMessage(Channel.TEAMS, MessageKind.NUDGE, case, "aad:oid-dave",
                                         {"step": incident.step.value, "since": since, "level": 2}),
                  OutboundMessage(Channel.TEAMS, MessageKind.NUDGE, case, "aad:oid-dave",
                                  {"step": "dpo_review", "since": since, "level": 1}))  # fmt: skip
    await world.settled()

    nudges = [a for a in world.inbox("aad:oid-dave") if "⏳" in (a.get("text") or "")]
    assert len(nudges) == 1 and case in nudges[0]["text"]  # the second names a step the case is not in
