"""Aggregate counts for /metrics: numbers only, never report contents."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Step
from storage.database import SQLITE_BEGIN
from storage.models import IncidentRow


async def incident_counts_by_step(engine: AsyncEngine) -> dict[str, int]:
    """Incidents per workflow step, every step present (0 when empty) so series stay stable."""
    stmt = select(IncidentRow.step, func.count()).group_by(IncidentRow.step)
    async with engine.connect() as conn:
        conn = await conn.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
        rows = (await conn.execute(stmt)).all()
    counts = {step.value: 0 for step in Step}
    counts.update({step: int(n) for step, n in rows})
    return counts
