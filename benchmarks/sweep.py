"""One reminder sweep with 100,000 incidents of which 1,000 are due, against 1,000 all due.

The sweep reads reminder_schedule through its index on next_due_at, so its cost should follow
what is due, not how many incidents exist: the ratio of the two times should be close to 1.

    python benchmarks/sweep.py [--total 100000] [--due 1000] [--repeat 5]

It creates two throwaway databases on the PostgreSQL server of DATABASE_URL (default
postgresql+asyncpg://postgres@127.0.0.1:5432/postgres), fills them with plain SQL (the ORM
would take minutes for 100,000 incidents), and drops them again.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

# Run as a script from a checkout: the project's packages import without installing it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.clock import SettableClock
from bot.org_config import demo_organisation
from bot.outbox_sink import OutboxSink
from core.sweep import sweep
from storage.database import create_engine, create_sessionmaker
from storage.migrate import upgrade_async
from storage.unit_of_work import SqlUnitOfWorkFactory

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
CHECKLIST = ("contain", "confirm_breach", "notify_authority", "inform_people", "resolve",
             "root_cause", "liability")  # fmt: skip

# Every incident is escalated (step irt) and was discovered 30 hours ago: a due one gets the
# 48-hours-left reminder for the DPO and for the IRT channel (two outbox messages).
INCIDENTS = """
INSERT INTO incidents (id, case_number, case_year, case_seq, title, description, unit_id,
    reporter_id, reporter_name, source, discovered_at, reported_at, kind, step, ongoing, nature,
    personal_data_categories, special_categories, special_category_kinds, data_subject_groups,
    vulnerable_subjects, encrypted, exfiltration, malicious, people_recorded, confidential, extra)
SELECT g, '2026-' || lpad(g::text, 6, '0'), 2026, g, 'Benchmark incident', 'Generated.',
    'lyceum-admin', 'slack:UBENCH', 'Bench', 'slack', $1, $1, 'other', 'irt', 'unknown', '[]',
    '[]', 'unknown', '[]', '[]', 'unknown', 'unknown', 'unknown', 'unknown', false, false, '{}'
FROM generate_series(1, $2) AS g
"""
ITEMS = """
INSERT INTO checklist_items (incident_id, key, position, state)
SELECT g, k.key, k.position, 'open'
FROM generate_series(1, $1) AS g CROSS JOIN unnest($2::text[]) WITH ORDINALITY AS k(key, position)
"""
TIMELINE = """
INSERT INTO timeline_entries (incident_id, at, actor, what, details)
SELECT g, $1, 'slack:UBENCH', 'reported', '{}' FROM generate_series(1, $2) AS g
"""
SCHEDULE = """
INSERT INTO reminder_schedule (incident_id, next_due_at) SELECT g, $2 FROM generate_series(1, $1) AS g
"""
# Before each timed sweep: nothing sent yet, and due incidents spread evenly over the table.
RESET = """
DELETE FROM reminders_sent;
DELETE FROM outbox;
UPDATE reminder_schedule SET next_due_at = CASE WHEN incident_id % {every} = 0
    THEN '{due}'::timestamptz ELSE '{later}'::timestamptz END;
"""


@dataclass
class Scenario:
    name: str
    total: int
    due: int
    url: str = ""
    times: list[float] | None = None

    @property
    def every(self) -> int:
        return self.total // self.due


async def main() -> None:
    args = _arguments()
    url = os.environ.get("DATABASE_URL", "")
    base = make_url(url if url.startswith("postgresql") else DEFAULT_URL)
    scenarios = [
        Scenario(f"{args.total:,} incidents, {args.due:,} due", args.total, args.due),
        Scenario(f"{args.due:,} incidents, {args.due:,} due", args.due, args.due),
    ]
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(False)
    try:
        for scenario in scenarios:
            scenario.url = await _create(admin, base)
            await _fill(scenario)
        for scenario in scenarios:  # a warm-up sweep each: connections, statement caches
            await _time_sweep(scenario)
        for _ in range(args.repeat):  # alternate, so drift in the machine hits both alike
            for scenario in scenarios:
                scenario.times = [*(scenario.times or []), await _time_sweep(scenario)]
    finally:
        for scenario in scenarios:
            if scenario.url:
                await _drop(admin, make_url(scenario.url).database or "")
    _report(scenarios)


async def _time_sweep(scenario: Scenario) -> float:
    """Reset the due rows, then time one full sweep (every due incident, in batches)."""
    await _execute(scenario.url, RESET.format(
        every=scenario.every, due=(NOW - timedelta(minutes=1)).isoformat(),
        later=(NOW + timedelta(days=30)).isoformat()))  # fmt: skip
    await _execute(scenario.url, "VACUUM ANALYZE reminder_schedule, reminders_sent, outbox")
    engine = create_engine(scenario.url)
    try:
        org = demo_organisation()
        clock = SettableClock(NOW)
        uow = SqlUnitOfWorkFactory(create_sessionmaker(engine), timezone=org.timezone)
        sink = OutboxSink(org=lambda: org, clock=clock, kick=lambda: None)
        started = time.perf_counter()
        result = await sweep(uow, org=org, sink=sink, now=NOW)
        elapsed = time.perf_counter() - started
    finally:
        await engine.dispose()
    assert result.visited == scenario.due, (result.visited, scenario.due)
    assert len(result.sent) == 2 * scenario.due  # the DPO and the IRT channel, once each
    return elapsed


async def _fill(scenario: Scenario) -> None:
    await upgrade_async(scenario.url)
    conn = await asyncpg.connect(_plain(scenario.url))
    try:
        discovered = NOW - timedelta(hours=30)
        await conn.execute(INCIDENTS, discovered, scenario.total)
        await conn.execute(ITEMS, scenario.total, list(CHECKLIST))
        await conn.execute(TIMELINE, discovered, scenario.total)
        await conn.execute(SCHEDULE, scenario.total, NOW + timedelta(days=30))
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def _report(scenarios: list[Scenario]) -> None:
    medians = []
    for s in scenarios:
        times = s.times or []
        median = statistics.median(times)
        medians.append(median)
        runs = ", ".join(f"{t * 1000:.0f}" for t in times)
        print(f"{s.name:>32}: median {median * 1000:7.1f} ms  (runs: {runs} ms)")
    print(f"{'ratio (large / small)':>32}: {medians[0] / medians[1]:.2f}")


async def _create(admin: str, base) -> str:
    name = f"meldpunt_bench_{secrets.token_hex(4)}"
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return base.set(drivername="postgresql+asyncpg", database=name).render_as_string(False)


async def _drop(admin: str, name: str) -> None:
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def _execute(url: str, sql: str) -> None:
    conn = await asyncpg.connect(_plain(url))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(False)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=100_000, help="incidents in the large run")
    parser.add_argument("--due", type=int, default=1_000, help="incidents due in both runs")
    parser.add_argument("--repeat", type=int, default=5, help="timed sweeps per scenario")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main())
