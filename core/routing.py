"""Who hears about what, on which platform: events in, outbound messages out."""

from __future__ import annotations

from core.events import (
    AwareTimeChanged,
    BreachConfirmed,
    ChecklistChanged,
    DeadlineReminderDue,
    DecisionTaken,
    DetailsAdded,
    Escalated,
    Event,
    IncidentReported,
    QuestionForReporter,
    ReporterAnswered,
    ReviewNudgeDue,
    ReviewRequested,
)
from core.model import Incident, Source, Step
from core.org import Channel, Organisation
from core.outbox import MessageKind, OutboundMessage

_SOURCE_CHANNEL = {Source.SLACK: Channel.SLACK, Source.TEAMS: Channel.TEAMS}


def person_ref(channel: Channel, address: str) -> str:
    """The id an incident records for someone outside the organisation file: 'slack:U123'."""
    return f"{channel.value}:{address}"


def address_of(person_id: str, org: Organisation, incident: Incident) -> tuple[Channel, str] | None:
    """Where to reach a person about this incident (interface.md, 'Where a person is reached')."""
    person = org.person(person_id)
    if person is not None:
        channel = person.reach(_SOURCE_CHANNEL.get(incident.source))
        address = person.address(channel) if channel else None
        return (channel, address) if channel and address else None
    prefix, _, address = person_id.partition(":")
    if address and prefix in {c.value for c in Channel}:
        return Channel(prefix), address
    if incident.reporter.id == person_id and incident.reporter.email:
        return Channel.EMAIL, incident.reporter.email
    return None


def workspace_platform(incident: Incident, org: Organisation) -> Channel:
    """IRT workspaces follow the reporting platform, else where the DPO is reached."""
    if incident.source in _SOURCE_CHANNEL:
        return _SOURCE_CHANNEL[incident.source]
    for dpo in org.roles.dpo:
        found = address_of(dpo, org, incident)
        if found and found[0] is not Channel.EMAIL:
            return found[0]
    return Channel.SLACK


def route(event: Event, org: Organisation) -> list[OutboundMessage]:
    incident = event.incident
    case = incident.case_number or ""
    out: list[OutboundMessage] = []

    def to_person(person_id: str, kind: MessageKind, **params: object) -> None:
        found = address_of(person_id, org, incident)
        if found:
            out.append(
                OutboundMessage(found[0], kind, case, found[1], {"person": person_id, **params})
            )

    def case_wide(kind: MessageKind, **params: object) -> None:
        for platform in _platforms(incident, org):
            out.append(OutboundMessage(platform, kind, case, "", dict(params)))

    def irt(**line: object) -> None:
        if incident.step is Step.IRT or line.get("from_step") == Step.IRT.value:
            platform = workspace_platform(incident, org)
            out.append(OutboundMessage(platform, MessageKind.IRT_STATUS, case))
            out.append(OutboundMessage(platform, MessageKind.IRT_LINE, case, "", dict(line)))

    match event:
        case IncidentReported():
            to_person(incident.reporter.id, MessageKind.NOTICE, template="reported")
            for dpo in org.roles.dpo:
                to_person(dpo, MessageKind.REVIEW_CARD, notify=True)
        case ReviewRequested(step=step, reviewers=reviewers):
            for reviewer in reviewers:
                to_person(reviewer, MessageKind.REVIEW_CARD, notify=True, step=step.value)
        case DecisionTaken(decision=decision, actor=actor, from_step=from_step, to_step=to_step):
            case_wide(MessageKind.REFRESH_CARDS)
            irt(what="decision", decision=decision.value, actor=actor, from_step=from_step.value)
            if to_step is Step.CLOSED:
                to_person(incident.reporter.id, MessageKind.NOTICE, template="closed")
        case Escalated():
            out.append(
                OutboundMessage(workspace_platform(incident, org), MessageKind.IRT_WORKSPACE, case)
            )
        case QuestionForReporter(question=question, asked_by=asked_by):
            to_person(
                incident.reporter.id,
                MessageKind.NOTICE,
                template="question",
                question=question,
                asked_by=asked_by,
            )
        case ReporterAnswered(answer=answer, asked_by=asked_by):
            to_person(asked_by, MessageKind.NOTICE, template="answer", answer=answer)
        case ChecklistChanged(item=item, actor=actor):
            irt(what="checklist", item=item.key.value, state=item.state.value, actor=actor)
        case BreachConfirmed(board=board):
            for member in board:
                to_person(member, MessageKind.NOTICE, template="breach_confirmed")
        case DetailsAdded():
            case_wide(MessageKind.REFRESH_CARDS)
            if incident.step is Step.IRT:
                out.append(
                    OutboundMessage(workspace_platform(incident, org), MessageKind.IRT_STATUS, case)
                )
        case AwareTimeChanged(actor=actor):
            case_wide(MessageKind.REFRESH_CARDS)
            irt(what="aware_time", actor=actor)
        case DeadlineReminderDue(rung=rung, workspace=True):
            platform = workspace_platform(incident, org)
            out.append(OutboundMessage(platform, MessageKind.REMINDER, case, "", {"rung": rung}))
        case DeadlineReminderDue(rung=rung):
            for dpo in org.roles.dpo:
                to_person(dpo, MessageKind.REMINDER, rung=rung)
        case ReviewNudgeDue(step=step, level=level, since=since, people=people):
            for person in people:
                to_person(
                    person,
                    MessageKind.NUDGE,
                    step=step.value,
                    level=level,
                    since=int(since.timestamp()),
                )
    return out


def _platforms(incident: Incident, org: Organisation) -> tuple[Channel, ...]:
    """Platforms on which anyone involved may hold a card for this incident."""
    found = {_SOURCE_CHANNEL.get(incident.source)}
    for person in org.people:
        found.update(c for c in (Channel.SLACK, Channel.TEAMS) if person.address(c))
    return tuple(c for c in (Channel.SLACK, Channel.TEAMS) if c in found)
