"""The IncidentRepository and UnitOfWork contract, on whichever database the run selected."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import Duplicate, NotFound
from core.model import (
    AuthorityNotification,
    ChecklistItem,
    ChecklistKey,
    Incident,
    ItemState,
    NotificationKind,
    PeopleCommunication,
    Step,
)
from core.timeline import TimelineEntry


async def store(uow_factory, incident: Incident, **kwargs) -> Incident:
    async with uow_factory() as uow:
        stored = await uow.incidents.add(incident, **kwargs)
        await uow.commit()
    return stored


async def load(uow_factory, case_number: str) -> Incident | None:
    async with uow_factory() as uow:
        return await uow.incidents.get(case_number)


def assert_all_utc(incident: Incident) -> None:
    moments = [getattr(incident, f.name) for f in fields(incident)]
    moments += [n.sent_at for n in incident.notifications]
    moments += [i.at for i in incident.checklist]
    moments += [incident.people_communication.informed_at] if incident.people_communication else []
    for moment in moments:
        if isinstance(moment, datetime):
            assert moment.tzinfo is UTC


async def test_add_then_get_round_trips_every_field(uow_factory, full_incident):
    stored = await store(uow_factory, full_incident, idempotency_key="slack:V1")

    assert stored.id is not None
    assert stored.case_number == "2026-0001"
    loaded = await load(uow_factory, "2026-0001")
    assert loaded == stored
    assert loaded == full_incident.evolve(id=stored.id, case_number="2026-0001")
    assert_all_utc(loaded)
    assert loaded.reported_at == datetime(2026, 3, 2, 9, 15, 30, 654321, tzinfo=UTC)
    assert loaded.subjects_count_max == 5_000_000_000
    assert [i.key for i in loaded.checklist] == list(ChecklistKey)


async def test_get_unknown_case_is_none(uow_factory):
    assert await load(uow_factory, "2026-9999") is None


async def test_get_for_update_returns_the_incident(uow_factory, new_incident):
    stored = await store(uow_factory, new_incident())
    async with uow_factory() as uow:
        assert await uow.incidents.get(stored.case_number, for_update=True) == stored


async def test_save_updates_fields_and_children(uow_factory, full_incident, new_incident):
    stored = await store(uow_factory, new_incident())
    changed = full_incident.evolve(id=stored.id, case_number=stored.case_number)
    async with uow_factory() as uow:
        await uow.incidents.get(stored.case_number, for_update=True)
        await uow.incidents.save(changed)
        await uow.commit()
    assert await load(uow_factory, stored.case_number) == changed

    fewer = changed.evolve(
        notifications=changed.notifications[:1],
        people_communication=None,
        checklist=(ChecklistItem(ChecklistKey.RESOLVE, ItemState.IN_PROGRESS),),
        nature=frozenset(),
        extra={},
    )
    async with uow_factory() as uow:
        await uow.incidents.save(fewer)
        await uow.commit()
    assert await load(uow_factory, stored.case_number) == fewer


async def test_save_keeps_empty_people_communication_apart_from_none(uow_factory, new_incident):
    stored = await store(uow_factory, new_incident(people_communication=PeopleCommunication()))
    assert (await load(uow_factory, stored.case_number)).people_communication == (
        PeopleCommunication()
    )


async def test_save_appends_a_notification(uow_factory, new_incident):
    stored = await store(uow_factory, new_incident(step=Step.IRT))
    sent = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    notified = stored.evolve(
        notifications=(AuthorityNotification(NotificationKind.INITIAL, sent, "AP-9", None, "D"),)
    )
    async with uow_factory() as uow:
        await uow.incidents.save(notified)
        await uow.commit()
    loaded = await load(uow_factory, stored.case_number)
    assert loaded.authority_notified_at == sent


async def test_save_of_unknown_incident_raises_not_found(uow_factory, new_incident):
    async with uow_factory() as uow:
        with pytest.raises(NotFound):
            await uow.incidents.save(new_incident(id=4242, case_number="2026-4242"))


async def test_timeline_is_appended_and_read_in_time_order(uow_factory, new_incident):
    stored = await store(uow_factory, new_incident())
    t0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    later = TimelineEntry(t0 + timedelta(hours=1), "U2", "decision", {"to": "irt", "n": [1, 2]})
    first = TimelineEntry(t0, "U1", "reported", {"source": "slack"})
    same_time = TimelineEntry(t0 + timedelta(hours=1), "U3", "checklist", {})
    async with uow_factory() as uow:
        for entry in (later, first, same_time):
            await uow.incidents.append(stored, entry)
        await uow.commit()
    async with uow_factory() as uow:
        entries = await uow.incidents.timeline(stored)
    assert entries == [first, later, same_time]
    assert all(e.at.tzinfo is UTC for e in entries)


async def test_timeline_is_per_incident(uow_factory, new_incident):
    one = await store(uow_factory, new_incident())
    two = await store(uow_factory, new_incident())
    entry = TimelineEntry(datetime(2026, 3, 2, tzinfo=UTC), "U1", "reported", {})
    async with uow_factory() as uow:
        await uow.incidents.append(one, entry)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.incidents.timeline(one) == [entry]
        assert await uow.incidents.timeline(two) == []


async def test_idempotency_key_finds_the_first_report(uow_factory, new_incident):
    stored = await store(uow_factory, new_incident(), idempotency_key="slack:view:1")
    async with uow_factory() as uow:
        assert await uow.incidents.by_idempotency_key("slack:view:1") == stored
        assert await uow.incidents.by_idempotency_key("slack:view:2") is None


async def test_idempotency_key_is_unique(uow_factory, new_incident):
    await store(uow_factory, new_incident(), idempotency_key="k")
    with pytest.raises(Duplicate):
        await store(uow_factory, new_incident(), idempotency_key="k")
    # The failed report gave its number back: numbering stays gap-free.
    assert (await store(uow_factory, new_incident())).case_number == "2026-0002"


async def test_case_numbers_count_up_per_year(uow_factory, new_incident):
    numbers = [(await store(uow_factory, new_incident())).case_number for _ in range(3)]
    assert numbers == ["2026-0001", "2026-0002", "2026-0003"]


async def test_case_year_is_the_organisations_calendar_year(uow_factory, new_incident):
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January in Amsterdam
    assert (await store(uow_factory, new_incident(reported_at=late))).case_number == "2027-0001"
    early = datetime(2026, 12, 31, 22, 59, tzinfo=UTC)
    assert (await store(uow_factory, new_incident(reported_at=early))).case_number == "2026-0001"
    assert (await store(uow_factory, new_incident())).case_number == "2026-0002"
    assert (await store(uow_factory, new_incident(reported_at=late))).case_number == "2027-0002"


async def test_list_is_in_case_number_order_and_filters_open(uow_factory, new_incident):
    next_year = datetime(2027, 1, 5, tzinfo=UTC)
    await store(uow_factory, new_incident(reported_at=next_year))
    await store(uow_factory, new_incident(step=Step.CLOSED))
    await store(uow_factory, new_incident(step=Step.IRT))
    async with uow_factory() as uow:
        everything = await uow.incidents.list()
        open_only = await uow.incidents.list(open_only=True)
        first = await uow.incidents.list(limit=1)
    assert [i.case_number for i in everything] == ["2026-0001", "2026-0002", "2027-0001"]
    assert [i.case_number for i in open_only] == ["2026-0002", "2027-0001"]
    assert [i.case_number for i in first] == ["2026-0001"]


async def test_unit_of_work_rolls_back_without_commit(uow_factory, new_incident):
    async with uow_factory() as uow:
        stored = await uow.incidents.add(new_incident())
        await uow.incidents.append(stored, TimelineEntry(stored.reported_at, "U", "reported"))
    assert await load(uow_factory, stored.case_number) is None
    assert (await store(uow_factory, new_incident())).case_number == stored.case_number


async def test_unit_of_work_rolls_back_on_error(uow_factory, new_incident):
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            stored = await uow.incidents.add(new_incident())
            raise RuntimeError("boom")
    assert await load(uow_factory, stored.case_number) is None


async def test_unit_of_work_is_used_once(uow_factory):
    uow = uow_factory()
    async with uow:
        pass
    with pytest.raises(RuntimeError):
        async with uow:
            pass


async def test_processed_event_is_first_only_once(uow_factory):
    async with uow_factory() as uow:
        assert await uow.processed.first_time("slack", "Ev1") is True
        assert await uow.processed.first_time("slack", "Ev1") is False
        assert await uow.processed.first_time("teams", "Ev1") is True
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.processed.first_time("slack", "Ev1") is False
        assert await uow.processed.first_time("slack", "Ev2") is True


async def test_processed_event_is_forgotten_on_rollback(uow_factory):
    async with uow_factory() as uow:
        assert await uow.processed.first_time("slack", "Ev1") is True
    async with uow_factory() as uow:
        assert await uow.processed.first_time("slack", "Ev1") is True
