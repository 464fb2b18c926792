"""Pure parsers: Slack payloads in, core commands (or field errors) out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from core.checklist import ChecklistUpdate
from core.commands import AddDetails, ReportIncident
from core.errors import ValidationFailed
from core.model import Art34Exception, ChecklistKey, ItemState, Kind, Person, Source, Tristate
from core.org import Channel, Organisation
from core.routing import person_ref

Values = dict[str, dict[str, Any]]


def values(view: dict) -> Values:
    return view.get("state", {}).get("values", {})


def metadata(view: dict) -> dict:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def text_of(vals: Values, block: str) -> str:
    return ((vals.get(block, {}).get("value") or {}).get("value") or "").strip()


def selected(vals: Values, block: str) -> str | None:
    option = (vals.get(block, {}).get("value") or {}).get("selected_option")
    return option["value"] if option else None


def selected_many(vals: Values, block: str) -> tuple[str, ...]:
    options = (vals.get(block, {}).get("value") or {}).get("selected_options") or []
    return tuple(o["value"] for o in options)


def moment(vals: Values, block: str) -> datetime | None:
    raw = (vals.get(block, {}).get("value") or {}).get("selected_date_time")
    return datetime.fromtimestamp(int(raw), UTC) if raw is not None else None


def reporter_of(user: dict, org: Organisation) -> Person:
    """The org's person for a Slack user, else 'slack:U…' with the Slack name."""
    person = org.person_by_address(Channel.SLACK, user.get("id", ""))
    if person is not None:
        return Person(person.id, person.name, person.email)
    return Person(
        person_ref(Channel.SLACK, user.get("id", "")),
        user.get("name") or user.get("username") or "",
    )


def parse_report(view: dict, user: dict, org: Organisation, *, lang: str) -> ReportIncident:
    """The report modal's first screen as a command."""
    vals = values(view)
    kind = selected(vals, "kind")
    return ReportIncident(
        description=text_of(vals, "description"),
        unit_id=selected(vals, "unit") or "",
        discovered_at=moment(vals, "discovered_at"),
        kind=Kind(kind) if kind in {k.value for k in Kind} else None,
        reporter=reporter_of(user, org),
        source=Source.SLACK,
        confidential="yes" in selected_many(vals, "confidential"),
        language=lang,
        idempotency_key=f"slack-view:{view.get('id', '')}" if view.get("id") else None,
    )


def parse_details(view: dict, actor: str) -> AddDetails:
    """The second screen; a count that is no number is a field error here."""
    vals = values(view)
    count_text = text_of(vals, "subjects_count").replace(".", "").replace(" ", "")
    if count_text and not count_text.isdigit():
        raise ValidationFailed({"subjects_count": "field.not_a_number"})
    return AddDetails(
        case_number=metadata(view).get("case", ""),
        actor=actor,
        personal_data_categories=selected_many(vals, "personal_data"),
        data_subject_groups=selected_many(vals, "subjects"),
        subjects_count=int(count_text) if count_text else None,
        special_categories=Tristate(selected(vals, "special_categories") or "unknown"),
        encrypted=Tristate(selected(vals, "encrypted") or "unknown"),
        measures_taken=text_of(vals, "measures") or None,
    )


def parse_checklist(view: dict) -> tuple[str, ChecklistUpdate]:
    meta = metadata(view)
    vals = values(view)
    exception = selected(vals, "exception")
    return meta.get("case", ""), ChecklistUpdate(
        key=ChecklistKey(meta["item"]),
        state=ItemState(meta["state"]),
        note=text_of(vals, "note") or None,
        notified_at=moment(vals, "notified_at"),
        authority_reference=text_of(vals, "authority_reference") or None,
        delay_reason=text_of(vals, "delay_reason") or None,
        informed_at=moment(vals, "informed_at"),
        communication_plan=text_of(vals, "communication_plan") or None,
        exception=Art34Exception(exception) if exception else None,
    )


def parse_command_text(text: str) -> tuple[str, list[str]]:
    """'/incident status 2026-0001' → ('status', ['2026-0001']); empty → ('report', [])."""
    words = text.split()
    if not words:
        return "report", []
    return words[0].lower(), words[1:]


def is_plain_dm(event: dict) -> bool:
    """A person's own message in a DM with the bot (not an edit, a bot post or a join)."""
    return (
        event.get("type") == "message"
        and event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool((event.get("text") or "").strip())
    )
