"""Commands in: what a person asks Meldpunt to do, already parsed from Slack, Teams or the web."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.checklist import ChecklistUpdate
from core.model import Decision, Kind, Person, Source, Step, Tristate


@dataclass(frozen=True)
class ReportIncident:
    """A reporter's submission; `idempotency_key` makes a repeated submission create nothing new."""

    description: str
    unit_id: str
    discovered_at: datetime | None
    kind: Kind | None
    reporter: Person
    source: Source
    title: str | None = None
    personal_data_categories: tuple[str, ...] = ()
    data_subject_groups: tuple[str, ...] = ()
    subjects_count: int | None = None
    special_categories: Tristate = Tristate.UNKNOWN
    encrypted: Tristate = Tristate.UNKNOWN
    measures_taken: str | None = None
    confidential: bool = False
    language: str | None = None
    idempotency_key: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Decide:
    """A review decision; `step` is the step the person's card showed, so a second click that
    arrives after the case moved on is refused instead of deciding the next step too."""

    case_number: str
    decision: Decision
    actor: str
    reason: str | None = None
    step: Step | None = None


@dataclass(frozen=True)
class UpdateChecklist:
    case_number: str
    actor: str
    change: ChecklistUpdate


@dataclass(frozen=True)
class ChangeAwareTime:
    """The DPO corrects when the organisation became aware (gdpr.md §2.1), with a logged reason."""

    case_number: str
    actor: str
    aware_at: datetime
    reason: str
    basis: str | None = None


@dataclass(frozen=True)
class AnswerQuestion:
    case_number: str
    actor: str
    answer: str
    asked_by: str


@dataclass(frozen=True)
class AddDetails:
    """The reporter's answers to the optional questions, after the report was stored."""

    case_number: str
    actor: str
    personal_data_categories: tuple[str, ...] = ()
    data_subject_groups: tuple[str, ...] = ()
    subjects_count: int | None = None
    special_categories: Tristate = Tristate.UNKNOWN
    encrypted: Tristate = Tristate.UNKNOWN
    measures_taken: str | None = None
