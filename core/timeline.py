"""The incident's append-only timeline and the lead times derived from it (domain.md §7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened to an incident: who, when, what, details."""

    at: datetime
    actor: str
    what: str
    details: dict[str, Any] = field(default_factory=dict)


# Timeline `what` values that mark the milestones of the lead times.
REPORTED = "reported"
DECISION = "decision"
AUTHORITY_NOTIFIED = "authority_notified"


@dataclass(frozen=True)
class LeadTimes:
    """Durations between the register's milestones; None where not reached yet."""

    reported_at: datetime | None
    first_review_at: datetime | None
    dpo_decision_at: datetime | None
    authority_notified_at: datetime | None
    closed_at: datetime | None

    def since_report(self, moment: datetime | None) -> timedelta | None:
        if moment is None or self.reported_at is None:
            return None
        return moment - self.reported_at


def lead_times(entries: list[TimelineEntry] | tuple[TimelineEntry, ...]) -> LeadTimes:
    """Read the milestones off the timeline: reported → first review → DPO decision → notified → closed."""
    ordered = sorted(entries, key=lambda e: e.at)

    def first(pred) -> datetime | None:
        return next((e.at for e in ordered if pred(e)), None)

    return LeadTimes(
        reported_at=first(lambda e: e.what == REPORTED),
        first_review_at=first(lambda e: e.what == DECISION),
        dpo_decision_at=first(
            lambda e: (
                e.what == DECISION
                and e.details.get("step") == "dpo_review"
                and e.details.get("decision") != "ask_reporter"
            )
        ),
        authority_notified_at=_notified_at(ordered),
        closed_at=_closed_at(ordered),
    )


def _notified_at(ordered: list[TimelineEntry]) -> datetime | None:
    """When the first notification was sent, which may be before it was recorded."""
    for entry in ordered:
        if entry.what == AUTHORITY_NOTIFIED:
            sent = entry.details.get("sent_at")
            return datetime.fromisoformat(sent) if sent else entry.at
    return None


def _closed_at(ordered: list[TimelineEntry]) -> datetime | None:
    """The last closing, unless the incident was reopened after it."""
    closed: datetime | None = None
    for entry in ordered:
        if entry.what == DECISION and entry.details.get("to") == "closed":
            closed = entry.at
        elif entry.what == DECISION and entry.details.get("decision") == "reopen":
            closed = None
    return closed
