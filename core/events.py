"""Events out: what happened, for adapters to tell people. The core never sends anything itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.model import ChecklistItem, Decision, Incident, Step


@dataclass(frozen=True)
class Event:
    incident: Incident


@dataclass(frozen=True)
class IncidentReported(Event):
    """A new report; the DPO is told at once (interface.md)."""


@dataclass(frozen=True)
class ReviewRequested(Event):
    step: Step
    reviewers: tuple[str, ...]


@dataclass(frozen=True)
class DecisionTaken(Event):
    decision: Decision
    actor: str
    at: datetime
    from_step: Step
    to_step: Step
    reason: str | None


@dataclass(frozen=True)
class Escalated(Event):
    """The DPO sent the incident to the IRT: open its workspace."""

    irt: tuple[str, ...]


@dataclass(frozen=True)
class QuestionForReporter(Event):
    question: str
    asked_by: str


@dataclass(frozen=True)
class ReporterAnswered(Event):
    answer: str
    asked_by: str


@dataclass(frozen=True)
class ChecklistChanged(Event):
    item: ChecklistItem
    actor: str


@dataclass(frozen=True)
class BreachConfirmed(Event):
    """A data breach is formally confirmed: the board is informed (interface.md roles.board)."""

    board: tuple[str, ...]


@dataclass(frozen=True)
class AwareTimeChanged(Event):
    actor: str
    previous: datetime
    reason: str


@dataclass(frozen=True)
class NotificationDecided(Event):
    """The DPO decided the authority need not be notified (Art. 33(1), reason recorded)."""

    actor: str
    reason: str


@dataclass(frozen=True)
class DeadlineReminderDue(Event):
    """A rung of the 72-hour reminder ladder fell due (Art. 33(1)): remind the DPO or the IRT."""

    rung: str  # "before:24", "at:0", "overdue:2"
    workspace: bool  # True: the IRT workspace; False: the DPO


@dataclass(frozen=True)
class ReviewNudgeDue(Event):
    """A review step has waited too long: nudge its reviewers (level 2: the DPO too)."""

    step: Step
    level: int
    since: datetime
    people: tuple[str, ...]


@dataclass(frozen=True)
class DetailsAdded(Event):
    """The reporter completed the facts: every card and the status message show them."""

    actor: str
