"""Pure builders of the IRT checklist card (kept current) and the form behind 'done' / 'n/a'."""

from __future__ import annotations

from datetime import datetime

from adapters.teams.aware_card import aware_button
from adapters.teams.cards import (
    Json,
    action_set,
    card,
    choice_input,
    date_input,
    execute,
    heading,
    note,
    refresh,
    text,
    text_input,
    time_input,
    with_errors,
)
from adapters.teams.review_cards import incident_body
from core.deadlines import format_local, is_late, to_local
from core.model import Art34Exception, ChecklistItem, ChecklistKey, Incident, ItemState, Step
from core.org import Organisation
from core.texts import t

STATE_ICON = {
    ItemState.OPEN: "⚪",
    ItemState.IN_PROGRESS: "🔵",
    ItemState.DONE: "✅",
    ItemState.NOT_APPLICABLE: "➖",
}
# The buttons an item offers in each state; 'done' and 'n/a' open the item's form.
NEXT_STATES = {
    ItemState.OPEN: (ItemState.IN_PROGRESS, ItemState.DONE, ItemState.NOT_APPLICABLE),
    ItemState.IN_PROGRESS: (ItemState.DONE, ItemState.NOT_APPLICABLE, ItemState.OPEN),
    ItemState.DONE: (ItemState.OPEN,),
    ItemState.NOT_APPLICABLE: (ItemState.OPEN,),
}
# Inputs of the item form, by core field name (for errors).
ERROR_INPUT = {"notified_at": "notified_time", "informed_at": "informed_time"}


def status_card(
    incident: Incident,
    org: Organisation,
    lang: str,
    *,
    now: datetime,
    user_ids: list[str] | None = None,
    problem: str | None = None,
    workspace_note: str | None = None,
) -> Json:
    """Facts, clock and every item with its state, note and legal details; buttons while open."""
    case = incident.case_number or ""
    body = [text(t("teams.irt.status_text", lang, case=case), weight="Bolder", color="Accent")]
    if problem:
        body.append(text(problem, color="Attention", weight="Bolder"))
    body += incident_body(incident, org, lang, now)
    if workspace_note:
        body.append(note(workspace_note))
    body.append(heading(t("teams.irt.checklist", lang)))
    editable = incident.step is Step.IRT
    for item in incident.checklist:
        body += _item(item, incident, org, lang, editable=editable)
    if editable:
        body.append(action_set([aware_button(case, "irt_status", lang)]))
    else:
        body.append(note(t("teams.irt.closed", lang, step=t(f"step.{incident.step.value}", lang))))
    hook = refresh("irt_status", {"case": case}, user_ids) if user_ids else None
    return card(body, refresh=hook)


def _item(item: ChecklistItem, incident: Incident, org: Organisation, lang: str, *, editable: bool) -> list[Json]:
    line = f"{STATE_ICON[item.state]} **{t(f'item.{item.key.value}', lang)}** — {t(f'state.{item.state.value}', lang)}"
    if item.actor and item.at:
        person = org.person(item.actor)
        line += f" · {person.name if person else item.actor}, {format_local(item.at, org.timezone)}"
    out = [text(line, spacing="Medium", separator=True)]
    if item.note:
        out.append(note(item.note[:500]))
    detail = details(item.key, incident, org, lang)
    if detail:
        out.append(note(detail))
    if editable:
        data = {"case": incident.case_number or "", "item": item.key.value}
        out.append(action_set([
            execute(t(f"teams.irt.set.{s.value}", lang), "item", {**data, "state": s.value})
            for s in NEXT_STATES[item.state]
        ]))  # fmt: skip
    return out


def details(key: ChecklistKey, incident: Incident, org: Organisation, lang: str) -> str:
    """The authority notification and the Art. 34 communication, as recorded."""
    if key is ChecklistKey.NOTIFY_AUTHORITY and incident.notifications:
        n = incident.notifications[-1]
        line = t("teams.irt.notified", lang, at=format_local(n.sent_at, org.timezone), reference=n.reference)
        return line + (f" · {t('teams.irt.late', lang)}: {n.delay_reason}" if n.delay_reason else "")
    comm = incident.people_communication
    if key is ChecklistKey.INFORM_PEOPLE and comm:
        if comm.exception:
            return t(f"art34.{comm.exception.value}", lang)
        when = format_local(comm.informed_at, org.timezone) if comm.informed_at else "?"
        return t("teams.irt.informed", lang, at=when)
    return ""


def item_form(
    incident: Incident,
    key: ChecklistKey,
    state: ItemState,
    org: Organisation,
    lang: str,
    *,
    now: datetime,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Json:
    """The note, and for two items the legal details (Art. 33(1), 33(3), 34(3))."""
    v = values or {}
    local = to_local(now, org.timezone)
    day, hour = local.strftime("%Y-%m-%d"), local.strftime("%H:%M")
    body: list[Json] = [heading(f"{incident.case_number} · {t(f'item.{key.value}', lang)} → {t(f'state.{state.value}', lang)}")]
    if key is ChecklistKey.NOTIFY_AUTHORITY and state is ItemState.DONE:
        body += [
            date_input("notified_date", t("teams.irt.notified_at", lang), value=v.get("notified_date") or day, required=True),
            time_input("notified_time", t("teams.irt.notified_time", lang), value=v.get("notified_time") or hour, required=True),
            text_input("authority_reference", t("teams.irt.reference", lang), value=v.get("authority_reference", ""), max_length=100, required=True),
            text_input("delay_reason", t("teams.irt.delay_reason", lang), value=v.get("delay_reason", ""), multiline=True, required=is_late(incident, now)),
            note(t("teams.irt.delay_hint", lang)),
        ]  # fmt: skip
    if key is ChecklistKey.INFORM_PEOPLE and state is ItemState.DONE:
        exceptions = [(t(f"art34.{e.value}", lang), e.value) for e in Art34Exception]
        body += [
            note(t("teams.irt.inform_intro", lang)),
            date_input("informed_date", t("teams.irt.informed_at", lang), value=v.get("informed_date", "")),
            time_input("informed_time", t("teams.irt.informed_time", lang), value=v.get("informed_time", "")),
            text_input("communication_plan", t("teams.irt.plan", lang), value=v.get("communication_plan", ""), multiline=True),
            choice_input("exception", t("teams.irt.exception", lang), exceptions, value=v.get("exception", ""), placeholder=t("teams.irt.exception_placeholder", lang)),
        ]  # fmt: skip
    label = "teams.irt.reason" if state is ItemState.NOT_APPLICABLE else "teams.irt.note"
    body.append(text_input("note", t(label, lang), value=v.get("note", ""), multiline=True, max_length=2000,
                           required=state is ItemState.NOT_APPLICABLE))  # fmt: skip
    data = {"case": incident.case_number or "", "item": key.value, "state": state.value}
    actions = [
        execute(t("teams.save", lang), "item_save", data, style="positive"),
        execute(t("teams.cancel", lang), "irt_status", {"case": incident.case_number or ""}),
    ]
    shown = {ERROR_INPUT.get(k, k): m for k, m in (errors or {}).items()}
    return card(with_errors(body, shown), actions)
