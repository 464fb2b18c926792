"""The reminder ladder of the 72-hour clock (Art. 33(1)) and the review nudges, as pure rules.

A reminder is a *rung* whose key is unique per incident ("dpo:before:24", "irt:overdue:2",
"nudge:handler_review:1767225600:1"); the database stores each key once, which is what makes
every reminder exactly-once. Rungs come in *tracks*: the DPO's ladder, the IRT workspace's
ladder (once escalated), and the nudges of one visit to a review step. Per track a sweep sends
only the most urgent rung that is due and newer than the last one sent, so rungs that were
already past when the incident was reported, or missed while the bot was down, are skipped
instead of sent in a burst.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from core.deadlines import deadline_of, stop_reason
from core.errors import InvalidTransition, NotAllowed
from core.events import DeadlineReminderDue, Event, ReviewNudgeDue
from core.model import ChecklistKey, Incident, ItemState, Step
from core.org import DeadlineSettings, Organisation
from core.timeline import DECISION, TimelineEntry
from core.workflow import REVIEW_STEPS, reviewers

OPEN_STATES = frozenset({ItemState.OPEN, ItemState.IN_PROGRESS})


class Audience(StrEnum):
    DPO = "dpo"
    IRT = "irt"  # the IRT workspace (channel or chat), once escalated
    REVIEWERS = "reviewers"  # first nudge: whoever the review step waits for
    REVIEWERS_AND_DPO = "reviewers_and_dpo"  # second nudge: the DPO too


@dataclass(frozen=True)
class Rung:
    key: str  # unique per incident: the exactly-once key
    name: str  # "before:24", "at:0", "overdue:2", or a nudge level "1", "2"
    due_at: datetime
    audience: Audience


@dataclass(frozen=True)
class Plan:
    """What one sweep does for one incident: the rungs to send, and when to look again."""

    send: tuple[Rung, ...]
    next_due_at: datetime | None  # None: nothing left to remind of (e.g. the clock stopped)


@dataclass(frozen=True)
class Ladder:
    """Rungs in due order: a fixed list, then optionally "overdue:k" at start + k * every."""

    fixed: tuple[tuple[str, datetime], ...]
    repeat: tuple[datetime, timedelta] | None = None  # (start, every)

    def due_of(self, name: str) -> datetime | None:
        for fixed_name, due in self.fixed:
            if fixed_name == name:
                return due
        prefix, _, number = name.partition(":")
        if self.repeat and prefix == "overdue" and number.isdigit() and int(number) > 0:
            return self._repeat(int(number))[1]
        return None

    def latest(self, now: datetime) -> tuple[str, datetime] | None:
        """The most urgent rung due at `now`, if any."""
        if self.repeat and now >= self._repeat(1)[1]:
            start, every = self.repeat
            return self._repeat((now - start) // every)
        due = [rung for rung in self.fixed if rung[1] <= now]
        return due[-1] if due else None

    def after(self, moment: datetime | None) -> tuple[str, datetime] | None:
        """The first rung due strictly after `moment` (None: the very first rung)."""
        for rung in self.fixed:
            if moment is None or rung[1] > moment:
                return rung
        if not self.repeat:
            return None
        start, every = self.repeat
        if moment is None or moment < start:
            return self._repeat(1)
        return self._repeat((moment - start) // every + 1)

    def _repeat(self, k: int) -> tuple[str, datetime]:
        assert self.repeat is not None
        start, every = self.repeat
        return f"overdue:{k}", start + k * every


@dataclass(frozen=True)
class Track:
    prefix: str
    ladder: Ladder
    audience: Audience
    audiences: Mapping[str, Audience] = field(default_factory=dict)  # per-rung exceptions

    def rung(self, name: str, due_at: datetime) -> Rung:
        return Rung(f"{self.prefix}:{name}", name, due_at, self.audiences.get(name, self.audience))

    def last_sent(self, sent: Iterable[str]) -> datetime | None:
        start = f"{self.prefix}:"
        dues = (self.ladder.due_of(key[len(start) :]) for key in sent if key.startswith(start))
        return max((due for due in dues if due is not None), default=None)


def deadline_ladder(incident: Incident, settings: DeadlineSettings) -> Ladder:
    """48, 24, 12, 6, 2 h before the deadline, at it, then every 12 h overdue (the defaults).

    Due times are UTC instants: the 72 hours are clock hours, so a DST change moves only how
    they are shown, never when they fall due.
    """
    deadline = deadline_of(incident)
    hours = sorted(set(settings.remind_before_hours), reverse=True)
    fixed = tuple((f"before:{h}" if h else "at:0", deadline - timedelta(hours=h)) for h in hours)
    return Ladder(fixed, (deadline, timedelta(hours=settings.overdue_every_hours)))


def nudge_ladder(since: datetime, settings: DeadlineSettings) -> Ladder:
    """A review step waiting `review_nudge_hours` nudges its reviewers; twice that, the DPO too."""
    wait = timedelta(hours=settings.review_nudge_hours)
    return Ladder((("1", since + wait), ("2", since + 2 * wait)))


def tracks(incident: Incident, org: Organisation, *, step_since: datetime) -> tuple[Track, ...]:
    """The reminder tracks running for this incident now.

    Deadline reminders stop when the authority is notified, the DPO decides no notification
    is needed, or the incident is closed (core.deadlines.stop_reason).
    """
    found: list[Track] = []
    if stop_reason(incident) is None:
        ladder = deadline_ladder(incident, org.deadlines)
        found.append(Track("dpo", ladder, Audience.DPO))
        if incident.step is Step.IRT:
            found.append(Track("irt", ladder, Audience.IRT))
    if incident.step in REVIEW_STEPS:
        visit = f"nudge:{incident.step.value}:{int(step_since.timestamp())}"
        ladder = nudge_ladder(step_since, org.deadlines)
        found.append(Track(visit, ladder, Audience.REVIEWERS, {"2": Audience.REVIEWERS_AND_DPO}))
    return tuple(found)


def plan(
    incident: Incident,
    org: Organisation,
    *,
    now: datetime,
    sent: Set[str],
    step_since: datetime,
) -> Plan:
    """Per track the most urgent due rung newer than the last one sent; then the next due time."""
    send: list[Rung] = []
    upcoming: list[datetime] = []
    for track in tracks(incident, org, step_since=step_since):
        last = track.last_sent(sent)
        latest = track.ladder.latest(now)
        if latest is not None and (last is None or latest[1] > last):
            send.append(track.rung(*latest))
            last = latest[1]
        following = track.ladder.after(last)
        if following is not None:
            upcoming.append(following[1])
    return Plan(tuple(send), min(upcoming, default=None))


def step_since(incident: Incident, history: Sequence[TimelineEntry]) -> datetime:
    """When the incident entered its current step: the last decision that moved it there.

    A question to the reporter keeps the step, so it does not restart the wait.
    """
    for entry in sorted(history, key=lambda e: e.at, reverse=True):
        details = entry.details
        moved = details.get("step") != details.get("to")
        if entry.what == DECISION and moved and details.get("to") == incident.step.value:
            return entry.at
    return incident.reported_at


def to_events(
    incident: Incident, rungs: Iterable[Rung], org: Organisation, *, step_since: datetime
) -> list[Event]:
    """The events that tell people: the router turns them into outbox messages."""
    events: list[Event] = []
    for rung in rungs:
        if rung.audience in (Audience.DPO, Audience.IRT):
            events.append(DeadlineReminderDue(incident, rung.name, rung.audience is Audience.IRT))
            continue
        people = reviewers(incident.step, org, incident.unit_id)
        if rung.audience is Audience.REVIEWERS_AND_DPO:
            people = tuple(dict.fromkeys(people + org.roles.dpo))
        events.append(ReviewNudgeDue(incident, incident.step, int(rung.name), step_since, people))
    return events


# ---- what a reminder says, decided here so adapters only render ----------------------------


@dataclass(frozen=True)
class ReminderView:
    case_number: str
    rung: str
    deadline: datetime
    remaining: timedelta  # negative once overdue
    step: Step
    open_items: tuple[ChecklistKey, ...]  # only while the IRT works the checklist
    can_record: bool  # the button that records the notification to the authority

    @property
    def overdue(self) -> bool:
        return self.remaining < timedelta(0)


@dataclass(frozen=True)
class NudgeView:
    case_number: str
    step: Step
    level: int
    waiting: timedelta


def reminder_view(incident: Incident, rung: str, *, now: datetime) -> ReminderView | None:
    """The reminder as it reads at delivery; None once the clock stopped (then nothing is sent)."""
    if stop_reason(incident) is not None:
        return None
    in_irt = incident.step is Step.IRT
    return ReminderView(
        case_number=incident.case_number or "",
        rung=rung,
        deadline=deadline_of(incident),
        remaining=deadline_of(incident) - now,
        step=incident.step,
        open_items=tuple(i.key for i in incident.checklist if in_irt and i.state in OPEN_STATES),
        can_record=in_irt,
    )


def nudge_view(
    incident: Incident,
    history: Sequence[TimelineEntry],
    *,
    step: str,
    since: int,
    level: int,
    now: datetime,
) -> NudgeView | None:
    """The nudge as it reads at delivery; None once the step was decided (then nothing is sent).

    `since` is the step's start in epoch seconds, as the nudge's event carried it.
    """
    entered = step_since(incident, history)
    if incident.step.value != step or int(entered.timestamp()) != since:
        return None
    return NudgeView(incident.case_number or "", incident.step, level, now - entered)


def check_record_notification(incident: Incident, *, actor: str, org: Organisation) -> None:
    """The reminder's button opens the notification form only for the IRT, while it works the case."""
    if actor not in org.irt_members():
        raise NotAllowed("error.not_irt")
    if incident.step is not Step.IRT:
        raise InvalidTransition("error.checklist_not_open")
