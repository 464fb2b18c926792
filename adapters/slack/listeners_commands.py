"""The slash command: report, status, list, register, stats, help."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack.command_blocks import (
    help_blocks,
    list_blocks,
    register_blocks,
    stats_blocks,
    status_blocks,
)
from adapters.slack.context import SlackContext, friendly, log
from adapters.slack.inbound import parse_command_text
from adapters.slack.report_modal import report_modal
from core.errors import NotFound
from core.texts import t
from core.visibility import is_privacy_role, may_see

REPORT_WORDS = {"report", "meld", "melden"}


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.command(ctx.command)
    async def on_command(ack, body, respond, client) -> None:
        await ack()
        user = body.get("user_id", "")
        lang = await ctx.lang(user)
        word, args = parse_command_text(body.get("text", ""))
        try:
            if word in REPORT_WORDS:
                view = report_modal(ctx.org, lang, now=ctx.clock.now())
                await client.views_open(trigger_id=body["trigger_id"], view=view)
            elif word == "status" and args:
                await respond(blocks=await status(ctx, user, args[0], lang), text=args[0])
            elif word == "list":
                await respond(
                    blocks=await listing(ctx, user, lang), text=t("slack.list.fallback", lang)
                )
            elif word == "register":
                await respond(
                    blocks=await register_summary(ctx, user, lang),
                    text=t("slack.register.title", lang),
                )
            elif word == "stats":
                await respond(
                    blocks=await stats(ctx, user, lang), text=t("slack.stats.fallback", lang)
                )
            else:
                await respond(
                    blocks=help_blocks(ctx.command, lang), text=t("slack.help.title", lang)
                )
        except Exception as exc:  # the adapter's one translator (style.md 12)
            await respond(text=friendly(exc, lang, case=args[0] if args else ""))


async def status(ctx: SlackContext, user: str, case: str, lang: str) -> list[dict]:
    """Only people involved see a case; everyone else gets the same 'not found'."""
    try:
        incident, timeline = await ctx.handlers.get(case)
    except NotFound:
        incident, timeline = None, []
    person = ctx.viewer(user)
    if incident is None or not may_see(incident, person, ctx.org, timeline):
        log.info("status refused or unknown", extra={"event": "status_not_found"})
        raise NotFound(case=case)
    return status_blocks(incident, timeline, ctx.org, lang, now=ctx.clock.now())


async def listing(ctx: SlackContext, user: str, lang: str) -> list[dict]:
    person = ctx.viewer(user)
    incidents = [
        i for i in await ctx.handlers.incidents(open_only=True) if may_see(i, person, ctx.org)
    ]
    return list_blocks(incidents, ctx.org, lang, now=ctx.clock.now())


async def register_summary(ctx: SlackContext, user: str, lang: str) -> list[dict]:
    person = ctx.person_id(user)
    if person is None or not is_privacy_role(person, ctx.org):
        return [
            {"type": "section", "text": {"type": "mrkdwn", "text": t("slack.privacy_only", lang)}}
        ]
    incidents = await ctx.handlers.incidents()
    return register_blocks(incidents, lang, export_hint=t("slack.register.export_hint", lang))


async def stats(ctx: SlackContext, user: str, lang: str) -> list[dict]:
    person = ctx.viewer(user)
    incidents = [i for i in await ctx.handlers.incidents() if may_see(i, person, ctx.org)]
    return stats_blocks(incidents, ctx.org, lang)
