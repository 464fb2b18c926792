"""Incidents to store: a minimal one per call, and one with every field filled in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

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
    fresh_checklist,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REPORTED = datetime(2026, 3, 2, 9, 15, 30, 123456, tzinfo=UTC)

NewIncident = Callable[..., Incident]


@pytest.fixture
def new_incident() -> NewIncident:
    def build(**changes: Any) -> Incident:
        base = Incident(
            id=None,
            case_number=None,
            title="Laptop left on the train",
            description="A laptop with payroll exports was left on the 8:12 train.",
            unit_id="finance",
            reporter=Person("U123", "Anna de Vries", "anna@example.org"),
            source=Source.SLACK,
            discovered_at=REPORTED - timedelta(hours=2),
            reported_at=REPORTED,
        )
        return base.evolve(**changes)

    return build


@pytest.fixture
def full_incident(new_incident: NewIncident) -> Incident:
    """Every field set, datetimes in several zones, so the round trip must convert them all."""
    checklist = tuple(
        ChecklistItem(ChecklistKey.CONTAIN, ItemState.DONE, "Remote wipe sent", "U9", REPORTED)
        if item.key is ChecklistKey.CONTAIN
        else ChecklistItem(item.key, ItemState.NOT_APPLICABLE, "n/a: no data", "U8", None)
        if item.key is ChecklistKey.LIABILITY
        else item
        for item in fresh_checklist()
    )
    india = timezone(timedelta(hours=5, minutes=30))
    return new_incident(
        discovered_at=datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM),
        reported_at=datetime(2026, 3, 2, 14, 45, 30, 654321, tzinfo=india),
        kind=Kind.LOST_OR_STOLEN_DEVICE,
        classification=Classification.DATA_BREACH,
        step=Step.CLOSED,
        outcome=Outcome.REGISTERED,
        aware_at=datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM),
        aware_basis="Confirmed by IT that the disk was not encrypted",
        aware_changed_by="DPO1",
        aware_change_reason="Awareness only after confirmation",
        started_at=datetime(2026, 3, 1, 7, 12, tzinfo=UTC),
        ended_at=datetime(2026, 3, 1, 7, 40, tzinfo=UTC),
        ongoing=Tristate.NO,
        how_discovered="Reporter noticed at the office",
        nature=frozenset({Nature.CONFIDENTIALITY, Nature.AVAILABILITY}),
        personal_data_categories=("name", "salary", "bsn"),
        special_categories=Tristate.YES,
        special_category_kinds=("health",),
        data_subject_groups=("employees", "former employees"),
        subjects_count=120,
        subjects_count_max=5_000_000_000,
        records_count=3400,
        vulnerable_subjects=Tristate.NO,
        encrypted=Tristate.NO,
        protection_details="Windows password only",
        exfiltration=Tristate.UNKNOWN,
        malicious=Tristate.NO,
        measures_taken="Remote wipe; passwords reset",
        measures_proposed="Enforce BitLocker",
        consequences="Possible identity fraud",
        severity="high",
        risk_decision="high_risk",
        risk_reasoning="Salary data and BSN of many employees",
        notify_authority=True,
        no_notification_reason=None,
        notifications=(
            AuthorityNotification(
                NotificationKind.INITIAL, datetime(2026, 3, 4, 9, 0, tzinfo=AMSTERDAM), "AP-1"
            ),
            AuthorityNotification(
                NotificationKind.FOLLOW_UP,
                datetime(2026, 3, 6, 9, 0, tzinfo=UTC),
                "AP-1",
                delay_reason="Forensics took longer",
                recorded_by="DPO1",
            ),
        ),
        people_communication=PeopleCommunication(
            informed_at=datetime(2026, 3, 5, 12, 0, tzinfo=AMSTERDAM),
            plan="Letter to every employee",
            channel="email",
            count=120,
            exception=Art34Exception.DISPROPORTIONATE,
            exception_evidence="Former employees via a notice on the website",
        ),
        sa_instruction="None",
        other_organisations="Payroll processor informed",
        root_cause="Unencrypted laptop",
        improvement_measures="Disk encryption policy",
        liability="None",
        confidential=True,
        reporter_language="en",
        checklist=checklist,
        extra={"slack": {"channel": "C1", "ts": "1.2"}, "tags": ["a", "b"], "n": 3},
    )
