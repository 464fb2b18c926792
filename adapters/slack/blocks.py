"""Pure Block Kit builders: view data and texts in, JSON out (style.md 10)."""

from __future__ import annotations

import json
from datetime import datetime

from core.deadlines import clock, format_duration, format_local
from core.model import Decision, Incident
from core.org import Organisation
from core.texts import t

MAX_OPTIONS = 100
MAX_TEXT = 3000  # a section's text limit
DECISIONS_WITH_REASON = {
    Decision.CLOSE_NO_BREACH,
    Decision.CLOSE_REGISTERED,
    Decision.ASK_REPORTER,
    Decision.REOPEN,
}


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text[:150] or " ", "emoji": True}


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text[:MAX_TEXT] or " "}


def option(label: str, value: str) -> dict:
    return {"text": plain(label[:75]), "value": value}


def section(text: str, **extra: object) -> dict:
    return {"type": "section", "text": mrkdwn(text), **extra}


def context(text: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(text)]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {
        "type": "button",
        "text": plain(label),
        "action_id": action_id,
        "value": value[:2000],
    }
    return element | ({"style": style} if style else {})


def text_input(*, multiline: bool = False, max_length: int = 3000) -> dict:
    element = {"type": "plain_text_input", "action_id": "value", "max_length": max_length}
    return element | ({"multiline": True} if multiline else {})


def datetime_input(now: datetime) -> dict:
    """A date-and-time picker; Slack gives back UNIX seconds, an instant, so no zone guessing."""
    return {
        "type": "datetimepicker",
        "action_id": "value",
        "initial_date_time": int(now.timestamp()),
    }


def input_block(
    block_id: str, label: str, element: dict, *, optional: bool = False, hint: str | None = None
) -> dict:
    block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": optional,
    }
    return block | ({"hint": plain(hint)} if hint else {})


def modal(
    callback_id: str, title: str, blocks: list[dict], lang: str, *, submit: str, metadata: dict
) -> dict:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title[:24]),
        "submit": plain(submit[:24]),
        "close": plain(t("slack.cancel", lang)[:24]),
        "private_metadata": json.dumps(metadata)[:3000],
        "blocks": blocks,
    }


def escape(text: str) -> str:
    """Slack mrkdwn needs &, < and > escaped; people's text must not form links or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- the incident's facts and clock -----------------------------------------------------------


def clock_line(incident: Incident, org: Organisation, lang: str, now: datetime) -> str:
    c = clock(incident, now)
    deadline = format_local(c.deadline, org.timezone)
    if c.stopped:
        return f":white_check_mark: {t(f'clock.stopped.{c.stopped.value}', lang)}"
    icon = {
        "ok": ":large_green_circle:",
        "warning": ":large_yellow_circle:",
        "urgent": ":red_circle:",
        "overdue": ":rotating_light:",
    }[c.phase.value]
    key = "clock.overdue" if c.phase.value == "overdue" else "clock.left"
    return f"{icon} {t(key, lang, duration=format_duration(c.remaining), deadline=deadline)}"


def facts(incident: Incident, org: Organisation, lang: str) -> dict:
    """A section with the incident's key facts as fields (max 10)."""
    count = "?" if incident.subjects_count is None else str(incident.subjects_count)
    pairs = [
        ("slack.fact.where", escape(org.unit_label(incident.unit_id))),
        ("slack.fact.kind", t(f"kind.{incident.kind.value}", lang)),
        ("slack.fact.discovered", format_local(incident.discovered_at, org.timezone)),
        ("slack.fact.step", t(f"step.{incident.step.value}", lang)),
        ("slack.fact.people", count),
        ("slack.fact.special", t(f"tristate.{incident.special_categories.value}", lang)),
        ("slack.fact.encrypted", t(f"tristate.{incident.encrypted.value}", lang)),
        ("slack.fact.reporter", escape(incident.reporter.name or incident.reporter.id)),
    ]
    return {"type": "section", "fields": [mrkdwn(f"*{t(k, lang)}*\n{v}") for k, v in pairs]}


def incident_blocks(incident: Incident, org: Organisation, lang: str, now: datetime) -> list[dict]:
    title = escape(incident.title)
    confidential = f" :lock: {t('slack.confidential', lang)}" if incident.confidential else ""
    return [
        {"type": "header", "text": plain(f"{incident.case_number} · {incident.title}"[:150])},
        section(
            f"*{title}*{confidential}\n>{escape(incident.description)[:2500].replace(chr(10), chr(10) + '>')}"
        ),
        facts(incident, org, lang),
        context(clock_line(incident, org, lang, now)),
    ]
