"""Shared test data for the core tests: one organisation tree, its people and incidents in any step.

People (each holds exactly one role, so the workflow walk can tell roles apart):
  bob   contact of unit `north` (and so, by inheritance, of `north-admin`)
  ivy   contact of unit `north-ict` (a child of `north` with contacts of its own)
  carol handler (privacy officer)      dave  DPO
  frank IRT member                     erin  IRT lead (listed only as lead)
  grace board member                   rita  reporter, no role at all
Unit `south` has no contacts anywhere up its path.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from core.commands import ReportIncident
from core.model import Incident, Kind, Outcome, Person, Source, Step
from core.org import Organisation, Roles, Unit, WorkflowSettings
from core.org import Person as OrgPerson

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
DISCOVERED = NOW - timedelta(hours=2)

CONTACT_NORTH = "bob"
CONTACT_ICT = "ivy"
HANDLER = "carol"
DPO = "dave"
IRT_MEMBER = "frank"
IRT_LEAD = "erin"
BOARD = "grace"
REPORTER = "rita"

UNITS = (
    Unit(
        "north",
        "Location North",
        contacts=(CONTACT_NORTH,),
        units=(
            Unit("north-ict", "ICT", contacts=(CONTACT_ICT,)),
            Unit("north-admin", "Administration"),
        ),
    ),
    Unit("south", "Location South"),
)


def make_org(
    *,
    contact_review: bool = True,
    handler_review: bool = True,
    handlers: tuple[str, ...] = (HANDLER,),
) -> Organisation:
    people = (CONTACT_NORTH, CONTACT_ICT, HANDLER, DPO, IRT_MEMBER, IRT_LEAD, BOARD, REPORTER)
    return Organisation(
        name="Example School Group",
        people=tuple(OrgPerson(p, p.title(), f"{p}@example.org") for p in people),
        units=UNITS,
        roles=Roles(
            handlers=handlers,
            dpo=(DPO,),
            irt=(IRT_MEMBER,),
            irt_lead=(IRT_LEAD,),
            board=(BOARD,),
        ),
        workflow=WorkflowSettings(contact_review=contact_review, handler_review=handler_review),
    )


def make_incident(
    step: Step = Step.DPO_REVIEW, *, unit_id: str = "north-admin", **changes: Any
) -> Incident:
    """A stored incident (it has a case number) waiting in `step`."""
    fields: dict[str, Any] = {
        "id": 1,
        "case_number": "2026-0001",
        "title": "Laptop lost on the train",
        "description": "Laptop lost on the train\nIt held pupil records.",
        "unit_id": unit_id,
        "reporter": Person(REPORTER, "Rita"),
        "source": Source.SLACK,
        "discovered_at": DISCOVERED,
        "reported_at": DISCOVERED + timedelta(minutes=20),
        "kind": Kind.LOST_OR_STOLEN_DEVICE,
        "step": step,
        "outcome": Outcome.REGISTERED if step is Step.CLOSED else None,
    }
    return Incident(**(fields | changes))


def make_report(**changes: Any) -> ReportIncident:
    """A valid report form for unit `north-admin`."""
    fields: dict[str, Any] = {
        "description": "  Laptop lost on the train\nIt held pupil records.  ",
        "unit_id": "north-admin",
        "discovered_at": DISCOVERED,
        "kind": Kind.LOST_OR_STOLEN_DEVICE,
        "reporter": Person(REPORTER, "Rita"),
        "source": Source.SLACK,
    }
    return ReportIncident(**(fields | changes))
