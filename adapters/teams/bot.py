"""One Teams turn: redeliveries dropped, references kept, then a card action, a command or a welcome."""

from __future__ import annotations

from typing import Any

from adapters.teams.actions import on_action
from adapters.teams.cards import invoke_card, message, text_message
from adapters.teams.command_cards import help_card
from adapters.teams.commands import on_text
from adapters.teams.context import TeamsContext, friendly, log
from adapters.teams.inbound import card_action, is_personal, message_text
from adapters.teams.sdk import Turn
from core.texts import t

ALREADY = {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": ""}


def turn_handler(ctx: TeamsContext):
    async def handle(turn: Turn) -> dict[str, Any] | None:
        activity = turn.activity
        kind = activity.get("type")
        if activity.get("id") and not await ctx.first_time("teams", str(activity["id"])):
            log.info("repeated teams activity ignored", extra={"event": "teams_redelivery"})
            return ALREADY if kind == "invoke" else None
        try:
            await ctx.conversations.remember(activity)
            return await _dispatch(ctx, turn, activity, kind)
        except Exception as exc:  # the adapter's one translator (style.md 12)
            sentence = friendly(exc, ctx.lang(activity))
            if kind == "invoke":
                return {**ALREADY, "value": sentence}
            await turn.reply(text_message(sentence))
            return None

    return handle


async def _dispatch(ctx: TeamsContext, turn: Turn, activity: dict, kind: Any) -> dict | None:
    action = card_action(activity)
    if action is not None:
        shown = await on_action(ctx, activity, action)
        if shown is None:
            return ALREADY if action.invoke else None
        if action.invoke:
            return invoke_card(shown)
        # Action.Submit (hosts without Universal Actions): replace the card that was clicked, but
        # never a shared copy: in a channel or group chat the answer goes to the clicker's own chat.
        reply = message(shown, t("teams.card.updated", ctx.lang(activity)))
        if not is_personal(activity):
            await ctx.conversations.send_personal(str((activity.get("from") or {}).get("id", "")), reply)
        elif activity.get("replyToId"):
            await turn.update(str(activity["replyToId"]), reply)
        else:
            await turn.reply(reply)
        return None
    if kind == "message":
        lang = ctx.lang(activity)
        if not is_personal(activity):
            # Never discuss an incident in a shared chat: point to the personal chat.
            await turn.reply(text_message(t("teams.mention", lang)))
            return None
        if not message_text(activity) and activity.get("value"):
            return None
        shown, summary = await on_text(ctx, activity)
        await turn.reply(message(shown, summary))
        return None
    if kind in ("conversationUpdate", "installationUpdate") and _welcome(activity):
        lang = ctx.lang(activity)
        await turn.reply(message(help_card(lang), t("teams.help.title", lang)))
    return None


def _welcome(activity: dict) -> bool:
    """The bot was just added to someone's personal scope: say what it can do."""
    bot = (activity.get("recipient") or {}).get("id")
    added = any(m.get("id") == bot for m in activity.get("membersAdded") or [])
    return is_personal(activity) and (added or activity.get("action") == "add")
