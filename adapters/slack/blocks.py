"""Pure Block Kit builders: view data and texts in, JSON out (style.md 10)."""

from __future__ import annotations

import json
from datetime import datetime

from core.deadlines import clock, format_duration, format_local
from core.model import Decision, Incident, Kind, Tristate
from core.org import Organisation
from core.texts import t
from core.vocabulary import PERSONAL_DATA, SUBJECT_GROUPS

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


# ---- the report modal -------------------------------------------------------------------------


def unit_options(org: Organisation) -> list[dict]:
    """One option group per top-level unit, holding it and everything below it."""
    groups = []
    for top in org.units:
        options = [option(top.name, top.id)]
        options += [
            option(org.unit_label(u.id).split(" › ", 1)[-1], u.id)
            for u, _ in _descendants(org, top.id)
        ]
        groups.append({"label": plain(top.name[:75]), "options": options[:MAX_OPTIONS]})
    return groups


def unit_count(org: Organisation) -> int:
    return sum(1 for _ in org.walk_units())


def matching_units(org: Organisation, query: str) -> list[dict]:
    """Options for an external select: units whose path contains the query, at most 100."""
    needle = query.strip().lower()
    found = [
        option(org.unit_label(u.id), u.id)
        for u, _ in org.walk_units()
        if needle in org.unit_label(u.id).lower()
    ]
    return found[:MAX_OPTIONS]


def report_modal(org: Organisation, lang: str, *, now: datetime, description: str = "") -> dict:
    """The report form; required questions first, the rest optional and 'unknown' by default."""
    if unit_count(org) <= MAX_OPTIONS:
        unit_select = {
            "type": "static_select",
            "action_id": "value",
            "option_groups": unit_options(org),
            "placeholder": plain(t("slack.report.unit_placeholder", lang)),
        }
    else:
        unit_select = {
            "type": "external_select",
            "action_id": "value",
            "min_query_length": 0,
            "placeholder": plain(t("slack.report.unit_placeholder", lang)),
        }
    description_input = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": True,
        "max_length": 3000,
    }
    if description:
        description_input["initial_value"] = description[:3000]
    blocks = [
        input_block(
            "description",
            t("slack.report.description", lang),
            description_input,
            hint=t("slack.report.description_hint", lang),
        ),
        input_block("unit", t("slack.report.unit", lang), unit_select),
        input_block(
            "discovered_at",
            t("slack.report.discovered_at", lang),
            {
                "type": "datetimepicker",
                "action_id": "value",
                "initial_date_time": int(now.timestamp()),
            },
        ),
        input_block(
            "kind",
            t("slack.report.kind", lang),
            {
                "type": "static_select",
                "action_id": "value",
                "options": [option(t(f"kind.{k.value}", lang), k.value) for k in Kind],
            },
        ),
        {"type": "divider"},
        context(t("slack.report.optional_intro", lang)),
        input_block(
            "personal_data",
            t("slack.report.personal_data", lang),
            {
                "type": "multi_static_select",
                "action_id": "value",
                "options": [option(t(f"data.{d}", lang), d) for d in PERSONAL_DATA],
            },
            optional=True,
        ),
        input_block(
            "subjects",
            t("slack.report.subjects", lang),
            {
                "type": "multi_static_select",
                "action_id": "value",
                "options": [option(t(f"group.{g}", lang), g) for g in SUBJECT_GROUPS],
            },
            optional=True,
        ),
        input_block(
            "subjects_count",
            t("slack.report.subjects_count", lang),
            {"type": "plain_text_input", "action_id": "value", "max_length": 12},
            optional=True,
            hint=t("slack.report.subjects_count_hint", lang),
        ),
        _tristate_block("special_categories", t("slack.report.special_categories", lang), lang),
        _tristate_block("encrypted", t("slack.report.encrypted", lang), lang),
        input_block(
            "measures",
            t("slack.report.measures", lang),
            {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": True,
                "max_length": 3000,
            },
            optional=True,
        ),
        input_block(
            "confidential",
            t("slack.report.confidential", lang),
            {
                "type": "checkboxes",
                "action_id": "value",
                "options": [option(t("slack.report.confidential_yes", lang), "yes")],
            },
            optional=True,
        ),
    ]
    return modal(
        "report",
        t("slack.report.title", lang),
        blocks,
        lang,
        submit=t("slack.report.submit", lang),
        metadata={"lang": lang},
    )


def _tristate_block(block_id: str, label: str, lang: str) -> dict:
    options = [option(t(f"tristate.{v.value}", lang), v.value) for v in Tristate]
    return input_block(
        block_id,
        label,
        {
            "type": "radio_buttons",
            "action_id": "value",
            "options": options,
            "initial_option": options[-1],
        },
        optional=True,
    )


def _descendants(org: Organisation, unit_id: str):
    return [(u, p) for u, p in org.walk_units() if any(a.id == unit_id for a in p)]


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
