"""Pure builders of the review card, the reporter's receipt and the decision modals."""

from __future__ import annotations

import json
from datetime import datetime

from adapters.slack.blocks import (
    button,
    context,
    escape,
    incident_blocks,
    input_block,
    modal,
    section,
    text_input,
)
from core.deadlines import format_local
from core.model import Decision, Incident, Step
from core.org import Organisation
from core.texts import t
from core.workflow import NEEDS_REASON

_STYLE = {Decision.ESCALATE: "danger", Decision.FORWARD: "primary"}


def review_card(
    incident: Incident,
    org: Organisation,
    lang: str,
    *,
    now: datetime,
    decisions: tuple[Decision, ...],
    last: dict | None = None,
) -> tuple[str, list[dict]]:
    """(fallback text, blocks) of a reviewer's card; buttons only for this person's decisions."""
    text = t(
        "slack.card.text",
        lang,
        case=incident.case_number,
        step=t(f"step.{incident.step.value}", lang),
    )
    blocks = incident_blocks(incident, org, lang, now)
    if last:
        blocks.append(section(last_decision_line(last, org, lang)))
    if decisions:
        elements = [
            button(
                t(f"decision.{d.value}", lang),
                f"decision:{d.value}",
                incident.case_number or "",
                _STYLE.get(d),
            )
            for d in decisions
        ]
        if incident.step is Step.DPO_REVIEW:  # only the DPO has buttons in this step
            elements.append(
                button(t("slack.aware.button", lang), "change_aware", incident.case_number or "")
            )
        blocks.append(
            {
                "type": "actions",
                "block_id": f"decide:{incident.case_number}:{incident.step.value}",
                "elements": elements,
            }
        )
    else:
        blocks.append(
            context(t("slack.card.no_action", lang, step=t(f"step.{incident.step.value}", lang)))
        )
    return text, blocks


def last_decision_line(last: dict, org: Organisation, lang: str) -> str:
    """'Eva Smit chose Escalate to IRT on 2026-12-04 10:12 CET: reason'."""
    actor = org.person(last["actor"])
    reason = f": {escape(last['reason'])}" if last.get("reason") else ""
    return (
        t(
            "slack.card.decided",
            lang,
            actor=escape(actor.name if actor else last["actor"]),
            decision=t(f"decision.{last['decision']}", lang),
            at=format_local(datetime.fromisoformat(last["at"]), org.timezone),
        )
        + reason
    )


def receipt(
    incident: Incident, org: Organisation, lang: str, *, now: datetime
) -> tuple[str, list[dict]]:
    """The reporter's DM: case number, a summary and a status button."""
    text = t("slack.receipt.text", lang, case=incident.case_number)
    blocks = [
        section(f":white_check_mark: *{text}*\n{t('slack.receipt.next', lang)}"),
        section(
            f"*{escape(incident.title)}*\n{escape(org.unit_label(incident.unit_id))} · "
            f"{t(f'kind.{incident.kind.value}', lang)} · {format_local(incident.discovered_at, org.timezone)}"
        ),
        {
            "type": "actions",
            "elements": [
                button(
                    t("slack.receipt.status_button", lang),
                    "show_status",
                    incident.case_number or "",
                )
            ],
        },
    ]
    return text, blocks


def reason_modal(case: str, decision: Decision, lang: str, *, step: str | None = None) -> dict:
    key = "slack.reason.question" if decision is Decision.ASK_REPORTER else "slack.reason.label"
    field = text_input(multiline=True, max_length=2000)
    blocks = [
        section(
            t("slack.reason.intro", lang, case=case, decision=t(f"decision.{decision.value}", lang))
        ),
        input_block("reason", t(key, lang), field, optional=decision not in NEEDS_REASON),
    ]
    return modal(
        "decision",
        t(f"decision.{decision.value}", lang),
        blocks,
        lang,
        submit=t("slack.confirm", lang),
        metadata={"case": case, "decision": decision.value, "lang": lang, "step": step},
    )


def answer_modal(case: str, asked_by: str, question: str, lang: str) -> dict:
    field = text_input(multiline=True)
    blocks = [
        section(f"*{t('slack.question.label', lang)}*\n>{escape(question)}"),
        input_block("answer", t("slack.answer.label", lang), field),
    ]
    return modal(
        "answer",
        t("slack.answer.title", lang),
        blocks,
        lang,
        submit=t("slack.send", lang),
        metadata={"case": case, "asked_by": asked_by, "lang": lang},
    )


def question_notice(
    case: str, question: str, *, asked_by: str, asker_name: str, lang: str
) -> tuple[str, list[dict]]:
    """The reporter's DM with a question and an answer button."""
    text = t("slack.question.text", lang, case=case, asker=asker_name)
    value = json.dumps({"case": case, "asked_by": asked_by, "question": question[:1500]})
    return text, [
        section(f"{escape(text)}\n>{escape(question)}"),
        {
            "type": "actions",
            "elements": [
                button(t("slack.answer.button", lang), "answer_question", value, "primary")
            ],
        },
    ]


def start_report_prompt(text: str, lang: str) -> tuple[str, list[dict]]:
    """The answer to a plain DM: a button that opens the report modal with the text filled in."""
    prompt = t("slack.dm.prompt", lang)
    return prompt, [
        section(prompt),
        {
            "type": "actions",
            "elements": [button(t("slack.dm.button", lang), "open_report", text[:2000], "primary")],
        },
    ]


def aware_modal(incident: Incident, org: Organisation, lang: str) -> dict:
    """The DPO corrects when the organisation became aware; the 72 hours run from there."""
    picker = {
        "type": "datetimepicker",
        "action_id": "value",
        "initial_date_time": int(incident.effective_aware_at.timestamp()),
    }
    blocks = [
        section(
            t(
                "slack.aware.intro",
                lang,
                case=incident.case_number,
                current=format_local(incident.effective_aware_at, org.timezone),
            )
        ),
        input_block("aware_at", t("slack.aware.at", lang), picker),
        input_block(
            "reason", t("slack.aware.reason", lang), text_input(multiline=True, max_length=2000)
        ),
        input_block(
            "basis",
            t("slack.aware.basis", lang),
            text_input(multiline=True, max_length=2000),
            optional=True,
        ),
    ]
    return modal(
        "aware",
        t("slack.aware.title", lang),
        blocks,
        lang,
        submit=t("slack.save", lang),
        metadata={"case": incident.case_number, "lang": lang},
    )
