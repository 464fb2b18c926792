"""The organisation file: the demo, a valid file, and errors that name file, line and problem."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from textwrap import dedent

import pytest

from bot.org_config import (
    OrgConfigError,
    demo_organisation,
    load_org_file,
    load_organisation,
    parse_org_yaml,
)
from core.org import (
    Channel,
    DeadlineSettings,
    Person,
    Roles,
    Unit,
    WorkflowSettings,
)

INTERFACE_EXAMPLE = """\
organisation: Example School Group
timezone: Europe/Amsterdam
language: nl                      # nl | en
people:
  - id: alice
    name: Alice de Vries
    email: alice@example.org
    slack: U0ALICE
    teams: 29:1alice-aad-object-id
    notify: slack
  - {id: bob, name: Bob Bakker, teams: "aad:0000-bob"}
  - {id: carol, name: Carol Smit, email: carol@example.org}
  - {id: dave, name: Dave Dekker, slack: U0DAVE}
  - {id: erin, name: Erin Evers, slack: U0ERIN}
  - {id: frank, name: Frank Mol, slack: U0FRANK}
  - {id: grace, name: Grace Gerritsen, email: grace@example.org, notify: email}
units:
  - id: north
    name: Location North
    contacts: [bob]
    units:
      - id: north-admin
        name: Administration
roles:
  handlers: [carol]
  dpo: [dave]
  irt: [erin, frank]
  irt_lead: [erin]
  board: [grace]
workflow:
  contact_review: true
  handler_review: true
deadlines:
  remind_before_hours: [48, 24, 12, 6, 2, 0]
  overdue_every_hours: 12
  review_nudge_hours: 4
slack:
  irt_channel_prefix: inc-
teams:
  irt_team_id: null
web:
  disclosure_policy: null
"""

# Lines 1-9; error cases below add to or change it so the offending line is easy to count.
MINIMAL = """\
organisation: Test
people:
  - id: ann
    name: Ann
units:
  - id: main
    name: Main
roles:
  dpo: [ann]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(dedent(text), encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> OrgConfigError:
    path = write(tmp_path, text)
    with pytest.raises(OrgConfigError) as caught:
        load_org_file(path)
    assert caught.value.path == str(path)
    where = f"{path}:{caught.value.line}" if caught.value.line else str(path)
    assert str(caught.value) == f"{where}: {caught.value.reason}"
    return caught.value


# --- the built-in demo -------------------------------------------------------------------


def test_demo_organisation_is_a_dutch_school_group_with_every_role_filled():
    org = demo_organisation()

    assert org.language == "nl"
    assert org.timezone == "Europe/Amsterdam"
    assert org.irt_channel_prefix == "inc-"
    assert org.workflow == WorkflowSettings(contact_review=True, handler_review=True)
    for role in ("handlers", "dpo", "irt", "irt_lead", "board"):
        ids = getattr(org.roles, role)
        assert ids, role
        assert all(org.person(person_id) for person_id in ids)
    assert len(org.people) >= 8
    assert any(p.slack for p in org.people)
    assert any(p.teams for p in org.people)


def test_demo_departments_inherit_their_location_contact():
    org = demo_organisation()

    assert len(org.units) == 3
    for location in org.units:
        assert location.contacts
        assert 2 <= len(location.units) <= 3
    department = org.units[0].units[0]
    assert org.contacts_for(department.id) == org.units[0].contacts


def test_demo_file_ships_inside_the_bot_package():
    assert resources.files("bot").joinpath("demo_org.yaml").is_file()


def test_load_organisation_falls_back_to_the_demo_only_when_the_file_is_absent(tmp_path):
    assert load_organisation(tmp_path / "absent.yaml") == demo_organisation()
    assert load_organisation(None) == demo_organisation()
    assert load_organisation(write(tmp_path, MINIMAL)).name == "Test"


def test_load_organisation_does_not_hide_a_broken_file(tmp_path):
    with pytest.raises(OrgConfigError):
        load_organisation(write(tmp_path, MINIMAL + "rolez: {}\n"))


# --- a valid file -----------------------------------------------------------------------


def test_interface_example_becomes_the_core_dataclasses(tmp_path):
    org = load_org_file(write(tmp_path, INTERFACE_EXAMPLE))

    assert org.name == "Example School Group"
    assert org.person("alice") == Person(
        id="alice",
        name="Alice de Vries",
        email="alice@example.org",
        slack="U0ALICE",
        teams="29:1alice-aad-object-id",
        notify=Channel.SLACK,
    )
    assert org.person("bob").teams == "aad:0000-bob"
    assert org.units == (
        Unit("north", "Location North", ("bob",), (Unit("north-admin", "Administration"),)),
    )
    assert org.contacts_for("north-admin") == ("bob",)
    assert org.unit_label("north-admin") == "Location North › Administration"
    assert org.roles == Roles(
        handlers=("carol",),
        dpo=("dave",),
        irt=("erin", "frank"),
        irt_lead=("erin",),
        board=("grace",),
    )
    assert org.deadlines == DeadlineSettings()
    assert org.teams_irt_team_id is None
    assert org.disclosure_policy is None


def test_optional_sections_take_the_documented_defaults():
    org = parse_org_yaml(MINIMAL + "workflow:\n  handler_review: false\nweb:\n", source="x")

    assert org.timezone == "Europe/Amsterdam"
    assert org.language == "nl"
    assert org.workflow == WorkflowSettings(contact_review=True, handler_review=False)
    assert org.deadlines == DeadlineSettings()
    assert org.irt_channel_prefix == "inc-"
    assert org.disclosure_policy is None


# --- errors name the file, the line and what is wrong -------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        pytest.param("organisation: [Test\npeople: []\n", 2, "YAML syntax error", id="yaml-syntax"),
        pytest.param(MINIMAL + "rolez: {}\n", 10, "unknown key 'rolez'", id="unknown-top-key"),
        pytest.param(
            MINIMAL.replace("    name: Main", "    name: Main\n    contact: [ann]"),
            8,
            "unknown key 'contact' under units[0] (did you mean 'contacts'?)",
            id="unknown-unit-key",
        ),
        pytest.param(
            MINIMAL + "language: fr\n",
            10,
            "language: input should be 'nl' or 'en', got 'fr'",
            id="bad-language",
        ),
        pytest.param(
            MINIMAL + "timezone: Europe/Amsterdan\n",
            10,
            "timezone: unknown timezone 'Europe/Amsterdan'",
            id="bad-timezone",
        ),
        pytest.param(
            MINIMAL.replace("    name: Ann", "    name: Ann\n    notify: sms"),
            5,
            "people[0].notify: input should be 'slack', 'teams' or 'email', got 'sms'",
            id="bad-notify",
        ),
        pytest.param(
            MINIMAL + "deadlines:\n  remind_before_hours:\n    - 24\n    - -2\n",
            13,
            "deadlines.remind_before_hours[1]: input should be greater than or equal to 0",
            id="negative-reminder",
        ),
        pytest.param(
            MINIMAL + "deadlines:\n  overdue_every_hours: -1\n",
            11,
            "deadlines.overdue_every_hours: input should be greater than or equal to 1",
            id="negative-interval",
        ),
        pytest.param(
            MINIMAL + "workflow:\n  contact_review: sometimes\n",
            11,
            "workflow.contact_review: input should be a valid boolean, got 'sometimes'",
            id="wrong-type",
        ),
        pytest.param(
            MINIMAL.replace("id: ann", "id: 42"),
            3,
            "people[0].id: expected text, got 42",
            id="number-for-text",
        ),
        pytest.param(
            MINIMAL.replace("    name: Ann\n", ""),
            3,
            "people[0]: missing key 'name'",
            id="missing-key",
        ),
        pytest.param(
            MINIMAL + "organisation: Again\n",
            10,
            "duplicate key 'organisation'",
            id="duplicate-yaml-key",
        ),
    ],
)
def test_schema_errors_point_at_the_offending_line(tmp_path, text, line, reason):
    error = error_for(tmp_path, text)

    assert (error.line, error.reason[: len(reason)]) == (line, reason)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        pytest.param(
            MINIMAL + "  irt:\n    - ann\n    - zoe\n",
            12,
            "role irt names unknown person 'zoe'",
            id="role-unknown-person",
        ),
        pytest.param(
            MINIMAL.replace(
                "    name: Main\n",
                "    name: Main\n    units:\n      - id: ict\n        name: ICT\n"
                "        contacts: [ann, bob]\n",
            ),
            11,
            "unit 'ict' names unknown person 'bob' as contact",
            id="contact-unknown-person",
        ),
        pytest.param(
            MINIMAL.replace("units:\n", "  - id: ann\n    name: Ann Again\nunits:\n"),
            5,
            "duplicate person id 'ann' (first at line 3)",
            id="duplicate-person",
        ),
        pytest.param(
            MINIMAL.replace(
                "    name: Main\n",
                "    name: Main\n  - id: annex\n    name: Annex\n    units:\n"
                "      - id: main\n        name: Main again\n",
            ),
            11,
            "duplicate unit id 'main' (first at line 6)",
            id="duplicate-unit",
        ),
        pytest.param(
            MINIMAL.replace(
                "  - id: main\n    name: Main\n",
                "  - &main\n    id: main\n    name: Main\n    units:\n      - *main\n",
            ),
            10,
            "cycle in units: alias *main makes unit 'main' contain itself",
            id="cycle-through-alias",
        ),
        pytest.param(
            MINIMAL.replace(
                "    name: Main\n",
                "    name: Main\n    units:\n      - id: office\n        name: Office\n"
                "        units:\n          - id: main\n            name: Main\n",
            ),
            12,
            "cycle in units: unit 'main' contains itself (main › office › main)",
            id="cycle-through-repeated-id",
        ),
        pytest.param(
            MINIMAL.replace("  dpo: [ann]", "  handlers: [ann]"),
            8,
            "roles: at least one dpo is needed",
            id="no-dpo",
        ),
        pytest.param(
            MINIMAL.replace("  dpo: [ann]", "  dpo: []"),
            9,
            "roles: at least one dpo is needed",
            id="empty-dpo",
        ),
    ],
)
def test_reference_errors_point_at_the_offending_line(tmp_path, text, line, reason):
    error = error_for(tmp_path, text)

    assert (error.line, error.reason[: len(reason)]) == (line, reason)


def test_the_first_problem_in_the_file_is_reported(tmp_path):
    text = MINIMAL.replace("name: Ann", "name: Ann\n    notify: fax") + "language: fr\n"

    assert error_for(tmp_path, text).line == 5


def test_a_unit_reused_through_an_alias_is_reported_where_the_alias_stands(tmp_path):
    text = """\
        organisation: Test
        people:
          - {id: ann, name: Ann}
        roles:
          dpo: [ann]
        units:
          - &main
            id: main
            name: Main
          - *main
        """

    error = error_for(tmp_path, text)

    assert (error.line, error.reason) == (10, "duplicate unit id 'main' (first at line 8)")


def test_a_missing_file_is_a_config_error_without_a_line(tmp_path):
    missing = tmp_path / "nope.yaml"

    with pytest.raises(OrgConfigError) as caught:
        load_org_file(missing)

    assert caught.value.line is None
    assert str(caught.value) == f"{missing}: file not found"


def test_an_empty_file_is_refused(tmp_path):
    assert error_for(tmp_path, "# only a comment\n").reason == "the file is empty"


def test_error_text_is_path_line_reason():
    assert str(OrgConfigError("org.yaml", 7, "unknown key 'x'")) == "org.yaml:7: unknown key 'x'"
    assert str(OrgConfigError("org.yaml", None, "file not found")) == "org.yaml: file not found"
