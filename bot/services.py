"""What the routes and adapters share within one app, created once by build_app()."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.metrics import Metrics
from bot.settings import Settings
from core.handlers import Handlers
from core.org import Organisation
from core.ports import Clock, UnitOfWorkFactory


@dataclass
class Services:
    settings: Settings
    org: Organisation
    clock: Clock
    metrics: Metrics
    engine: Any
    uow: UnitOfWorkFactory
    handlers: Handlers
    dispatcher: Any = None
    sweeper: Any = None  # bot.scheduler.Sweeper: the deadline reminders

    async def first_time(self, source: str, event_id: str) -> bool:
        """Record an incoming event id; False when it was seen before (retries, redeliveries)."""
        async with self.uow() as uow:
            first = await uow.processed.first_time(source, event_id)
            await uow.commit()
            return first


SERVICES: web.AppKey[Services] = web.AppKey("services", Services)
