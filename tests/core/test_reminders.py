"""The reminder ladder and review nudges as pure rules: every rung once, no bursts, DST-proof."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.deadlines import format_local
from core.errors import InvalidTransition, NotAllowed
from core.events import DeadlineReminderDue, ReviewNudgeDue
from core.model import (
    AuthorityNotification,
    ChecklistItem,
    ChecklistKey,
    ItemState,
    NotificationKind,
    Step,
)
from core.org import Channel, DeadlineSettings
from core.outbox import MessageKind
from core.reminders import (
    Audience,
    Ladder,
    check_record_notification,
    deadline_ladder,
    nudge_view,
    plan,
    reminder_view,
    step_since,
    to_events,
)
from core.routing import route
from core.timeline import TimelineEntry
from tests.core.builders import CONTACT_NORTH, DPO, HANDLER, IRT_MEMBER, make_incident, make_org

AWARE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
DEFAULT_RUNGS = {
    "before:48": 24,
    "before:24": 48,
    "before:12": 60,
    "before:6": 66,
    "before:2": 70,
    "at:0": 72,
    "overdue:1": 84,
    "overdue:2": 96,
    "overdue:3": 108,
}


def incident(step: Step = Step.IRT, **changes):
    return make_incident(step, discovered_at=AWARE, reported_at=AWARE, **changes)


def travel(inc, org, *, hours: float, every: timedelta, start=AWARE, history=()):
    """Sweeps every `every` from `start`; returns {rung key: when it was sent}, checking once-ness."""
    sent: dict[str, datetime] = {}
    now = start
    while now <= start + timedelta(hours=hours):
        p = plan(inc, org, now=now, sent=set(sent), step_since=step_since(inc, history))
        for rung in p.send:
            assert rung.key not in sent, f"{rung.key} sent twice"
            assert rung.due_at <= now
            sent[rung.key] = now
        assert p.next_due_at is None or p.next_due_at > now
        now += every
    return sent


def test_the_default_ladder_falls_due_at_48_24_12_6_2_and_0_hours_before_then_every_12():
    ladder = deadline_ladder(incident(), make_org().deadlines)
    for name, hours in DEFAULT_RUNGS.items():
        assert ladder.due_of(name) == AWARE + timedelta(hours=hours), name


@pytest.mark.parametrize("every", [timedelta(minutes=1), timedelta(minutes=17), timedelta(hours=1)])
def test_travelling_through_the_72_hours_sends_every_rung_once_to_dpo_and_irt(every):
    sent = travel(incident(), make_org(), hours=109, every=every)

    for audience in ("dpo", "irt"):
        got = {key.split(":", 1)[1]: at for key, at in sent.items() if key.startswith(audience)}
        assert list(got) == list(DEFAULT_RUNGS)
        for name, at in got.items():
            due = AWARE + timedelta(hours=DEFAULT_RUNGS[name])
            assert due <= at < due + every


def test_jumping_from_due_time_to_due_time_like_the_sweep_sends_each_rung_exactly_then():
    inc, org = incident(), make_org()
    sent: set[str] = set()
    now, times = AWARE, []
    for _ in range(9):
        p = plan(inc, org, now=now, sent=sent, step_since=AWARE)
        sent |= {r.key for r in p.send}
        assert p.next_due_at is not None
        now = p.next_due_at
        times.append(now)
    assert [t - AWARE for t in times] == [timedelta(hours=h) for h in DEFAULT_RUNGS.values()]


def test_a_late_report_gets_one_reminder_for_the_most_urgent_rung_not_a_burst():
    late = make_incident(
        Step.DPO_REVIEW, discovered_at=AWARE, reported_at=AWARE + timedelta(hours=70)
    )
    now = AWARE + timedelta(hours=70, minutes=1)

    p = plan(late, make_org(), now=now, sent=set(), step_since=late.reported_at)

    assert [r.key for r in p.send] == ["dpo:before:2"]
    assert p.next_due_at == AWARE + timedelta(hours=72)


def test_rungs_missed_while_down_are_skipped_for_the_latest():
    inc, org = incident(), make_org()
    first = plan(inc, org, now=AWARE + timedelta(hours=25), sent=set(), step_since=AWARE)
    sent = {r.key for r in first.send}
    assert sent == {"dpo:before:48", "irt:before:48"}

    back = plan(inc, org, now=AWARE + timedelta(hours=101), sent=sent, step_since=AWARE)

    assert {r.key for r in back.send} == {"dpo:overdue:2", "irt:overdue:2"}
    assert back.next_due_at == AWARE + timedelta(hours=108)
    # And a sweep straight after sends nothing again.
    again = plan(
        inc,
        org,
        now=AWARE + timedelta(hours=101),
        sent=sent | {r.key for r in back.send},
        step_since=AWARE,
    )
    assert again.send == ()


def test_escalation_brings_the_current_rung_to_the_irt_once_the_dpo_has_had_it():
    org = make_org()
    review = incident(Step.DPO_REVIEW)
    now = AWARE + timedelta(hours=30)
    sent = {r.key for r in plan(review, org, now=now, sent=set(), step_since=AWARE).send}
    assert {k for k in sent if not k.startswith("nudge:")} == {"dpo:before:48"}

    escalated = review.evolve(step=Step.IRT)
    p = plan(escalated, org, now=now + timedelta(minutes=5), sent=sent, step_since=AWARE)

    assert [(r.key, r.audience) for r in p.send] == [("irt:before:48", Audience.IRT)]


@pytest.mark.parametrize(
    "changes",
    [
        {
            "notifications": (
                AuthorityNotification(NotificationKind.INITIAL, AWARE + timedelta(hours=5), "AP-1"),
            ),
            "notify_authority": True,
        },
        {"notify_authority": False, "no_notification_reason": "encrypted"},
        {"step": Step.CLOSED},
    ],
    ids=["authority_notified", "no_notification_needed", "closed"],
)
def test_a_stopped_clock_sends_nothing_and_schedules_nothing(changes):
    stopped = incident().evolve(**changes)

    p = plan(stopped, make_org(), now=AWARE + timedelta(hours=80), sent=set(), step_since=AWARE)

    assert p.send == ()
    assert p.next_due_at is None
    assert reminder_view(stopped, "at:0", now=AWARE + timedelta(hours=80)) is None


def test_the_ladder_follows_the_organisation_file():
    org = replace(make_org(), deadlines=DeadlineSettings((36, 0), overdue_every_hours=6))
    sent = travel(incident(), org, hours=90, every=timedelta(minutes=30))

    dpo = [k for k in sent if k.startswith("dpo:")]
    assert dpo == ["dpo:before:36", "dpo:at:0", "dpo:overdue:1", "dpo:overdue:2", "dpo:overdue:3"]
    assert sent["dpo:overdue:3"] == AWARE + timedelta(hours=90)


def test_a_moved_awareness_time_never_repeats_a_rung_already_sent():
    org = make_org()
    inc = incident()
    sent = {
        r.key
        for r in plan(inc, org, now=AWARE + timedelta(hours=49), sent=set(), step_since=AWARE).send
    }
    assert sent == {"dpo:before:24", "irt:before:24"}

    later = inc.evolve(aware_at=AWARE + timedelta(hours=10))  # the DPO corrects awareness
    p = plan(later, org, now=AWARE + timedelta(hours=50), sent=sent, step_since=AWARE)

    assert p.send == ()
    assert p.next_due_at == AWARE + timedelta(hours=70)  # before:12 of the new deadline


def test_ladder_after_and_latest_in_the_overdue_region():
    ladder = Ladder((("a", AWARE),), (AWARE, timedelta(hours=12)))
    assert ladder.latest(AWARE - timedelta(seconds=1)) is None
    assert ladder.latest(AWARE + timedelta(hours=11)) == ("a", AWARE)
    assert ladder.latest(AWARE + timedelta(hours=25)) == ("overdue:2", AWARE + timedelta(hours=24))
    assert ladder.after(None) == ("a", AWARE)
    assert ladder.after(AWARE) == ("overdue:1", AWARE + timedelta(hours=12))
    assert ladder.after(AWARE + timedelta(hours=12)) == ("overdue:2", AWARE + timedelta(hours=24))
    assert ladder.due_of("overdue:0") is None and ladder.due_of("nonsense") is None


# ---- review nudges --------------------------------------------------------------------------


def test_a_waiting_review_step_nudges_its_reviewer_then_the_dpo_too():
    org = make_org()
    waiting = incident(Step.HANDLER_REVIEW, notify_authority=False)  # no deadline reminders
    sent = travel(waiting, org, hours=12, every=timedelta(minutes=10))

    since = int(AWARE.timestamp())
    assert list(sent) == [f"nudge:handler_review:{since}:1", f"nudge:handler_review:{since}:2"]
    assert sent[f"nudge:handler_review:{since}:1"] == AWARE + timedelta(hours=4)
    assert sent[f"nudge:handler_review:{since}:2"] == AWARE + timedelta(hours=8)


def test_nudges_reach_the_step_reviewers_and_at_level_two_the_dpo():
    org = make_org()
    waiting = incident(Step.HANDLER_REVIEW, notify_authority=False, case_number="2026-0009")
    first, second = (
        plan(waiting, org, now=AWARE + timedelta(hours=h), sent=set(), step_since=AWARE).send
        for h in (5, 9)
    )
    assert [r.audience for r in first] == [Audience.REVIEWERS]
    assert [r.audience for r in second] == [Audience.REVIEWERS_AND_DPO]  # not a burst of both

    events = to_events(waiting, second, org, step_since=AWARE)
    assert events == [ReviewNudgeDue(waiting, Step.HANDLER_REVIEW, 2, AWARE, (HANDLER, DPO))]
    messages = route(events[0], org)
    assert [(m.kind, m.recipient) for m in messages] == [
        (MessageKind.NUDGE, f"{HANDLER}@example.org"),
        (MessageKind.NUDGE, f"{DPO}@example.org"),
    ]
    assert messages[0].params["since"] == int(AWARE.timestamp())


def test_the_step_starts_at_the_last_decision_that_moved_the_incident_there():
    moved = AWARE + timedelta(hours=3)
    history = [
        TimelineEntry(AWARE, "rita", "reported", {"step": "contact_review"}),
        TimelineEntry(moved, CONTACT_NORTH, "decision", {"step": "contact_review", "to": "handler_review"}),
        TimelineEntry(moved + timedelta(hours=1), HANDLER, "decision",
                      {"step": "handler_review", "to": "handler_review", "decision": "ask_reporter"}),
    ]  # fmt: skip
    waiting = incident(Step.HANDLER_REVIEW, notify_authority=False)

    assert step_since(waiting, history) == moved  # a question to the reporter keeps the wait
    assert step_since(incident(Step.CONTACT_REVIEW), history[:1]) == AWARE
    sent = travel(waiting, make_org(), hours=12, every=timedelta(minutes=10), history=history)
    assert min(sent.values()) == moved + timedelta(hours=4)


def test_a_nudge_is_not_sent_once_the_step_was_decided():
    waiting = incident(Step.HANDLER_REVIEW)
    now = AWARE + timedelta(hours=5)
    since = int(AWARE.timestamp())

    view = nudge_view(waiting, [], step="handler_review", since=since, level=1, now=now)
    assert view is not None and view.waiting == timedelta(hours=5)
    moved_on = waiting.evolve(step=Step.DPO_REVIEW)
    assert nudge_view(moved_on, [], step="handler_review", since=since, level=1, now=now) is None
    reentered = [TimelineEntry(AWARE + timedelta(hours=1), DPO, "decision",
                               {"step": "closed", "to": "handler_review"})]  # fmt: skip
    assert (
        nudge_view(waiting, reentered, step="handler_review", since=since, level=1, now=now) is None
    )


# ---- what a reminder says -------------------------------------------------------------------


def test_the_reminder_view_lists_open_items_and_offers_recording_only_in_the_irt():
    checklist = tuple(
        ChecklistItem(k, ItemState.DONE if k is ChecklistKey.CONTAIN else ItemState.OPEN)
        for k in ChecklistKey
    )
    now = AWARE + timedelta(hours=70)
    view = reminder_view(incident(checklist=checklist), "before:2", now=now)

    assert view is not None and not view.overdue and view.can_record
    assert view.remaining == timedelta(hours=2)
    assert ChecklistKey.CONTAIN not in view.open_items
    assert ChecklistKey.NOTIFY_AUTHORITY in view.open_items
    review = reminder_view(incident(Step.DPO_REVIEW), "at:0", now=AWARE + timedelta(hours=73))
    assert (
        review is not None and review.overdue and not review.can_record and review.open_items == ()
    )


def test_dpo_reminders_go_to_each_dpo_and_irt_reminders_to_the_workspace():
    org = make_org()
    inc = incident(case_number="2026-0003")
    p = plan(inc, org, now=AWARE + timedelta(hours=61), sent=set(), step_since=AWARE)
    events = to_events(inc, p.send, org, step_since=AWARE)

    assert events == [
        DeadlineReminderDue(inc, "before:12", False),
        DeadlineReminderDue(inc, "before:12", True),
    ]
    dpo, irt = (route(e, org) for e in events)
    assert [(m.kind, m.recipient, m.params["rung"]) for m in dpo] == [
        (MessageKind.REMINDER, f"{DPO}@example.org", "before:12")
    ]
    assert [(m.platform, m.kind, m.recipient) for m in irt] == [
        (Channel.SLACK, MessageKind.REMINDER, "")
    ]


def test_recording_from_a_reminder_is_for_the_irt_while_it_works_the_case():
    org = make_org()
    check_record_notification(incident(), actor=IRT_MEMBER, org=org)
    check_record_notification(incident(), actor=DPO, org=org)  # the DPO works the checklist too
    with pytest.raises(NotAllowed):
        check_record_notification(incident(), actor=HANDLER, org=org)
    with pytest.raises(InvalidTransition):
        check_record_notification(incident(Step.DPO_REVIEW), actor=DPO, org=org)


# ---- daylight saving time -------------------------------------------------------------------

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    "aware_local, deadline_local, before_24_local",
    [
        # Clocks go back on 25 October 2026: 72 clock hours end an hour "earlier" on the wall.
        (datetime(2026, 10, 23, 12, 0), "2026-10-26 11:00 CET", "2026-10-25 11:00 CET"),
        # Clocks go forward on 29 March 2026: an hour "later".
        (datetime(2026, 3, 27, 12, 0), "2026-03-30 13:00 CEST", "2026-03-29 13:00 CEST"),
    ],
)
def test_rungs_are_clock_hours_across_a_dst_change_and_shown_in_local_time(
    aware_local, deadline_local, before_24_local
):
    aware = aware_local.replace(tzinfo=AMSTERDAM).astimezone(UTC)
    inc = make_incident(Step.IRT, discovered_at=aware, reported_at=aware)
    ladder = deadline_ladder(inc, make_org().deadlines)

    due = [ladder.due_of(name) for name in DEFAULT_RUNGS]
    assert [d - aware for d in due] == [timedelta(hours=h) for h in DEFAULT_RUNGS.values()]  # type: ignore[operator]
    assert format_local(ladder.due_of("at:0"), "Europe/Amsterdam") == deadline_local  # type: ignore[arg-type]
    assert format_local(ladder.due_of("before:24"), "Europe/Amsterdam") == before_24_local  # type: ignore[arg-type]
    sent = travel(inc, make_org(), start=aware, hours=73, every=timedelta(minutes=20))
    assert len([k for k in sent if k.startswith("dpo:")]) == 6
