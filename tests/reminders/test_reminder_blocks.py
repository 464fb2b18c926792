"""The reminder and nudge Block Kit, tested on its output (pure: view data and texts in)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.slack.reminder_blocks import RECORD_ACTION, nudge_message, reminder_message
from core.model import Step
from core.reminders import nudge_view, reminder_view
from tests.core.builders import make_incident, make_org

AWARE = datetime(2026, 10, 23, 10, 0, tzinfo=UTC)  # 12:00 CEST; the deadline falls after DST ends


def actions(blocks: list[dict]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def within_slack_limits(blocks: list[dict]) -> None:
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75 and len(element["value"]) <= 2000


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_reminder_in_the_irt_shows_time_left_in_local_time_open_items_and_the_button(lang):
    incident = make_incident(Step.IRT, case_number="2026-0042", discovered_at=AWARE)
    view = reminder_view(incident, "before:2", now=AWARE + timedelta(hours=70, minutes=1))
    assert view is not None

    text, blocks = reminder_message(view, make_org(), lang)

    assert blocks[0]["block_id"] == "reminder:2026-0042:before:2"
    assert "1 h 59 min" in blocks[0]["text"]["text"]
    assert "2026-10-26 11:00 CET" in blocks[0]["text"]["text"]  # 72 clock hours, shown in CET
    assert actions(blocks) == [RECORD_ACTION, "show_status"]
    assert blocks[2]["elements"][0]["value"] == "2026-0042"
    open_items = blocks[1]["text"]["text"]
    expected = "Melding bij de Autoriteit" if lang == "nl" else "Notify the supervisory authority"
    assert expected in open_items
    assert "2026-0042" in text and "*" not in text  # the notification's plain fallback
    within_slack_limits(blocks)


def test_an_overdue_reminder_before_escalation_names_the_step_and_offers_no_recording():
    incident = make_incident(Step.DPO_REVIEW, case_number="2026-0042", discovered_at=AWARE)
    view = reminder_view(incident, "overdue:1", now=AWARE + timedelta(hours=84))
    assert view is not None

    text, blocks = reminder_message(view, make_org(), "en")

    assert "passed 12 h 00 min ago" in text
    assert "passed *12 h 00 min* ago" in blocks[0]["text"]["text"]
    assert actions(blocks) == ["show_status"]
    assert "Current step: DPO review" in blocks[1]["elements"][0]["text"]
    within_slack_limits(blocks)


def test_the_second_nudge_says_the_dpo_knows_too():
    incident = make_incident(Step.HANDLER_REVIEW, case_number="2026-0042", reported_at=AWARE)
    since = int(AWARE.timestamp())
    first = nudge_view(incident, [], step="handler_review", since=since, level=1,
                       now=AWARE + timedelta(hours=4))  # fmt: skip
    second = nudge_view(incident, [], step="handler_review", since=since, level=2,
                        now=AWARE + timedelta(hours=8))  # fmt: skip
    assert first is not None and second is not None

    text, one = nudge_message(first, "en")
    _, two = nudge_message(second, "en")

    assert text == "Incident 2026-0042 has been waiting 4 h 00 min for: Privacy officer review."
    assert one[0]["block_id"] == "nudge:2026-0042:handler_review:1"
    assert "DPO" not in str(one) and "DPO has been told" in str(two)
    within_slack_limits(two)
