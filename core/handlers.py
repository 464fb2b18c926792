"""The use cases: one unit of work per command, events recorded in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from core.checklist import update_checklist
from core.commands import (
    AddDetails,
    AnswerQuestion,
    ChangeAwareTime,
    Decide,
    ReportIncident,
    UpdateChecklist,
)
from core.errors import Duplicate, InvalidTransition, NotAllowed, NotFound, ValidationFailed
from core.events import AwareTimeChanged, DetailsAdded, Event, ReporterAnswered
from core.model import Incident, Tristate
from core.org import Organisation
from core.ports import Clock, EventSink, UnitOfWork, UnitOfWorkFactory
from core.reporting import CLOCK_SKEW, new_incident, reported
from core.timeline import TimelineEntry
from core.workflow import decide, may_correct_awareness


class _NoSink:
    async def record(self, events: Sequence[Event], uow: UnitOfWork) -> None:
        return None

    async def committed(self) -> None:
        return None


@dataclass
class Handlers:
    """The application service every adapter calls; `org` may be swapped on config reload."""

    uow: UnitOfWorkFactory
    clock: Clock
    org: Organisation
    sink: EventSink = field(default_factory=_NoSink)

    async def report(self, command: ReportIncident) -> tuple[Incident, bool]:
        """Store a report before anything else; returns (incident, created). Repeats return the first."""
        now = self.clock.now()
        incident = new_incident(command, org=self.org, now=now)
        async with self.uow() as uow:
            if command.idempotency_key:
                existing = await uow.incidents.by_idempotency_key(command.idempotency_key)
                if existing is not None:
                    return existing, False
            try:
                stored = await uow.incidents.add(incident, idempotency_key=command.idempotency_key)
            except Duplicate:
                # The same submission raced us and won; answer with its incident.
                winner = await uow.incidents.by_idempotency_key(command.idempotency_key or "")
                if winner is None:
                    raise
                return winner, False
            entry, events = reported(stored, org=self.org)
            await uow.incidents.append(stored, entry)
            await self._finish(uow, events)
        await self.sink.committed()
        return stored, True

    async def decide(self, command: Decide) -> Incident:
        async with self.uow() as uow:
            incident = await self._load(uow, command.case_number)
            if command.step is not None and command.step is not incident.step:
                raise InvalidTransition(decision=command.decision.value, step=incident.step.value)
            applied = decide(
                incident,
                command.decision,
                actor=command.actor,
                org=self.org,
                now=self.clock.now(),
                reason=command.reason,
            )
            await uow.incidents.save(applied.incident)
            await uow.incidents.append(applied.incident, applied.entry)
            await self._finish(uow, applied.events)
        await self.sink.committed()
        return applied.incident

    async def update_checklist(self, command: UpdateChecklist) -> Incident:
        async with self.uow() as uow:
            incident = await self._load(uow, command.case_number)
            applied = update_checklist(
                incident, command.change, actor=command.actor, org=self.org, now=self.clock.now()
            )
            await uow.incidents.save(applied.incident)
            for entry in applied.entries:
                await uow.incidents.append(applied.incident, entry)
            await self._finish(uow, applied.events)
        await self.sink.committed()
        return applied.incident

    async def change_aware_time(self, command: ChangeAwareTime) -> Incident:
        """Only the DPO moves the start of the 72 hours, with a reason (gdpr.md §2.1)."""
        now = self.clock.now()
        if not may_correct_awareness(command.actor, self.org):
            raise NotAllowed("error.only_dpo_aware_time")
        _check_aware_time(command, now)
        async with self.uow() as uow:
            incident = await self._load(uow, command.case_number)
            previous = incident.effective_aware_at
            updated = incident.evolve(
                aware_at=command.aware_at,
                aware_basis=command.basis or incident.aware_basis,
                aware_changed_by=command.actor,
                aware_change_reason=command.reason.strip(),
            )
            await uow.incidents.save(updated)
            await uow.incidents.append(
                updated,
                TimelineEntry(
                    now,
                    command.actor,
                    "aware_time_changed",
                    {
                        "from": previous.isoformat(),
                        "to": command.aware_at.isoformat(),
                        "reason": command.reason.strip(),
                    },
                ),
            )
            await self._finish(
                uow, (AwareTimeChanged(updated, command.actor, previous, command.reason.strip()),)
            )
        await self.sink.committed()
        return updated

    async def answer_question(self, command: AnswerQuestion) -> Incident:
        """The reporter's answer goes into the timeline and back to the asker."""
        answer = command.answer.strip()
        if not answer:
            raise ValidationFailed({"answer": "field.required"})
        async with self.uow() as uow:
            incident = await self._load(uow, command.case_number)
            if incident.reporter.id != command.actor:
                raise NotAllowed("error.not_reporter")
            await uow.incidents.append(
                incident,
                TimelineEntry(
                    self.clock.now(),
                    command.actor,
                    "reporter_answered",
                    {
                        "asked_by": command.asked_by,
                        "answer": answer,
                    },
                ),
            )
            await self._finish(uow, (ReporterAnswered(incident, answer, command.asked_by),))
        await self.sink.committed()
        return incident

    async def record_workspace(self, case_number: str, *, platform: str, kind: str) -> None:
        """Note in the timeline where the IRT works on a case (channel, group chat, or personal
        chats when neither could be made), so the register shows how the IRT was reached."""
        async with self.uow() as uow:
            incident = await self._load(uow, case_number, for_update=False)
            entry = TimelineEntry(
                self.clock.now(), "meldpunt", f"irt_workspace_{kind}", {"platform": platform}
            )
            await uow.incidents.append(incident, entry)
            await uow.commit()

    async def add_details(self, command: AddDetails) -> Incident:
        """Only the reporter completes their own report; what they leave empty stays as it was."""
        if command.subjects_count is not None and command.subjects_count < 0:
            raise ValidationFailed({"subjects_count": "field.not_a_number"})
        async with self.uow() as uow:
            incident = await self._load(uow, command.case_number)
            if incident.reporter.id != command.actor:
                raise NotAllowed("error.not_reporter")
            details = _details(command, incident)
            changed = sorted(k for k, v in details.items() if getattr(incident, k) != v)
            updated = incident.evolve(**details)
            await uow.incidents.save(updated)
            entry = TimelineEntry(self.clock.now(), command.actor, "details_added", {"fields": changed})
            await uow.incidents.append(updated, entry)
            await self._finish(uow, (DetailsAdded(updated, command.actor),))
        await self.sink.committed()
        return updated

    async def get(self, case_number: str) -> tuple[Incident, list[TimelineEntry]]:
        async with self.uow() as uow:
            incident = await self._load(uow, case_number, for_update=False)
            return incident, await uow.incidents.timeline(incident)

    async def incidents(self, *, open_only: bool = False) -> list[Incident]:
        async with self.uow() as uow:
            return await uow.incidents.list(open_only=open_only)

    async def _load(
        self, uow: UnitOfWork, case_number: str, *, for_update: bool = True
    ) -> Incident:
        incident = await uow.incidents.get(case_number.strip(), for_update=for_update)
        if incident is None:
            raise NotFound(case=case_number)
        return incident

    async def _finish(self, uow: UnitOfWork, events: Sequence[Event]) -> None:
        await self.sink.record(events, uow)
        await uow.commit()


def _details(command: AddDetails, incident: Incident) -> dict[str, object]:
    """The answered questions; an empty answer keeps what the incident already holds."""
    return {
        "personal_data_categories": command.personal_data_categories
        or incident.personal_data_categories,
        "data_subject_groups": command.data_subject_groups or incident.data_subject_groups,
        "subjects_count": incident.subjects_count
        if command.subjects_count is None
        else command.subjects_count,
        "special_categories": incident.special_categories
        if command.special_categories is Tristate.UNKNOWN
        else command.special_categories,
        "encrypted": incident.encrypted
        if command.encrypted is Tristate.UNKNOWN
        else command.encrypted,
        "measures_taken": (command.measures_taken or "").strip() or incident.measures_taken,
    }


def _check_aware_time(command: ChangeAwareTime, now: datetime) -> None:
    errors: dict[str, str] = {}
    if command.aware_at.tzinfo is None:
        errors["aware_at"] = "field.invalid_time"
    elif command.aware_at > now + CLOCK_SKEW:
        errors["aware_at"] = "field.in_future"
    if not command.reason.strip():
        errors["reason"] = "field.reason_required"
    if errors:
        raise ValidationFailed(errors)
