"""The organisation: people, the unit tree and who holds which role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Channel(StrEnum):
    """A way to reach a person."""

    SLACK = "slack"
    TEAMS = "teams"
    EMAIL = "email"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str | None = None
    slack: str | None = None
    teams: str | None = None
    notify: Channel | None = None

    def address(self, channel: Channel) -> str | None:
        """The person's id on a channel, or None when they have none there."""
        return {Channel.SLACK: self.slack, Channel.TEAMS: self.teams, Channel.EMAIL: self.email}[
            channel
        ]

    def reach(self, preferred: Channel | None = None) -> Channel | None:
        """Where to reach this person about an incident (interface.md, 'Where a person is reached')."""
        for channel in (preferred, self.notify, Channel.SLACK, Channel.TEAMS, Channel.EMAIL):
            if channel is not None and self.address(channel):
                return channel
        return None


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    contacts: tuple[str, ...] = ()
    units: tuple[Unit, ...] = ()


@dataclass(frozen=True)
class Roles:
    handlers: tuple[str, ...] = ()
    dpo: tuple[str, ...] = ()
    irt: tuple[str, ...] = ()
    irt_lead: tuple[str, ...] = ()
    board: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkflowSettings:
    contact_review: bool = True
    handler_review: bool = True


@dataclass(frozen=True)
class DeadlineSettings:
    remind_before_hours: tuple[int, ...] = (48, 24, 12, 6, 2, 0)
    overdue_every_hours: int = 12
    review_nudge_hours: int = 4


@dataclass(frozen=True)
class Organisation:
    name: str
    timezone: str = "Europe/Amsterdam"
    language: str = "nl"
    people: tuple[Person, ...] = ()
    units: tuple[Unit, ...] = ()
    roles: Roles = field(default_factory=Roles)
    workflow: WorkflowSettings = field(default_factory=WorkflowSettings)
    deadlines: DeadlineSettings = field(default_factory=DeadlineSettings)
    irt_channel_prefix: str = "inc-"
    teams_irt_team_id: str | None = None
    disclosure_policy: str | None = None

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def person_by_address(self, channel: Channel, address: str) -> Person | None:
        """The person whose Slack/Teams/e-mail id this is."""
        return next((p for p in self.people if p.address(channel) == address), None)

    def walk_units(self) -> Iterator[tuple[Unit, tuple[Unit, ...]]]:
        """Every unit with its ancestors, depth first, parents before children."""

        def walk(units: tuple[Unit, ...], parents: tuple[Unit, ...]):
            for unit in units:
                yield unit, parents
                yield from walk(unit.units, (*parents, unit))

        yield from walk(self.units, ())

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u, _ in self.walk_units() if u.id == unit_id), None)

    def unit_path(self, unit_id: str) -> tuple[Unit, ...]:
        """The unit and its ancestors, root first; empty when unknown."""
        for unit, parents in self.walk_units():
            if unit.id == unit_id:
                return (*parents, unit)
        return ()

    def unit_label(self, unit_id: str) -> str:
        """'Location North › Administration' for display."""
        path = self.unit_path(unit_id)
        return " › ".join(u.name for u in path) if path else unit_id

    def contacts_for(self, unit_id: str) -> tuple[str, ...]:
        """The unit's contacts, else the nearest ancestor's (interface.md, review decisions)."""
        for unit in reversed(self.unit_path(unit_id)):
            if unit.contacts:
                return unit.contacts
        return ()

    def irt_members(self) -> tuple[str, ...]:
        """Everyone who works the IRT checklist: the IRT, its lead and the DPO."""
        return _unique(self.roles.irt + self.roles.irt_lead + self.roles.dpo)

    def privacy_roles(self) -> tuple[str, ...]:
        """Handlers, DPO, IRT lead and board: those who see the register."""
        r = self.roles
        return _unique(r.handlers + r.dpo + r.irt_lead + r.board)


def _unique(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))
