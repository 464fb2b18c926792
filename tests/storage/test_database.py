"""Engine set-up, the health ping, UTCDateTime and the personal-data markers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import StatementError

from core.model import Step
from storage.database import create_engine, ping, to_async_url
from storage.models import PERSONAL, Base, personal_columns
from storage.stats import incident_counts_by_step
from storage.types import UTCDateTime


def test_urls_get_their_async_driver():
    assert str(to_async_url("sqlite:///x.db")) == "sqlite+aiosqlite:///x.db"
    assert str(to_async_url("postgresql://u@h/db")) == "postgresql+asyncpg://u@h/db"
    assert str(to_async_url("postgres://u@h/db")) == "postgresql+asyncpg://u@h/db"
    assert str(to_async_url("postgresql+asyncpg://u@h/db")) == "postgresql+asyncpg://u@h/db"


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_utc_datetime_refuses_naive_values(dialect):
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1, 12, 0), dialect)


def test_utc_datetime_converts_to_utc():
    plus_two = datetime(2026, 6, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    bound = UTCDateTime().process_bind_param(plus_two, postgresql.dialect())
    assert bound == plus_two and bound.tzinfo is UTC
    stored = UTCDateTime().process_bind_param(plus_two, sqlite.dialect())
    assert stored == datetime(2026, 6, 1, 12, 0) and stored.tzinfo is None


async def test_datetimes_come_back_aware_utc(engine):
    plus_two = datetime(2026, 6, 1, 14, 0, 0, 5, tzinfo=timezone(timedelta(hours=2)))
    async with engine.begin() as conn:
        await conn.execute(
            Base.metadata.tables["processed_events"].insert(),
            {"source": "t", "event_id": "1", "received_at": plus_two},
        )
        row = (await conn.execute(Base.metadata.tables["processed_events"].select())).one()
    assert row.received_at == plus_two
    assert row.received_at.tzinfo is UTC


async def test_naive_datetimes_are_refused_on_insert(engine):
    async with engine.begin() as conn:
        with pytest.raises(StatementError):
            await conn.execute(
                Base.metadata.tables["processed_events"].insert(),
                {"source": "t", "event_id": "1", "received_at": datetime(2026, 1, 1)},
            )


async def test_sqlite_connections_get_their_pragmas(engine, db_backend):
    if db_backend != "sqlite":
        pytest.skip("SQLite only")
    async with engine.connect() as conn:
        pragmas = {
            name: (await conn.exec_driver_sql(f"PRAGMA {name}")).scalar_one()
            for name in ("foreign_keys", "journal_mode", "busy_timeout")
        }
    assert pragmas == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 10000}


async def test_foreign_keys_are_enforced(engine):
    timeline = Base.metadata.tables["timeline_entries"]
    values = {"incident_id": 999, "at": datetime.now(UTC), "actor": "a", "what": "x", "details": {}}
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        async with engine.begin() as conn:
            await conn.execute(timeline.insert(), values)


async def test_ping_answers_for_a_live_database(engine):
    assert await ping(engine) is True


async def test_ping_is_false_when_the_database_is_unreachable():
    # (A missing SQLite directory would do too, but aiosqlite then leaks its worker thread.)
    engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/nothing")
    try:
        assert await ping(engine) is False
    finally:
        await engine.dispose()


def test_personal_data_columns_are_marked():
    marked = personal_columns()
    assert {"title", "description", "reporter_name", "reporter_email"} <= set(marked["incidents"])
    assert {"measures_taken", "measures_proposed", "root_cause"} <= set(marked["incidents"])
    assert marked["timeline_entries"] == ["details"]
    assert marked["checklist_items"] == ["note"]
    assert "reporter_id" not in marked["incidents"]
    assert PERSONAL == {"personal_data": True}


async def test_incident_counts_by_step(engine, uow_factory, new_incident):
    async with uow_factory() as uow:
        for step in (Step.IRT, Step.IRT, Step.CLOSED):
            await uow.incidents.add(new_incident(step=step))
        await uow.commit()
    counts = await incident_counts_by_step(engine)
    assert counts == {s.value: 0 for s in Step} | {"irt": 2, "closed": 1}
