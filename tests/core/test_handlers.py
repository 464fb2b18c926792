"""The async use cases over in-memory fakes of our own ports (tests/core/fakes.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.checklist import ChecklistUpdate
from core.commands import AddDetails, AnswerQuestion, ChangeAwareTime, Decide, UpdateChecklist
from core.deadlines import deadline_of
from core.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from core.events import (
    AwareTimeChanged,
    DecisionTaken,
    DetailsAdded,
    Escalated,
    IncidentReported,
    ReporterAnswered,
    ReviewRequested,
)
from core.handlers import Handlers
from core.model import ChecklistKey, Decision, Incident, ItemState, Step, Tristate
from tests.core.builders import (
    CONTACT_NORTH,
    DISCOVERED,
    DPO,
    HANDLER,
    IRT_LEAD,
    IRT_MEMBER,
    NOW,
    REPORTER,
    make_org,
    make_report,
)
from tests.core.fakes import FakeClock, FakeUnitOfWorkFactory, RecordingSink, Store

H = timedelta(hours=1)


class App:
    """Handlers wired to fakes, with the fakes at hand for the assertions."""

    def __init__(self, **org_settings) -> None:
        self.store = Store()
        self.uow = FakeUnitOfWorkFactory(self.store)
        self.clock = FakeClock(NOW)
        self.sink = RecordingSink(self.store)
        self.handlers = Handlers(
            uow=self.uow, clock=self.clock, org=make_org(**org_settings), sink=self.sink
        )

    async def reported(self, **changes) -> Incident:
        incident, _ = await self.handlers.report(make_report(**changes))
        return incident

    def assert_unchanged_since(self, commits: int, events: int) -> None:
        assert self.store.commits == commits
        assert len(self.sink.recorded) == events


@pytest.fixture
def app() -> App:
    return App()


# --- report -----------------------------------------------------------------------------------


async def test_a_report_is_stored_and_returned_with_its_case_number(app: App) -> None:
    incident, created = await app.handlers.report(make_report())

    assert created is True
    assert incident.case_number == "2026-0001"
    assert app.store.incidents == {"2026-0001": incident}
    assert incident.step is Step.CONTACT_REVIEW
    (entry,) = app.store.timelines["2026-0001"]
    assert (entry.at, entry.actor, entry.what) == (NOW, REPORTER, "reported")
    assert app.sink.events == [
        IncidentReported(incident),
        ReviewRequested(incident, Step.CONTACT_REVIEW, (CONTACT_NORTH,)),
    ]


async def test_reports_get_consecutive_case_numbers(app: App) -> None:
    first = await app.reported(idempotency_key="a")
    second = await app.reported(idempotency_key="b")
    third = await app.reported()

    assert [i.case_number for i in (first, second, third)] == [
        "2026-0001",
        "2026-0002",
        "2026-0003",
    ]


async def test_a_repeated_submission_returns_the_first_and_creates_nothing(app: App) -> None:
    first, created_first = await app.handlers.report(make_report(idempotency_key="slack-view-1"))
    app.clock.advance(timedelta(seconds=3))

    again, created_again = await app.handlers.report(make_report(idempotency_key="slack-view-1"))

    assert (created_first, created_again) == (True, False)
    assert again == first
    assert list(app.store.incidents) == ["2026-0001"]
    assert len(app.store.timelines["2026-0001"]) == 1
    assert len(app.sink.recorded) == 1


async def test_an_invalid_report_stores_nothing(app: App) -> None:
    with pytest.raises(ValidationFailed):
        await app.handlers.report(make_report(description="   "))

    assert app.store.incidents == {}
    assert app.sink.recorded == []


# --- decide -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["2026-0099", "", "nonsense"])
async def test_deciding_on_an_unknown_case_is_not_found(app: App, case: str) -> None:
    await app.reported()

    with pytest.raises(NotFound):
        await app.handlers.decide(Decide(case, Decision.FORWARD, CONTACT_NORTH))

    app.assert_unchanged_since(commits=1, events=1)


async def test_a_decision_is_saved_with_its_timeline_entry_and_events(app: App) -> None:
    incident = await app.reported()
    app.clock.advance(H)

    updated = await app.handlers.decide(Decide(" 2026-0001 ", Decision.FORWARD, CONTACT_NORTH))

    assert updated.step is Step.HANDLER_REVIEW
    assert app.store.incidents["2026-0001"] == updated
    entry = app.store.timelines["2026-0001"][-1]
    assert (entry.at, entry.actor, entry.details["decision"]) == (NOW + H, CONTACT_NORTH, "forward")
    taken, requested = app.sink.recorded[-1].events
    assert isinstance(taken, DecisionTaken) and taken.at == NOW + H
    assert requested == ReviewRequested(updated, Step.HANDLER_REVIEW, (HANDLER,))
    assert incident.step is Step.CONTACT_REVIEW


async def test_a_refused_decision_changes_nothing(app: App) -> None:
    await app.reported()

    with pytest.raises(NotAllowed):
        await app.handlers.decide(Decide("2026-0001", Decision.FORWARD, HANDLER))

    assert app.store.incidents["2026-0001"].step is Step.CONTACT_REVIEW
    assert len(app.store.timelines["2026-0001"]) == 1
    app.assert_unchanged_since(commits=1, events=1)


async def test_checklist_updates_append_every_entry() -> None:
    app = App(contact_review=False, handler_review=False)
    await app.reported()
    await app.handlers.decide(Decide("2026-0001", Decision.ESCALATE, DPO))
    change = ChecklistUpdate(
        ChecklistKey.NOTIFY_AUTHORITY,
        ItemState.DONE,
        notified_at=NOW,
        authority_reference="AP-7",
    )

    updated = await app.handlers.update_checklist(UpdateChecklist("2026-0001", IRT_LEAD, change))

    assert (
        app.store.incidents["2026-0001"].authority_notified_at
        == NOW
        == updated.authority_notified_at
    )
    assert [e.what for e in app.store.timelines["2026-0001"]] == [
        "reported",
        "decision",
        "checklist",
        "authority_notified",
    ]
    assert any(isinstance(e, Escalated) for e in app.sink.events)


# --- the DPO corrects the awareness time ------------------------------------------------------


@pytest.mark.parametrize("actor", [CONTACT_NORTH, HANDLER, IRT_MEMBER, IRT_LEAD, REPORTER])
async def test_only_the_dpo_moves_the_awareness_time(app: App, actor: str) -> None:
    await app.reported()

    with pytest.raises(NotAllowed):
        await app.handlers.change_aware_time(
            ChangeAwareTime("2026-0001", actor, DISCOVERED + H, "Confirmed by IT.")
        )

    assert app.store.incidents["2026-0001"].aware_at is None
    app.assert_unchanged_since(commits=1, events=1)


@pytest.mark.parametrize(
    ("aware_at", "reason", "fields"),
    [
        (DISCOVERED + H, "  ", {"reason"}),
        (NOW + 10 * timedelta(minutes=1), "Confirmed by IT.", {"aware_at"}),
        (NOW + H, "", {"aware_at", "reason"}),
    ],
    ids=["no_reason", "future", "both"],
)
async def test_the_awareness_time_needs_a_reason_and_a_past_moment(
    app: App, aware_at, reason: str, fields: set[str]
) -> None:
    await app.reported()

    with pytest.raises(ValidationFailed) as failed:
        await app.handlers.change_aware_time(ChangeAwareTime("2026-0001", DPO, aware_at, reason))

    assert set(failed.value.fields) == fields
    app.assert_unchanged_since(commits=1, events=1)


async def test_moving_the_awareness_time_moves_the_deadline_and_is_logged(app: App) -> None:
    await app.reported()
    aware = DISCOVERED + 30 * timedelta(minutes=1)

    updated = await app.handlers.change_aware_time(
        ChangeAwareTime(
            "2026-0001", DPO, aware, " IT confirmed data were copied ", basis="SIEM log"
        )
    )

    assert app.store.incidents["2026-0001"] == updated
    assert (updated.aware_at, updated.aware_basis, updated.aware_changed_by) == (
        aware,
        "SIEM log",
        DPO,
    )
    assert updated.aware_change_reason == "IT confirmed data were copied"
    assert deadline_of(updated) == aware + 72 * H
    entry = app.store.timelines["2026-0001"][-1]
    assert (entry.at, entry.actor, entry.what) == (NOW, DPO, "aware_time_changed")
    assert entry.details == {
        "from": DISCOVERED.isoformat(),
        "to": aware.isoformat(),
        "reason": "IT confirmed data were copied",
    }
    assert app.sink.recorded[-1].events == (
        AwareTimeChanged(updated, DPO, DISCOVERED, "IT confirmed data were copied"),
    )


async def test_changing_the_awareness_time_of_an_unknown_case_is_not_found(app: App) -> None:
    with pytest.raises(NotFound):
        await app.handlers.change_aware_time(ChangeAwareTime("2026-0042", DPO, DISCOVERED, "Why."))


# --- the reporter answers ---------------------------------------------------------------------


async def test_the_reporter_answers_a_question(app: App) -> None:
    await app.reported()
    await app.handlers.decide(
        Decide("2026-0001", Decision.ASK_REPORTER, CONTACT_NORTH, "Encrypted?")
    )
    app.clock.advance(H)

    incident = await app.handlers.answer_question(
        AnswerQuestion("2026-0001", REPORTER, " No, it was not. ", CONTACT_NORTH)
    )

    entry = app.store.timelines["2026-0001"][-1]
    assert (entry.at, entry.actor, entry.what) == (NOW + H, REPORTER, "reporter_answered")
    assert entry.details == {"asked_by": CONTACT_NORTH, "answer": "No, it was not."}
    assert app.sink.recorded[-1].events == (
        ReporterAnswered(incident, "No, it was not.", CONTACT_NORTH),
    )


@pytest.mark.parametrize("actor", [CONTACT_NORTH, DPO, "someone-else"])
async def test_only_the_reporter_answers(app: App, actor: str) -> None:
    await app.reported()

    with pytest.raises(NotAllowed):
        await app.handlers.answer_question(AnswerQuestion("2026-0001", actor, "Yes.", DPO))

    app.assert_unchanged_since(commits=1, events=1)


async def test_a_blank_answer_is_refused(app: App) -> None:
    await app.reported()

    with pytest.raises(ValidationFailed) as failed:
        await app.handlers.answer_question(AnswerQuestion("2026-0001", REPORTER, "  ", DPO))

    assert set(failed.value.fields) == {"answer"}


# --- events go to the outbox inside the transaction -------------------------------------------


async def test_every_command_records_its_events_inside_the_transaction_before_commit() -> None:
    app = App()
    h = app.handlers
    commands = [
        lambda: h.report(make_report()),
        lambda: h.decide(Decide("2026-0001", Decision.FORWARD, CONTACT_NORTH)),
        lambda: h.decide(Decide("2026-0001", Decision.FORWARD, HANDLER)),
        lambda: h.change_aware_time(ChangeAwareTime("2026-0001", DPO, DISCOVERED, "Checked.")),
        lambda: h.decide(Decide("2026-0001", Decision.ESCALATE, DPO)),
        lambda: h.update_checklist(
            UpdateChecklist(
                "2026-0001", IRT_MEMBER, ChecklistUpdate(ChecklistKey.CONTAIN, ItemState.DONE)
            )
        ),
        lambda: h.decide(Decide("2026-0001", Decision.ASK_REPORTER, IRT_MEMBER, "When?")),
        lambda: h.answer_question(AnswerQuestion("2026-0001", REPORTER, "At 9.", IRT_MEMBER)),
    ]

    for number, command in enumerate(commands, start=1):
        await command()

        recorded = app.sink.recorded[-1]
        assert len(app.sink.recorded) == number
        assert recorded.events
        assert recorded.in_transaction and recorded.before_commit
        assert recorded.commits_so_far == number - 1
        assert app.store.commits == number
        assert app.sink.hints[-1] == number  # the delivery hint comes after the commit
    assert app.store.incidents["2026-0001"].step is Step.IRT


async def test_a_decision_for_a_step_the_case_has_left_is_refused() -> None:
    # A second click on an old card must not decide the next step as well.
    app = App()
    incident = await app.reported()
    case = incident.case_number
    await app.handlers.decide(Decide(case, Decision.FORWARD, CONTACT_NORTH, step=Step.CONTACT_REVIEW))

    with pytest.raises(InvalidTransition):
        await app.handlers.decide(Decide(case, Decision.FORWARD, HANDLER, step=Step.CONTACT_REVIEW))

    moved = await app.handlers.decide(Decide(case, Decision.FORWARD, HANDLER, step=Step.HANDLER_REVIEW))
    assert moved.step is Step.DPO_REVIEW


async def test_the_reporter_completes_the_facts_and_empty_answers_keep_what_was_known() -> None:
    app = App()
    incident = await app.reported(subjects_count=40, encrypted=Tristate.NO)
    case = incident.case_number

    with pytest.raises(NotAllowed):
        await app.handlers.add_details(AddDetails(case, HANDLER, subjects_count=3))
    with pytest.raises(ValidationFailed):
        await app.handlers.add_details(AddDetails(case, REPORTER, subjects_count=-1))
    done = await app.handlers.add_details(
        AddDetails(case, REPORTER, data_subject_groups=("pupils",), special_categories=Tristate.YES)
    )

    assert (done.subjects_count, done.encrypted, done.special_categories) == (40, Tristate.NO, Tristate.YES)
    assert done.data_subject_groups == ("pupils",)
    assert isinstance(app.sink.events[-1], DetailsAdded)
