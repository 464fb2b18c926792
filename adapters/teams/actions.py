"""Card buttons: report, decide, checklist, answer, status. Each returns the card the clicker sees."""

from __future__ import annotations

from datetime import datetime

from adapters.teams.aware_card import aware_form
from adapters.teams.cards import Json
from adapters.teams.checklist_card import item_form, status_card
from adapters.teams.command_cards import status_card as case_status_card
from adapters.teams.context import TeamsContext, field_errors, friendly, log, refused
from adapters.teams.inbound import (
    CardAction,
    form_values,
    local_moment,
    parse_checklist,
    parse_report,
)
from adapters.teams.report_card import error_inputs, report_card
from adapters.teams.review_cards import done_card, last_decision, question_card, review_card
from core.checklist import ChecklistUpdate
from core.commands import AnswerQuestion, ChangeAwareTime, Decide, UpdateChecklist
from core.errors import NotAllowed, NotFound, ValidationFailed
from core.model import ChecklistKey, Decision, ItemState, Step
from core.org import Channel
from core.routing import person_ref
from core.texts import t
from core.visibility import may_see
from core.workflow import NEEDS_REASON, allowed_decisions, check, may_correct_awareness

DIRECT_STATES = {ItemState.OPEN, ItemState.IN_PROGRESS}


async def on_action(ctx: TeamsContext, activity: dict, action: CardAction) -> Json | None:
    """Dispatch one button; None for verbs we do not know (an old card)."""
    handler = VERBS.get(action.verb)
    if handler is None:
        return None
    return await handler(ctx, activity, action.data, ctx.lang(activity))


async def report(ctx: TeamsContext, activity: dict, data: dict, lang: str) -> Json:
    """Stored first, then answered with the case number; an invalid form comes back with errors."""
    lang = data.get("lang") or lang
    try:
        incident, created = await ctx.handlers.report(parse_report(data, activity.get("from") or {}, ctx.org, lang=lang))
    except Exception as exc:
        errors = field_errors(exc, lang) or {"description": friendly(exc, lang)}
        return report_card(ctx.org, lang, now=ctx.clock.now(), form=str(data.get("form") or ""),
                           values=form_values(data), errors=error_inputs(errors))  # fmt: skip
    log.info("report stored" if created else "report repeated",
             extra={"case": incident.case_number, "platform": "teams"})  # fmt: skip
    case = incident.case_number or ""
    return done_card(t("teams.receipt.text", lang, case=case), t("teams.receipt.next", lang))


async def decide(ctx: TeamsContext, activity: dict, data: dict, lang: str) -> Json:
    case, account = str(data.get("case") or ""), activity.get("from") or {}
    reason = str(data.get("reason") or "").strip()
    try:
        decision = Decision(str(data.get("decision")))
        step = Step(data["step"]) if data.get("step") in {s.value for s in Step} else None
        actor = ctx.actor(account)
        incident, _ = await ctx.handlers.get(case)
        check(incident, decision, actor=actor, org=ctx.org)
        if decision in NEEDS_REASON and not reason:
            return await _review(ctx, account, case, lang, reason_error=t("field.reason_required", lang))
        await ctx.handlers.decide(Decide(case, decision, actor, reason or None, step))
    except Exception as exc:
        refused(case, str(data.get("decision")))
        return await _review(ctx, account, case, lang, problem=friendly(exc, lang, case=case), reason=reason)
    return await _review(ctx, account, case, lang)


async def _review(ctx: TeamsContext, account: dict, case: str, lang: str, **extra) -> Json:
    try:
        incident, timeline = await ctx.handlers.get(case)
    except NotFound as exc:
        return done_card(friendly(exc, lang, case=case))
    person = ctx.person_id(account)
    decisions = allowed_decisions(incident, person, ctx.org) if person else ()
    return review_card(incident, ctx.org, lang, now=ctx.clock.now(), decisions=decisions,
                       last=last_decision(timeline), **extra)  # fmt: skip


async def item(ctx: TeamsContext, activity: dict, data: dict, lang: str) -> Json:
    case = str(data.get("case") or "")
    try:
        actor = ctx.actor(activity.get("from") or {})
        if actor not in ctx.org.irt_members():
            raise NotAllowed("error.not_irt")
        key, state = ChecklistKey(str(data.get("item"))), ItemState(str(data.get("state")))
        incident, _ = await ctx.handlers.get(case)
        if state not in DIRECT_STATES:
            return item_form(incident, key, state, ctx.org, lang, now=ctx.clock.now())
        await ctx.handlers.update_checklist(UpdateChecklist(case, actor, ChecklistUpdate(key, state)))
    except Exception as exc:
        refused(case, str(data.get("item")))
        return await _status(ctx, activity, case, lang, problem=friendly(exc, lang, case=case))
    return await _status(ctx, activity, case, lang)


async def item_save(ctx: TeamsContext, activity: dict, data: dict, lang: str) -> Json:
    case = str(data.get("case") or "")
    try:
        actor = ctx.actor(activity.get("from") or {})
        case, change = parse_checklist(data, ctx.org.timezone)
        await ctx.handlers.update_checklist(UpdateChecklist(case, actor, change))
    except ValidationFailed as exc:
        incident, _ = await ctx.handlers.get(case)
        key, state = ChecklistKey(str(data.get("item"))), ItemState(str(data.get("state")))
        return item_form(incident, key, state, ctx.org, lang, now=ctx.clock.now(),
                         values=form_values(data), errors=field_errors(exc, lang))  # fmt: skip
    except Exception as exc:
        refused(case, str(data.get("item")))
        return await _status(ctx, activity, case, lang, problem=friendly(exc, lang, case=case))
    return await _status(ctx, activity, case, lang)


async def irt_status(ctx: TeamsContext, activity: dict, data: dict, lang: str) -> Json:
    return await _status(ctx, activity, str(data.get("case") or ""), lang)


async def _status(ctx: TeamsContext, activity: dict, case: str, lang: str, problem: str | None = None) -> Json:
    """The checklist card for this person; only people involved in the case see it."""
    try:
        incident, timeline = await ctx.handlers.get(case)
        if not may_see(incident, ctx.viewer(activity.get("from") or {}), ctx.org, timeline):
            raise NotFound(case=case)
    except NotFound as exc:
        return done_card(friendly(exc, lang, case=case))
    return status_card(incident, ctx.org, lang, now=ctx.clock.now(), problem=problem)


async def status(ctx: TeamsContext, activity: dict, data: dict, lang: str) -> Json:
    """The case's status, step by step; 'not found' to anyone not involved (existence does not leak)."""
    case = str(data.get("case") or "")
    try:
        incident, timeline = await ctx.handlers.get(case)
        if not may_see(incident, ctx.viewer(activity.get("from") or {}), ctx.org, timeline):
            raise NotFound(case=case)
    except NotFound as exc:
        log.info("status refused or unknown", extra={"event": "status_not_found"})
        return done_card(friendly(exc, lang, case=case))
    return case_status_card(incident, timeline, ctx.org, lang, now=ctx.clock.now())


async def answer(ctx: TeamsContext, activity: dict, data: dict, lang: str) -> Json:
    case, asked_by = str(data.get("case") or ""), str(data.get("asked_by") or "")
    account = activity.get("from") or {}
    actor = ctx.person_id(account) or person_ref(Channel.TEAMS, account.get("id", ""))
    try:
        await ctx.handlers.answer_question(AnswerQuestion(case, actor, str(data.get("answer") or ""), asked_by))
    except Exception as exc:
        asker = ctx.org.person(asked_by)
        return question_card(case, str(data.get("question") or ""), asked_by=asked_by,
                             asker_name=asker.name if asker else asked_by, lang=lang,
                             answer=str(data.get("answer") or ""), problem=friendly(exc, lang, case=case))  # fmt: skip
    return done_card(t("teams.answer.sent", lang, case=case))


async def aware(ctx: TeamsContext, activity: dict, data: dict, lang: str) -> Json:
    """Only the DPO corrects the moment of awareness; anyone else gets the card back with a refusal."""
    case, back = str(data.get("case") or ""), _back(data)
    try:
        if not may_correct_awareness(ctx.actor(activity.get("from") or {}), ctx.org):
            raise NotAllowed("error.only_dpo_aware_time")
        incident, _ = await ctx.handlers.get(case)
    except Exception as exc:
        refused(case, "change_aware")
        return await _show(ctx, activity, back, case, lang, problem=friendly(exc, lang, case=case))
    return aware_form(incident, ctx.org, lang, back=back)


async def aware_save(ctx: TeamsContext, activity: dict, data: dict, lang: str) -> Json:
    case, back = str(data.get("case") or ""), _back(data)
    try:
        actor = ctx.actor(activity.get("from") or {})
        when = local_moment(str(data.get("aware_date") or ""), str(data.get("aware_time") or ""), ctx.org.timezone)
        if when is None or when == datetime.min:
            raise ValidationFailed({"aware_at": "field.required" if when is None else "field.invalid_time"})
        reason, basis = str(data.get("reason") or ""), str(data.get("basis") or "").strip() or None
        await ctx.handlers.change_aware_time(ChangeAwareTime(case, actor, when, reason, basis))
    except ValidationFailed as exc:
        incident, _ = await ctx.handlers.get(case)
        return aware_form(incident, ctx.org, lang, back=back, values=form_values(data), errors=field_errors(exc, lang))
    except Exception as exc:
        refused(case, "change_aware")
        return await _show(ctx, activity, back, case, lang, problem=friendly(exc, lang, case=case))
    return await _show(ctx, activity, back, case, lang)


def _back(data: dict) -> str:
    return "irt_status" if data.get("back") == "irt_status" else "review"


async def _show(ctx: TeamsContext, activity: dict, back: str, case: str, lang: str, problem: str | None = None) -> Json:
    if back == "irt_status":
        return await _status(ctx, activity, case, lang, problem=problem)
    return await _review(ctx, activity.get("from") or {}, case, lang, problem=problem)


async def review(ctx: TeamsContext, activity: dict, data: dict, lang: str) -> Json:
    return await _review(ctx, activity.get("from") or {}, str(data.get("case") or ""), lang)


VERBS = {
    "aware": aware,
    "aware_save": aware_save,
    "review": review,
    "report": report,
    "decide": decide,
    "item": item,
    "item_save": item_save,
    "irt_status": irt_status,
    "status": status,
    "answer": answer,
}
