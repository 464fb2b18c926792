"""Pure builders of the review card, the reporter's receipt and the question card."""

from __future__ import annotations

from datetime import datetime

from adapters.teams.aware_card import aware_button
from adapters.teams.cards import (
    Json,
    action_set,
    card,
    error,
    execute,
    facts,
    heading,
    note,
    text,
    text_input,
)
from core.deadlines import clock, format_duration, format_local
from core.model import Decision, Incident, Step
from core.org import Organisation
from core.texts import t
from core.timeline import TimelineEntry
from core.workflow import NEEDS_REASON

_STYLE = {Decision.ESCALATE: "destructive", Decision.FORWARD: "positive"}
CLOCK_ICON = {"ok": "🟢", "warning": "🟡", "urgent": "🔴", "overdue": "🚨"}


def clock_line(incident: Incident, org: Organisation, lang: str, now: datetime) -> str:
    c = clock(incident, now)
    if c.stopped:
        return f"✅ {t(f'clock.stopped.{c.stopped.value}', lang)}"
    key = "clock.overdue" if c.phase.value == "overdue" else "clock.left"
    deadline = format_local(c.deadline, org.timezone)
    return f"{CLOCK_ICON[c.phase.value]} {t(key, lang, duration=format_duration(c.remaining), deadline=deadline)}"


def incident_facts(incident: Incident, org: Organisation, lang: str) -> Json:
    count = "?" if incident.subjects_count is None else str(incident.subjects_count)
    return facts(
        [
            (t("teams.fact.where", lang), org.unit_label(incident.unit_id)),
            (t("teams.fact.kind", lang), t(f"kind.{incident.kind.value}", lang)),
            (t("teams.fact.discovered", lang), format_local(incident.discovered_at, org.timezone)),
            (t("teams.fact.step", lang), t(f"step.{incident.step.value}", lang)),
            (t("teams.fact.people", lang), count),
            (t("teams.fact.special", lang), t(f"tristate.{incident.special_categories.value}", lang)),
            (t("teams.fact.encrypted", lang), t(f"tristate.{incident.encrypted.value}", lang)),
            (t("teams.fact.reporter", lang), incident.reporter.name or incident.reporter.id),
        ]
    )


def incident_body(incident: Incident, org: Organisation, lang: str, now: datetime) -> list[Json]:
    lock = f" 🔒 {t('teams.confidential', lang)}" if incident.confidential else ""
    return [
        heading(f"{incident.case_number} · {incident.title}{lock}"),
        text(incident.description[:2500], spacing="Small"),
        incident_facts(incident, org, lang),
        note(clock_line(incident, org, lang, now)),
    ]


def review_card(
    incident: Incident,
    org: Organisation,
    lang: str,
    *,
    now: datetime,
    decisions: tuple[Decision, ...],
    last: dict | None = None,
    problem: str | None = None,
    reason: str = "",
    reason_error: str | None = None,
) -> Json:
    """A reviewer's card; buttons only for this person's decisions, a reason field when needed."""
    case = incident.case_number or ""
    body = incident_body(incident, org, lang, now)
    if last:
        body.append(text(last_decision_line(last, org, lang), spacing="Medium"))
    if problem:
        body.insert(0, error(problem))
    if not decisions:
        body.append(note(t("teams.card.no_action", lang, step=t(f"step.{incident.step.value}", lang))))
        return card(body)
    if any(d in NEEDS_REASON for d in decisions):
        body.append(
            text_input("reason", t("teams.card.reason", lang), value=reason, multiline=True, max_length=2000)
        )
        if reason_error:
            body.append(error(reason_error))
        body.append(note(t("teams.card.reason_hint", lang)))
    data = {"case": case, "step": incident.step.value}
    buttons = [
        execute(t(f"decision.{d.value}", lang), "decide", {**data, "decision": d.value}, style=_STYLE.get(d))
        for d in decisions
    ]
    if incident.step is Step.DPO_REVIEW:  # only the DPO has buttons in this step
        buttons.append(aware_button(case, "review", lang))
    body.append(action_set(buttons))
    return card(body)


def last_decision_line(last: dict, org: Organisation, lang: str) -> str:
    """'Dave DPO chose Escalate to IRT on 2026-12-04 10:12 CET: reason'."""
    actor = org.person(last["actor"])
    line = t(
        "teams.card.decided",
        lang,
        actor=actor.name if actor else last["actor"],
        decision=t(f"decision.{last['decision']}", lang),
        at=format_local(datetime.fromisoformat(last["at"]), org.timezone),
    )
    return line + (f": {last['reason']}" if last.get("reason") else "")


def receipt(incident: Incident, org: Organisation, lang: str) -> Json:
    """The reporter's confirmation with the case number and a status button."""
    case = incident.case_number or ""
    return card(
        [
            heading(f"✅ {t('teams.receipt.text', lang, case=case)}"),
            text(t("teams.receipt.next", lang)),
            facts(
                [
                    (t("teams.fact.what", lang), incident.title),
                    (t("teams.fact.where", lang), org.unit_label(incident.unit_id)),
                    (t("teams.fact.kind", lang), t(f"kind.{incident.kind.value}", lang)),
                ]
            ),
        ],
        [execute(t("teams.receipt.status_button", lang), "status", {"case": case})],
    )


def question_card(
    case: str, question: str, *, asked_by: str, asker_name: str, lang: str,
    answer: str = "", problem: str | None = None,
) -> Json:  # fmt: skip
    """The reporter's card with a reviewer's question and a field to answer it."""
    body = [
        text(t("teams.question.text", lang, case=case, asker=asker_name), weight="Bolder"),
        text(question[:2000]),
        text_input("answer", t("teams.answer.label", lang), value=answer, multiline=True, required=True),
    ]
    if problem:
        body.append(error(problem))
    data = {"case": case, "asked_by": asked_by, "question": question[:1500]}
    return card(body, [execute(t("teams.answer.button", lang), "answer", data, style="positive")])


def done_card(title: str, detail: str = "") -> Json:
    """What a form turns into once handled."""
    return card([heading(title), *([text(detail)] if detail else [])])


def last_decision(timeline: list[TimelineEntry]) -> dict | None:
    for entry in reversed(timeline):
        if entry.what == "decision":
            return {**entry.details, "actor": entry.actor, "at": entry.at.isoformat()}
    return None
