"""The IRT checklist: who works it, and what each item needs to be done (Art. 33(1), 33(4), 34(3))."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.checklist import ChecklistUpdate, update_checklist
from core.deadlines import StopReason, clock
from core.errors import InvalidTransition, NotAllowed, ValidationFailed
from core.events import BreachConfirmed, ChecklistChanged, NotificationDecided
from core.model import (
    Art34Exception,
    AuthorityNotification,
    ChecklistItem,
    ChecklistKey,
    Classification,
    Incident,
    ItemState,
    NotificationKind,
    PeopleCommunication,
    Step,
)
from core.timeline import AUTHORITY_NOTIFIED
from tests.core.builders import (
    BOARD,
    CONTACT_NORTH,
    DISCOVERED,
    DPO,
    HANDLER,
    IRT_LEAD,
    IRT_MEMBER,
    NOW,
    REPORTER,
    make_incident,
    make_org,
)

H = timedelta(hours=1)
ORG = make_org()


def irt_incident(**changes) -> Incident:
    return make_incident(Step.IRT, **changes)


def apply(change: ChecklistUpdate, *, actor: str = IRT_MEMBER, incident: Incident | None = None):
    return update_checklist(incident or irt_incident(), change, actor=actor, org=ORG, now=NOW)


def notified(at=NOW - H, reference=" AP-2026-123 ", delay_reason=None) -> ChecklistUpdate:
    return ChecklistUpdate(
        ChecklistKey.NOTIFY_AUTHORITY,
        ItemState.DONE,
        notified_at=at,
        authority_reference=reference,
        delay_reason=delay_reason,
    )


def fields_of(change: ChecklistUpdate, *, actor: str = IRT_MEMBER, **changes) -> set[str]:
    with pytest.raises(ValidationFailed) as failed:
        apply(change, actor=actor, incident=irt_incident(**changes))
    return set(failed.value.fields)


# --- who and when ----------------------------------------------------------------------------


@pytest.mark.parametrize("step", [s for s in Step if s is not Step.IRT])
def test_the_checklist_is_only_open_while_the_irt_works_the_case(step: Step) -> None:
    with pytest.raises(InvalidTransition):
        update_checklist(
            make_incident(step),
            ChecklistUpdate(ChecklistKey.CONTAIN, ItemState.DONE),
            actor=DPO,
            org=ORG,
            now=NOW,
        )


@pytest.mark.parametrize("actor", [CONTACT_NORTH, HANDLER, BOARD, REPORTER, "stranger"])
def test_only_irt_members_work_the_checklist(actor: str) -> None:
    with pytest.raises(NotAllowed):
        apply(ChecklistUpdate(ChecklistKey.CONTAIN, ItemState.IN_PROGRESS), actor=actor)


@pytest.mark.parametrize("actor", [IRT_MEMBER, IRT_LEAD, DPO])
def test_irt_members_lead_and_dpo_record_progress_with_actor_and_time(actor: str) -> None:
    incident = irt_incident()

    applied = apply(
        ChecklistUpdate(
            ChecklistKey.CONTAIN, ItemState.IN_PROGRESS, note=" Laptop wiped remotely "
        ),
        actor=actor,
        incident=incident,
    )

    item = ChecklistItem(
        ChecklistKey.CONTAIN, ItemState.IN_PROGRESS, "Laptop wiped remotely", actor, NOW
    )
    assert applied.incident.item(ChecklistKey.CONTAIN) == item
    assert [i for i in applied.incident.checklist if i.key is not ChecklistKey.CONTAIN] == [
        i for i in incident.checklist if i.key is not ChecklistKey.CONTAIN
    ]
    assert applied.events == (ChecklistChanged(applied.incident, item, actor),)
    (entry,) = applied.entries
    assert (entry.at, entry.actor, entry.what) == (NOW, actor, "checklist")
    assert entry.details == {
        "item": "contain",
        "state": "in_progress",
        "note": "Laptop wiped remotely",
    }


@pytest.mark.parametrize("key", list(ChecklistKey))
@pytest.mark.parametrize("note", [None, "  "], ids=["none", "blank"])
def test_not_applicable_needs_a_note(key: ChecklistKey, note: str | None) -> None:
    assert "note" in fields_of(ChecklistUpdate(key, ItemState.NOT_APPLICABLE, note=note), actor=DPO)


@pytest.mark.parametrize("key", [k for k in ChecklistKey if k is not ChecklistKey.NOTIFY_AUTHORITY])
def test_any_irt_member_may_mark_an_item_not_applicable_with_a_note(key: ChecklistKey) -> None:
    applied = apply(ChecklistUpdate(key, ItemState.NOT_APPLICABLE, note="No liability question."))

    assert applied.incident.item(key).state is ItemState.NOT_APPLICABLE
    assert applied.incident.item(key).note == "No liability question."


# --- notify the authority (Art. 33) -----------------------------------------------------------


def test_a_notification_is_recorded_and_stops_the_clock() -> None:
    applied = apply(notified())

    assert applied.incident.notifications == (
        AuthorityNotification(NotificationKind.INITIAL, NOW - H, "AP-2026-123", None, IRT_MEMBER),
    )
    assert applied.incident.notify_authority is True
    assert applied.incident.item(ChecklistKey.NOTIFY_AUTHORITY).state is ItemState.DONE
    assert clock(applied.incident, NOW).stopped is StopReason.AUTHORITY_NOTIFIED
    checklist_entry, notified_entry = applied.entries
    assert checklist_entry.what == "checklist"
    assert (notified_entry.at, notified_entry.actor, notified_entry.what) == (
        NOW,
        IRT_MEMBER,
        AUTHORITY_NOTIFIED,
    )
    assert notified_entry.details == {
        "sent_at": (NOW - H).isoformat(),
        "reference": "AP-2026-123",
        "late": False,
        "delay_reason": None,
    }


def test_a_second_notification_is_a_follow_up() -> None:
    first = apply(notified()).incident

    second = apply(
        notified(at=NOW, reference="AP-2026-123"), actor=IRT_LEAD, incident=first
    ).incident

    assert [n.kind for n in second.notifications] == [
        NotificationKind.INITIAL,
        NotificationKind.FOLLOW_UP,
    ]
    assert second.notifications[1].recorded_by == IRT_LEAD
    assert second.authority_notified_at == NOW - H


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        (notified(at=None), {"notified_at"}),
        (notified(reference=None), {"authority_reference"}),
        (notified(reference="   "), {"authority_reference"}),
        (notified(at=None, reference=None), {"notified_at", "authority_reference"}),
    ],
    ids=["no_time", "no_reference", "blank_reference", "neither"],
)
def test_a_notification_needs_its_time_and_the_authoritys_reference(
    change: ChecklistUpdate, missing: set[str]
) -> None:
    assert fields_of(change) == missing


@pytest.mark.parametrize(
    ("ahead", "accepted"),
    [(timedelta(0), True), (timedelta(minutes=3), True), (timedelta(minutes=6), False), (H, False)],
)
def test_a_notification_cannot_be_sent_in_the_future(ahead: timedelta, accepted: bool) -> None:
    change = notified(at=NOW + ahead)
    if accepted:
        assert apply(change).incident.authority_notified_at == NOW + ahead
    else:
        assert fields_of(change) == {"notified_at"}


def late_incident() -> Incident:
    """Aware 80 hours ago: the deadline passed 8 hours ago."""
    return irt_incident(discovered_at=NOW - 80 * H)


def test_a_late_notification_needs_the_reason_for_the_delay() -> None:
    with pytest.raises(ValidationFailed) as failed:
        apply(notified(at=NOW - H, delay_reason="  "), incident=late_incident())

    assert set(failed.value.fields) == {"delay_reason"}


def test_a_late_notification_keeps_its_reason() -> None:
    applied = apply(
        notified(delay_reason=" Waited for the forensic report "), incident=late_incident()
    )

    assert applied.incident.notifications[0].delay_reason == "Waited for the forensic report"
    assert applied.entries[1].details["late"] is True


@pytest.mark.parametrize(
    ("sent", "late"),
    [
        (NOW - 8 * H - timedelta(seconds=1), False),
        (NOW - 8 * H, False),
        (NOW - 8 * H + timedelta(seconds=1), True),
    ],
    ids=["before", "at_deadline", "after"],
)
def test_the_delay_reason_is_asked_only_after_the_deadline(sent, late: bool) -> None:
    if late:
        assert fields_of(notified(at=sent), discovered_at=NOW - 80 * H) == {"delay_reason"}
    else:
        applied = apply(notified(at=sent, delay_reason="not needed"), incident=late_incident())
        assert applied.incident.notifications[0].delay_reason is None


def test_a_follow_up_after_a_timely_notification_needs_no_delay_reason() -> None:
    # Art. 33(1) asks reasons when "the notification" is not made within 72 hours; later phases
    # (Art. 33(4)) come "without undue further delay" and are not themselves late.
    timely = apply(notified(at=DISCOVERED + 1 * H)).incident
    later = NOW + 100 * H

    follow_up = update_checklist(timely, notified(at=later), actor=DPO, org=ORG, now=later).incident

    assert [n.kind for n in follow_up.notifications] == [
        NotificationKind.INITIAL,
        NotificationKind.FOLLOW_UP,
    ]


def test_only_the_dpo_decides_the_authority_need_not_be_told() -> None:
    change = ChecklistUpdate(
        ChecklistKey.NOTIFY_AUTHORITY, ItemState.NOT_APPLICABLE, note="Encrypted."
    )

    for actor in (IRT_MEMBER, IRT_LEAD):
        with pytest.raises(NotAllowed):
            apply(change, actor=actor)


def test_no_notification_needed_is_recorded_with_the_reason_and_stops_the_clock() -> None:
    change = ChecklistUpdate(
        ChecklistKey.NOTIFY_AUTHORITY, ItemState.NOT_APPLICABLE, note=" Encrypted, key safe. "
    )

    applied = apply(change, actor=DPO)

    assert applied.incident.notify_authority is False
    assert applied.incident.no_notification_reason == "Encrypted, key safe."
    assert applied.incident.notifications == ()
    assert clock(applied.incident, NOW).stopped is StopReason.NO_NOTIFICATION_NEEDED
    changed, decided = applied.events
    assert isinstance(changed, ChecklistChanged)
    assert decided == NotificationDecided(applied.incident, DPO, "Encrypted, key safe.")


# --- inform the people concerned (Art. 34) ----------------------------------------------------


def test_informing_people_records_when_and_the_plan() -> None:
    change = ChecklistUpdate(
        ChecklistKey.INFORM_PEOPLE,
        ItemState.DONE,
        informed_at=NOW - H,
        communication_plan=" Letter to all parents ",
    )

    applied = apply(change)

    assert applied.incident.people_communication == PeopleCommunication(
        informed_at=NOW - H, plan="Letter to all parents"
    )


@pytest.mark.parametrize(
    ("informed_at", "plan", "errors"),
    [
        (None, "Letter", {"informed_at"}),
        (NOW - H, None, {"communication_plan"}),
        (NOW - H, "  ", {"communication_plan"}),
        (NOW + H, "Letter", {"informed_at"}),
        (None, None, {"informed_at", "communication_plan"}),
    ],
    ids=["no_time", "no_plan", "blank_plan", "future", "nothing"],
)
def test_informing_people_needs_time_and_plan(informed_at, plan, errors: set[str]) -> None:
    change = ChecklistUpdate(
        ChecklistKey.INFORM_PEOPLE, ItemState.DONE, informed_at=informed_at, communication_plan=plan
    )

    assert fields_of(change) == errors


@pytest.mark.parametrize(
    "exception", [Art34Exception.UNINTELLIGIBLE, Art34Exception.RISK_NEUTRALISED]
)
def test_an_art34_exception_with_evidence_replaces_informing(exception: Art34Exception) -> None:
    change = ChecklistUpdate(
        ChecklistKey.INFORM_PEOPLE,
        ItemState.DONE,
        note="AES-256 disk encryption; the key was not on the laptop.",
        exception=exception,
    )

    applied = apply(change, actor=DPO)

    assert applied.incident.people_communication == PeopleCommunication(
        exception=exception,
        exception_evidence="AES-256 disk encryption; the key was not on the laptop.",
    )


@pytest.mark.parametrize("exception", list(Art34Exception))
def test_an_art34_exception_without_evidence_is_refused(exception: Art34Exception) -> None:
    change = ChecklistUpdate(
        ChecklistKey.INFORM_PEOPLE, ItemState.DONE, note="  ", exception=exception
    )

    assert fields_of(change)


def test_disproportionate_effort_still_needs_a_public_communication() -> None:
    # Art. 34(3)(c): not informing each person individually means a public communication instead.
    note_only = ChecklistUpdate(
        ChecklistKey.INFORM_PEOPLE,
        ItemState.DONE,
        note="Too many addresses unknown.",
        exception=Art34Exception.DISPROPORTIONATE,
    )
    with_plan = ChecklistUpdate(
        ChecklistKey.INFORM_PEOPLE,
        ItemState.DONE,
        communication_plan="Notice on the website and in the regional paper.",
        exception=Art34Exception.DISPROPORTIONATE,
    )

    assert apply(with_plan).incident.people_communication.exception_evidence == (
        "Notice on the website and in the regional paper."
    )
    assert fields_of(note_only) == {"communication_plan"}


# --- confirm the breach -----------------------------------------------------------------------


def test_confirming_the_breach_classifies_it_and_tells_the_board() -> None:
    applied = apply(ChecklistUpdate(ChecklistKey.CONFIRM_BREACH, ItemState.DONE), actor=IRT_LEAD)

    assert applied.incident.classification is Classification.DATA_BREACH
    changed, confirmed = applied.events
    assert isinstance(changed, ChecklistChanged)
    assert changed.incident.classification is Classification.DATA_BREACH
    assert confirmed == BreachConfirmed(applied.incident, (BOARD,))


def test_confirming_not_applicable_leaves_the_classification_alone() -> None:
    applied = apply(
        ChecklistUpdate(
            ChecklistKey.CONFIRM_BREACH, ItemState.NOT_APPLICABLE, note="No personal data."
        )
    )

    assert applied.incident.classification is None
    assert [type(e) for e in applied.events] == [ChecklistChanged]
