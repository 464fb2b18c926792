"""The IRT checklist and its rules (domain.md §5; Art. 33(1), 33(4), 34(3))."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from core.deadlines import is_late
from core.errors import InvalidTransition, NotAllowed, ValidationFailed
from core.events import BreachConfirmed, ChecklistChanged, Event, NotificationDecided
from core.model import (
    Art34Exception,
    AuthorityNotification,
    ChecklistItem,
    ChecklistKey,
    Classification,
    Incident,
    ItemState,
    NotificationKind,
    PeopleCommunication,
    Step,
)
from core.org import Organisation
from core.timeline import AUTHORITY_NOTIFIED, TimelineEntry

CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class ChecklistUpdate:
    """One change to one item, with the details some items need to be done."""

    key: ChecklistKey
    state: ItemState
    note: str | None = None
    notified_at: datetime | None = None
    authority_reference: str | None = None
    delay_reason: str | None = None
    informed_at: datetime | None = None
    communication_plan: str | None = None
    exception: Art34Exception | None = None


@dataclass(frozen=True)
class ChecklistApplied:
    incident: Incident
    events: tuple[Event, ...]
    entries: tuple[TimelineEntry, ...]


def update_checklist(
    incident: Incident, change: ChecklistUpdate, *, actor: str, org: Organisation, now: datetime
) -> ChecklistApplied:
    """Apply one checklist change, or raise; only IRT members work the checklist."""
    if incident.step is not Step.IRT:
        raise InvalidTransition("error.checklist_not_open")
    if actor not in org.irt_members():
        raise NotAllowed("error.not_irt")
    note = (change.note or "").strip() or None
    _check(incident, change, note, actor, org, now)
    item = ChecklistItem(change.key, change.state, note, actor, now)
    updated = incident.evolve(
        checklist=tuple(item if i.key is change.key else i for i in incident.checklist)
    )
    entries = [
        TimelineEntry(
            now,
            actor,
            "checklist",
            {"item": change.key.value, "state": change.state.value, "note": note},
        )
    ]
    events: list[Event] = []
    updated = _apply_details(updated, change, note, actor, now, entries, events, org)
    followed = tuple(replace(e, incident=updated) for e in events)
    return ChecklistApplied(
        updated, (ChecklistChanged(updated, item, actor), *followed), tuple(entries)
    )


def _check(
    incident: Incident,
    change: ChecklistUpdate,
    note: str | None,
    actor: str,
    org: Organisation,
    now: datetime,
) -> None:
    errors: dict[str, str] = {}
    if change.state is ItemState.NOT_APPLICABLE and note is None:
        errors["note"] = "field.reason_required"
    if change.key is ChecklistKey.NOTIFY_AUTHORITY:
        if change.state is ItemState.NOT_APPLICABLE and actor not in org.roles.dpo:
            raise NotAllowed("error.only_dpo_no_notification")
        if change.state is ItemState.DONE:
            errors |= _notification_errors(incident, change, now)
    if change.key is ChecklistKey.INFORM_PEOPLE and change.state is ItemState.DONE:
        errors |= _communication_errors(change, now)
    if errors:
        raise ValidationFailed(errors)


def _notification_errors(
    incident: Incident, change: ChecklistUpdate, now: datetime
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if change.notified_at is None:
        errors["notified_at"] = "field.required"
    elif change.notified_at.tzinfo is None:
        errors["notified_at"] = "field.invalid_time"
    elif change.notified_at > now + CLOCK_SKEW:
        errors["notified_at"] = "field.in_future"
    elif is_late(incident, change.notified_at) and not (change.delay_reason or "").strip():
        errors["delay_reason"] = "field.delay_reason_required"
    if not (change.authority_reference or "").strip():
        errors["authority_reference"] = "field.required"
    return errors


def _communication_errors(change: ChecklistUpdate, now: datetime) -> dict[str, str]:
    if change.exception is Art34Exception.DISPROPORTIONATE:
        # (c) disproportionate effort never means "nothing": a public communication is needed.
        if not (change.communication_plan or "").strip():
            return {"communication_plan": "field.public_communication_required"}
        return {}
    if change.exception is not None:
        if not (change.communication_plan or "").strip() and not (change.note or "").strip():
            return {"communication_plan": "field.exception_evidence_required"}
        return {}
    errors: dict[str, str] = {}
    if change.informed_at is None:
        errors["informed_at"] = "field.required"
    elif change.informed_at.tzinfo is None:
        errors["informed_at"] = "field.invalid_time"
    elif change.informed_at > now + CLOCK_SKEW:
        errors["informed_at"] = "field.in_future"
    if not (change.communication_plan or "").strip():
        errors["communication_plan"] = "field.required"
    return errors


def _apply_details(
    incident: Incident,
    change: ChecklistUpdate,
    note: str | None,
    actor: str,
    now: datetime,
    entries: list[TimelineEntry],
    events: list[Event],
    org: Organisation,
) -> Incident:
    if change.key is ChecklistKey.NOTIFY_AUTHORITY and change.state is ItemState.DONE:
        assert change.notified_at is not None
        late = is_late(incident, change.notified_at)
        notification = AuthorityNotification(
            kind=NotificationKind.FOLLOW_UP if incident.notifications else NotificationKind.INITIAL,
            sent_at=change.notified_at,
            reference=(change.authority_reference or "").strip(),
            delay_reason=(change.delay_reason or "").strip() or None if late else None,
            recorded_by=actor,
        )
        entries.append(
            TimelineEntry(
                now,
                actor,
                AUTHORITY_NOTIFIED,
                {
                    "sent_at": change.notified_at.isoformat(),
                    "reference": notification.reference,
                    "late": late,
                    "delay_reason": notification.delay_reason,
                },
            )
        )
        return incident.evolve(
            notify_authority=True, notifications=(*incident.notifications, notification)
        )
    if change.key is ChecklistKey.NOTIFY_AUTHORITY and change.state is ItemState.NOT_APPLICABLE:
        events.append(NotificationDecided(incident, actor, note or ""))
        return incident.evolve(notify_authority=False, no_notification_reason=note)
    if change.key is ChecklistKey.INFORM_PEOPLE and change.state is ItemState.DONE:
        plan = (change.communication_plan or "").strip() or None
        return incident.evolve(
            people_communication=PeopleCommunication(
                informed_at=change.informed_at,
                plan=plan,
                exception=change.exception,
                exception_evidence=(plan or note) if change.exception else None,
            )
        )
    if change.key is ChecklistKey.CONFIRM_BREACH and change.state is ItemState.DONE:
        confirmed = incident.evolve(classification=Classification.DATA_BREACH)
        events.append(BreachConfirmed(confirmed, org.roles.board))
        return confirmed
    return incident
