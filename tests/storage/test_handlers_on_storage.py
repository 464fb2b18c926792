"""The core's report handler on the real unit of work: one transaction, repeats return the first."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from core.commands import ReportIncident
from core.handlers import Handlers
from core.model import Kind, Person, Source
from core.org import Organisation, Roles, Unit

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FixedClock:
    def now(self) -> datetime:
        return NOW


def handlers(uow_factory) -> Handlers:
    org = Organisation(name="Test", units=(Unit("finance", "Finance"),), roles=Roles(dpo=("DPO1",)))
    return Handlers(uow=uow_factory, clock=FixedClock(), org=org)


def command(key: str | None) -> ReportIncident:
    return ReportIncident(
        description="Mail with salaries sent to the wrong person",
        unit_id="finance",
        discovered_at=NOW - timedelta(hours=1),
        kind=Kind.WRONG_RECIPIENT,
        reporter=Person("U1", "Anna"),
        source=Source.SLACK,
        idempotency_key=key,
    )


async def test_report_is_stored_with_its_first_timeline_entry(uow_factory):
    incident, created = await handlers(uow_factory).report(command("view-1"))
    assert created and incident.case_number == "2026-0001"
    stored, timeline = await handlers(uow_factory).get("2026-0001")
    assert stored == incident
    assert [e.what for e in timeline] == ["reported"]


async def test_repeated_report_returns_the_first(uow_factory):
    first, _ = await handlers(uow_factory).report(command("view-1"))
    again, created = await handlers(uow_factory).report(command("view-1"))
    other, _ = await handlers(uow_factory).report(command(None))
    assert not created and again == first
    assert other.case_number == "2026-0002"


async def test_the_same_submission_arriving_at_once_is_stored_once(uow_factory):
    # A double click reaches two workers together; the key's unique index settles it (on SQLite
    # the writers queue, on PostgreSQL the second insert meets the first one's key).
    results = await asyncio.gather(*(handlers(uow_factory).report(command("view-x")) for _ in range(8)))
    assert {incident.case_number for incident, _ in results} == {"2026-0001"}
    assert sum(created for _, created in results) == 1
    after, _ = await handlers(uow_factory).report(command(None))
    assert after.case_number == "2026-0002"  # no number was lost on the way
