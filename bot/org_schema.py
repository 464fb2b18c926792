"""The organisation file's shape as pydantic models (interface.md, 'Organisation file')."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from core.org import (
    Channel,
    DeadlineSettings,
    Organisation,
    Person,
    Roles,
    Unit,
    WorkflowSettings,
)


def _check_id(value: str) -> str:
    if not value or any(ch.isspace() for ch in value):
        raise ValueError(f"an id must be one word without spaces, not {value!r}")
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _check_email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(f"not an e-mail address: {value!r}")
    return value


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown timezone {value!r} (try e.g. 'Europe/Amsterdam')") from None
    return value


def _check_channel_prefix(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9_-]{0,40}", value):
        raise ValueError(
            f"use lowercase letters, digits, '-' and '_' in a Slack channel name, not {value!r}"
        )
    return value


def _empty_list(value: Any) -> Any:
    return [] if value is None else value


def _empty_section(value: Any) -> Any:
    return {} if value is None else value


Id = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[str, AfterValidator(_check_text)]
Ids = Annotated[list[Id], BeforeValidator(_empty_list)]
Hours = Annotated[int, Field(ge=0, le=72)]
Interval = Annotated[int, Field(ge=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class PersonFile(_Model):
    id: Id
    name: Text
    email: Annotated[str, AfterValidator(_check_email)] | None = None
    slack: Id | None = None
    teams: Id | None = None
    notify: Literal["slack", "teams", "email"] | None = None


class UnitFile(_Model):
    id: Id
    name: Text
    contacts: Ids = []
    units: Annotated[list[UnitFile], BeforeValidator(_empty_list)] = []


class RolesFile(_Model):
    handlers: Ids = []
    dpo: Ids = []
    irt: Ids = []
    irt_lead: Ids = []
    board: Ids = []


class WorkflowFile(_Model):
    contact_review: bool = True
    handler_review: bool = True


class DeadlinesFile(_Model):
    remind_before_hours: Annotated[list[Hours], BeforeValidator(_empty_list)] = [
        48,
        24,
        12,
        6,
        2,
        0,
    ]
    overdue_every_hours: Interval = 12
    review_nudge_hours: Interval = 4


class SlackFile(_Model):
    irt_channel_prefix: Annotated[str, AfterValidator(_check_channel_prefix)] = "inc-"


class TeamsFile(_Model):
    irt_team_id: Id | None = None


class WebFile(_Model):
    disclosure_policy: Text | None = None


def _section(model: type[_Model]) -> Any:
    return Field(default_factory=model)


class OrgFile(_Model):
    organisation: Text
    timezone: Annotated[str, AfterValidator(_check_timezone)] = "Europe/Amsterdam"
    language: Literal["nl", "en"] = "nl"
    people: Annotated[list[PersonFile], Field(min_length=1)]
    units: Annotated[list[UnitFile], Field(min_length=1)]
    roles: RolesFile
    workflow: Annotated[WorkflowFile, BeforeValidator(_empty_section)] = _section(WorkflowFile)
    deadlines: Annotated[DeadlinesFile, BeforeValidator(_empty_section)] = _section(DeadlinesFile)
    slack: Annotated[SlackFile, BeforeValidator(_empty_section)] = _section(SlackFile)
    teams: Annotated[TeamsFile, BeforeValidator(_empty_section)] = _section(TeamsFile)
    web: Annotated[WebFile, BeforeValidator(_empty_section)] = _section(WebFile)

    def to_organisation(self) -> Organisation:
        """The validated file as the core's frozen dataclasses."""
        return Organisation(
            name=self.organisation,
            timezone=self.timezone,
            language=self.language,
            people=tuple(_to_person(p) for p in self.people),
            units=tuple(_to_unit(u) for u in self.units),
            roles=Roles(**{name: _unique(ids) for name, ids in self.roles}),
            workflow=WorkflowSettings(**self.workflow.model_dump()),
            deadlines=DeadlineSettings(
                remind_before_hours=tuple(sorted(set(self.deadlines.remind_before_hours))[::-1]),
                overdue_every_hours=self.deadlines.overdue_every_hours,
                review_nudge_hours=self.deadlines.review_nudge_hours,
            ),
            irt_channel_prefix=self.slack.irt_channel_prefix,
            teams_irt_team_id=self.teams.irt_team_id,
            disclosure_policy=self.web.disclosure_policy,
        )


def _to_person(p: PersonFile) -> Person:
    notify = Channel(p.notify) if p.notify else None
    return Person(p.id, p.name, email=p.email, slack=p.slack, teams=p.teams, notify=notify)


def _to_unit(u: UnitFile) -> Unit:
    return Unit(u.id, u.name, contacts=_unique(u.contacts), units=tuple(map(_to_unit, u.units)))


def _unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))
