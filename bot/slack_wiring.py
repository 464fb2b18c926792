"""Wires the Slack adapter into the app: the route, the notifier and optional Socket Mode."""

from __future__ import annotations

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
    app.router.add_post("/slack/events", events_route(bolt))
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


async def _slack_off(request: web.Request) -> web.Response:
    return web.json_response({"error": "slack is not configured"}, status=404)


def _socket_mode(bolt, app_token: str):
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        handler = AsyncSocketModeHandler(bolt, app_token)
        await handler.connect_async()
        log.info("Slack Socket Mode connected")
        try:
            yield
        finally:
            await handler.close_async()

    return ctx
