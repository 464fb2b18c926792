"""A consistent JSON dump of every table, for `python -m bot backup` (works on SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import Base

FORMAT = "meldpunt-backup-1"


async def dump(engine: AsyncEngine) -> dict[str, Any]:
    """Every table's rows read in one transaction, so the dump is a single point in time."""
    tables: dict[str, list[dict[str, Any]]] = {}
    async with engine.connect() as conn, conn.begin():
        for table in Base.metadata.sorted_tables:
            rows = (await conn.execute(select(table))).mappings().all()
            tables[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return {"format": FORMAT, "tables": tables}


async def write_backup(engine: AsyncEngine, out: Path) -> int:
    """Write the dump to `out` (via a temporary file, so a crash never leaves half a backup)."""
    data = await dump(engine)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(out)
    return sum(len(rows) for rows in data["tables"].values())


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value
