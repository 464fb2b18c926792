"""Delivers the outbox: claims due messages, hands each to its platform, retries with backoff."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Mapping
from typing import Protocol

from bot.metrics import Metrics
from core.org import Channel
from core.outbox import DeliveryError, StoredMessage, next_attempt
from core.ports import Clock, UnitOfWorkFactory

log = logging.getLogger("meldpunt.outbox")


class Notifier(Protocol):
    async def deliver(self, stored: StoredMessage) -> str | None: ...


class Dispatcher:
    """One per process; safe beside other replicas because claims are leased in the database."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        notifiers: Mapping[Channel, Notifier],
        metrics: Metrics,
        poll_seconds: float = 5.0,
        batch: int = 20,
        lease_seconds: float = 120.0,
    ) -> None:
        self.uow, self.clock, self.notifiers, self.metrics = uow, clock, notifiers, metrics
        self.poll_seconds, self.batch, self.lease_seconds = poll_seconds, batch, lease_seconds
        self.worker = f"{socket.gethostname()}:{id(self):x}"
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._lock = asyncio.Lock()
        self._stopping = False

    def kick(self) -> None:
        """Something was committed: deliver now rather than at the next poll."""
        self._wake.set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-dispatcher")

    async def stop(self, *, grace_seconds: float = 10.0) -> None:
        """Let the current pass finish (a delivery is not cut off mid-call), then end the loop."""
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout=grace_seconds)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def run_once(self) -> int:
        """Deliver everything due now; returns how many messages were handled."""
        async with self._lock:
            handled = 0
            while True:
                async with self.uow() as uow:
                    claimed = await uow.outbox.claim(
                        now=self.clock.now(),
                        worker=self.worker,
                        limit=self.batch,
                        lease_seconds=self.lease_seconds,
                    )
                    await uow.commit()
                if not claimed:
                    return handled
                for stored in claimed:
                    await self._deliver(stored)
                handled += len(claimed)
                if self._stopping:
                    return handled

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self.run_once()
            except Exception:
                log.exception("outbox pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            self._wake.clear()

    async def _deliver(self, stored: StoredMessage) -> None:
        msg = stored.message
        extra = {
            "case": msg.case_number,
            "event": msg.kind.value,
            "platform": msg.platform.value,
            "outbox_id": stored.id,
            "attempt": stored.attempts + 1,
        }
        notifier = self.notifiers.get(msg.platform)
        try:
            if notifier is None:
                raise DeliveryError(f"{msg.platform.value} is not configured")
            ref = await notifier.deliver(stored)
        except DeliveryError as exc:
            await self._failed(stored, exc, extra)
            return
        except Exception as exc:
            log.exception("delivery crashed", extra=extra)
            await self._failed(stored, DeliveryError(type(exc).__name__, retry_after=30.0), extra)
            return
        async with self.uow() as uow:
            await uow.outbox.sent(stored.id, now=self.clock.now(), external_ref=ref)
            await uow.commit()
        self.metrics.inc(
            "meldpunt_outbox_delivered_total",
            "Outbox messages delivered.",
            platform=msg.platform.value,
        )

    async def _failed(self, stored: StoredMessage, exc: DeliveryError, extra: dict) -> None:
        now = self.clock.now()
        due = None if exc.permanent else next_attempt(now, stored.attempts + 1, exc.retry_after)
        async with self.uow() as uow:
            if due is None:
                await uow.outbox.failed(stored.id, error=exc.reason)
            else:
                await uow.outbox.retry(stored.id, due_at=due, error=exc.reason)
            await uow.commit()
        platform = stored.message.platform.value
        if due is None:
            log.error("outbox message failed for good", extra={**extra, "error": exc.reason})
            self.metrics.inc(
                "meldpunt_outbox_failed_total",
                "Outbox messages that failed for good.",
                platform=platform,
            )
        else:
            log.warning("outbox delivery will be retried", extra={**extra, "error": exc.reason})
            self.metrics.inc(
                "meldpunt_outbox_retries_total", "Outbox delivery retries.", platform=platform
            )
