"""The review workflow, walked exhaustively against the rules as domain.md and interface.md state them.

The expectations below are written by hand from the rules, not read from core.workflow.TRANSITIONS:
  review steps in order contact_review → handler_review → dpo_review → irt → closed; a review step
  is skipped when switched off or without reviewers (contact: the unit's, else the nearest
  parent's); contact and handler may forward / close_no_breach / ask_reporter; only the DPO
  decides in dpo_review; in irt the DPO closes and any IRT member (irt, lead, DPO) may ask the
  reporter; a closed incident may be reopened by the DPO, back to dpo_review. A case left waiting
  in a review step that has since been switched off or lost its reviewers is not stranded: that
  step's decisions pass to the DPO.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import pytest

from core.errors import DomainError, InvalidTransition, NotAllowed, ValidationFailed
from core.events import DecisionTaken, Escalated, QuestionForReporter, ReviewRequested
from core.model import Decision, Outcome, Step
from core.org import Organisation
from core.timeline import DECISION
from core.workflow import allowed_decisions, decide
from tests.core.builders import (
    BOARD,
    CONTACT_ICT,
    CONTACT_NORTH,
    DPO,
    HANDLER,
    IRT_LEAD,
    IRT_MEMBER,
    NOW,
    REPORTER,
    make_incident,
    make_org,
)

NEXT = "the next active review step"

# step -> decision -> (target, roles that may take it). Anything absent is an invalid transition.
RULES: dict[Step, dict[Decision, tuple[Step | str, frozenset[str]]]] = {
    Step.CONTACT_REVIEW: {
        Decision.FORWARD: (NEXT, frozenset({"contact"})),
        Decision.CLOSE_NO_BREACH: (Step.CLOSED, frozenset({"contact"})),
        Decision.ASK_REPORTER: (Step.CONTACT_REVIEW, frozenset({"contact"})),
    },
    Step.HANDLER_REVIEW: {
        Decision.FORWARD: (NEXT, frozenset({"handler"})),
        Decision.CLOSE_NO_BREACH: (Step.CLOSED, frozenset({"handler"})),
        Decision.ASK_REPORTER: (Step.HANDLER_REVIEW, frozenset({"handler"})),
    },
    Step.DPO_REVIEW: {
        Decision.ESCALATE: (Step.IRT, frozenset({"dpo"})),
        Decision.CLOSE_NO_BREACH: (Step.CLOSED, frozenset({"dpo"})),
        Decision.CLOSE_REGISTERED: (Step.CLOSED, frozenset({"dpo"})),
        Decision.ASK_REPORTER: (Step.DPO_REVIEW, frozenset({"dpo"})),
    },
    Step.IRT: {
        Decision.CLOSE_REGISTERED: (Step.CLOSED, frozenset({"dpo"})),
        Decision.CLOSE_NO_BREACH: (Step.CLOSED, frozenset({"dpo"})),
        Decision.ASK_REPORTER: (Step.IRT, frozenset({"irt", "irt_lead", "dpo"})),
    },
    Step.CLOSED: {
        Decision.REOPEN: (Step.DPO_REVIEW, frozenset({"dpo"})),
    },
}
OUTCOMES = {
    Decision.CLOSE_NO_BREACH: Outcome.NO_BREACH,
    Decision.CLOSE_REGISTERED: Outcome.REGISTERED,
}
ROLES = ("contact", "handler", "dpo", "irt", "irt_lead", "board", "reporter")


@dataclass(frozen=True)
class Variant:
    """The organisation's workflow settings, and whether it has a handler at all."""

    contact_review: bool
    handler_review: bool
    has_handlers: bool

    def org(self) -> Organisation:
        return make_org(
            contact_review=self.contact_review,
            handler_review=self.handler_review,
            handlers=(HANDLER,) if self.has_handlers else (),
        )

    def __str__(self) -> str:
        return (
            f"contact_{'on' if self.contact_review else 'off'}"
            f"-handler_{'on' if self.handler_review else 'off'}"
            f"-{'with' if self.has_handlers else 'no'}_handlers"
        )


@dataclass(frozen=True)
class Where:
    """The unit an incident happened in, and who plays 'the contact' there."""

    label: str
    unit_id: str
    contact: str  # for a unit without contacts: someone else's contact, who has no say here
    has_contacts: bool

    def __str__(self) -> str:
        return self.label


VARIANTS = tuple(Variant(*flags) for flags in product((True, False), repeat=3))
WHERES = (
    Where("own_contacts", "north-ict", CONTACT_ICT, True),
    Where("parent_contacts", "north-admin", CONTACT_NORTH, True),
    Where("no_contacts", "south", CONTACT_NORTH, False),
)
ACTORS = {
    "handler": HANDLER,
    "dpo": DPO,
    "irt": IRT_MEMBER,
    "irt_lead": IRT_LEAD,
    "board": BOARD,
    "reporter": REPORTER,
}


def actor_for(role: str, where: Where) -> str:
    return where.contact if role == "contact" else ACTORS[role]


def expected(variant: Variant, where: Where, step: Step, decision: Decision, role: str):
    """What the rules say: (target, outcome) when accepted, else the error class."""
    contact_active = variant.contact_review and where.has_contacts
    handler_active = variant.handler_review and variant.has_handlers
    orphaned = (step is Step.CONTACT_REVIEW and not contact_active) or (
        step is Step.HANDLER_REVIEW and not handler_active
    )
    if decision not in RULES[step]:
        return InvalidTransition
    target, roles = RULES[step][decision]
    if orphaned:
        roles = frozenset({"dpo"})
    holds_role = {
        "contact": where.has_contacts,
        "handler": variant.has_handlers,
    }.get(role, True)
    if role not in roles or not holds_role:
        return NotAllowed
    if target == NEXT:
        target = (
            Step.HANDLER_REVIEW
            if step is Step.CONTACT_REVIEW and handler_active
            else Step.DPO_REVIEW
        )
    return target, OUTCOMES.get(decision) if target is Step.CLOSED else None


def attempt(org: Organisation, where: Where, step: Step, decision: Decision, actor: str):
    incident = make_incident(step, unit_id=where.unit_id)
    try:
        applied = decide(incident, decision, actor=actor, org=org, now=NOW, reason="Checked it.")
    except DomainError as error:
        return type(error)
    return applied.incident.step, applied.incident.outcome


WALK = [
    pytest.param(v, w, s, d, r, id=f"{v}-{w}-{s}-{d}-{r}")
    for v, w, s, d, r in product(VARIANTS, WHERES, Step, Decision, ROLES)
]


@pytest.mark.parametrize(("variant", "where", "step", "decision", "role"), WALK)
def test_every_step_decision_and_role(
    variant: Variant, where: Where, step: Step, decision: Decision, role: str
) -> None:
    got = attempt(variant.org(), where, step, decision, actor_for(role, where))

    assert got == expected(variant, where, step, decision, role)


BUTTONS = [
    pytest.param(v, w, s, r, id=f"{v}-{w}-{s}-{r}")
    for v, w, s, r in product(VARIANTS, WHERES, Step, ROLES)
]


@pytest.mark.parametrize(("variant", "where", "step", "role"), BUTTONS)
def test_card_buttons_are_exactly_the_accepted_decisions(
    variant: Variant, where: Where, step: Step, role: str
) -> None:
    incident = make_incident(step, unit_id=where.unit_id)

    buttons = allowed_decisions(incident, actor_for(role, where), variant.org())

    assert len(buttons) == len(set(buttons))
    assert set(buttons) == {
        d for d in Decision if isinstance(expected(variant, where, step, d, role), tuple)
    }


def test_the_nearest_contacts_review_not_the_parents() -> None:
    org = make_org()
    incident = make_incident(Step.CONTACT_REVIEW, unit_id="north-ict")

    with pytest.raises(NotAllowed):
        decide(incident, Decision.FORWARD, actor=CONTACT_NORTH, org=org, now=NOW)
    forwarded = decide(incident, Decision.FORWARD, actor=CONTACT_ICT, org=org, now=NOW)
    assert forwarded.incident.step is Step.HANDLER_REVIEW


def test_one_person_with_two_roles_acts_in_both_steps() -> None:
    org = make_org(handlers=(CONTACT_NORTH,))
    incident = make_incident(Step.CONTACT_REVIEW, unit_id="north")

    at_handler = decide(incident, Decision.FORWARD, actor=CONTACT_NORTH, org=org, now=NOW).incident
    at_dpo = decide(at_handler, Decision.FORWARD, actor=CONTACT_NORTH, org=org, now=NOW).incident

    assert (at_handler.step, at_dpo.step) == (Step.HANDLER_REVIEW, Step.DPO_REVIEW)


# --- reasons -------------------------------------------------------------------------------

NEEDS_REASON = [
    (Step.CONTACT_REVIEW, Decision.CLOSE_NO_BREACH, CONTACT_NORTH),
    (Step.CONTACT_REVIEW, Decision.ASK_REPORTER, CONTACT_NORTH),
    (Step.HANDLER_REVIEW, Decision.CLOSE_NO_BREACH, HANDLER),
    (Step.HANDLER_REVIEW, Decision.ASK_REPORTER, HANDLER),
    (Step.DPO_REVIEW, Decision.CLOSE_NO_BREACH, DPO),
    (Step.DPO_REVIEW, Decision.CLOSE_REGISTERED, DPO),
    (Step.DPO_REVIEW, Decision.ASK_REPORTER, DPO),
    (Step.IRT, Decision.CLOSE_NO_BREACH, DPO),
    (Step.IRT, Decision.CLOSE_REGISTERED, DPO),
    (Step.IRT, Decision.ASK_REPORTER, IRT_MEMBER),
    (Step.CLOSED, Decision.REOPEN, DPO),
]


@pytest.mark.parametrize("reason", [None, "", "   \n\t"], ids=["none", "empty", "blank"])
@pytest.mark.parametrize(("step", "decision", "actor"), NEEDS_REASON)
def test_closing_asking_and_reopening_need_a_reason(
    step: Step, decision: Decision, actor: str, reason: str | None
) -> None:
    with pytest.raises(ValidationFailed) as failed:
        decide(make_incident(step), decision, actor=actor, org=make_org(), now=NOW, reason=reason)

    assert set(failed.value.fields) == {"reason"}


@pytest.mark.parametrize(
    ("step", "decision", "actor"),
    [
        (Step.CONTACT_REVIEW, Decision.FORWARD, CONTACT_NORTH),
        (Step.HANDLER_REVIEW, Decision.FORWARD, HANDLER),
        (Step.DPO_REVIEW, Decision.ESCALATE, DPO),
    ],
)
def test_forward_and_escalate_need_no_reason(step: Step, decision: Decision, actor: str) -> None:
    applied = decide(
        make_incident(step), decision, actor=actor, org=make_org(), now=NOW, reason=" "
    )

    assert applied.entry.details["reason"] is None
    assert applied.events[0].reason is None


# --- events out and the timeline entry ---------------------------------------------------


def test_an_accepted_decision_is_recorded_with_actor_time_steps_and_trimmed_reason() -> None:
    incident = make_incident(Step.DPO_REVIEW)

    applied = decide(
        incident,
        Decision.CLOSE_REGISTERED,
        actor=DPO,
        org=make_org(),
        now=NOW,
        reason="  Encrypted laptop, key not lost. ",
    )

    assert applied.entry.at == NOW
    assert applied.entry.actor == DPO
    assert applied.entry.what == DECISION
    assert applied.entry.details == {
        "decision": "close_registered",
        "step": "dpo_review",
        "to": "closed",
        "reason": "Encrypted laptop, key not lost.",
    }
    assert applied.events == (
        DecisionTaken(
            applied.incident,
            Decision.CLOSE_REGISTERED,
            DPO,
            NOW,
            Step.DPO_REVIEW,
            Step.CLOSED,
            "Encrypted laptop, key not lost.",
        ),
    )
    assert incident.step is Step.DPO_REVIEW  # the original is untouched


@pytest.mark.parametrize(
    ("org", "step", "actor", "next_step", "next_reviewers"),
    [
        (make_org(), Step.CONTACT_REVIEW, CONTACT_NORTH, Step.HANDLER_REVIEW, (HANDLER,)),
        (
            make_org(handler_review=False),
            Step.CONTACT_REVIEW,
            CONTACT_NORTH,
            Step.DPO_REVIEW,
            (DPO,),
        ),
        (make_org(handlers=()), Step.CONTACT_REVIEW, CONTACT_NORTH, Step.DPO_REVIEW, (DPO,)),
        (make_org(), Step.HANDLER_REVIEW, HANDLER, Step.DPO_REVIEW, (DPO,)),
    ],
    ids=[
        "contact-to-handler",
        "contact-to-dpo-handler-off",
        "contact-to-dpo-no-handlers",
        "handler-to-dpo",
    ],
)
def test_forward_asks_the_next_reviewers(
    org: Organisation, step: Step, actor: str, next_step: Step, next_reviewers: tuple[str, ...]
) -> None:
    applied = decide(make_incident(step), Decision.FORWARD, actor=actor, org=org, now=NOW)

    taken, requested = applied.events
    assert isinstance(taken, DecisionTaken)
    assert (taken.from_step, taken.to_step) == (step, next_step)
    assert requested == ReviewRequested(applied.incident, next_step, next_reviewers)


def test_escalation_invites_every_irt_member_including_lead_and_dpo() -> None:
    applied = decide(
        make_incident(Step.DPO_REVIEW), Decision.ESCALATE, actor=DPO, org=make_org(), now=NOW
    )

    taken, escalated = applied.events
    assert isinstance(taken, DecisionTaken)
    assert isinstance(escalated, Escalated)
    assert escalated.incident.step is Step.IRT
    assert sorted(escalated.irt) == sorted({IRT_MEMBER, IRT_LEAD, DPO})


@pytest.mark.parametrize(
    ("step", "actor"),
    [
        (Step.CONTACT_REVIEW, CONTACT_NORTH),
        (Step.HANDLER_REVIEW, HANDLER),
        (Step.DPO_REVIEW, DPO),
        (Step.IRT, IRT_LEAD),
    ],
)
def test_asking_the_reporter_keeps_the_step_and_sends_the_question(step: Step, actor: str) -> None:
    applied = decide(
        make_incident(step),
        Decision.ASK_REPORTER,
        actor=actor,
        org=make_org(),
        now=NOW,
        reason=" Was the laptop encrypted? ",
    )

    assert applied.incident.step is step
    assert applied.events[1:] == (
        QuestionForReporter(applied.incident, "Was the laptop encrypted?", actor),
    )


@pytest.mark.parametrize(
    ("step", "decision", "actor"),
    [
        (Step.CONTACT_REVIEW, Decision.CLOSE_NO_BREACH, CONTACT_NORTH),
        (Step.HANDLER_REVIEW, Decision.CLOSE_NO_BREACH, HANDLER),
        (Step.DPO_REVIEW, Decision.CLOSE_NO_BREACH, DPO),
        (Step.IRT, Decision.CLOSE_REGISTERED, DPO),
    ],
)
def test_closing_asks_nobody_for_a_review(step: Step, decision: Decision, actor: str) -> None:
    applied = decide(
        make_incident(step), decision, actor=actor, org=make_org(), now=NOW, reason="Done."
    )

    assert [type(e) for e in applied.events] == [DecisionTaken]


def test_reopening_clears_the_outcome_and_puts_the_case_back_before_the_dpo() -> None:
    closed = make_incident(Step.CLOSED, outcome=Outcome.NO_BREACH)

    applied = decide(
        closed, Decision.REOPEN, actor=DPO, org=make_org(), now=NOW, reason="New facts."
    )

    assert (applied.incident.step, applied.incident.outcome) == (Step.DPO_REVIEW, None)
    assert applied.events[1:] == (ReviewRequested(applied.incident, Step.DPO_REVIEW, (DPO,)),)


def test_a_whole_case_from_contact_to_closure_and_back() -> None:
    org = make_org()
    incident = make_incident(Step.CONTACT_REVIEW)
    path = [
        (Decision.FORWARD, CONTACT_NORTH, None, Step.HANDLER_REVIEW),
        (Decision.ASK_REPORTER, HANDLER, "Which pupils?", Step.HANDLER_REVIEW),
        (Decision.FORWARD, HANDLER, None, Step.DPO_REVIEW),
        (Decision.ESCALATE, DPO, None, Step.IRT),
        (Decision.ASK_REPORTER, IRT_MEMBER, "When exactly?", Step.IRT),
        (Decision.CLOSE_REGISTERED, DPO, "Notified, people informed.", Step.CLOSED),
        (Decision.REOPEN, DPO, "The laptop turned up, but unlocked.", Step.DPO_REVIEW),
        (Decision.CLOSE_NO_BREACH, DPO, "Disk was encrypted after all.", Step.CLOSED),
    ]
    steps = []
    for decision, actor, reason, _ in path:
        incident = decide(incident, decision, actor=actor, org=org, now=NOW, reason=reason).incident
        steps.append(incident.step)

    assert steps == [target for *_, target in path]
    assert incident.outcome is Outcome.NO_BREACH
