"""core.ports.Outbox in SQL: messages stored with the change, claimed by leases, retried."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.org import Channel
from core.outbox import MessageKind, OutboundMessage, StoredMessage
from storage.database import dialect_insert
from storage.models import IncidentRow, OutboxRow

PENDING, SENT, FAILED = "pending", "sent", "failed"


class SqlOutbox:
    """Rows written in the command's transaction; the dispatcher claims and settles them later."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, messages: Sequence[OutboundMessage], *, now: datetime) -> None:
        """Store messages; one whose key was stored before is skipped (redelivered events).

        One executemany rather than a statement per message: a reminder sweep writes hundreds.
        """
        if not messages:
            return
        cases = {message.case_number for message in messages}
        found = select(IncidentRow.case_number, IncidentRow.id).where(
            IncidentRow.case_number.in_(cases)
        )
        ids = {case: id_ for case, id_ in (await self._session.execute(found)).all()}
        await self._session.execute(
            dialect_insert(self._session)(OutboxRow).on_conflict_do_nothing(index_elements=["key"]),
            [_values(m, now, ids.get(m.case_number)) for m in messages],
        )

    async def claim(
        self, *, now: datetime, worker: str, limit: int, lease_seconds: float
    ) -> list[StoredMessage]:
        """Due pending messages, leased to `worker`; SKIP LOCKED lets replicas share the work."""
        stmt = (
            select(OutboxRow)
            .where(
                OutboxRow.status == PENDING,
                OutboxRow.due_at <= now,
                or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until <= now),
            )
            .order_by(OutboxRow.due_at, OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        rows = (await self._session.execute(stmt)).scalars().all()
        for row in rows:
            row.claimed_until = now + timedelta(seconds=lease_seconds)
            row.claimed_by = worker
        await self._session.flush()
        return [to_stored_message(row) for row in rows]

    async def sent(
        self, message_id: int, *, now: datetime, external_ref: str | None = None
    ) -> None:
        row = await self._row(message_id)
        row.status, row.sent_at, row.external_ref = SENT, now, external_ref
        _settle(row, error=None)

    async def retry(self, message_id: int, *, due_at: datetime, error: str) -> None:
        row = await self._row(message_id)
        row.due_at = due_at
        _settle(row, error=error)

    async def failed(self, message_id: int, *, error: str) -> None:
        row = await self._row(message_id)
        row.status = FAILED
        _settle(row, error=error)

    async def counts(self) -> dict[str, int]:
        """Messages per status, every status present; for /metrics."""
        stmt = select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
        found = {status: int(n) for status, n in (await self._session.execute(stmt)).all()}
        return {PENDING: 0, SENT: 0, FAILED: 0} | found

    async def _row(self, message_id: int) -> OutboxRow:
        row = await self._session.get(OutboxRow, message_id, populate_existing=True)
        if row is None:
            raise LookupError(f"outbox message {message_id} does not exist")
        return row


def to_stored_message(row: OutboxRow) -> StoredMessage:
    message = OutboundMessage(
        platform=Channel(row.channel),
        kind=MessageKind(row.kind),
        case_number=row.case_number,
        recipient=row.recipient,
        params=dict(row.payload),
        key=row.key,
        due_at=row.due_at,
    )
    return StoredMessage(id=row.id, message=message, attempts=row.attempts)


def _values(message: OutboundMessage, now: datetime, incident_id: int | None) -> dict[str, Any]:
    return {
        "key": message.key,
        "channel": message.platform.value,
        "kind": message.kind.value,
        "case_number": message.case_number,
        "recipient": message.recipient,
        "payload": dict(message.params),
        "incident_id": incident_id,
        "created_at": now,
        "due_at": message.due_at or now,
        "attempts": 0,
        "status": PENDING,
    }


def _settle(row: OutboxRow, *, error: str | None) -> None:
    """One delivery attempt is over: count it and release the lease."""
    row.attempts += 1
    row.last_error = error
    row.claimed_until = None
    row.claimed_by = None
