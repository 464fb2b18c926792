"""Lead times read off a timeline that the core itself wrote (domain.md §7)."""

from __future__ import annotations

import random
from datetime import timedelta

from core.checklist import ChecklistUpdate, update_checklist
from core.model import ChecklistKey, Decision, Incident, ItemState, Step
from core.reporting import new_incident, reported
from core.timeline import LeadTimes, TimelineEntry, lead_times
from core.workflow import decide
from tests.core.builders import (
    CONTACT_NORTH,
    DPO,
    HANDLER,
    IRT_LEAD,
    NOW,
    make_org,
    make_report,
)

H = timedelta(hours=1)
ORG = make_org()


def run_case(*, reclose: bool) -> list[TimelineEntry]:
    """Report → contact → handler (asks first) → DPO (asks, then escalates) → notified → closed → reopened."""
    incident: Incident = new_incident(make_report(), org=ORG, now=NOW).evolve(
        id=1, case_number="2026-0001"
    )
    entry, _ = reported(incident, org=ORG)
    entries = [entry]

    def step(hours: float, decision: Decision, actor: str, reason: str | None = None) -> None:
        nonlocal incident
        applied = decide(
            incident, decision, actor=actor, org=ORG, now=NOW + hours * H, reason=reason
        )
        incident = applied.incident
        entries.append(applied.entry)

    step(1, Decision.FORWARD, CONTACT_NORTH)
    step(2, Decision.ASK_REPORTER, HANDLER, "Which pupils?")
    step(3, Decision.FORWARD, HANDLER)
    step(4, Decision.ASK_REPORTER, DPO, "Encrypted?")
    step(6, Decision.ESCALATE, DPO)
    applied = update_checklist(
        incident,
        ChecklistUpdate(
            ChecklistKey.NOTIFY_AUTHORITY,
            ItemState.DONE,
            notified_at=NOW + 30 * H,
            authority_reference="AP-1",
        ),
        actor=IRT_LEAD,
        org=ORG,
        now=NOW + 30 * H,
    )
    incident = applied.incident
    entries.extend(applied.entries)
    step(100, Decision.CLOSE_REGISTERED, DPO, "Handled.")
    step(120, Decision.REOPEN, DPO, "New facts.")
    assert incident.step is Step.DPO_REVIEW
    if reclose:
        step(130, Decision.CLOSE_REGISTERED, DPO, "Handled, again.")
    return entries


def test_lead_times_of_a_reopened_and_reclosed_case() -> None:
    times = lead_times(run_case(reclose=True))

    assert times == LeadTimes(
        reported_at=NOW,
        first_review_at=NOW + H,
        dpo_decision_at=NOW + 6 * H,  # asking the reporter is not the DPO's decision
        authority_notified_at=NOW + 30 * H,
        closed_at=NOW + 130 * H,  # the last closing counts
    )
    assert times.since_report(times.dpo_decision_at) == 6 * H
    assert times.since_report(times.closed_at) == 130 * H


def test_a_reopened_case_is_not_closed() -> None:
    times = lead_times(run_case(reclose=False))

    assert times.closed_at is None
    assert times.since_report(times.closed_at) is None
    assert times.dpo_decision_at == NOW + 6 * H


def test_entry_order_does_not_matter() -> None:
    entries = run_case(reclose=True)
    shuffled = entries[:]
    random.Random(4).shuffle(shuffled)

    assert lead_times(tuple(shuffled)) == lead_times(entries)


def test_the_notified_milestone_is_when_the_notification_was_sent() -> None:
    # Sent within the 72 hours but recorded after them: the register must count it as timely.
    incident = new_incident(make_report(), org=ORG, now=NOW).evolve(step=Step.IRT)
    sent = incident.effective_aware_at + 71 * H
    applied = update_checklist(
        incident,
        ChecklistUpdate(
            ChecklistKey.NOTIFY_AUTHORITY,
            ItemState.DONE,
            notified_at=sent,
            authority_reference="AP-1",
        ),
        actor=DPO,
        org=ORG,
        now=sent + 3 * H,
    )

    assert lead_times(applied.entries).authority_notified_at == sent


def test_a_fresh_report_has_only_its_report_time() -> None:
    entry, _ = reported(new_incident(make_report(), org=ORG, now=NOW), org=ORG)

    assert lead_times([entry]) == LeadTimes(NOW, None, None, None, None)


def test_a_case_closed_by_its_contact_has_no_dpo_decision() -> None:
    incident = new_incident(make_report(), org=ORG, now=NOW)
    entry, _ = reported(incident, org=ORG)
    closed = decide(
        incident,
        Decision.CLOSE_NO_BREACH,
        actor=CONTACT_NORTH,
        org=ORG,
        now=NOW + 2 * H,
        reason="Spam.",
    )

    times = lead_times([entry, closed.entry])

    assert (times.first_review_at, times.dpo_decision_at, times.closed_at) == (
        NOW + 2 * H,
        None,
        NOW + 2 * H,
    )


def test_an_empty_timeline_has_no_lead_times() -> None:
    times = lead_times([])

    assert times == LeadTimes(None, None, None, None, None)
    assert times.since_report(NOW) is None
