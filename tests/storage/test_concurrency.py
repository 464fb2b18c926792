"""Concurrent reports in separate units of work: case numbers without gaps or duplicates."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from storage.models import IncidentRow


async def report_many(uow_factory, new_incident, count: int, *, fail=lambda i: False) -> list[str]:
    async def report(i: int) -> str | None:
        async with uow_factory() as uow:
            # Read before writing, as the report handler does: on SQLite a deferred BEGIN
            # would then fail with "database is locked" instead of waiting its turn.
            assert await uow.incidents.by_idempotency_key(f"k{i}") is None
            stored = await uow.incidents.add(
                new_incident(title=f"report {i}"), idempotency_key=f"k{i}"
            )
            if fail(i):
                return None  # left without commit: rolled back, number returned
            await uow.commit()
            return stored.case_number

    numbers = await asyncio.gather(*(report(i) for i in range(count)))
    return sorted(n for n in numbers if n is not None)


async def count_incidents(engine) -> int:
    async with engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(IncidentRow))).scalar_one()


def expected(count: int) -> list[str]:
    return [f"2026-{n:04d}" for n in range(1, count + 1)]


async def test_ten_concurrent_reports_are_numbered_without_gaps(engine, uow_factory, new_incident):
    assert await report_many(uow_factory, new_incident, 10) == expected(10)
    assert await count_incidents(engine) == 10


async def test_rolled_back_reports_leave_no_gaps(engine, uow_factory, new_incident):
    numbers = await report_many(uow_factory, new_incident, 12, fail=lambda i: i % 3 == 0)
    assert numbers == expected(8)
    assert await count_incidents(engine) == 8


@pytest.mark.postgres
async def test_fifty_concurrent_reports_are_numbered_without_gaps(
    engine, uow_factory, new_incident
):
    assert await report_many(uow_factory, new_incident, 50) == expected(50)
    assert await count_incidents(engine) == 50
