"""Two app instances on one PostgreSQL database: their sweeps race, each reminder is sent once."""

from __future__ import annotations

import asyncio

import pytest

from tests.reminders.conftest import DPO_DM, reminders, rungs_in

LADDER = ["before:48", "before:24", "before:12", "before:6", "before:2", "at:0", "overdue:1", "overdue:2"]  # fmt: skip


@pytest.mark.postgres
async def test_two_instances_send_each_reminder_once(start_app):
    first, second = await start_app(), await start_app()
    for world in (first, second):
        world.services.sweeper.batch = 2  # many small transactions: the sweeps interleave
    now = first.clock.now()
    cases = [await first.report(discovered=now) for _ in range(6)]
    for case in cases:
        await first.escalate(case)

    sent = 0
    for _ in range(100):
        first.clock.advance(hours=1)  # one clock for both: the same wall time
        results = await asyncio.gather(*(w.services.sweeper.run_once() for w in (first, second)))
        sent += sum(len(r.sent) for r in results)
        await asyncio.gather(first.deliver(), second.deliver())

    found = reminders(first.fake)
    assert sent == len(cases) * len(LADDER) * 2
    for case in cases:
        assert rungs_in(found, DPO_DM, case) == LADDER
        assert rungs_in(found, first.irt_channel(case), case) == LADDER
    assert set(found.values()) == {1}
