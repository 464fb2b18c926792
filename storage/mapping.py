"""Explicit translation between rows and the core's frozen dataclasses, both ways."""

from __future__ import annotations

from typing import Any

from core.model import (
    Art34Exception,
    AuthorityNotification,
    ChecklistItem,
    ChecklistKey,
    Classification,
    Incident,
    ItemState,
    Kind,
    Nature,
    NotificationKind,
    Outcome,
    PeopleCommunication,
    Person,
    Source,
    Step,
    Tristate,
)
from core.timeline import TimelineEntry
from storage.models import (
    AuthorityNotificationRow,
    ChecklistItemRow,
    IncidentRow,
    TimelineEntryRow,
)

# Incident fields stored one-to-one in a column of the same name.
_PLAIN = (
    "title",
    "description",
    "unit_id",
    "discovered_at",
    "reported_at",
    "aware_at",
    "aware_basis",
    "aware_changed_by",
    "aware_change_reason",
    "started_at",
    "ended_at",
    "how_discovered",
    "subjects_count",
    "subjects_count_max",
    "records_count",
    "protection_details",
    "measures_taken",
    "measures_proposed",
    "consequences",
    "severity",
    "risk_decision",
    "risk_reasoning",
    "notify_authority",
    "no_notification_reason",
    "sa_instruction",
    "other_organisations",
    "root_cause",
    "improvement_measures",
    "liability",
    "confidential",
)
_ENUMS: dict[str, type[Any]] = {
    "source": Source,
    "kind": Kind,
    "classification": Classification,
    "step": Step,
    "outcome": Outcome,
    "ongoing": Tristate,
    "special_categories": Tristate,
    "vulnerable_subjects": Tristate,
    "encrypted": Tristate,
    "exfiltration": Tristate,
    "malicious": Tristate,
}
_LISTS = ("personal_data_categories", "special_category_kinds", "data_subject_groups")


def to_incident(row: IncidentRow) -> Incident:
    """The core Incident for a row whose checklist and notifications are loaded."""
    fields: dict[str, Any] = {name: getattr(row, name) for name in _PLAIN}
    for name, enum in _ENUMS.items():
        value = getattr(row, name)
        fields[name] = None if value is None else enum(value)
    for name in _LISTS:
        fields[name] = tuple(getattr(row, name) or ())
    return Incident(
        id=row.id,
        case_number=row.case_number,
        reporter=Person(id=row.reporter_id, name=row.reporter_name, email=row.reporter_email),
        nature=frozenset(Nature(n) for n in row.nature or ()),
        notifications=tuple(to_notification(n) for n in row.notifications),
        people_communication=_to_people(row),
        reporter_language=row.reporter_language,
        checklist=tuple(to_checklist_item(i) for i in row.checklist_items),
        extra=dict(row.extra or {}),
        **fields,
    )


def update_row(row: IncidentRow, incident: Incident) -> None:
    """Copy every field of `incident` onto `row`, reconciling the child rows in place."""
    for name in _PLAIN:
        setattr(row, name, getattr(incident, name))
    for name in _ENUMS:
        value = getattr(incident, name)
        setattr(row, name, None if value is None else value.value)
    for name in _LISTS:
        setattr(row, name, list(getattr(incident, name)))
    row.reporter_id = incident.reporter.id
    row.reporter_name = incident.reporter.name
    row.reporter_email = incident.reporter.email
    row.nature = sorted(n.value for n in incident.nature)
    row.reporter_language = incident.reporter_language
    row.extra = dict(incident.extra)
    _update_people(row, incident.people_communication)
    _update_checklist(row, incident.checklist)
    _update_notifications(row, incident.notifications)


def to_notification(row: AuthorityNotificationRow) -> AuthorityNotification:
    return AuthorityNotification(
        kind=NotificationKind(row.kind),
        sent_at=row.sent_at,
        reference=row.reference,
        delay_reason=row.delay_reason,
        recorded_by=row.recorded_by,
    )


def to_checklist_item(row: ChecklistItemRow) -> ChecklistItem:
    return ChecklistItem(
        key=ChecklistKey(row.key),
        state=ItemState(row.state),
        note=row.note,
        actor=row.actor,
        at=row.at,
    )


def to_timeline_entry(row: TimelineEntryRow) -> TimelineEntry:
    return TimelineEntry(at=row.at, actor=row.actor, what=row.what, details=dict(row.details))


def to_timeline_row(incident_id: int, entry: TimelineEntry) -> TimelineEntryRow:
    return TimelineEntryRow(
        incident_id=incident_id,
        at=entry.at,
        actor=entry.actor,
        what=entry.what,
        details=dict(entry.details),
    )


def _to_people(row: IncidentRow) -> PeopleCommunication | None:
    if not row.people_recorded:
        return None
    return PeopleCommunication(
        informed_at=row.people_informed_at,
        plan=row.people_plan,
        channel=row.people_channel,
        count=row.people_count,
        exception=None if row.people_exception is None else Art34Exception(row.people_exception),
        exception_evidence=row.people_exception_evidence,
    )


def _update_people(row: IncidentRow, people: PeopleCommunication | None) -> None:
    row.people_recorded = people is not None
    people = people or PeopleCommunication()
    row.people_informed_at = people.informed_at
    row.people_plan = people.plan
    row.people_channel = people.channel
    row.people_count = people.count
    row.people_exception = None if people.exception is None else people.exception.value
    row.people_exception_evidence = people.exception_evidence


def _update_checklist(row: IncidentRow, items: tuple[ChecklistItem, ...]) -> None:
    existing = {r.key: r for r in row.checklist_items}
    rows = []
    for position, item in enumerate(items):
        target = existing.get(item.key.value) or ChecklistItemRow(key=item.key.value)
        target.position = position
        target.state = item.state.value
        target.note = item.note
        target.actor = item.actor
        target.at = item.at
        rows.append(target)
    row.checklist_items = rows


def _update_notifications(
    row: IncidentRow, notifications: tuple[AuthorityNotification, ...]
) -> None:
    existing = list(row.notifications)
    rows = []
    for position, notification in enumerate(notifications):
        target = existing[position] if position < len(existing) else AuthorityNotificationRow()
        target.position = position
        target.kind = notification.kind.value
        target.sent_at = notification.sent_at
        target.reference = notification.reference
        target.delay_reason = notification.delay_reason
        target.recorded_by = notification.recorded_by
        rows.append(target)
    row.notifications = rows
