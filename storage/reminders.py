"""core.ports.Reminders in SQL: an indexed next-due time per incident, and every rung sent once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.model import Incident
from core.timeline import DECISION, REPORTED, TimelineEntry
from storage.database import dialect_insert
from storage.mapping import to_incident, to_timeline_entry
from storage.models import IncidentRow, ReminderScheduleRow, ReminderSentRow, TimelineEntryRow

# "Due at once": a changed incident is planned afresh by the next sweep, with the org's ladder.
SWEEP_NOW = datetime(1970, 1, 1, tzinfo=UTC)


async def mark_due(session: AsyncSession, incident_id: int) -> None:
    """Called in the transaction that stores an incident, so no change escapes the sweep."""
    await session.execute(
        dialect_insert(session)(ReminderScheduleRow)
        .values(incident_id=incident_id, next_due_at=SWEEP_NOW)
        .on_conflict_do_update(index_elements=["incident_id"], set_={"next_due_at": SWEEP_NOW})
    )


class SqlReminders:
    """The sweep's storage; the unit of work owns the transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def due(self, *, now: datetime, limit: int) -> list[Incident]:
        """Claim incidents due by `now` (the index on next_due_at: cost grows with what is due).

        The schedule and incident rows stay locked until commit. SKIP LOCKED lets other
        replicas take other rows, and skips incidents a command is changing right now (they
        are due again when it commits). On SQLite, BEGIN IMMEDIATE serialises sweeps instead.
        """
        stmt = (
            select(IncidentRow)
            .join(ReminderScheduleRow, ReminderScheduleRow.incident_id == IncidentRow.id)
            .where(ReminderScheduleRow.next_due_at <= now)
            .order_by(ReminderScheduleRow.next_due_at, ReminderScheduleRow.incident_id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=(ReminderScheduleRow, IncidentRow))
            .options(
                selectinload(IncidentRow.checklist_items), selectinload(IncidentRow.notifications)
            )
            .execution_options(populate_existing=True)
        )
        rows = (await self._session.execute(stmt)).scalars().all()
        return [to_incident(row) for row in rows]

    async def sent(self, incident_ids: Sequence[int]) -> dict[int, set[str]]:
        stmt = select(ReminderSentRow.incident_id, ReminderSentRow.rung).where(
            ReminderSentRow.incident_id.in_(incident_ids)
        )
        found: dict[int, set[str]] = {}
        for incident_id, rung in (await self._session.execute(stmt)).all():
            found.setdefault(incident_id, set()).add(rung)
        return found

    async def history(self, incident_ids: Sequence[int]) -> dict[int, list[TimelineEntry]]:
        stmt = (
            select(TimelineEntryRow)
            .where(
                TimelineEntryRow.incident_id.in_(incident_ids),
                TimelineEntryRow.what.in_((REPORTED, DECISION)),
            )
            .order_by(TimelineEntryRow.at, TimelineEntryRow.id)
        )
        found: dict[int, list[TimelineEntry]] = {}
        for row in (await self._session.execute(stmt)).scalars():
            found.setdefault(row.incident_id, []).append(to_timeline_entry(row))
        return found

    async def mark_sent(
        self, rungs: Sequence[tuple[int, str]], *, at: datetime
    ) -> set[tuple[int, str]]:
        """INSERT … ON CONFLICT DO NOTHING RETURNING: only the pairs that are new come back."""
        if not rungs:
            return set()
        stmt = (
            dialect_insert(self._session)(ReminderSentRow)
            .values([{"incident_id": i, "rung": rung, "sent_at": at} for i, rung in rungs])
            .on_conflict_do_nothing(index_elements=["incident_id", "rung"])
            .returning(ReminderSentRow.incident_id, ReminderSentRow.rung)
        )
        return {(i, rung) for i, rung in (await self._session.execute(stmt)).all()}

    async def schedule(self, next_due: Mapping[int, datetime | None]) -> None:
        if not next_due:
            return
        await self._session.execute(
            update(ReminderScheduleRow),
            [{"incident_id": i, "next_due_at": due} for i, due in next_due.items()],
        )

    async def counts(self, *, now: datetime) -> dict[str, int]:
        schedule = select(
            func.count().filter(ReminderScheduleRow.next_due_at <= now),
            func.count(ReminderScheduleRow.next_due_at),
        )
        due, scheduled = (await self._session.execute(schedule)).one()
        return {"due": int(due), "scheduled": int(scheduled)}
