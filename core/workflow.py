"""The review workflow as one transition table, and who may take which decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.errors import InvalidTransition, NotAllowed, ValidationFailed
from core.events import DecisionTaken, Escalated, Event, QuestionForReporter, ReviewRequested
from core.model import Decision, Incident, Outcome, Step
from core.org import Organisation
from core.timeline import DECISION, TimelineEntry


class Next(StrEnum):
    """Placeholder target: the next review step that is switched on and has a reviewer."""

    REVIEW = "next_review"


class Who(StrEnum):
    """Who may take a decision."""

    STEP_REVIEWER = "step_reviewer"
    DPO = "dpo"
    IRT = "irt"


REVIEW_STEPS = (Step.CONTACT_REVIEW, Step.HANDLER_REVIEW, Step.DPO_REVIEW)

# (step, decision) -> (target, who may take it). Optional steps filter this table; nothing else
# about the flow is decided elsewhere.
TRANSITIONS: dict[tuple[Step, Decision], tuple[Step | Next, Who]] = {
    (Step.CONTACT_REVIEW, Decision.FORWARD): (Next.REVIEW, Who.STEP_REVIEWER),
    (Step.CONTACT_REVIEW, Decision.CLOSE_NO_BREACH): (Step.CLOSED, Who.STEP_REVIEWER),
    (Step.CONTACT_REVIEW, Decision.ASK_REPORTER): (Step.CONTACT_REVIEW, Who.STEP_REVIEWER),
    (Step.HANDLER_REVIEW, Decision.FORWARD): (Next.REVIEW, Who.STEP_REVIEWER),
    (Step.HANDLER_REVIEW, Decision.CLOSE_NO_BREACH): (Step.CLOSED, Who.STEP_REVIEWER),
    (Step.HANDLER_REVIEW, Decision.ASK_REPORTER): (Step.HANDLER_REVIEW, Who.STEP_REVIEWER),
    (Step.DPO_REVIEW, Decision.ESCALATE): (Step.IRT, Who.DPO),
    (Step.DPO_REVIEW, Decision.CLOSE_NO_BREACH): (Step.CLOSED, Who.DPO),
    (Step.DPO_REVIEW, Decision.CLOSE_REGISTERED): (Step.CLOSED, Who.DPO),
    (Step.DPO_REVIEW, Decision.ASK_REPORTER): (Step.DPO_REVIEW, Who.DPO),
    (Step.IRT, Decision.CLOSE_REGISTERED): (Step.CLOSED, Who.DPO),
    (Step.IRT, Decision.CLOSE_NO_BREACH): (Step.CLOSED, Who.DPO),
    (Step.IRT, Decision.ASK_REPORTER): (Step.IRT, Who.IRT),
    (Step.CLOSED, Decision.REOPEN): (Step.DPO_REVIEW, Who.DPO),
}

# Decisions that must carry a reason (for ask_reporter: the question itself).
NEEDS_REASON = frozenset(
    {Decision.CLOSE_NO_BREACH, Decision.CLOSE_REGISTERED, Decision.ASK_REPORTER, Decision.REOPEN}
)

_OUTCOME = {
    Decision.CLOSE_NO_BREACH: Outcome.NO_BREACH,
    Decision.CLOSE_REGISTERED: Outcome.REGISTERED,
}


@dataclass(frozen=True)
class Applied:
    """What an accepted decision produced."""

    incident: Incident
    events: tuple[Event, ...]
    entry: TimelineEntry


def review_steps(
    org: Organisation, unit_id: str, *, confidential: bool = False
) -> tuple[Step, ...]:
    """The review steps this incident passes: switched on and with someone to do them."""
    return tuple(
        s for s in REVIEW_STEPS if is_step_active(s, org, unit_id, confidential=confidential)
    )


def is_step_active(
    step: Step, org: Organisation, unit_id: str, *, confidential: bool = False
) -> bool:
    """A confidential report skips the unit's contact, a colleague close by, and goes to the privacy officer."""
    if step is Step.CONTACT_REVIEW:
        return org.workflow.contact_review and not confidential and bool(org.contacts_for(unit_id))
    if step is Step.HANDLER_REVIEW:
        return org.workflow.handler_review and bool(org.roles.handlers)
    return True


def first_step(org: Organisation, unit_id: str, *, confidential: bool = False) -> Step:
    return review_steps(org, unit_id, confidential=confidential)[0]


def transitions_for(
    org: Organisation, unit_id: str, *, current: Step | None = None, confidential: bool = False
) -> dict[tuple[Step, Decision], tuple[Step, Who]]:
    """The table with inactive review steps filtered out and 'next review' resolved.

    A case waiting in a step that has since been switched off or lost its reviewers is not
    stranded: that step's decisions pass to the DPO.
    """
    steps = review_steps(org, unit_id, confidential=confidential)
    orphan = current if current in REVIEW_STEPS and current not in steps else None
    table: dict[tuple[Step, Decision], tuple[Step, Who]] = {}
    for (step, decision), (target, who) in TRANSITIONS.items():
        if step in REVIEW_STEPS and step not in steps and step is not orphan:
            continue
        if target is Next.REVIEW:
            target = next(s for s in steps if REVIEW_STEPS.index(s) > REVIEW_STEPS.index(step))
        table[(step, decision)] = (Step(target), Who.DPO if step is orphan else who)
    return table


def reviewers(step: Step, org: Organisation, unit_id: str) -> tuple[str, ...]:
    """The people a step waits for."""
    if step is Step.CONTACT_REVIEW:
        return org.contacts_for(unit_id)
    if step is Step.HANDLER_REVIEW:
        return org.roles.handlers
    if step is Step.DPO_REVIEW:
        return org.roles.dpo
    if step is Step.IRT:
        return org.irt_members()
    return ()


def may_correct_awareness(actor: str, org: Organisation) -> bool:
    """Only the DPO moves the start of the 72 hours, with a logged reason (gdpr.md §2.1)."""
    return actor in org.roles.dpo


def may_take(who: Who, actor: str, step: Step, org: Organisation, unit_id: str) -> bool:
    if who is Who.DPO:
        return actor in org.roles.dpo
    if who is Who.IRT:
        return actor in org.irt_members()
    return actor in reviewers(step, org, unit_id)


def allowed_decisions(incident: Incident, actor: str, org: Organisation) -> tuple[Decision, ...]:
    """The buttons this person gets on this incident's card right now."""
    table = transitions_for(
        org, incident.unit_id, current=incident.step, confidential=incident.confidential
    )
    return tuple(
        decision
        for (step, decision), (_, who) in table.items()
        if step is incident.step and may_take(who, actor, step, org, incident.unit_id)
    )


def check(incident: Incident, decision: Decision, *, actor: str, org: Organisation) -> Step:
    """The decision's target step if this actor may take it now; else InvalidTransition or NotAllowed."""
    row = transitions_for(
        org, incident.unit_id, current=incident.step, confidential=incident.confidential
    ).get((incident.step, decision))
    if row is None:
        raise InvalidTransition(decision=decision.value, step=incident.step.value)
    target, who = row
    if not may_take(who, actor, incident.step, org, incident.unit_id):
        raise NotAllowed(decision=decision.value, step=incident.step.value)
    return target


def decide(
    incident: Incident,
    decision: Decision,
    *,
    actor: str,
    org: Organisation,
    now: datetime,
    reason: str | None = None,
) -> Applied:
    """Apply one decision, or raise: InvalidTransition, NotAllowed or ValidationFailed."""
    target = check(incident, decision, actor=actor, org=org)
    reason = (reason or "").strip() or None
    if decision in NEEDS_REASON and reason is None:
        raise ValidationFailed({"reason": "field.reason_required"})
    updated = incident.evolve(
        step=target,
        outcome=_OUTCOME.get(decision) if target is Step.CLOSED else None,
    )
    entry = TimelineEntry(
        at=now,
        actor=actor,
        what=DECISION,
        details={
            "decision": decision.value,
            "step": incident.step.value,
            "to": target.value,
            "reason": reason,
        },
    )
    taken = DecisionTaken(updated, decision, actor, now, incident.step, target, reason)
    return Applied(updated, (taken, *_follow_ups(updated, decision, actor, reason, org)), entry)


def _follow_ups(
    incident: Incident, decision: Decision, actor: str, reason: str | None, org: Organisation
) -> tuple[Event, ...]:
    if decision is Decision.ASK_REPORTER:
        return (QuestionForReporter(incident, reason or "", actor),)
    if decision is Decision.ESCALATE:
        return (Escalated(incident, org.irt_members()),)
    if incident.step in REVIEW_STEPS:
        return (
            ReviewRequested(
                incident, incident.step, reviewers(incident.step, org, incident.unit_id)
            ),
        )
    return ()
