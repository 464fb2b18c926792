"""Ports: what the core needs from the outside world, as Protocols that storage and bot fill in."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from core.events import Event
from core.model import Incident
from core.outbox import MessageRef, OutboundMessage, StoredMessage
from core.timeline import TimelineEntry


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware UTC datetime."""
        ...


class IncidentRepository(Protocol):
    async def add(self, incident: Incident, *, idempotency_key: str | None = None) -> Incident:
        """Store a new incident; returns it with id and case number (YYYY-NNNN, gap-free per year)."""
        ...

    async def get(self, case_number: str, *, for_update: bool = False) -> Incident | None: ...

    async def by_idempotency_key(self, key: str) -> Incident | None: ...

    async def save(self, incident: Incident) -> None: ...

    async def list(
        self, *, open_only: bool = False, limit: int | None = None
    ) -> builtins.list[Incident]: ...

    async def append(self, incident: Incident, entry: TimelineEntry) -> None: ...

    async def timeline(self, incident: Incident) -> builtins.list[TimelineEntry]: ...


class UnitOfWork(Protocol):
    """One transaction: rolled back unless committed."""

    incidents: IncidentRepository
    outbox: Outbox
    refs: MessageRefs
    reminders: Reminders

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class EventSink(Protocol):
    """Turns events into outgoing messages inside the same transaction (an outbox)."""

    async def record(self, events: Sequence[Event], uow: UnitOfWork) -> None: ...

    async def committed(self) -> None:
        """Called after commit: a hint that there is something to deliver now."""
        ...


class MessageRefs(Protocol):
    """Where a platform message about a case lives, so later changes update it instead of re-posting."""

    async def get(
        self, platform: str, case_number: str, purpose: str, recipient: str = ""
    ) -> MessageRef | None: ...

    async def put(self, ref: MessageRef) -> None: ...

    async def for_case(self, platform: str, case_number: str, purpose: str) -> list[MessageRef]: ...


class Outbox(Protocol):
    async def add(self, messages: Sequence[OutboundMessage], *, now: datetime) -> None:
        """Store messages; one whose key was stored before is skipped."""
        ...

    async def claim(
        self, *, now: datetime, worker: str, limit: int, lease_seconds: float
    ) -> list[StoredMessage]:
        """Due pending messages, leased to this worker (FOR UPDATE SKIP LOCKED on PostgreSQL)."""
        ...

    async def sent(
        self, message_id: int, *, now: datetime, external_ref: str | None = None
    ) -> None: ...

    async def retry(self, message_id: int, *, due_at: datetime, error: str) -> None: ...

    async def failed(self, message_id: int, *, error: str) -> None: ...

    async def counts(self) -> dict[str, int]: ...


class Reminders(Protocol):
    """Per incident when its next reminder falls due, and every rung sent (once: a unique key).

    Saving an incident makes it due at once, so the next sweep plans it afresh.
    """

    async def due(self, *, now: datetime, limit: int) -> list[Incident]:
        """Incidents due by `now`, locked until commit; other replicas skip them (SKIP LOCKED)."""
        ...

    async def sent(self, incident_ids: Sequence[int]) -> dict[int, set[str]]:
        """The rung keys already sent, per incident."""
        ...

    async def history(self, incident_ids: Sequence[int]) -> dict[int, list[TimelineEntry]]:
        """The report and decision entries of each incident's timeline: when its step began."""
        ...

    async def mark_sent(
        self, rungs: Sequence[tuple[int, str]], *, at: datetime
    ) -> set[tuple[int, str]]:
        """Record (incident id, rung key) pairs; returns those that were not recorded before."""
        ...

    async def schedule(self, next_due: Mapping[int, datetime | None]) -> None:
        """Set each incident's next due time; None: nothing to remind of."""
        ...

    async def counts(self, *, now: datetime) -> dict[str, int]:
        """{"due": …, "scheduled": …}: incidents due now, and with any reminder ahead; /metrics."""
        ...
