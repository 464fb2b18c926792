"""Engine and session factory: SQLite pragmas, write transactions that queue, a health ping."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

# Execution option to open a read-only SQLite transaction with a plain (deferred) BEGIN.
SQLITE_BEGIN = "meldpunt_sqlite_begin"

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
}


def to_async_url(url: str | URL) -> URL:
    """`postgresql://…` and `sqlite:///…` as the settings may give them, with their async driver."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    return parsed.set(drivername=driver) if driver else parsed


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    """An async engine; on SQLite with foreign keys, WAL and `BEGIN IMMEDIATE` transactions.

    SQLite only detects a write conflict when a deferred transaction upgrades its lock, and
    then fails at once ("database is locked"). Taking the write lock at BEGIN makes
    concurrent writers wait their turn (busy_timeout) instead, like row locks on PostgreSQL.
    """
    engine = _create_async_engine(to_async_url(url), **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit: no lazy IO under asyncio."""
    return async_sessionmaker(engine, expire_on_commit=False)


async def ping(engine: AsyncEngine) -> bool:
    """True when the database answers a trivial query; for health checks."""
    try:
        async with engine.connect() as conn:
            conn = await conn.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
            await conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return False
    return True


def dialect_insert(session: AsyncSession) -> Any:
    """The dialect's INSERT with ON CONFLICT (PostgreSQL and SQLite share that API)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise NotImplementedError(f"no ON CONFLICT insert for dialect {name!r}")


def _configure_sqlite(engine: AsyncEngine) -> None:
    # The "Serializable isolation / Savepoints / Transactional DDL" recipe of the SQLAlchemy
    # SQLite dialect docs: the driver emits no BEGIN of its own, SQLAlchemy emits ours.
    event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    event.listen(engine.sync_engine, "begin", _on_sqlite_begin)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
    if mode not in ("IMMEDIATE", "DEFERRED", "EXCLUSIVE"):
        raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
    conn.exec_driver_sql(f"BEGIN {mode}")
