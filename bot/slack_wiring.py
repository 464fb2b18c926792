"""Wires the Slack adapter into the app: the route, the notifier and optional Socket Mode."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters.slack.app import build_bolt, build_client, events_route
from adapters.slack.context import SlackContext
from adapters.slack.notifier import SlackNotifier
from bot.services import Services

log = logging.getLogger("meldpunt.slack")


def add_slack(app: web.Application, services: Services) -> SlackNotifier | None:
    """Mount POST /slack/events when Slack is configured; else say so in one line."""
    settings = services.settings
    if not settings.slack_enabled:
        log.info(
            "Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to turn it on"
        )
        app.router.add_post("/slack/events", _slack_off)
        return None
    assert services.handlers is not None
    client = build_client(settings.slack_bot_token or "", settings.slack_api_url)
    ctx = SlackContext(
        client=client,
        handlers=services.handlers,
        org=services.org,
        clock=services.clock,
        first_time=services.first_time,
        command=settings.slack_command,
        default_language=settings.meldpunt_language or services.org.language,
    )
    bolt = build_bolt(ctx, signing_secret=settings.slack_signing_secret)
    if settings.slack_signing_secret:
        app.router.add_post("/slack/events", events_route(bolt))
    else:  # Socket Mode without a signing secret: nothing unsigned is ever taken over HTTP
        app.router.add_post("/slack/events", _unsigned)
    if settings.slack_app_token:
        app.cleanup_ctx.append(_socket_mode(bolt, settings.slack_app_token))
    return SlackNotifier(
        client,
        org=services.org,
        clock=services.clock,
        uow=services.uow,
        load=services.handlers.get,
        language=ctx.lang,
    )


async def _unsigned(request: web.Request) -> web.Response:
    return web.json_response(
        {"error": "this server takes Slack over Socket Mode; set SLACK_SIGNING_SECRET for HTTP"},
        status=401,
    )


async def _slack_off(request: web.Request) -> web.Response:
    return web.json_response({"error": "slack is not configured"}, status=404)


def _socket_mode(bolt, app_token: str):
    """Connect in the background: a Slack outage at start must not keep the server from serving."""

    async def ctx(app: web.Application) -> AsyncIterator[None]:
        handler = AsyncSocketModeHandler(bolt, app_token)
        connecting = asyncio.create_task(handler.connect_async(), name="slack-socket-mode")
        connecting.add_done_callback(_report_connection)
        try:
            yield
        finally:
            connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await connecting
            await handler.close_async()

    return ctx


def _report_connection(task: asyncio.Task) -> None:
    if task.cancelled():
        return
    if task.exception() is not None:
        log.error(
            "Slack Socket Mode could not connect", extra={"error": type(task.exception()).__name__}
        )
    else:
        log.info("Slack Socket Mode connected")
