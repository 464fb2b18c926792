"""Schema migrations run from code: Alembic configured here, advisory-locked on PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import create_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# pg_advisory_lock key ("MELD"): replicas starting together migrate one after the other.
ADVISORY_LOCK_KEY = 0x4D454C44

# Alembic keeps its migration context in module globals: one command per process at a time.
_ALEMBIC_LOCK = threading.Lock()


def alembic_config(url: str | None = None, *, connection: Connection | None = None) -> Config:
    """An Alembic Config without alembic.ini; also handy for `command.revision(...)`."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["url"] = url
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema to `revision`. Sync: call before the event loop starts (CLI, main)."""
    with _ALEMBIC_LOCK:
        asyncio.run(_run(url, lambda cfg: command.upgrade(cfg, revision)))


def downgrade(url: str, revision: str) -> None:
    """Take the schema back to `revision` ("base" drops everything); for tests and rollbacks."""
    with _ALEMBIC_LOCK:
        asyncio.run(_run(url, lambda cfg: command.downgrade(cfg, revision)))


async def upgrade_async(url: str, revision: str = "head") -> None:
    """upgrade() from inside a running loop: Alembic's own asyncio.run needs another thread."""
    await asyncio.to_thread(upgrade, url, revision)


async def downgrade_async(url: str, revision: str) -> None:
    await asyncio.to_thread(downgrade, url, revision)


async def _run(url: str, action: Callable[[Config], object]) -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as conn:
            locked = conn.dialect.name == "postgresql"
            if locked:
                await _advisory(conn, "pg_advisory_lock")
            try:
                await conn.run_sync(lambda sync: action(alembic_config(url, connection=sync)))
                await conn.commit()
            finally:
                if locked:
                    await conn.rollback()
                    await _advisory(conn, "pg_advisory_unlock")
    finally:
        await engine.dispose()


async def _advisory(conn: AsyncConnection, function: str) -> None:
    # Session-level lock: held across the migration's own transactions until unlocked.
    await conn.execute(text(f"SELECT {function}(:key)"), {"key": ADVISORY_LOCK_KEY})
    await conn.commit()
