"""Modal submissions: the report, a decision's reason, a checklist item, an answer."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack.context import SlackContext, field_errors, log
from adapters.slack.inbound import (
    metadata,
    moment,
    parse_checklist,
    parse_details,
    parse_report,
    text_of,
    values,
)
from adapters.slack.report_modal import details_modal
from core.commands import AnswerQuestion, ChangeAwareTime, Decide, UpdateChecklist
from core.errors import ValidationFailed
from core.model import Decision, Step

REPORT_FIELDS = {"description", "unit", "discovered_at", "kind"}
DETAIL_FIELDS = {"subjects_count"}
CHECKLIST_FIELDS = {
    "notified_at",
    "authority_reference",
    "delay_reason",
    "informed_at",
    "communication_plan",
    "note",
}


def card_step(meta: dict) -> Step | None:
    """The step the card showed when the modal was opened; a decision for an older step is refused."""
    return Step(meta["step"]) if meta.get("step") in {s.value for s in Step} else None


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.view("report")
    async def on_report(ack, body, view) -> None:
        user = body["user"]
        lang = metadata(view).get("lang") or await ctx.lang(user["id"])
        try:
            incident, created = await ctx.handlers.report(
                parse_report(view, user, ctx.org, lang=lang)
            )
        except Exception as exc:
            await ack(
                response_action="errors",
                errors=field_errors(exc, lang, known=REPORT_FIELDS, fallback="description"),
            )
            return
        # Stored: the same modal moves on to the optional questions (closing it skips them).
        await ack(response_action="update", view=details_modal(incident.case_number or "", lang))
        log.info(
            "report stored" if created else "report repeated",
            extra={"case": incident.case_number, "platform": "slack"},
        )

    @app.view("report_details")
    async def on_details(ack, body, view) -> None:
        meta = metadata(view)
        lang = meta.get("lang", ctx.default_language)
        user = body["user"]["id"]
        actor = ctx.viewer(user)
        try:
            await ctx.handlers.add_details(parse_details(view, actor))
        except Exception as exc:
            errors = field_errors(
                exc, lang, known=DETAIL_FIELDS, fallback="measures", case=meta.get("case", "")
            )
            await ack(response_action="errors", errors=errors)
            return
        await ack()

    @app.view("decision")
    async def on_decision(ack, body, view) -> None:
        meta = metadata(view)
        lang, case = meta.get("lang", ctx.default_language), meta.get("case", "")
        try:
            actor = ctx.actor(body["user"]["id"])
            reason = text_of(values(view), "reason") or None
            await ctx.handlers.decide(
                Decide(case, Decision(meta.get("decision", "")), actor, reason, card_step(meta))
            )
        except Exception as exc:
            log.info("decision refused", extra={"case": case, "event": "refused"})
            await ack(
                response_action="errors",
                errors=field_errors(exc, lang, known={"reason"}, fallback="reason", case=case),
            )
            return
        await ack()

    @app.view("checklist")
    async def on_checklist(ack, body, view) -> None:
        meta = metadata(view)
        lang = meta.get("lang", ctx.default_language)
        try:
            actor = ctx.actor(body["user"]["id"])
            case, change = parse_checklist(view)
            await ctx.handlers.update_checklist(UpdateChecklist(case, actor, change))
        except Exception as exc:
            present = set(values(view))
            errors = field_errors(
                exc,
                lang,
                known=CHECKLIST_FIELDS & present,
                fallback="note",
                case=meta.get("case", ""),
            )
            await ack(response_action="errors", errors=errors)
            return
        await ack()

    @app.view("aware")
    async def on_aware(ack, body, view) -> None:
        meta = metadata(view)
        lang = meta.get("lang", ctx.default_language)
        vals = values(view)
        try:
            when = moment(vals, "aware_at")
            if when is None:
                raise ValidationFailed({"aware_at": "field.required"})
            command = ChangeAwareTime(
                meta.get("case", ""),
                ctx.actor(body["user"]["id"]),
                when,
                text_of(vals, "reason"),
                text_of(vals, "basis") or None,
            )
            await ctx.handlers.change_aware_time(command)
        except Exception as exc:
            errors = field_errors(
                exc,
                lang,
                known={"aware_at", "reason"},
                fallback="reason",
                case=meta.get("case", ""),
            )
            await ack(response_action="errors", errors=errors)
            return
        await ack()

    @app.view("answer")
    async def on_answer(ack, body, view) -> None:
        meta = metadata(view)
        lang = meta.get("lang", ctx.default_language)
        user = body["user"]["id"]
        actor = ctx.viewer(user)
        try:
            answer = text_of(values(view), "answer")
            await ctx.handlers.answer_question(
                AnswerQuestion(meta.get("case", ""), actor, answer, meta.get("asked_by", ""))
            )
        except Exception as exc:
            await ack(
                response_action="errors",
                errors=field_errors(exc, lang, known={"answer"}, fallback="answer"),
            )
            return
        await ack()
