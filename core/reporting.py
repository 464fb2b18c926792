"""A new report: validate the form and build the incident (interface.md, 'Report form')."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.commands import ReportIncident
from core.errors import ValidationFailed
from core.events import Event, IncidentReported, ReviewRequested
from core.model import Incident, Kind
from core.org import Organisation
from core.timeline import REPORTED, TimelineEntry
from core.workflow import first_step, reviewers

CLOCK_SKEW = timedelta(minutes=5)
TITLE_LENGTH = 80
MAX_DESCRIPTION = 4000


def validate_report(command: ReportIncident, *, org: Organisation, now: datetime) -> None:
    """Raise ValidationFailed with a catalogue key per invalid field; nothing is stored before."""
    errors: dict[str, str] = {}
    description = command.description.strip()
    if not description:
        errors["description"] = "field.required"
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = "field.too_long"
    if not command.unit_id or org.unit(command.unit_id) is None:
        errors["unit"] = "field.unknown_unit"
    if command.discovered_at is None:
        errors["discovered_at"] = "field.required"
    elif command.discovered_at.tzinfo is None:
        errors["discovered_at"] = "field.invalid_time"
    elif command.discovered_at > now + CLOCK_SKEW:
        errors["discovered_at"] = "field.in_future"
    if command.kind is None:
        errors["kind"] = "field.required"
    if command.subjects_count is not None and command.subjects_count < 0:
        errors["subjects_count"] = "field.not_a_number"
    if errors:
        raise ValidationFailed(errors)


def new_incident(command: ReportIncident, *, org: Organisation, now: datetime) -> Incident:
    validate_report(command, org=org, now=now)
    assert command.discovered_at is not None
    description = command.description.strip()
    return Incident(
        id=None,
        case_number=None,
        title=(command.title or "").strip() or title_from(description),
        description=description,
        unit_id=command.unit_id,
        reporter=command.reporter,
        source=command.source,
        discovered_at=command.discovered_at,
        reported_at=now,
        kind=command.kind or Kind.OTHER,
        step=first_step(org, command.unit_id, confidential=command.confidential),
        personal_data_categories=command.personal_data_categories,
        data_subject_groups=command.data_subject_groups,
        subjects_count=command.subjects_count,
        special_categories=command.special_categories,
        encrypted=command.encrypted,
        measures_taken=(command.measures_taken or "").strip() or None,
        confidential=command.confidential,
        reporter_language=command.language,
        extra=dict(command.extra),
    )


def reported(incident: Incident, *, org: Organisation) -> tuple[TimelineEntry, tuple[Event, ...]]:
    """The first timeline entry and the events of a stored report (it has its case number now)."""
    entry = TimelineEntry(
        incident.reported_at,
        incident.reporter.id,
        REPORTED,
        {"source": incident.source.value, "step": incident.step.value},
    )
    review = ReviewRequested(
        incident, incident.step, reviewers(incident.step, org, incident.unit_id)
    )
    return entry, (IncidentReported(incident), review)


def title_from(description: str) -> str:
    first_line = description.splitlines()[0].strip() if description else ""
    if len(first_line) <= TITLE_LENGTH:
        return first_line
    return first_line[: TITLE_LENGTH - 1].rstrip() + "…"
