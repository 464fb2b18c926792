"""The Slack side: a Bolt AsyncApp mounted at POST /slack/events, or in Socket Mode."""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import (
    listeners_actions,
    listeners_commands,
    listeners_events,
    listeners_reminders,
    listeners_views,
)
from adapters.slack.context import SlackContext

log = logging.getLogger("meldpunt.slack")


def build_client(token: str, api_url: str) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=api_url)


def build_bolt(ctx: SlackContext, *, signing_secret: str | None) -> AsyncApp:
    """Signed requests only: Bolt answers 401 to a missing, wrong or stale signature."""
    app = AsyncApp(
        client=ctx.client,
        signing_secret=signing_secret or "",
        request_verification_enabled=bool(signing_secret),
        process_before_response=False,
        raise_error_for_unhandled_request=False,
    )

    @app.middleware
    async def drop_repeats(body: dict, next) -> BoltResponse | None:
        """Slack retries and repeated event ids never act twice (the id is stored first)."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await ctx.first_time("slack", event_id):
            log.info("repeated slack event ignored", extra={"event": "slack_retry"})
            return BoltResponse(status=200, body="")
        return await next()

    for module in (
        listeners_commands,
        listeners_actions,
        listeners_views,
        listeners_events,
        listeners_reminders,
    ):
        module.register(app, ctx)
    return app


def events_route(app: AsyncApp):
    async def handle(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    return handle
