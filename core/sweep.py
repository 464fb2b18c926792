"""The reminder sweep: due incidents in, reminders and nudges out through the outbox, each once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.events import Event
from core.model import Incident
from core.org import Organisation
from core.ports import EventSink, UnitOfWork, UnitOfWorkFactory
from core.reminders import Rung, plan, step_since, to_events

BATCH = 200
MAX_BATCHES = 1000  # a safety stop; every batch moves its incidents' due times past `now`


@dataclass(frozen=True)
class SweepResult:
    visited: int
    sent: tuple[Rung, ...]


async def sweep(
    uow: UnitOfWorkFactory,
    *,
    org: Organisation,
    sink: EventSink,
    now: datetime,
    batch: int = BATCH,
) -> SweepResult:
    """Work through every incident due by `now`, one transaction per batch.

    Each batch claims its incidents (locked; other replicas skip them), records the rungs it
    sends under their unique key, writes the messages to the outbox and the next due times,
    and commits all of that at once: a crash leaves either all of it or none.
    """
    visited, sent = 0, []
    for _ in range(MAX_BATCHES):
        async with uow() as tx:
            incidents = await tx.reminders.due(now=now, limit=batch)
            if not incidents:
                break
            sent += await _sweep_batch(tx, incidents, org=org, sink=sink, now=now)
            await tx.commit()
        visited += len(incidents)
        if len(incidents) < batch:
            break
    return SweepResult(visited, tuple(sent))


async def _sweep_batch(
    tx: UnitOfWork,
    incidents: Sequence[Incident],
    *,
    org: Organisation,
    sink: EventSink,
    now: datetime,
) -> list[Rung]:
    ids = [_id(incident) for incident in incidents]
    sent = await tx.reminders.sent(ids)
    history = await tx.reminders.history(ids)
    since = {_id(i): step_since(i, history.get(_id(i), [])) for i in incidents}
    plans = {
        _id(i): plan(i, org, now=now, sent=sent.get(_id(i), set()), step_since=since[_id(i)])
        for i in incidents
    }
    wanted = [(incident_id, rung.key) for incident_id, p in plans.items() for rung in p.send]
    fresh = await tx.reminders.mark_sent(wanted, at=now) if wanted else set()
    done: list[Rung] = []
    events: list[Event] = []
    for incident in incidents:
        rungs = [r for r in plans[_id(incident)].send if (_id(incident), r.key) in fresh]
        events += to_events(incident, rungs, org, step_since=since[_id(incident)])
        done += rungs
    await sink.record(events, tx)
    await tx.reminders.schedule({incident_id: p.next_due_at for incident_id, p in plans.items()})
    return done


def _id(incident: Incident) -> int:
    assert incident.id is not None
    return incident.id
