"""The deadline sweep's ticker: APScheduler in each server process, the database as the truth.

APScheduler only says "now"; it holds no reminder state (its 3.x job stores must not be shared
between replicas). What is due, and what was sent, lives in the database, so every replica may
run the same interval job: claims use SKIP LOCKED and each rung is stored once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.metrics import Metrics
from core.org import Organisation
from core.ports import Clock, EventSink, UnitOfWorkFactory
from core.reminders import Audience
from core.sweep import SweepResult, sweep

log = logging.getLogger("meldpunt.reminders")


class Sweeper:
    """One sweep at a time per process; tests call run_once() after moving a settable clock."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        org: Callable[[], Organisation],
        sink: EventSink,
        metrics: Metrics,
        batch: int = 200,
    ) -> None:
        self.uow, self.clock, self.org, self.sink = uow, clock, org, sink
        self.metrics, self.batch = metrics, batch
        self._lock = asyncio.Lock()
        self._stopped = False

    async def run_once(self) -> SweepResult:
        """Send every reminder due by the clock's now; the outbox delivers them after commit."""
        async with self._lock:
            result = await sweep(
                self.uow, org=self.org(), sink=self.sink, now=self.clock.now(), batch=self.batch
            )
        self.metrics.inc("meldpunt_reminder_sweeps_total", "Reminder sweeps run.")
        for rung in result.sent:
            kind = "deadline" if rung.audience in (Audience.DPO, Audience.IRT) else "nudge"
            self.metrics.inc(
                "meldpunt_reminders_sent_total",
                "Reminder rungs sent, once each.",
                kind=kind,
                audience=rung.audience.value,
            )
        if result.sent:
            log.info("reminders due", extra={"event": "sweep", "count": len(result.sent)})
            await self.sink.committed()
        return result

    async def tick(self) -> None:
        """The scheduled job: a failed sweep is logged and retried at the next tick."""
        if self._stopped:
            return
        try:
            await self.run_once()
        except Exception:
            log.exception("reminder sweep failed", extra={"event": "sweep"})
            self.metrics.inc(
                "meldpunt_reminder_sweep_failures_total", "Reminder sweeps that failed."
            )

    async def stop(self) -> None:
        """At shutdown: no new tick sweeps, and the one running (if any) finishes first."""
        self._stopped = True
        async with self._lock:
            return


def sweeping(sweeper: Sweeper, *, seconds: float):
    """A cleanup context: the interval job starts with the server and stops before the database."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            sweeper.tick,
            "interval",
            seconds=seconds,
            id="reminder-sweep",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=max(1, int(seconds)),
        )
        scheduler.start()
        try:
            yield
        finally:
            scheduler.shutdown(wait=False)
            await sweeper.stop()

    return context
