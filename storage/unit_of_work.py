"""The SQL unit of work: one session and transaction per command, rolled back unless committed."""

from __future__ import annotations

from typing import Self
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ports import IncidentRepository, MessageRefs, Outbox, Reminders
from storage.message_refs import SqlMessageRefs
from storage.outbox import SqlOutbox
from storage.reminders import SqlReminders
from storage.repositories import ProcessedEventRepository, SqlIncidentRepository


class SqlUnitOfWork:
    """core.ports.UnitOfWork. `session` is for storage code only, never adapters."""

    # Typed as the ports: mutable protocol members are invariant.
    incidents: IncidentRepository
    outbox: Outbox
    refs: MessageRefs
    reminders: Reminders
    processed: ProcessedEventRepository
    session: AsyncSession

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], *, timezone: str) -> None:
        self._sessionmaker = sessionmaker
        self._timezone = timezone
        self._entered = False

    async def __aenter__(self) -> Self:
        if self._entered:
            raise RuntimeError("a unit of work is used once; ask the factory for a new one")
        self._entered = True
        self.session = self._sessionmaker()
        self.incidents = SqlIncidentRepository(self.session, timezone=self._timezone)
        self.processed = ProcessedEventRepository(self.session)
        self.outbox = SqlOutbox(self.session)
        self.refs = SqlMessageRefs(self.session)
        self.reminders = SqlReminders(self.session)
        return self

    async def __aexit__(self, *exc: object) -> None:
        # Whatever was not committed is undone: an error or early return leaves no trace.
        try:
            await self.session.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()


class SqlUnitOfWorkFactory:
    """core.ports.UnitOfWorkFactory: a fresh SqlUnitOfWork per call, built once in bootstrap."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], *, timezone: str) -> None:
        ZoneInfo(timezone)  # an unknown zone fails at start-up, not at the first report
        self._sessionmaker = sessionmaker
        self._timezone = timezone

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessionmaker, timezone=self._timezone)
