"""The incident and everything the register must hold about it (gdpr.md §3)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class Classification(StrEnum):
    """The dashboard's split: breach / security incident / other (domain.md)."""

    DATA_BREACH = "data_breach"
    SECURITY_INCIDENT = "security_incident"
    OTHER = "other"


class Kind(StrEnum):
    """What happened, as the reporter picks it (AP form 5.2)."""

    LOST_OR_STOLEN_DEVICE = "lost_or_stolen_device"
    WRONG_RECIPIENT = "wrong_recipient"
    HACKING_MALWARE = "hacking_malware"
    PHISHING = "phishing"
    UNAUTHORISED_ACCESS = "unauthorised_access"
    PAPER_LOST = "paper_lost"
    OTHER = "other"


class Source(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    WEB = "web"
    DISCLOSURE = "responsible-disclosure"


class Tristate(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Nature(StrEnum):
    """Art. 4(12) breach classes (EDPB 01/2021)."""

    CONFIDENTIALITY = "confidentiality"
    INTEGRITY = "integrity"
    AVAILABILITY = "availability"


class Step(StrEnum):
    """Where an incident is in the process."""

    CONTACT_REVIEW = "contact_review"
    HANDLER_REVIEW = "handler_review"
    DPO_REVIEW = "dpo_review"
    IRT = "irt"
    CLOSED = "closed"


class Decision(StrEnum):
    """Review decisions, named as in the timeline and the export (interface.md)."""

    FORWARD = "forward"
    ESCALATE = "escalate"
    CLOSE_NO_BREACH = "close_no_breach"
    CLOSE_REGISTERED = "close_registered"
    ASK_REPORTER = "ask_reporter"
    REOPEN = "reopen"


class Outcome(StrEnum):
    """How a closed incident was closed."""

    NO_BREACH = "no_breach"
    REGISTERED = "registered"


class NotificationKind(StrEnum):
    """Art. 33(4): notifications may come in phases, or be withdrawn (EDPB 9/2022 para 60)."""

    INITIAL = "initial"
    FOLLOW_UP = "follow_up"
    WITHDRAWAL = "withdrawal"


class Art34Exception(StrEnum):
    """Art. 34(3) grounds for not informing the people concerned."""

    UNINTELLIGIBLE = "a_unintelligible"  # (a) e.g. encrypted, key not compromised
    RISK_NEUTRALISED = "b_risk_neutralised"  # (b) later measures removed the high risk
    DISPROPORTIONATE = "c_public_communication"  # (c) public communication instead


@dataclass(frozen=True)
class Person:
    """A reporter or actor as the incident records them: an org id or a platform id."""

    id: str
    name: str = ""
    email: str | None = None


@dataclass(frozen=True)
class AuthorityNotification:
    """One notification to the supervisory authority (Art. 33(1), 33(4))."""

    kind: NotificationKind
    sent_at: datetime
    reference: str
    delay_reason: str | None = None
    recorded_by: str = ""


@dataclass(frozen=True)
class PeopleCommunication:
    """Art. 34: the people informed, or the exception relied on."""

    informed_at: datetime | None = None
    plan: str | None = None
    channel: str | None = None
    count: int | None = None
    exception: Art34Exception | None = None
    exception_evidence: str | None = None


@dataclass(frozen=True)
class Incident:
    """A reported incident with every fact the Art. 33(5) register may need."""

    id: int | None
    case_number: str | None
    title: str
    description: str
    unit_id: str
    reporter: Person
    source: Source
    discovered_at: datetime
    reported_at: datetime
    kind: Kind = Kind.OTHER
    classification: Classification | None = None
    step: Step = Step.DPO_REVIEW
    outcome: Outcome | None = None
    aware_at: datetime | None = None
    aware_basis: str | None = None
    aware_changed_by: str | None = None
    aware_change_reason: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    ongoing: Tristate = Tristate.UNKNOWN
    how_discovered: str | None = None
    nature: frozenset[Nature] = frozenset()
    personal_data_categories: tuple[str, ...] = ()
    special_categories: Tristate = Tristate.UNKNOWN
    special_category_kinds: tuple[str, ...] = ()
    data_subject_groups: tuple[str, ...] = ()
    subjects_count: int | None = None
    subjects_count_max: int | None = None
    records_count: int | None = None
    vulnerable_subjects: Tristate = Tristate.UNKNOWN
    encrypted: Tristate = Tristate.UNKNOWN
    protection_details: str | None = None
    exfiltration: Tristate = Tristate.UNKNOWN
    malicious: Tristate = Tristate.UNKNOWN
    measures_taken: str | None = None
    measures_proposed: str | None = None
    consequences: str | None = None
    severity: str | None = None
    risk_decision: str | None = None
    risk_reasoning: str | None = None
    notify_authority: bool | None = None
    no_notification_reason: str | None = None
    notifications: tuple[AuthorityNotification, ...] = ()
    people_communication: PeopleCommunication | None = None
    sa_instruction: str | None = None
    other_organisations: str | None = None
    root_cause: str | None = None
    improvement_measures: str | None = None
    liability: str | None = None
    confidential: bool = False
    reporter_language: str | None = None
    checklist: tuple[ChecklistItem, ...] = field(default_factory=lambda: fresh_checklist())
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def effective_aware_at(self) -> datetime:
        """Art. 33(1) runs from awareness; by default the discovery time (domain.md §6)."""
        return self.aware_at or self.discovered_at

    @property
    def is_closed(self) -> bool:
        return self.step is Step.CLOSED

    @property
    def authority_notified_at(self) -> datetime | None:
        """When the first notification to the authority went out, if any."""
        sent = [n.sent_at for n in self.notifications if n.kind is NotificationKind.INITIAL]
        return min(sent) if sent else None

    def item(self, key: ChecklistKey) -> ChecklistItem:
        return next(i for i in self.checklist if i.key is key)

    def evolve(self, **changes: Any) -> Incident:
        return replace(self, **changes)


class ChecklistKey(StrEnum):
    """The IRT checklist of domain.md §5, in its order."""

    CONTAIN = "contain"
    CONFIRM_BREACH = "confirm_breach"
    NOTIFY_AUTHORITY = "notify_authority"
    INFORM_PEOPLE = "inform_people"
    RESOLVE = "resolve"
    ROOT_CAUSE = "root_cause"
    LIABILITY = "liability"


class ItemState(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ChecklistItem:
    key: ChecklistKey
    state: ItemState = ItemState.OPEN
    note: str | None = None
    actor: str | None = None
    at: datetime | None = None


def fresh_checklist() -> tuple[ChecklistItem, ...]:
    return tuple(ChecklistItem(key) for key in ChecklistKey)
