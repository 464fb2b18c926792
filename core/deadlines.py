"""The 72-hour clock of Art. 33(1): deadline, time left, phase, and when it stops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.model import Incident

NOTIFICATION_WINDOW = timedelta(hours=72)
WARNING_WITHIN = timedelta(hours=24)
URGENT_WITHIN = timedelta(hours=6)


class Phase(StrEnum):
    OK = "ok"
    WARNING = "warning"
    URGENT = "urgent"
    OVERDUE = "overdue"


class StopReason(StrEnum):
    AUTHORITY_NOTIFIED = "authority_notified"
    NO_NOTIFICATION_NEEDED = "no_notification_needed"
    CLOSED = "closed"


@dataclass(frozen=True)
class DeadlineClock:
    aware_at: datetime
    deadline: datetime
    remaining: timedelta
    phase: Phase
    stopped: StopReason | None

    @property
    def running(self) -> bool:
        return self.stopped is None


def deadline_of(incident: Incident) -> datetime:
    """aware_at + 72 clock hours; weekends and holidays count too (gdpr.md §2.1)."""
    return incident.effective_aware_at.astimezone(UTC) + NOTIFICATION_WINDOW


def stop_reason(incident: Incident) -> StopReason | None:
    """The clock stops when the authority is notified or the DPO decided no notification is needed."""
    if incident.authority_notified_at is not None:
        return StopReason.AUTHORITY_NOTIFIED
    if incident.notify_authority is False:
        return StopReason.NO_NOTIFICATION_NEEDED
    if incident.is_closed:
        return StopReason.CLOSED
    return None


def clock(incident: Incident, now: datetime) -> DeadlineClock:
    deadline = deadline_of(incident)
    remaining = deadline - now
    return DeadlineClock(
        aware_at=incident.effective_aware_at,
        deadline=deadline,
        remaining=remaining,
        phase=phase_for(remaining),
        stopped=stop_reason(incident),
    )


def phase_for(remaining: timedelta) -> Phase:
    if remaining < timedelta(0):
        return Phase.OVERDUE
    if remaining <= URGENT_WITHIN:
        return Phase.URGENT
    if remaining <= WARNING_WITHIN:
        return Phase.WARNING
    return Phase.OK


def is_late(incident: Incident, sent_at: datetime) -> bool:
    """A first notification after the deadline must give reasons for the delay (Art. 33(1)).

    Follow-ups (Art. 33(4), "in phases") after a timely first notification are not late.
    """
    return incident.authority_notified_at is None and sent_at > deadline_of(incident)


def to_local(moment: datetime, timezone: str) -> datetime:
    """Times are kept in UTC and shown in the organisation's zone."""
    return moment.astimezone(ZoneInfo(timezone))


def format_local(moment: datetime, timezone: str) -> str:
    """'2026-10-27 11:00 CET' in the organisation's time zone."""
    return to_local(moment, timezone).strftime("%Y-%m-%d %H:%M %Z")


def format_duration(delta: timedelta) -> str:
    """'41 h 05 min' (absolute; the caller says 'left' or 'overdue')."""
    minutes = int(abs(delta).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
