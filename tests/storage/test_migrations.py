"""Alembic: head builds every table on an empty database, base removes them, and models match."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from storage.database import create_engine
from storage.migrate import ADVISORY_LOCK_KEY, downgrade_async, upgrade_async
from storage.models import Base

TABLES = {
    "incidents",
    "authority_notifications",
    "checklist_items",
    "timeline_entries",
    "case_counters",
    "processed_events",
    "outbox",
    "message_refs",
    "reminder_schedule",
    "reminders_sent",
}


async def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
    finally:
        await engine.dispose()


async def schema_diff(url: str) -> list:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
    finally:
        await engine.dispose()


def test_models_declare_the_expected_tables():
    assert set(Base.metadata.tables) == TABLES


async def test_upgrade_head_creates_every_table(database_url):
    assert await table_names(database_url) == set()
    await upgrade_async(database_url)
    assert await table_names(database_url) == TABLES | {"alembic_version"}


async def test_downgrade_to_base_and_upgrade_again(database_url):
    await upgrade_async(database_url)
    await downgrade_async(database_url, "base")
    assert await table_names(database_url) == {"alembic_version"}
    await upgrade_async(database_url)
    assert await table_names(database_url) == TABLES | {"alembic_version"}


async def test_upgrade_is_idempotent(database_url):
    await upgrade_async(database_url)
    await upgrade_async(database_url)
    assert await table_names(database_url) == TABLES | {"alembic_version"}


async def test_migrations_match_the_models(database_url):
    await upgrade_async(database_url)
    assert await schema_diff(database_url) == []


async def test_concurrent_upgrades_in_one_process_take_turns(database_url):
    await asyncio.gather(*(upgrade_async(database_url) for _ in range(3)))
    assert await table_names(database_url) == TABLES | {"alembic_version"}


@pytest.mark.postgres
async def test_upgrade_waits_for_the_advisory_lock(database_url):
    """Replicas starting together queue on pg_advisory_lock instead of racing."""
    admin = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        await admin.execute("SELECT pg_advisory_lock($1)", ADVISORY_LOCK_KEY)
        upgrading = asyncio.create_task(upgrade_async(database_url))
        await asyncio.sleep(1.0)
        assert not upgrading.done()
        assert await table_names(database_url) == set()
        await admin.execute("SELECT pg_advisory_unlock($1)", ADVISORY_LOCK_KEY)
        await asyncio.wait_for(upgrading, timeout=60)
    finally:
        await admin.close()
    assert await table_names(database_url) == TABLES | {"alembic_version"}
