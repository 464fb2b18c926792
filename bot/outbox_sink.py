"""The event sink: events become outbox rows in the command's own transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.events import Event
from core.org import Organisation
from core.ports import Clock, UnitOfWork
from core.routing import route


class OutboxSink:
    """core.ports.EventSink: nothing is sent here; the dispatcher delivers after commit."""

    def __init__(
        self, *, org: Callable[[], Organisation], clock: Clock, kick: Callable[[], None]
    ) -> None:
        self._org, self._clock, self._kick = org, clock, kick

    async def record(self, events: Sequence[Event], uow: UnitOfWork) -> None:
        org = self._org()
        messages = [message for event in events for message in route(event, org)]
        if messages:
            await uow.outbox.add(messages, now=self._clock.now())

    async def committed(self) -> None:
        self._kick()
