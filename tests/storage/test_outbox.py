"""The SQL outbox and message refs: stored with the change, claimed once, settled, counted."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.org import Channel
from core.outbox import MessageKind, MessageRef, OutboundMessage
from storage.models import OutboxRow

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def message(n: int = 1, **changes) -> OutboundMessage:
    fields = {
        "platform": Channel.SLACK,
        "kind": MessageKind.NOTICE,
        "case_number": "2026-0001",
        "recipient": f"U{n}",
        "params": {"text": "notice", "n": n},
        "key": f"notice:{n}",
    }
    return OutboundMessage(**(fields | changes))


async def add(uow_factory, *messages: OutboundMessage, now: datetime = NOW) -> None:
    async with uow_factory() as uow:
        await uow.outbox.add(messages, now=now)
        await uow.commit()


async def claim(uow_factory, *, now=NOW, worker="w1", limit=10, lease=60.0):
    async with uow_factory() as uow:
        claimed = await uow.outbox.claim(now=now, worker=worker, limit=limit, lease_seconds=lease)
        await uow.commit()
    return claimed


async def test_added_messages_are_claimed_in_due_order(uow_factory, new_incident):
    async with uow_factory() as uow:
        stored = await uow.incidents.add(new_incident())
        await uow.commit()
    later = message(2, due_at=NOW + timedelta(minutes=5))
    await add(uow_factory, later, message(1), message(3, key=None, case_number="2026-0042"))

    claimed = await claim(uow_factory, lease=3600)
    assert [s.message for s in claimed] == [
        message(1, due_at=NOW),
        message(3, key=None, case_number="2026-0042", due_at=NOW),
    ]
    assert all(s.attempts == 0 for s in claimed)
    assert [s.message.key for s in await claim(uow_factory, now=NOW + timedelta(minutes=6))] == [
        "notice:2"
    ]
    async with uow_factory() as uow:
        linked = await uow.session.execute(select(OutboxRow.key, OutboxRow.incident_id))
        assert dict(linked.all()) == {"notice:1": stored.id, "notice:2": stored.id, None: None}


async def test_a_key_is_stored_once(uow_factory):
    await add(uow_factory, message(1))
    await add(uow_factory, message(1, params={"text": "again"}), message(2))
    claimed = await claim(uow_factory)
    assert [(s.message.key, s.message.params["text"]) for s in claimed] == [
        ("notice:1", "notice"),
        ("notice:2", "notice"),
    ]


async def test_a_claim_is_leased_until_it_expires(uow_factory):
    await add(uow_factory, message(1))
    assert len(await claim(uow_factory, lease=60)) == 1
    assert await claim(uow_factory, worker="w2", now=NOW + timedelta(seconds=30)) == []
    again = await claim(uow_factory, worker="w2", now=NOW + timedelta(seconds=61))
    assert [s.message.key for s in again] == ["notice:1"]


async def test_sent_retry_and_failed_settle_a_message(uow_factory):
    await add(uow_factory, message(1), message(2), message(3))
    one, two, three = await claim(uow_factory)
    async with uow_factory() as uow:
        await uow.outbox.sent(one.id, now=NOW, external_ref="1712.0001")
        await uow.outbox.retry(two.id, due_at=NOW + timedelta(minutes=1), error="rate_limited")
        await uow.outbox.failed(three.id, error="channel_not_found")
        assert await uow.outbox.counts() == {"pending": 1, "sent": 1, "failed": 1}
        await uow.commit()
    assert await claim(uow_factory, now=NOW + timedelta(seconds=59)) == []
    retried = await claim(uow_factory, now=NOW + timedelta(minutes=1))
    assert [(s.id, s.attempts) for s in retried] == [(two.id, 1)]


async def test_counts_start_at_zero(uow_factory):
    async with uow_factory() as uow:
        assert await uow.outbox.counts() == {"pending": 0, "sent": 0, "failed": 0}


async def test_uncommitted_messages_are_not_delivered(uow_factory):
    async with uow_factory() as uow:
        await uow.outbox.add([message(1)], now=NOW)
    assert await claim(uow_factory) == []


@pytest.mark.postgres
async def test_concurrent_workers_never_claim_the_same_message(uow_factory):
    await add(uow_factory, *(message(n) for n in range(40)))
    batches = await asyncio.gather(*(claim(uow_factory, worker=f"w{n}", limit=7) for n in range(8)))
    ids = [s.id for batch in batches for s in batch]
    assert len(ids) == len(set(ids)) == 40


async def test_message_refs_are_put_updated_and_listed(uow_factory):
    card_a = MessageRef("slack", "2026-0001", "card", "UA", "D1", "1.1")
    card_b = MessageRef("slack", "2026-0001", "card", "UB", "D2", "2.2")
    channel = MessageRef("slack", "2026-0001", "irt_channel", "", "C9")
    async with uow_factory() as uow:
        for ref in (card_b, card_a, channel):
            await uow.refs.put(ref)
        await uow.commit()
    moved = MessageRef("slack", "2026-0001", "card", "UA", "D1", "3.3")
    async with uow_factory() as uow:
        await uow.refs.put(moved)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.refs.get("slack", "2026-0001", "card", "UA") == moved
        assert await uow.refs.get("slack", "2026-0001", "irt_channel") == channel
        assert await uow.refs.get("teams", "2026-0001", "card", "UA") is None
        assert await uow.refs.for_case("slack", "2026-0001", "card") == [moved, card_b]


async def test_one_add_keeps_order_and_stores_a_repeated_key_once(uow_factory):
    await add(uow_factory, message(1), message(2, key="notice:1"), message(3, key=None), message(4))

    async with uow_factory() as uow:
        rows = await uow.session.execute(select(OutboxRow.recipient).order_by(OutboxRow.id))
        assert list(rows.scalars()) == ["U1", "U3", "U4"]
