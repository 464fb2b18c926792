"""Pure card builders: view data and texts in, Adaptive Card JSON out."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from adapters.teams.auth import NoTokens
from adapters.teams.checklist_card import item_form, status_card
from adapters.teams.inbound import card_action, local_moment, message_text, parse_report
from adapters.teams.report_card import report_card
from adapters.teams.review_cards import review_card
from adapters.teams.sdk import TeamsHost
from bot.org_config import parse_org_yaml
from core.errors import ValidationFailed
from core.model import ChecklistKey, Decision, Incident, ItemState, Person, Source, Step
from tests.adapters.teams.world import ORG_YAML, decisions, report_data, verbs
from tests.fakes.teams_api import FakeTeams

ORG = parse_org_yaml(ORG_YAML, source="test-org.yaml")
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def incident(**changes) -> Incident:
    base = Incident(id=1, case_number="2026-0007", title="Lost laptop", description="Lost on the train",
                    unit_id="north-admin", reporter=Person("teams:29:x", "X"), source=Source.TEAMS,
                    discovered_at=NOW, reported_at=NOW, step=Step.DPO_REVIEW)  # fmt: skip
    return base.evolve(**changes)


def elements(card: dict) -> list[dict]:
    return card["body"]


def test_every_card_is_version_1_5_with_execute_and_submit_fallback():
    cards = [report_card(ORG, "nl", now=NOW, form="f"),
             review_card(incident(), ORG, "en", now=NOW, decisions=(Decision.ESCALATE, Decision.CLOSE_NO_BREACH)),
             status_card(incident(step=Step.IRT), ORG, "nl", now=NOW, user_ids=["29:erin"])]  # fmt: skip
    for card in cards:
        assert card["version"] == "1.5" and card["type"] == "AdaptiveCard"
        assert len(json.dumps(card)) < 28_000  # Teams' message size limit is about 28 KB
        for verb, data in verbs(card):
            assert verb and isinstance(data, dict)
    assert cards[2]["refresh"]["action"]["verb"] == "irt_status" and cards[2]["refresh"]["userIds"] == ["29:erin"]


def test_review_card_asks_a_reason_only_when_a_decision_needs_one():
    forward = review_card(incident(step=Step.CONTACT_REVIEW), ORG, "nl", now=NOW, decisions=(Decision.FORWARD,))
    closing = review_card(incident(), ORG, "nl", now=NOW, decisions=(Decision.CLOSE_REGISTERED,),
                          reason="typed", reason_error="Geef een reden op.")  # fmt: skip
    assert "reason" not in {e.get("id") for e in elements(forward)}
    reason = next(e for e in elements(closing) if e.get("id") == "reason")
    assert reason["value"] == "typed"
    assert decisions(closing) == ["close_registered"]
    assert ("aware", {"case": "2026-0007", "back": "review"}) in verbs(closing)  # the DPO's step
    assert "aware" not in [v for v, _ in verbs(forward)]
    assert verbs(closing)[0][1] == {"case": "2026-0007", "step": "dpo_review", "decision": "close_registered"}
    nothing = review_card(incident(), ORG, "nl", now=NOW, decisions=())
    assert decisions(nothing) == [] and "niets van jou nodig" in json.dumps(nothing, ensure_ascii=False)


def test_report_card_keeps_input_and_shows_errors_under_the_field():
    card = report_card(ORG, "en", now=NOW, form="f", values={"description": "typed", "kind": "phishing"},
                       errors={"unit": "Choose the location"})  # fmt: skip
    body = elements(card)
    unit = next(i for i, e in enumerate(body) if e.get("id") == "unit")
    assert body[unit + 1]["text"] == "Choose the location" and body[unit + 1]["color"] == "Attention"
    assert next(e for e in body if e.get("id") == "description")["value"] == "typed"
    assert [c["value"] for c in body[unit]["choices"]] == ["north", "north-admin", "south"]


def test_checklist_card_shows_details_and_buttons_only_while_open():
    done = incident(step=Step.IRT, checklist=tuple(
        i.__class__(i.key, ItemState.DONE, "sealed", "erin", NOW) if i.key is ChecklistKey.CONTAIN else i
        for i in incident().checklist))  # fmt: skip
    open_card = status_card(done, ORG, "nl", now=NOW)
    assert "Erin IRT" in json.dumps(open_card) and "sealed" in json.dumps(open_card)
    assert ("item", {"case": "2026-0007", "item": "contain", "state": "open"}) in verbs(open_card)
    closed = status_card(done.evolve(step=Step.CLOSED), ORG, "nl", now=NOW)
    assert verbs(closed) == []
    form = item_form(done, ChecklistKey.INFORM_PEOPLE, ItemState.DONE, ORG, "nl", now=NOW)
    assert {"informed_date", "communication_plan", "exception", "note"} <= {e.get("id") for e in elements(form)}


def test_parsers_read_both_action_styles_and_local_times():
    execute = {"type": "invoke", "name": "adaptiveCard/action",
               "value": {"action": {"type": "Action.Execute", "verb": "decide", "data": {"case": "c"}}}}
    submit = {"type": "message", "value": {"verb": "decide", "case": "c"}}
    assert card_action(execute).data == card_action(submit).data == {"case": "c"}
    assert not card_action(submit).invoke
    assert message_text({"text": "<at>Meldpunt</at> status  2026-0001"}) == "status 2026-0001"
    moment = local_moment("2026-07-01", "14:30", "Europe/Amsterdam")
    assert moment.astimezone(UTC).hour == 12
    try:
        parse_report(report_data(discovered_time="25:99", subjects_count="veel"), {"id": "29:x"}, ORG, lang="nl")
    except ValidationFailed as exc:
        assert exc.fields == {"subjects_count": "field.not_a_number", "discovered_at": "field.invalid_time"}
    else:
        raise AssertionError("expected field errors")


async def test_a_1to1_chat_can_be_opened_without_a_tenant_as_the_emulator_sends_none():
    async with FakeTeams() as fake:
        host = TeamsHost(app_id=None, tenant=None, tokens=NoTokens())
        conversation = await host.create_personal(service_url=fake.service_url, tenant=None, user="29:x")
    assert conversation.startswith("a:personal-")
    assert "tenantId" not in fake.calls[0].body
