"""A new report: field errors come back all at once, and a valid one becomes an incident."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.errors import ValidationFailed
from core.events import IncidentReported, ReviewRequested
from core.model import Kind, Step
from core.org import Organisation
from core.reporting import new_incident, reported, title_from, validate_report
from core.timeline import REPORTED
from tests.core.builders import (
    CONTACT_ICT,
    CONTACT_NORTH,
    DISCOVERED,
    DPO,
    HANDLER,
    NOW,
    REPORTER,
    make_org,
    make_report,
)

ORG = make_org()
MIN = timedelta(minutes=1)


def errors_for(**changes) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failed:
        validate_report(make_report(**changes), org=ORG, now=NOW)
    return failed.value.fields


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "  \n\t "}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"unit_id": "atlantis"}, "unit"),
        ({"unit_id": ""}, "unit"),
        ({"discovered_at": None}, "discovered_at"),
        ({"discovered_at": NOW + 6 * MIN}, "discovered_at"),
        ({"discovered_at": NOW + timedelta(days=1)}, "discovered_at"),
        ({"kind": None}, "kind"),
        ({"subjects_count": -1}, "subjects_count"),
    ],
    ids=[
        "empty_description",
        "blank_description",
        "description_too_long",
        "unknown_unit",
        "no_unit",
        "no_discovery_time",
        "discovered_6_min_ahead",
        "discovered_tomorrow",
        "no_kind",
        "negative_subjects",
    ],
)
def test_each_invalid_field_is_named(changes: dict, field: str) -> None:
    assert set(errors_for(**changes)) == {field}


def test_every_invalid_field_is_reported_at_once() -> None:
    fields = errors_for(description=" ", unit_id="atlantis", discovered_at=None, kind=None)

    assert set(fields) == {"description", "unit", "discovered_at", "kind"}


@pytest.mark.parametrize(
    "changes",
    [
        {"discovered_at": NOW + 3 * MIN},
        {"discovered_at": NOW + 5 * MIN},
        {"discovered_at": NOW - timedelta(days=30)},
        {"subjects_count": 0},
        {"subjects_count": None},
        {"unit_id": "north"},
        {"unit_id": "north-ict"},
        {"description": "x" * 4000},
    ],
    ids=str,
)
def test_valid_reports_pass(changes: dict) -> None:
    validate_report(make_report(**changes), org=ORG, now=NOW)


def test_a_valid_report_becomes_an_incident_without_case_number() -> None:
    incident = new_incident(
        make_report(measures_taken="  Blocked the account. ", subjects_count=30), org=ORG, now=NOW
    )

    assert (incident.id, incident.case_number) == (None, None)
    assert incident.description == "Laptop lost on the train\nIt held pupil records."
    assert incident.title == "Laptop lost on the train"
    assert incident.reported_at == NOW
    assert incident.discovered_at == DISCOVERED
    assert incident.effective_aware_at == DISCOVERED
    assert incident.kind is Kind.LOST_OR_STOLEN_DEVICE
    assert incident.reporter.id == REPORTER
    assert incident.measures_taken == "Blocked the account."
    assert incident.subjects_count == 30
    assert incident.outcome is None and incident.classification is None


def test_an_invalid_report_builds_nothing() -> None:
    with pytest.raises(ValidationFailed):
        new_incident(make_report(kind=None), org=ORG, now=NOW)


@pytest.mark.parametrize(
    ("org", "unit_id", "first"),
    [
        (make_org(), "north-ict", Step.CONTACT_REVIEW),
        (make_org(), "north-admin", Step.CONTACT_REVIEW),
        (make_org(), "south", Step.HANDLER_REVIEW),
        (make_org(contact_review=False), "north-ict", Step.HANDLER_REVIEW),
        (make_org(handler_review=False), "north-ict", Step.CONTACT_REVIEW),
        (make_org(handler_review=False), "south", Step.DPO_REVIEW),
        (make_org(handlers=()), "south", Step.DPO_REVIEW),
        (make_org(contact_review=False, handler_review=False), "north", Step.DPO_REVIEW),
    ],
    ids=[
        "own_contacts",
        "parent_contacts",
        "no_contacts",
        "contact_off",
        "handler_off",
        "handler_off_no_contacts",
        "no_handlers_no_contacts",
        "both_off",
    ],
)
def test_the_first_step_follows_the_workflow_settings(
    org: Organisation, unit_id: str, first: Step
) -> None:
    assert new_incident(make_report(unit_id=unit_id), org=org, now=NOW).step is first


@pytest.mark.parametrize(
    ("unit_id", "step", "reviewers"),
    [
        ("north-ict", Step.CONTACT_REVIEW, (CONTACT_ICT,)),
        ("north-admin", Step.CONTACT_REVIEW, (CONTACT_NORTH,)),
        ("south", Step.HANDLER_REVIEW, (HANDLER,)),
    ],
)
def test_a_stored_report_asks_its_first_reviewers(
    unit_id: str, step: Step, reviewers: tuple[str, ...]
) -> None:
    incident = new_incident(make_report(unit_id=unit_id), org=ORG, now=NOW).evolve(
        id=7, case_number="2026-0007"
    )

    entry, events = reported(incident, org=ORG)

    assert (entry.at, entry.actor, entry.what) == (NOW, REPORTER, REPORTED)
    assert entry.details == {"source": "slack", "step": step.value}
    assert events == (IncidentReported(incident), ReviewRequested(incident, step, reviewers))


def test_the_dpo_is_the_first_reviewer_when_both_optional_steps_are_off() -> None:
    org = make_org(contact_review=False, handler_review=False)
    incident = new_incident(make_report(), org=org, now=NOW)

    _, (_, review) = reported(incident, org=org)

    assert review == ReviewRequested(incident, Step.DPO_REVIEW, (DPO,))


@pytest.mark.parametrize(
    ("description", "title"),
    [
        ("Laptop lost", "Laptop lost"),
        ("Laptop lost\nwith pupil records", "Laptop lost"),
        ("  Phishing mail clicked  \nby three staff", "Phishing mail clicked"),
        ("x" * 80, "x" * 80),
        ("x" * 81, "x" * 79 + "…"),
        ("word " * 30, ("word " * 16).rstrip() + "…"),
    ],
    ids=["short", "first_line", "trimmed", "exactly_80", "81_cut", "cut_at_space"],
)
def test_the_title_is_the_first_line_of_the_description(description: str, title: str) -> None:
    built = new_incident(make_report(description=description), org=ORG, now=NOW)

    assert built.title == title
    assert len(built.title) <= 80
    assert title_from(description.strip()) == title


def test_a_given_title_wins_over_the_description() -> None:
    built = new_incident(make_report(title="  USB stick lost "), org=ORG, now=NOW)

    assert built.title == "USB stick lost"


def test_a_blank_given_title_falls_back_to_the_description() -> None:
    built = new_incident(make_report(title="   "), org=ORG, now=NOW)

    assert built.title == "Laptop lost on the train"
