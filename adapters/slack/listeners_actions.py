"""Buttons and menus: review decisions, checklist items, status, answering a question."""

from __future__ import annotations

import json
import re

from slack_bolt.async_app import AsyncApp

from adapters.slack.cards import answer_modal, aware_modal, reason_modal
from adapters.slack.checklist_blocks import item_modal
from adapters.slack.context import SlackContext, friendly, log
from adapters.slack.listeners_commands import status
from adapters.slack.report_modal import report_modal
from core.checklist import ChecklistUpdate
from core.commands import Decide, UpdateChecklist
from core.errors import NotAllowed
from core.model import ChecklistKey, Decision, ItemState, Step
from core.workflow import NEEDS_REASON, check, may_correct_awareness

DIRECT_STATES = {ItemState.OPEN, ItemState.IN_PROGRESS}


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.action(re.compile(r"^decision:"))
    async def on_decision(ack, body, action, respond, client) -> None:
        await ack()
        user = body["user"]["id"]
        lang = await ctx.lang(user)
        case, decision = action.get("value", ""), Decision(action["action_id"].split(":", 1)[1])
        try:
            actor = ctx.actor(user)
            incident, _ = await ctx.handlers.get(case)
            check(incident, decision, actor=actor, org=ctx.org)
            if decision in NEEDS_REASON:
                await client.views_open(
                    trigger_id=body["trigger_id"], view=reason_modal(case, decision, lang)
                )
            else:
                await ctx.handlers.decide(Decide(case, decision, actor))
        except Exception as exc:
            await refuse(respond, friendly(exc, lang, case=case), case=case, what=decision.value)

    @app.action(re.compile(r"^item:"))
    async def on_item(ack, body, action, respond, client) -> None:
        await ack()
        user = body["user"]["id"]
        lang = await ctx.lang(user)
        key = ChecklistKey(action["action_id"].split(":", 1)[1])
        state = ItemState(action["selected_option"]["value"])
        case = (
            action.get("block_id", "").split(":")[1]
            if action.get("block_id", "").count(":") >= 2
            else ""
        )
        try:
            actor = ctx.actor(user)
            if actor not in ctx.org.irt_members():
                raise NotAllowed("error.not_irt")
            incident, _ = await ctx.handlers.get(case)
            if state in DIRECT_STATES:
                await ctx.handlers.update_checklist(
                    UpdateChecklist(case, actor, ChecklistUpdate(key, state))
                )
            else:
                view = item_modal(incident, key, state, lang, now=ctx.clock.now())
                await client.views_open(trigger_id=body["trigger_id"], view=view)
        except Exception as exc:
            await refuse(respond, friendly(exc, lang, case=case), case=case, what=key.value)

    @app.action("change_aware")
    async def on_change_aware(ack, body, action, respond, client) -> None:
        await ack()
        user = body["user"]["id"]
        lang = await ctx.lang(user)
        case = action.get("value", "")
        try:
            if not may_correct_awareness(ctx.actor(user), ctx.org):
                raise NotAllowed("error.only_dpo_aware_time")
            incident, _ = await ctx.handlers.get(case)
            await client.views_open(
                trigger_id=body["trigger_id"], view=aware_modal(incident, ctx.org, lang)
            )
        except Exception as exc:
            await refuse(respond, friendly(exc, lang, case=case), case=case, what="change_aware")

    @app.action("show_status")
    async def on_show_status(ack, body, action, respond) -> None:
        await ack()
        user = body["user"]["id"]
        lang = await ctx.lang(user)
        try:
            blocks = await status(ctx, user, action.get("value", ""), lang)
            await respond(blocks=blocks, text=action.get("value", ""), replace_original=False)
        except Exception as exc:
            await respond(
                text=friendly(exc, lang, case=action.get("value", "")), replace_original=False
            )

    @app.action("open_report")
    async def on_open_report(ack, body, action, client) -> None:
        await ack()
        lang = await ctx.lang(body["user"]["id"])
        view = report_modal(ctx.org, lang, now=ctx.clock.now(), description=action.get("value", ""))
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action("answer_question")
    async def on_answer(ack, body, action, client) -> None:
        await ack()
        lang = await ctx.lang(body["user"]["id"])
        data = json.loads(action.get("value") or "{}")
        view = answer_modal(
            data.get("case", ""), data.get("asked_by", ""), data.get("question", ""), lang
        )
        await client.views_open(trigger_id=body["trigger_id"], view=view)


def card_step(action: dict) -> Step | None:
    """The step the clicked card showed (its block_id is 'decide:<case>:<step>')."""
    parts = action.get("block_id", "").split(":")
    return Step(parts[2]) if len(parts) == 3 and parts[2] in {s.value for s in Step} else None


async def refuse(respond, text: str, *, case: str, what: str) -> None:
    """Refusals go only to the person who tried, as an ephemeral reply (interface.md)."""
    log.info("action refused", extra={"case": case, "event": "refused", "decision": what})
    await respond(text=text, response_type="ephemeral", replace_original=False)
