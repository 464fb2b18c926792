"""The reminder's button: record the notification to the authority in the checklist's own form."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack.checklist_blocks import item_modal
from adapters.slack.context import SlackContext, friendly
from adapters.slack.listeners_actions import refuse
from adapters.slack.reminder_blocks import RECORD_ACTION
from core.model import ChecklistKey, ItemState
from core.reminders import check_record_notification


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.action(RECORD_ACTION)
    async def on_record_notification(ack, body, action, respond, client) -> None:
        """Opens the notify_authority 'done' modal; its submission is the checklist's (listeners_views)."""
        await ack()
        user = body["user"]["id"]
        lang = await ctx.lang(user)
        case = action.get("value", "")
        try:
            actor = ctx.actor(user)
            incident, _ = await ctx.handlers.get(case)
            check_record_notification(incident, actor=actor, org=ctx.org)
            view = item_modal(
                incident, ChecklistKey.NOTIFY_AUTHORITY, ItemState.DONE, lang, now=ctx.clock.now()
            )
            await client.views_open(trigger_id=body["trigger_id"], view=view)
        except Exception as exc:
            await refuse(respond, friendly(exc, lang, case=case), case=case, what=RECORD_ACTION)
