"""The Art. 33(5) register: one flat row per incident with its facts, decisions and lead times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from core.deadlines import deadline_of, to_local
from core.model import Incident
from core.org import Organisation
from core.timeline import TimelineEntry, lead_times

COLUMNS = (
    "case_number",
    "step",
    "outcome",
    "classification",
    "kind",
    "unit",
    "source",
    "reported_at",
    "discovered_at",
    "aware_at",
    "aware_basis",
    "aware_change_reason",
    "deadline",
    "title",
    "description",
    "nature",
    "personal_data_categories",
    "special_categories",
    "data_subject_groups",
    "subjects_count",
    "records_count",
    "encrypted",
    "consequences",
    "measures_taken",
    "measures_proposed",
    "notify_authority",
    "no_notification_reason",
    "authority_notified_at",
    "authority_reference",
    "delay_reason",
    "notified_within_72h",
    "people_informed_at",
    "communication_plan",
    "art34_exception",
    "root_cause",
    "improvement_measures",
    "liability",
    "checklist",
    "hours_to_first_review",
    "hours_to_dpo_decision",
    "hours_to_authority_notified",
    "hours_to_closed",
    "confidential",
)


def register_row(
    incident: Incident, timeline: Sequence[TimelineEntry], org: Organisation
) -> dict[str, str]:
    """Every field of Art. 33(5) (facts, effects, remedial action) plus the lead times."""
    tz = org.timezone
    lead = lead_times(list(timeline))
    first = incident.notifications[0] if incident.notifications else None
    comm = incident.people_communication
    notified = incident.authority_notified_at
    return {
        "case_number": incident.case_number or "",
        "step": incident.step.value,
        "outcome": incident.outcome.value if incident.outcome else "",
        "classification": incident.classification.value if incident.classification else "",
        "kind": incident.kind.value,
        "unit": org.unit_label(incident.unit_id),
        "source": incident.source.value,
        "reported_at": _time(incident.reported_at, tz),
        "discovered_at": _time(incident.discovered_at, tz),
        "aware_at": _time(incident.effective_aware_at, tz),
        "aware_basis": incident.aware_basis or "",
        "aware_change_reason": incident.aware_change_reason or "",
        "deadline": _time(deadline_of(incident), tz),
        "title": incident.title,
        "description": incident.description,
        "nature": ";".join(sorted(n.value for n in incident.nature)),
        "personal_data_categories": ";".join(incident.personal_data_categories),
        "special_categories": incident.special_categories.value,
        "data_subject_groups": ";".join(incident.data_subject_groups),
        "subjects_count": _int(incident.subjects_count),
        "records_count": _int(incident.records_count),
        "encrypted": incident.encrypted.value,
        "consequences": incident.consequences or "",
        "measures_taken": incident.measures_taken or "",
        "measures_proposed": incident.measures_proposed or "",
        "notify_authority": _bool(incident.notify_authority),
        "no_notification_reason": incident.no_notification_reason or "",
        "authority_notified_at": _time(notified, tz),
        "authority_reference": first.reference if first else "",
        "delay_reason": first.delay_reason or "" if first else "",
        "notified_within_72h": _bool(
            None if notified is None else notified <= deadline_of(incident)
        ),
        "people_informed_at": _time(comm.informed_at if comm else None, tz),
        "communication_plan": (comm.plan or "") if comm else "",
        "art34_exception": comm.exception.value if comm and comm.exception else "",
        "root_cause": incident.root_cause or "",
        "improvement_measures": incident.improvement_measures or "",
        "liability": incident.liability or "",
        "checklist": ";".join(f"{i.key.value}={i.state.value}" for i in incident.checklist),
        "hours_to_first_review": _hours(lead.since_report(lead.first_review_at)),
        "hours_to_dpo_decision": _hours(lead.since_report(lead.dpo_decision_at)),
        "hours_to_authority_notified": _hours(
            notified - incident.reported_at if notified else None
        ),
        "hours_to_closed": _hours(lead.since_report(lead.closed_at)),
        "confidential": _bool(incident.confidential),
    }


def _time(moment: datetime | None, tz: str) -> str:
    return to_local(moment, tz).isoformat(timespec="minutes") if moment else ""


def _hours(delta: timedelta | None) -> str:
    return f"{delta.total_seconds() / 3600:.1f}" if delta is not None else ""


def _int(value: int | None) -> str:
    return "" if value is None else str(value)


def _bool(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")
