"""The operational routes: /healthz and /metrics."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.services import SERVICES
from storage.database import ping
from storage.stats import incident_counts_by_step

log = logging.getLogger("meldpunt.http")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)


async def healthz(request: web.Request) -> web.Response:
    """200 once the database answers; 503 while it does not."""
    services = request.app[SERVICES]
    if services.engine is not None and await ping(services.engine):
        return web.json_response({"status": "ok"})
    return web.json_response({"status": "unavailable", "reason": "database"}, status=503)


async def metrics(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    counts = await incident_counts_by_step(services.engine)
    async with services.uow() as uow:
        outbox = await uow.outbox.counts()
        reminders = await uow.reminders.counts(now=services.clock.now())
    gauges = {
        "meldpunt_incidents": (
            "Incidents by workflow step.",
            {(("step", step),): float(n) for step, n in counts.items()},
        ),
        "meldpunt_outbox_messages": (
            "Outbox messages by status.",
            {(("status", status),): float(n) for status, n in outbox.items()},
        ),
        "meldpunt_reminder_incidents": (
            "Incidents with a reminder due now, and with any reminder ahead.",
            {(("state", state),): float(n) for state, n in reminders.items()},
        ),
    }
    body = services.metrics.render(gauges)
    return web.Response(text=body, content_type="text/plain", charset="utf-8")
