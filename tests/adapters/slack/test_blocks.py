"""The Block Kit builders are pure: tested on their output, including Slack's size limits."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from adapters.slack.cards import reason_modal, receipt, review_card
from adapters.slack.checklist_blocks import item_modal, status_message
from adapters.slack.report_modal import matching_units, report_modal
from bot.org_config import parse_org_yaml
from core.model import ChecklistKey, Decision, Incident, ItemState, Kind, Person, Source, Step
from tests.adapters.slack.world import ORG_YAML

NOW = datetime(2026, 10, 24, 10, 0, tzinfo=UTC)
ORG = parse_org_yaml(ORG_YAML, source="org.yaml")


def incident(**changes) -> Incident:
    base = Incident(id=1, case_number="2026-0007", title="Laptop <b>lost</b> & found?",
                    description="x" * 5000, unit_id="north-admin", reporter=Person("bob", "Bob"),
                    source=Source.SLACK, discovered_at=NOW - timedelta(hours=70), reported_at=NOW,
                    kind=Kind.LOST_OR_STOLEN_DEVICE, step=Step.IRT)
    return base.evolve(**changes)


def texts(blocks) -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def big_org(units: int):
    lines = [f"      - {{id: u{i}, name: Unit {i}}}" for i in range(units)]
    yaml = ORG_YAML.replace("      - {id: north-admin, name: Administration}", "\n".join(lines))
    return parse_org_yaml(yaml.replace("units: [{id: placeholder}]", ""), source="big.yaml")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_modal_respects_slack_limits(lang):
    view = report_modal(ORG, lang, now=NOW, description="d" * 5000)
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24
    assert len(view["blocks"]) <= 100
    assert len(view["private_metadata"]) <= 3000
    assert all(len(t) <= 3000 for t in texts(view))
    initial = next(b for b in view["blocks"] if b.get("block_id") == "description")["element"]["initial_value"]
    assert len(initial) == 3000
    picker = next(b for b in view["blocks"] if b.get("block_id") == "discovered_at")["element"]
    assert picker["initial_date_time"] == int(NOW.timestamp())


def test_a_large_unit_tree_uses_an_external_select_that_searches():
    org = big_org(150)
    unit = next(b for b in report_modal(org, "nl", now=NOW)["blocks"] if b.get("block_id") == "unit")
    assert unit["element"]["type"] == "external_select"
    found = matching_units(org, "unit 14")
    assert [o["value"] for o in found] == ["u14", *[f"u14{i}" for i in range(10)]]
    assert len(matching_units(org, "")) == 100


def test_review_card_escapes_text_and_shows_only_the_given_buttons():
    _text, blocks = review_card(incident(step=Step.DPO_REVIEW), ORG, "en", now=NOW,
                               decisions=(Decision.ESCALATE, Decision.CLOSE_REGISTERED))
    dumped = json.dumps(blocks)
    markdown = " ".join(t for t in texts(blocks) if t != blocks[0]["text"]["text"])  # all but the plain header
    assert "<b>" not in markdown and "&lt;b&gt;lost&lt;/b&gt; &amp; found?" in markdown
    actions = next(b for b in blocks if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == ["decision:escalate", "decision:close_registered", "change_aware"]
    assert actions["elements"][0]["value"] == "2026-0007"
    assert all(len(t) <= 3000 for t in texts(blocks))
    assert "2 h 00 min left" in dumped  # 70 hours after discovery


def test_card_after_a_decision_says_who_decided_and_has_no_buttons():
    last = {"decision": "escalate", "actor": "dave", "at": NOW.isoformat(), "reason": None}
    _, blocks = review_card(incident(), ORG, "nl", now=NOW, decisions=(), last=last)
    assert not [b for b in blocks if b["type"] == "actions"]
    assert "*Dave DPO* koos *Escaleren naar IRT* op 2026-10-24 12:00 CEST" in json.dumps(blocks, ensure_ascii=False)


def test_status_message_lists_every_item_with_a_menu_while_the_irt_works():
    _, blocks = status_message(incident(), ORG, "en", now=NOW, revision=7)
    items = [b for b in blocks if b.get("block_id", "").startswith("item:")]
    assert [b["block_id"] for b in items] == [f"item:2026-0007:{k.value}:7" for k in ChecklistKey]
    assert all(b["accessory"]["type"] == "overflow" for b in items)
    assert len(blocks) <= 50
    closed, _ = status_message(incident(step=Step.CLOSED), ORG, "en", now=NOW, revision=8)[1], None
    assert not [b for b in closed if "accessory" in b]


def test_notification_modal_requires_a_delay_reason_only_when_late():
    late = item_modal(incident(), ChecklistKey.NOTIFY_AUTHORITY, ItemState.DONE, "en", now=NOW + timedelta(hours=3))
    in_time = item_modal(incident(), ChecklistKey.NOTIFY_AUTHORITY, ItemState.DONE, "en", now=NOW)
    reason = lambda view: next(b for b in view["blocks"] if b.get("block_id") == "delay_reason")  # noqa: E731
    assert reason(late)["optional"] is False and reason(in_time)["optional"] is True
    assert json.loads(late["private_metadata"]) == {"case": "2026-0007", "item": "notify_authority",
                                                     "state": "done", "lang": "en"}


def test_reason_modal_and_receipt():
    view = reason_modal("2026-0007", Decision.CLOSE_NO_BREACH, "nl")
    assert view["callback_id"] == "decision" and len(view["title"]["text"]) <= 24
    assert next(b for b in view["blocks"] if b.get("block_id") == "reason")["optional"] is False
    text, blocks = receipt(incident(), ORG, "en", now=NOW)
    assert text == "Your report has been received: 2026-0007"
    assert blocks[-1]["elements"][0]["action_id"] == "show_status"
