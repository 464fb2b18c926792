"""Events: a plain DM starts a report; a mention in a channel points to the DM."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack.cards import start_report_prompt
from adapters.slack.context import SlackContext
from adapters.slack.inbound import is_plain_dm
from adapters.slack.report_modal import matching_units
from core.texts import t


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.event("message")
    async def on_message(event, client) -> None:
        if not is_plain_dm(event):
            return
        lang = await ctx.lang(event.get("user", ""))
        text, blocks = start_report_prompt(event.get("text", ""), lang)
        await client.chat_postMessage(channel=event["channel"], text=text, blocks=blocks)

    @app.event("app_mention")
    async def on_mention(event, client) -> None:
        """Never discuss an incident in public: answer only the person, and point to the DM."""
        user = event.get("user", "")
        lang = await ctx.lang(user)
        await client.chat_postEphemeral(
            channel=event["channel"], user=user, text=t("slack.mention", lang, command=ctx.command)
        )

    @app.options({"block_id": "unit", "action_id": "value"})
    async def on_unit_options(ack, payload) -> None:
        await ack(options=matching_units(ctx.org, payload.get("value", "")))
