"""The sweep on SQLite and PostgreSQL: only due incidents are read, each rung is stored once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.clock import SettableClock
from bot.outbox_sink import OutboxSink
from core.commands import Decide
from core.handlers import Handlers
from core.model import Decision
from core.sweep import sweep
from storage.migrate import downgrade_async, upgrade_async
from storage.models import OutboxRow, ReminderScheduleRow, ReminderSentRow
from storage.reminders import SWEEP_NOW
from tests.core.builders import CONTACT_NORTH, make_org, make_report

START = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
ORG = make_org()


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START)


@pytest.fixture
def handlers(uow_factory, clock) -> Handlers:
    sink = OutboxSink(org=lambda: ORG, clock=clock, kick=lambda: None)
    return Handlers(uow=uow_factory, clock=clock, org=ORG, sink=sink)


async def report(handlers: Handlers, *, hours_ago: float = 0) -> str:
    discovered = handlers.clock.now() - timedelta(hours=hours_ago)
    incident, _ = await handlers.report(make_report(discovered_at=discovered))
    assert incident.case_number is not None
    return incident.case_number


async def run_sweep(handlers: Handlers, **kwargs):
    return await sweep(
        handlers.uow, org=ORG, sink=handlers.sink, now=handlers.clock.now(), **kwargs
    )


async def schedule(uow_factory) -> list[datetime | None]:
    async with uow_factory() as uow:
        stmt = select(ReminderScheduleRow.next_due_at).order_by(ReminderScheduleRow.incident_id)
        return list((await uow.session.execute(stmt)).scalars())


async def count(uow_factory, stmt) -> int:
    async with uow_factory() as uow:
        return int((await uow.session.execute(stmt)).scalar_one())


async def test_a_stored_incident_is_due_at_once_and_the_sweep_plans_its_ladder(
    handlers, uow_factory
):
    await report(handlers, hours_ago=1)
    assert await schedule(uow_factory) == [SWEEP_NOW]

    result = await run_sweep(handlers)

    assert result.visited == 1 and result.sent == ()
    # Next: the contact's nudge, 4 hours after the report.
    assert await schedule(uow_factory) == [START + timedelta(hours=4)]


async def test_a_sweep_reads_only_what_is_due(handlers, uow_factory):
    cases = [await report(handlers) for _ in range(20)]
    assert (await run_sweep(handlers)).visited == 20

    for case in cases[:2]:
        await handlers.decide(Decide(case, Decision.FORWARD, CONTACT_NORTH))
    handlers.clock.advance(minutes=10)

    assert (await run_sweep(handlers)).visited == 2
    assert (await run_sweep(handlers)).visited == 0


async def test_a_closed_incident_leaves_nothing_scheduled(handlers, uow_factory):
    case = await report(handlers)
    await handlers.decide(Decide(case, Decision.CLOSE_NO_BREACH, CONTACT_NORTH, "Spam."))

    await run_sweep(handlers)

    assert await schedule(uow_factory) == [None]


async def test_the_database_stores_each_rung_once(handlers, uow_factory):
    await report(handlers)
    async with uow_factory() as uow:
        first = await uow.reminders.mark_sent([(1, "dpo:at:0"), (1, "dpo:before:2")], at=START)
        again = await uow.reminders.mark_sent([(1, "dpo:at:0"), (1, "irt:at:0")], at=START)
        await uow.commit()
    assert first == {(1, "dpo:at:0"), (1, "dpo:before:2")}
    assert again == {(1, "irt:at:0")}
    with pytest.raises(IntegrityError):
        async with uow_factory() as uow:
            uow.session.add(ReminderSentRow(incident_id=1, rung="dpo:at:0", sent_at=START))
            await uow.commit()


async def test_concurrent_sweeps_send_each_reminder_once(handlers, uow_factory):
    for _ in range(30):
        await report(handlers, hours_ago=30)  # the 48-hours-left rung is due for each

    results = await asyncio.gather(*(run_sweep(handlers, batch=3) for _ in range(6)))

    assert sum(len(r.sent) for r in results) == 30
    assert await count(uow_factory, select(func.count()).select_from(ReminderSentRow)) == 30
    reminders = select(func.count()).where(OutboxRow.kind == "reminder")
    assert await count(uow_factory, reminders) == 30


async def test_the_migration_gives_existing_open_incidents_a_due_schedule(
    handlers, uow_factory, database_url
):
    open_case = await report(handlers)
    closed = await report(handlers)
    await handlers.decide(Decide(closed, Decision.CLOSE_NO_BREACH, CONTACT_NORTH, "Spam."))
    await run_sweep(handlers)

    await downgrade_async(database_url, "0001")
    await upgrade_async(database_url)

    assert await schedule(uow_factory) == [SWEEP_NOW]  # the open one only
    result = await run_sweep(handlers)
    assert result.visited == 1
    assert open_case == "2026-0001"
