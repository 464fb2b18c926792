"""Pure builders of the IRT channel's pinned status message and the checklist modals."""

from __future__ import annotations

from datetime import datetime

from adapters.slack.blocks import (
    button,
    context,
    datetime_input,
    escape,
    incident_blocks,
    input_block,
    modal,
    option,
    plain,
    section,
    text_input,
)
from core.activity import activity_line
from core.deadlines import format_local, is_late
from core.model import Art34Exception, ChecklistItem, ChecklistKey, Incident, ItemState
from core.org import Organisation
from core.texts import t

STATE_ICON = {
    ItemState.OPEN: ":white_circle:",
    ItemState.IN_PROGRESS: ":large_blue_circle:",
    ItemState.DONE: ":white_check_mark:",
    ItemState.NOT_APPLICABLE: ":heavy_minus_sign:",
}


def status_message(
    incident: Incident, org: Organisation, lang: str, *, now: datetime, revision: int
) -> tuple[str, list[dict]]:
    """The one message kept current in the IRT channel: facts, clock and every checklist item.

    block_ids carry a revision so Slack treats each update as new (actions-block docs).
    """
    text = t("slack.irt.status_text", lang, case=incident.case_number)
    blocks = incident_blocks(incident, org, lang, now)
    blocks.append({"type": "divider"})
    blocks.append(section(f"*{t('slack.irt.checklist', lang)}*"))
    editable = incident.step.value == "irt"
    for item in incident.checklist:
        blocks.append(_item_block(item, incident, org, lang, editable=editable, revision=revision))
    if editable:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"aware:{incident.case_number}:{revision}",
                "elements": [
                    button(
                        t("slack.aware.button", lang), "change_aware", incident.case_number or ""
                    )
                ],
            }
        )
    if not editable:
        blocks.append(
            context(t("slack.irt.closed", lang, step=t(f"step.{incident.step.value}", lang)))
        )
    return text, blocks


def _item_block(
    item: ChecklistItem,
    incident: Incident,
    org: Organisation,
    lang: str,
    *,
    editable: bool,
    revision: int,
) -> dict:
    line = f"{STATE_ICON[item.state]} *{t(f'item.{item.key.value}', lang)}* — {t(f'state.{item.state.value}', lang)}"
    if item.actor and item.at:
        person = org.person(item.actor)
        line += f" · {escape(person.name if person else item.actor)}, {format_local(item.at, org.timezone)}"
    if item.note:
        line += f"\n_{escape(item.note)[:500]}_"
    line += _details(item.key, incident, org, lang)
    block = section(line, block_id=f"item:{incident.case_number}:{item.key.value}:{revision}")
    if editable:
        states = [s for s in ItemState if s is not item.state]
        block["accessory"] = {
            "type": "overflow",
            "action_id": f"item:{item.key.value}",
            "options": [option(t(f"slack.irt.set.{s.value}", lang), s.value) for s in states],
        }
    return block


def _details(key: ChecklistKey, incident: Incident, org: Organisation, lang: str) -> str:
    if key is ChecklistKey.NOTIFY_AUTHORITY and incident.notifications:
        n = incident.notifications[-1]
        late = f" · {t('slack.irt.late', lang)}: {escape(n.delay_reason)}" if n.delay_reason else ""
        return f"\n{t('slack.irt.notified', lang, at=format_local(n.sent_at, org.timezone), reference=escape(n.reference))}{late}"
    comm = incident.people_communication
    if key is ChecklistKey.INFORM_PEOPLE and comm:
        if comm.exception:
            return f"\n{t(f'art34.{comm.exception.value}', lang)}"
        when = format_local(comm.informed_at, org.timezone) if comm.informed_at else "?"
        return f"\n{t('slack.irt.informed', lang, at=when)}"
    return ""


def item_modal(
    incident: Incident, key: ChecklistKey, state: ItemState, lang: str, *, now: datetime
) -> dict:
    """The modal behind 'done' or 'not applicable': a note, and for two items the legal details."""
    blocks: list[dict] = [
        section(f"*{t(f'item.{key.value}', lang)}* → {t(f'state.{state.value}', lang)}")
    ]
    if key is ChecklistKey.NOTIFY_AUTHORITY and state is ItemState.DONE:
        blocks += _notification_inputs(incident, lang, now)
    if key is ChecklistKey.INFORM_PEOPLE and state is ItemState.DONE:
        blocks += _communication_inputs(lang, now)
    note_label = "slack.irt.reason" if state is ItemState.NOT_APPLICABLE else "slack.irt.note"
    blocks.append(
        input_block(
            "note",
            t(note_label, lang),
            text_input(multiline=True, max_length=2000),
            optional=state is not ItemState.NOT_APPLICABLE,
        )
    )
    return modal(
        "checklist",
        t("slack.irt.modal_title", lang),
        blocks,
        lang,
        submit=t("slack.save", lang),
        metadata={
            "case": incident.case_number,
            "item": key.value,
            "state": state.value,
            "lang": lang,
        },
    )


def _notification_inputs(incident: Incident, lang: str, now: datetime) -> list[dict]:
    late = is_late(incident, now)
    return [
        input_block(
            "notified_at",
            t("slack.irt.notified_at", lang),
            datetime_input(now),
        ),
        input_block(
            "authority_reference",
            t("slack.irt.reference", lang),
            text_input(max_length=100),
        ),
        input_block(
            "delay_reason",
            t("slack.irt.delay_reason", lang),
            text_input(multiline=True, max_length=2000),
            optional=not late,
            hint=t("slack.irt.delay_hint", lang),
        ),
    ]


def _communication_inputs(lang: str, now: datetime) -> list[dict]:
    exceptions = [option(t(f"art34.{e.value}", lang), e.value) for e in Art34Exception]
    return [
        context(t("slack.irt.inform_intro", lang)),
        input_block(
            "informed_at",
            t("slack.irt.informed_at", lang),
            datetime_input(now),
            optional=True,
        ),
        input_block(
            "communication_plan",
            t("slack.irt.plan", lang),
            text_input(multiline=True),
            optional=True,
        ),
        input_block(
            "exception",
            t("slack.irt.exception", lang),
            {
                "type": "static_select",
                "action_id": "value",
                "options": exceptions,
                "placeholder": plain(t("slack.irt.exception_placeholder", lang)),
            },
            optional=True,
        ),
    ]


def irt_line(params: dict, org: Organisation, lang: str) -> str:
    """One short line in the channel: who did what, escaped for mrkdwn."""
    return escape(activity_line(params, org, lang))
