"""core.ports.MessageRefs in SQL: one row per platform message or conversation about a case."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.outbox import MessageRef
from storage.database import dialect_insert
from storage.models import MessageRefRow


class SqlMessageRefs:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(
        self, platform: str, case_number: str, purpose: str, recipient: str = ""
    ) -> MessageRef | None:
        row = await self._session.get(
            MessageRefRow, (platform, case_number, purpose, recipient), populate_existing=True
        )
        return None if row is None else to_message_ref(row)

    async def put(self, ref: MessageRef) -> None:
        """Insert, or point the existing ref at the new conversation and message."""
        stmt = dialect_insert(self._session)(MessageRefRow).values(
            platform=ref.platform,
            case_number=ref.case_number,
            purpose=ref.purpose,
            recipient=ref.recipient,
            conversation=ref.conversation,
            message_id=ref.message_id,
        )
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=["platform", "case_number", "purpose", "recipient"],
                set_={
                    "conversation": stmt.excluded.conversation,
                    "message_id": stmt.excluded.message_id,
                },
            )
        )

    async def for_case(self, platform: str, case_number: str, purpose: str) -> list[MessageRef]:
        stmt = (
            select(MessageRefRow)
            .where(
                MessageRefRow.platform == platform,
                MessageRefRow.case_number == case_number,
                MessageRefRow.purpose == purpose,
            )
            .order_by(MessageRefRow.recipient)
            .execution_options(populate_existing=True)
        )
        return [to_message_ref(row) for row in (await self._session.execute(stmt)).scalars()]


def to_message_ref(row: MessageRefRow) -> MessageRef:
    return MessageRef(
        platform=row.platform,
        case_number=row.case_number,
        purpose=row.purpose,
        recipient=row.recipient,
        conversation=row.conversation,
        message_id=row.message_id,
    )
