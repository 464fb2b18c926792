"""Checks across the organisation file that a schema cannot express: ids, references, cycles."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from bot.org_schema import OrgFile, UnitFile
from bot.yaml_lines import Loc

Problem = tuple[int, str]
LineOf = Callable[[Loc], int]


def find_problems(org: OrgFile, line_of: LineOf) -> list[Problem]:
    """Every cross-reference problem in a schema-valid file, in file order."""
    people = {p.id for p in org.people}
    problems = [
        *_duplicate_people(org, line_of),
        *_unit_problems(org.units, people, line_of),
        *_role_problems(org, people, line_of),
    ]
    return sorted(problems, key=lambda problem: problem[0])


def _duplicate_people(org: OrgFile, line_of: LineOf) -> Iterator[Problem]:
    first: dict[tuple[str, str], int] = {}
    for i, person in enumerate(org.people):
        addresses = {
            "id": person.id,
            "slack": person.slack,
            "teams": person.teams,
            "email": person.email.lower() if person.email else None,
        }
        for field, value in addresses.items():
            if value is None:
                continue
            line = line_of(("people", i, field))
            if (field, value) in first:
                what = "person id" if field == "id" else f"{field} address"
                yield line, f"duplicate {what} {value!r} (first at line {first[field, value]})"
            else:
                first[field, value] = line
        if person.notify and addresses[person.notify] is None:
            yield (
                line_of(("people", i, "notify")),
                f"person {person.id!r} has notify: {person.notify} but no {person.notify} address",
            )


def _unit_problems(units: list[UnitFile], people: set[str], line_of: LineOf) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for loc, unit, ancestors in _walk(units, ("units",), ()):
        line = line_of((*loc, "id"))
        if unit.id in ancestors:
            path = " › ".join((*ancestors, unit.id))
            yield line, f"cycle in units: unit {unit.id!r} contains itself ({path})"
        elif unit.id in first:
            yield line, f"duplicate unit id {unit.id!r} (first at line {first[unit.id]})"
        else:
            first[unit.id] = line
        for j, contact in enumerate(unit.contacts):
            if contact not in people:
                yield (
                    line_of((*loc, "contacts", j)),
                    f"unit {unit.id!r} names unknown person {contact!r} as contact",
                )


def _walk(
    units: list[UnitFile], loc: Loc, ancestors: tuple[str, ...]
) -> Iterator[tuple[Loc, UnitFile, tuple[str, ...]]]:
    for i, unit in enumerate(units):
        yield (*loc, i), unit, ancestors
        if unit.id not in ancestors:  # a cycle is reported once, not walked into
            yield from _walk(unit.units, (*loc, i, "units"), (*ancestors, unit.id))


def _role_problems(org: OrgFile, people: set[str], line_of: LineOf) -> Iterator[Problem]:
    for role, ids in org.roles:
        for j, person_id in enumerate(ids):
            if person_id not in people:
                yield line_of(("roles", role, j)), f"role {role} names unknown person {person_id!r}"
    if not org.roles.dpo:
        yield (
            line_of(("roles", "dpo")),
            "roles: at least one dpo is needed (the DPO always reviews last)",
        )
