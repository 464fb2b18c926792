"""SQL implementations of the core's repository ports, plus the record of processed events."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.errors import Duplicate, NotFound
from core.model import Incident, Step
from core.timeline import TimelineEntry
from storage.database import dialect_insert
from storage.mapping import to_incident, to_timeline_entry, to_timeline_row, update_row
from storage.models import CaseCounterRow, IncidentRow, ProcessedEventRow, TimelineEntryRow
from storage.reminders import mark_due


class SqlIncidentRepository:
    """core.ports.IncidentRepository on one session; the unit of work owns the transaction."""

    def __init__(self, session: AsyncSession, *, timezone: str) -> None:
        self._session = session
        self._zone = ZoneInfo(timezone)

    async def add(self, incident: Incident, *, idempotency_key: str | None = None) -> Incident:
        """Insert with the next case number YYYY-NNNN of the report's year in the org's zone.

        The number comes from the locked counter row in this same transaction, so a rollback
        returns it and numbers stay gap-free (the register of Art. 33(5) is audited on them).
        """
        year = incident.reported_at.astimezone(self._zone).year
        seq = await self._next_number(year)
        case_number = f"{year}-{seq:04d}"
        row = IncidentRow(
            case_number=case_number,
            case_year=year,
            case_seq=seq,
            idempotency_key=idempotency_key,
            checklist_items=[],
            notifications=[],
        )
        update_row(row, incident)
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
        except IntegrityError as exc:
            if idempotency_key is None:
                raise
            # A concurrent request stored the same submission first; only the savepoint is undone.
            raise Duplicate() from exc
        await mark_due(self._session, row.id)
        return incident.evolve(id=row.id, case_number=case_number)

    async def get(self, case_number: str, *, for_update: bool = False) -> Incident | None:
        """The incident, row-locked until commit when `for_update` (a no-op on SQLite)."""
        stmt = _select_incident().where(IncidentRow.case_number == case_number)
        if for_update:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        row = (await self._session.execute(stmt)).scalar_one_or_none()
        return None if row is None else to_incident(row)

    async def by_idempotency_key(self, key: str) -> Incident | None:
        stmt = _select_incident().where(IncidentRow.idempotency_key == key)
        row = (await self._session.execute(stmt)).scalar_one_or_none()
        return None if row is None else to_incident(row)

    async def save(self, incident: Incident) -> None:
        """Write every field of an incident loaded earlier; case number and id never change."""
        if incident.id is None:
            raise ValueError("save() needs a stored incident; use add() for new ones")
        stmt = _select_incident().where(IncidentRow.id == incident.id)
        row = (await self._session.execute(stmt)).scalar_one_or_none()
        if row is None:
            raise NotFound(case=incident.case_number)
        update_row(row, incident)
        await self._session.flush()
        await mark_due(self._session, row.id)

    async def list(
        self, *, open_only: bool = False, limit: int | None = None
    ) -> builtins.list[Incident]:
        """Incidents in case-number order (year, then sequence), for the register and the CLI."""
        stmt = _select_incident().order_by(IncidentRow.case_year, IncidentRow.case_seq)
        if open_only:
            stmt = stmt.where(IncidentRow.step != Step.CLOSED.value)
        if limit is not None:
            stmt = stmt.limit(limit)
        rows = (await self._session.execute(stmt)).scalars().all()
        return [to_incident(row) for row in rows]

    async def append(self, incident: Incident, entry: TimelineEntry) -> None:
        """Add one timeline entry; entries are never updated or deleted."""
        self._session.add(to_timeline_row(_stored_id(incident), entry))
        await self._session.flush()

    async def timeline(self, incident: Incident) -> builtins.list[TimelineEntry]:
        stmt = (
            select(TimelineEntryRow)
            .where(TimelineEntryRow.incident_id == _stored_id(incident))
            .order_by(TimelineEntryRow.at, TimelineEntryRow.id)
        )
        rows = (await self._session.execute(stmt)).scalars().all()
        return [to_timeline_entry(row) for row in rows]

    async def _next_number(self, year: int) -> int:
        """Bump the year's counter; the UPDATE's row lock queues concurrent reports."""
        await self._session.execute(
            dialect_insert(self._session)(CaseCounterRow)
            .values(year=year, last=0)
            .on_conflict_do_nothing(index_elements=["year"])
        )
        bumped = await self._session.execute(
            update(CaseCounterRow)
            .where(CaseCounterRow.year == year)
            .values(last=CaseCounterRow.last + 1)
            .returning(CaseCounterRow.last)
            .execution_options(synchronize_session=False)
        )
        return int(bumped.scalar_one())


class ProcessedEventRepository:
    """Incoming events seen before: Slack and Teams redeliver, and we must act only once."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def first_time(self, source: str, event_id: str, *, at: datetime | None = None) -> bool:
        """Record the event; True the first time, False when it was recorded already."""
        values: dict[str, Any] = {"source": source, "event_id": event_id}
        if at is not None:
            values["received_at"] = at
        result = await self._session.execute(
            dialect_insert(self._session)(ProcessedEventRow)
            .values(**values)
            .on_conflict_do_nothing()
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _select_incident() -> Select[IncidentRow]:
    # Every load brings the children along: relationships are lazy="raise" under asyncio.
    return select(IncidentRow).options(
        selectinload(IncidentRow.checklist_items), selectinload(IncidentRow.notifications)
    )


def _stored_id(incident: Incident) -> int:
    if incident.id is None:
        raise ValueError("the incident has not been stored yet")
    return incident.id
