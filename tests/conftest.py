"""Shared fixtures: a fresh, migrated database per test, SQLite by default or PostgreSQL on request."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine, create_sessionmaker
from storage.migrate import upgrade_async
from storage.unit_of_work import SqlUnitOfWorkFactory

DEFAULT_PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TIMEZONE = "Europe/Amsterdam"


def use_postgres() -> bool:
    """MELDPUNT_TEST_DB=postgres, or a PostgreSQL DATABASE_URL, runs the suite on PostgreSQL."""
    return os.environ.get("MELDPUNT_TEST_DB", "").lower() in ("postgres", "postgresql") or (
        os.environ.get("DATABASE_URL", "").startswith("postgres")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if use_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (MELDPUNT_TEST_DB=postgres)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def db_backend() -> str:
    return "postgresql" if use_postgres() else "sqlite"


@pytest.fixture
async def database_url(tmp_path) -> AsyncIterator[str]:
    """An empty database of its own: a tmp_path SQLite file, or a throwaway PostgreSQL database."""
    if not use_postgres():
        yield f"sqlite+aiosqlite:///{tmp_path / 'meldpunt.db'}"
        return
    admin = make_url(_pg_admin_url()).set(drivername="postgresql")
    name = f"meldpunt_t_{secrets.token_hex(6)}"
    dsn = admin.render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield admin.set(drivername="postgresql+asyncpg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """The migrated schema, exactly as production gets it (Alembic, not create_all)."""
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(create_sessionmaker(engine), timezone=TIMEZONE)


def _pg_admin_url() -> str:
    database_url = os.environ.get("DATABASE_URL", "")
    fallback = database_url if database_url.startswith("postgres") else DEFAULT_PG_ADMIN_URL
    return os.environ.get("MELDPUNT_TEST_PG_ADMIN_URL") or fallback
