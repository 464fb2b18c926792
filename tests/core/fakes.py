"""In-memory fakes of core.ports: a unit of work that keeps only what was committed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.events import Event
from core.model import Incident
from core.timeline import TimelineEntry


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


@dataclass
class Store:
    """The committed state, as a database would hold it."""

    incidents: dict[str, Incident] = field(default_factory=dict)
    timelines: dict[str, list[TimelineEntry]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    commits: int = 0

    def copy(self) -> Store:
        return Store(
            dict(self.incidents),
            {case: list(entries) for case, entries in self.timelines.items()},
            dict(self.keys),
            self.commits,
        )


class FakeIncidentRepository:
    """Works on its unit of work's private copy of the store."""

    def __init__(self, data: Store) -> None:
        self.data = data

    async def add(self, incident: Incident, *, idempotency_key: str | None = None) -> Incident:
        year = incident.reported_at.year
        number = 1 + sum(case.startswith(f"{year}-") for case in self.data.incidents)
        stored = incident.evolve(
            id=len(self.data.incidents) + 1, case_number=f"{year}-{number:04d}"
        )
        assert stored.case_number is not None
        self.data.incidents[stored.case_number] = stored
        self.data.timelines[stored.case_number] = []
        if idempotency_key:
            self.data.keys[idempotency_key] = stored.case_number
        return stored

    async def get(self, case_number: str, *, for_update: bool = False) -> Incident | None:
        return self.data.incidents.get(case_number)

    async def by_idempotency_key(self, key: str) -> Incident | None:
        case = self.data.keys.get(key)
        return self.data.incidents[case] if case else None

    async def save(self, incident: Incident) -> None:
        assert incident.case_number in self.data.incidents, "save() of an incident never added"
        self.data.incidents[incident.case_number] = incident

    async def list(self, *, open_only: bool = False, limit: int | None = None) -> list[Incident]:
        found = [i for i in self.data.incidents.values() if not (open_only and i.is_closed)]
        return found[:limit] if limit is not None else found

    async def append(self, incident: Incident, entry: TimelineEntry) -> None:
        assert incident.case_number is not None
        self.data.timelines[incident.case_number].append(entry)

    async def timeline(self, incident: Incident) -> list[TimelineEntry]:
        assert incident.case_number is not None
        return list(self.data.timelines.get(incident.case_number, []))


class FakeUnitOfWork:
    """One transaction over a copy of the store; commit() publishes it, leaving drops it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.active = False
        self.committed = False
        self.incidents = FakeIncidentRepository(store.copy())

    async def __aenter__(self) -> FakeUnitOfWork:
        self.active = True
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.active = False

    async def commit(self) -> None:
        assert self.active, "commit() outside the transaction"
        working = self.incidents.data
        self.store.incidents = dict(working.incidents)
        self.store.timelines = {case: list(e) for case, e in working.timelines.items()}
        self.store.keys = dict(working.keys)
        self.store.commits += 1
        self.committed = True


class FakeUnitOfWorkFactory:
    def __init__(self, store: Store | None = None) -> None:
        self.store = store or Store()
        self.opened: list[FakeUnitOfWork] = []

    def __call__(self) -> FakeUnitOfWork:
        uow = FakeUnitOfWork(self.store)
        self.opened.append(uow)
        return uow


@dataclass(frozen=True)
class Recorded:
    """One record() call and the state of the transaction at that moment."""

    events: tuple[Event, ...]
    in_transaction: bool
    before_commit: bool
    commits_so_far: int


class RecordingSink:
    """An outbox that remembers what it was given, and when."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.recorded: list[Recorded] = []
        self.hints: list[int] = []  # store.commits at each committed() hint

    async def record(self, events: Sequence[Event], uow: FakeUnitOfWork) -> None:
        self.recorded.append(
            Recorded(tuple(events), uow.active, not uow.committed, uow.store.commits)
        )

    async def committed(self) -> None:
        self.hints.append(self.store.commits)

    @property
    def events(self) -> list[Event]:
        return [e for r in self.recorded for e in r.events]
