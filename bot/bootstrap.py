"""The composition root: build_app() wires settings, database, core handlers and adapters."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.clock import SystemClock
from bot.dispatcher import Dispatcher
from bot.metrics import Metrics
from bot.org_config import load_organisation
from bot.outbox_sink import OutboxSink
from bot.routes import add_routes
from bot.scheduler import Sweeper, sweeping
from bot.services import SERVICES, Services
from bot.settings import Settings
from bot.slack_wiring import add_slack
from bot.teams_wiring import TeamsSeams, add_teams
from core.handlers import Handlers
from core.org import Channel, Organisation
from core.ports import Clock
from storage.database import create_engine, create_sessionmaker
from storage.unit_of_work import SqlUnitOfWorkFactory

log = logging.getLogger("meldpunt")


def build_app(
    settings: Settings,
    *,
    org: Organisation | None = None,
    clock: Clock | None = None,
    dispatch_poll_seconds: float = 5.0,
    teams: TeamsSeams | None = None,
) -> web.Application:
    """One aiohttp app on one port. The engine connects lazily; the cleanup context closes it."""
    org = org or load_organisation(settings.org_config)
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url)
    uow = SqlUnitOfWorkFactory(create_sessionmaker(engine), timezone=org.timezone)
    handlers = Handlers(uow=uow, clock=clock, org=org)
    services = Services(
        settings=settings,
        org=org,
        clock=clock,
        metrics=Metrics(),
        engine=engine,
        uow=uow,
        handlers=handlers,
    )
    app = web.Application(client_max_size=1024**2)
    app[SERVICES] = services
    add_routes(app)
    notifiers = {}
    slack = add_slack(app, services)
    if slack is not None:
        notifiers[Channel.SLACK] = slack
    notifiers[Channel.TEAMS] = add_teams(app, services, teams)
    services.dispatcher = Dispatcher(
        uow=uow,
        clock=clock,
        notifiers=notifiers,
        metrics=services.metrics,
        poll_seconds=dispatch_poll_seconds,
    )
    handlers.sink = OutboxSink(org=lambda: services.org, clock=clock, kick=services.dispatcher.kick)
    services.sweeper = Sweeper(
        uow=uow, clock=clock, org=lambda: services.org, sink=handlers.sink, metrics=services.metrics
    )
    app.cleanup_ctx.append(_lifecycle)
    # Started after the dispatcher, so stopped before it and before the database closes.
    app.cleanup_ctx.append(sweeping(services.sweeper, seconds=settings.reminder_sweep_seconds))
    return app


async def _lifecycle(app: web.Application) -> AsyncIterator[None]:
    """Start the dispatcher; on shutdown stop it and close the database (nothing acked is lost)."""
    services = app[SERVICES]
    await services.dispatcher.start()
    try:
        yield
    finally:
        await services.dispatcher.stop()
        await services.engine.dispose()
