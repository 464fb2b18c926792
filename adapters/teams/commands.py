"""Typed commands in the chat with the bot: report (or any free text), status, list, register, stats, help."""

from __future__ import annotations

import secrets

from adapters.teams.cards import Json, card, text
from adapters.teams.command_cards import help_card, list_card, register_card, stats_card
from adapters.teams.command_cards import status_card as case_status_card
from adapters.teams.context import TeamsContext, log
from adapters.teams.inbound import message_text, parse_words
from adapters.teams.report_card import report_card
from core.errors import NotFound
from core.texts import t
from core.visibility import is_privacy_role, may_see

REPORT_WORDS = {"report", "meld", "melden"}
HELP_WORDS = {"help", "hulp", "dashboard"}  # dashboard arrives with the web issue


async def on_text(ctx: TeamsContext, activity: dict) -> tuple[Json, str]:
    """(card, summary) answering a typed message in the personal chat."""
    lang = ctx.lang(activity)
    typed = message_text(activity)
    word, args = parse_words(typed)
    account = activity.get("from") or {}
    if word in REPORT_WORDS and len(args) <= 1:
        return new_report(ctx, lang), t("teams.report.title", lang)
    if word == "status" and len(args) == 1:
        return await status(ctx, account, args[0], lang), args[0]
    if word == "list" and not args:
        return await listing(ctx, account, lang), t("teams.list.fallback", lang)
    if word == "register" and not args:
        return await register_summary(ctx, account, lang), t("teams.register.title", lang)
    if word == "stats" and not args:
        return await stats(ctx, account, lang), t("teams.stats.fallback", lang)
    if word in HELP_WORDS and len(args) <= 1:
        return help_card(lang), t("teams.help.title", lang)
    # Anything else is someone telling us what happened: the form, with their words in it.
    return new_report(ctx, lang, description=typed), t("teams.report.title", lang)


def new_report(ctx: TeamsContext, lang: str, description: str = "") -> Json:
    values = {"description": description[:4000]} if description else None
    return report_card(ctx.org, lang, now=ctx.clock.now(), form=secrets.token_hex(8), values=values)


async def status(ctx: TeamsContext, account: dict, case: str, lang: str) -> Json:
    """Only people involved see a case; everyone else gets the same 'not found'."""
    try:
        incident, timeline = await ctx.handlers.get(case)
    except NotFound:
        incident, timeline = None, []
    if incident is None or not may_see(incident, ctx.viewer(account), ctx.org, timeline):
        log.info("status refused or unknown", extra={"event": "status_not_found"})
        return card([text(t("error.not_found", lang, case=case))])
    return case_status_card(incident, timeline, ctx.org, lang, now=ctx.clock.now())


async def listing(ctx: TeamsContext, account: dict, lang: str) -> Json:
    viewer = ctx.viewer(account)
    incidents = [i for i in await ctx.handlers.incidents(open_only=True) if may_see(i, viewer, ctx.org)]
    return list_card(incidents, ctx.org, lang, now=ctx.clock.now())


async def register_summary(ctx: TeamsContext, account: dict, lang: str) -> Json:
    person = ctx.person_id(account)
    if person is None or not is_privacy_role(person, ctx.org):
        return card([text(t("teams.privacy_only", lang))])
    return register_card(await ctx.handlers.incidents(), lang)


async def stats(ctx: TeamsContext, account: dict, lang: str) -> Json:
    viewer = ctx.viewer(account)
    incidents = [i for i in await ctx.handlers.incidents() if may_see(i, viewer, ctx.org)]
    return stats_card(incidents, ctx.org, lang)
