"""Pure parsers: Teams activities (plain JSON) in, core commands or card actions out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.checklist import ChecklistUpdate
from core.commands import ReportIncident
from core.errors import ValidationFailed
from core.model import Art34Exception, ChecklistKey, ItemState, Kind, Person, Source, Tristate
from core.org import Channel, Organisation
from core.routing import person_ref

_MENTION = re.compile(r"<at>.*?</at>", re.S)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class CardAction:
    """A button on one of our cards: Action.Execute (invoke) or Action.Submit (message)."""

    verb: str
    data: dict[str, Any] = field(default_factory=dict)
    invoke: bool = True


def card_action(activity: dict) -> CardAction | None:
    """The verb and inputs of a card button, from either way Teams may send them."""
    value = activity.get("value")
    if not isinstance(value, dict):
        return None
    if activity.get("type") == "invoke" and activity.get("name") == "adaptiveCard/action":
        action = value.get("action") or {}
        return CardAction(str(action.get("verb", "")), dict(action.get("data") or {}), True)
    if activity.get("type") == "message" and value.get("verb"):
        data = {k: v for k, v in value.items() if k != "verb"}
        return CardAction(str(value["verb"]), data, False)
    return None


def message_text(activity: dict) -> str:
    """The typed text without the bot's @mention and markup."""
    raw = activity.get("text") or ""
    return " ".join(_TAGS.sub(" ", _MENTION.sub(" ", raw)).split())


def parse_words(text: str) -> tuple[str, list[str]]:
    """'status 2026-0001' → ('status', ['2026-0001']); empty → ('report', [])."""
    words = text.split()
    return (words[0].lower(), words[1:]) if words else ("report", [])


def is_personal(activity: dict) -> bool:
    conversation = activity.get("conversation") or {}
    return conversation.get("conversationType", "personal") == "personal" and not conversation.get("isGroup")


def user_addresses(account: dict) -> list[str]:
    """How the organisation file may name this Teams user: '29:…' or 'aad:<object id>'."""
    found = [account.get("id") or ""]
    if account.get("aadObjectId"):
        found.append(f"aad:{account['aadObjectId']}")
    return [a for a in found if a]


def org_person(account: dict, org: Organisation):
    for address in user_addresses(account):
        person = org.person_by_address(Channel.TEAMS, address)
        if person is not None:
            return person
    return None


def reporter_of(account: dict, org: Organisation) -> Person:
    """The org's person, else 'teams:29:…' with the Teams display name (core.routing.person_ref)."""
    person = org_person(account, org)
    if person is not None:
        return Person(person.id, person.name, person.email)
    return Person(person_ref(Channel.TEAMS, account.get("id", "")), account.get("name") or "")


def local_moment(date: str, time: str, timezone: str) -> datetime | None:
    """'2026-12-04' + '14:30' in the organisation's zone (interface.md: typed times are local)."""
    if not date.strip() or not time.strip():
        return None
    try:
        moment = datetime.strptime(f"{date.strip()} {time.strip()[:5]}", "%Y-%m-%d %H:%M")
    except ValueError:
        return datetime.min  # not a time: reported as invalid by the callers
    return moment.replace(tzinfo=ZoneInfo(timezone))


def parse_report(data: dict, account: dict, org: Organisation, *, lang: str) -> ReportIncident:
    """The report card's inputs as a command; a count or time that is no such thing is a field error."""
    count_text = str(data.get("subjects_count") or "").replace(".", "").replace(" ", "")
    discovered = local_moment(
        str(data.get("discovered_date") or ""), str(data.get("discovered_time") or ""), org.timezone
    )
    errors = {}
    if count_text and not count_text.isdigit():
        errors["subjects_count"] = "field.not_a_number"
    if discovered is datetime.min:
        errors["discovered_at"] = "field.invalid_time"
    if errors:
        raise ValidationFailed(errors)
    kind = str(data.get("kind") or "")
    form = str(data.get("form") or "")
    return ReportIncident(
        description=str(data.get("description") or ""),
        unit_id=str(data.get("unit") or ""),
        discovered_at=discovered,
        kind=Kind(kind) if kind in {k.value for k in Kind} else None,
        reporter=reporter_of(account, org),
        source=Source.TEAMS,
        personal_data_categories=_many(data.get("personal_data")),
        data_subject_groups=_many(data.get("subjects")),
        subjects_count=int(count_text) if count_text else None,
        special_categories=_tristate(data.get("special_categories")),
        encrypted=_tristate(data.get("encrypted")),
        measures_taken=str(data.get("measures") or "").strip() or None,
        confidential=str(data.get("confidential")).lower() == "true",
        language=lang,
        idempotency_key=f"teams-form:{form}" if form else None,
    )


def parse_checklist(data: dict, timezone: str) -> tuple[str, ChecklistUpdate]:
    """The checklist item form: state, note and the legal details some items need."""
    notified = local_moment(str(data.get("notified_date") or ""), str(data.get("notified_time") or ""), timezone)
    informed = local_moment(str(data.get("informed_date") or ""), str(data.get("informed_time") or ""), timezone)
    bad = {k: "field.invalid_time" for k, v in (("notified_at", notified), ("informed_at", informed))
           if v is datetime.min}  # fmt: skip
    if bad:
        raise ValidationFailed(bad)
    exception = str(data.get("exception") or "")
    return str(data.get("case") or ""), ChecklistUpdate(
        key=ChecklistKey(str(data.get("item"))),
        state=ItemState(str(data.get("state"))),
        note=_text(data, "note"),
        notified_at=notified,
        authority_reference=_text(data, "authority_reference"),
        delay_reason=_text(data, "delay_reason"),
        informed_at=informed,
        communication_plan=_text(data, "communication_plan"),
        exception=Art34Exception(exception) if exception in {e.value for e in Art34Exception} else None,
    )


def form_values(data: dict) -> dict[str, str]:
    """What the person typed, to put back on a card shown again with errors."""
    return {k: str(v) for k, v in data.items() if isinstance(v, str | int | float | bool) and v != ""}


def _text(data: dict, key: str) -> str | None:
    return str(data.get(key) or "").strip() or None


def _many(value: Any) -> tuple[str, ...]:
    return tuple(v for v in str(value or "").split(",") if v)


def _tristate(value: Any) -> Tristate:
    return Tristate(value) if value in {s.value for s in Tristate} else Tristate.UNKNOWN
