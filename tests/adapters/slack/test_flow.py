"""The whole Slack journey over HTTP: report, review, escalate, the IRT channel and its checklist."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.services import SERVICES
from tests.adapters.slack.world import (
    REPORTER,
    SlackWorld,
    details_state,
    report_state,
    select_value,
    text_value,
    time_value,
)


def case_of_this_year(n: int) -> str:
    return f"{datetime.now(ZoneInfo('Europe/Amsterdam')).year}-{n:04d}"


def buttons(call) -> list[str]:
    return [e["action_id"] for b in call.args.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]]


def dm_calls(world: SlackWorld, user: str, method: str = "chat.postMessage"):
    return [c for c in world.fake.calls_to(method) if c.args.get("channel") == f"D{user}" and not c.failed]


async def stored(world: SlackWorld):
    return await world.client.app[SERVICES].handlers.incidents()


async def report(world: SlackWorld) -> str:
    """Submit a valid report; returns its case number once stored."""
    response = await world.submit("report", report_state(), user=REPORTER, metadata={"lang": "nl"})
    assert response.status == 200
    return (await stored(world))[-1].case_number


async def test_slash_command_opens_the_report_modal(world: SlackWorld):
    response = await world.command("")

    assert response.status == 200
    view = (await world.fake.wait_for("views.open"))[0].args["view"]
    assert view["callback_id"] == "report"
    blocks = {b.get("block_id") for b in view["blocks"]}
    assert {"description", "unit", "discovered_at", "kind", "confidential"} == blocks - {None}
    unit = next(b for b in view["blocks"] if b.get("block_id") == "unit")
    groups = unit["element"]["option_groups"]
    assert [g["label"]["text"] for g in groups] == ["Location North", "Location South"]
    assert view["title"]["text"] == "Incident melden"


async def test_invalid_report_comes_back_as_field_errors_and_stores_nothing(world: SlackWorld):
    future = int(time.time()) + 3600
    state = report_state(description="   ", discovered=future, kind=None)

    response = await world.submit("report", state, user=REPORTER, metadata={"lang": "en"})

    assert response.status == 200
    body = await response.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"description", "discovered_at", "kind"}
    assert body["errors"]["discovered_at"] == "This moment is in the future."
    assert await stored(world) == []


async def test_once_stored_the_modal_moves_on_to_the_optional_questions(world: SlackWorld):
    response = await world.submit("report", report_state(), user=REPORTER, metadata={"lang": "en"})
    body = await response.json()
    case = (await stored(world))[0].case_number
    assert body["response_action"] == "update"
    assert body["view"]["callback_id"] == "report_details" and case in str(body["view"]["blocks"])
    await world.fake.wait_for("chat.postMessage", count=3)  # receipt and cards went out already

    meta = {"case": case, "lang": "en"}
    bad = await (await world.submit("report_details", details_state(count="lots"), user=REPORTER,
                                    metadata=meta)).json()
    assert bad["errors"] == {"subjects_count": "Enter a number (0 or more)."}
    stranger = await (await world.submit("report_details", details_state(count="3"), user="U0OTHER",
                                         metadata=meta)).json()
    assert "response_action" in stranger
    assert (await world.submit("report_details", details_state(count="1.200", encrypted="yes"),
                               user=REPORTER, metadata=meta)).status == 200

    incident, timeline = await world.client.app[SERVICES].handlers.get(case)
    assert (incident.subjects_count, incident.encrypted.value) == (1200, "yes")
    assert incident.data_subject_groups == ("pupils",)
    assert timeline[-1].what == "details_added" and timeline[-1].actor == f"slack:{REPORTER}"
    # The cards already sent now show the completed facts.
    await _until(lambda: any("1200" in str(c.args.get("blocks")) for c in world.fake.calls_to("chat.update")))


async def test_a_valid_report_is_stored_and_the_reporter_gets_the_case_number(world: SlackWorld):
    case = await report(world)

    assert case == case_of_this_year(1)
    await world.fake.wait_for("chat.postMessage", count=1)
    receipt = dm_calls(world, REPORTER)[0]
    assert case in receipt.args["text"]
    assert "show_status" in buttons(receipt)
    # Submitting the same view again (a double click) stores nothing new.
    await world.submit("report", report_state(), user=REPORTER, metadata={"lang": "nl"})
    assert len(await stored(world)) == 1


async def test_review_cards_flow_from_contact_to_handler_to_dpo_and_escalation(world: SlackWorld):
    case = await report(world)
    await world.fake.wait_for("chat.postMessage", count=3)  # receipt, DPO's card, contact's card
    assert buttons(dm_calls(world, "U0BOB")[0]) == ["decision:forward", "decision:close_no_breach", "decision:ask_reporter"]
    assert buttons(dm_calls(world, "U0DAVE")[0]) == []  # told at once, but not his step yet

    # The DPO cannot act before his step: an ephemeral refusal, nothing changes.
    await world.click("decision:escalate", case, user="U0DAVE", response_id="early")
    refusal = await world.fake.wait_for_response(1)
    assert refusal[0][1]["response_type"] == "ephemeral"
    assert (await stored(world))[0].step.value == "contact_review"

    await world.click("decision:forward", case, user="U0BOB")
    await until_step(world, "handler_review")
    await world.fake.wait_for("chat.postMessage", count=4)
    assert buttons(dm_calls(world, "U0CAROL")[0])[0] == "decision:forward"
    await world.click("decision:forward", case, user="U0CAROL")
    await until_step(world, "dpo_review")
    await _until(lambda: any("decision:escalate" in buttons(c) for c in world.fake.calls_to("chat.update")))

    # Two clicks on escalate at once give one channel.
    await asyncio.gather(world.click("decision:escalate", case, user="U0DAVE"),
                         world.click("decision:escalate", case, user="U0DAVE"))
    await world.fake.wait_for("pins.add")
    assert len([c for c in world.fake.calls_to("conversations.create") if not c.failed]) == 1
    channel = world.fake.channels[f"inc-{case}"]
    assert channel["is_private"] is True
    assert set(channel["members"]) >= {"U0DAVE", "U0ERIN", "U0FRANK"}
    assert case in channel["topic"]["value"]
    status = world.fake.message(channel["id"], world.fake.pins[channel["id"]][0])
    assert sum(1 for b in status["blocks"] if b.get("block_id", "").startswith("item:")) == 7
    # Every copy of the cards now shows the decision, with no buttons left for the contact.
    last_bob = [c for c in world.fake.calls_to("chat.update") if c.args["channel"] == "DU0BOB"][-1]
    assert buttons(last_bob) == []


async def test_name_taken_gets_a_suffix(world: SlackWorld):
    case = await _escalated(world, prepare=lambda case: world.fake.add_channel(f"inc-{case}"))
    assert f"inc-{case}-2" in world.fake.channels


async def test_each_checklist_item_can_be_worked_from_the_status_message(world: SlackWorld):
    case = await _escalated(world)
    channel = world.fake.channels[f"inc-{case}"]["id"]

    async def item(key: str, state: str, user: str = "U0ERIN"):
        return await world.click(f"item:{key}", user=user, block_id=f"item:{case}:{key}:1", selected=state)

    await item("contain", "in_progress")
    await _until(lambda: any("Lek dichten" in (c.args.get("text") or "") for c in _posts(world, channel)))

    # The board may not tick the checklist.
    await item("contain", "done", user="U0GRACE")
    assert (await world.fake.wait_for_response(1))[0][1]["response_type"] == "ephemeral"

    # Done opens a modal; the notification needs a reference.
    await item("notify_authority", "done")
    modal = (await world.fake.wait_for("views.open"))[-1].args["view"]
    assert {"notified_at", "authority_reference", "delay_reason"} <= {b.get("block_id") for b in modal["blocks"]}
    meta = {"case": case, "item": "notify_authority", "state": "done", "lang": "nl"}
    state = {"notified_at": time_value(int(time.time()) - 60), "authority_reference": text_value(""),
             "delay_reason": text_value(""), "note": text_value("")}
    errors = await (await world.submit("checklist", state, user="U0ERIN", metadata=meta)).json()
    assert set(errors["errors"]) == {"authority_reference"}
    state["authority_reference"] = text_value("AP-12345")
    assert (await world.submit("checklist", state, user="U0ERIN", metadata=meta)).status == 200

    comm = {"informed_at": time_value(None), "communication_plan": text_value("Data were encrypted, key safe."),
            "exception": select_value("a_unintelligible"), "note": text_value("")}
    meta_comm = {"case": case, "item": "inform_people", "state": "done", "lang": "nl"}
    assert (await world.submit("checklist", comm, user="U0FRANK", metadata=meta_comm)).status == 200
    for key in ("contain", "confirm_breach", "resolve", "root_cause"):
        meta = {"case": case, "item": key, "state": "done", "lang": "nl"}
        assert (await world.submit("checklist", {"note": text_value("ok")}, user="U0ERIN", metadata=meta)).status == 200
    meta = {"case": case, "item": "liability", "state": "not_applicable", "lang": "en"}
    no_reason = await (await world.submit("checklist", {"note": text_value("")}, user="U0ERIN", metadata=meta)).json()
    assert no_reason["errors"] == {"note": "Please give a reason."}
    assert [i.state.value for i in (await stored(world))[0].checklist].count("done") == 6
    assert (await world.submit("checklist", {"note": text_value("No third party")}, user="U0ERIN",
                               metadata=meta)).status == 200
    incident = (await stored(world))[0]
    assert {i.state.value for i in incident.checklist} == {"done", "not_applicable"}
    assert incident.notifications[0].reference == "AP-12345"
    # The pinned status message is kept current with every change.
    await _until(lambda: "AP-12345" in str(world.fake.message(channel, world.fake.pins[channel][0])["blocks"]))


async def _escalated(world: SlackWorld, prepare=None) -> str:
    case = await report(world)
    if prepare:
        prepare(case)
    for user, next_step in (("U0BOB", "handler_review"), ("U0CAROL", "dpo_review")):
        await world.click("decision:forward", case, user=user)
        await until_step(world, next_step)
    await world.click("decision:escalate", case, user="U0DAVE")
    await world.fake.wait_for("pins.add")
    return case


async def until_step(world: SlackWorld, step: str) -> None:
    """Bolt acks first and works after, so wait for the decision to land."""
    deadline = time.monotonic() + 20
    while (await stored(world))[0].step.value != step:
        assert time.monotonic() < deadline, f"step {step} not reached"
        await asyncio.sleep(0.02)


def _posts(world: SlackWorld, channel: str):
    return [c for c in world.fake.calls_to("chat.postMessage") if c.args.get("channel") == channel]


async def _until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.02)


async def test_the_dpo_moves_the_moment_of_awareness_with_a_reason(world: SlackWorld):
    case = await _escalated(world)
    await world.click("change_aware", case, user="U0ERIN", response_id="not-dpo")
    assert (await world.fake.wait_for_response(1))[0][1]["response_type"] == "ephemeral"

    await world.click("change_aware", case, user="U0DAVE")
    modal = (await world.fake.wait_for("views.open"))[-1].args["view"]
    assert modal["callback_id"] == "aware"
    later = int(time.time()) - 600
    meta = {"case": case, "lang": "en"}
    missing = await (await world.submit("aware", {"aware_at": time_value(later), "reason": text_value("")},
                                        user="U0DAVE", metadata=meta)).json()
    assert missing["errors"] == {"reason": "Please give a reason."}
    state = {"aware_at": time_value(later), "reason": text_value("ICT confirmed the data were copied"),
             "basis": text_value("")}
    assert (await world.submit("aware", state, user="U0DAVE", metadata=meta)).status == 200

    incident, timeline = await world.client.app[SERVICES].handlers.get(case)
    assert int(incident.effective_aware_at.timestamp()) == later
    assert incident.aware_changed_by == "dave"
    assert timeline[-1].what == "aware_time_changed" and timeline[-1].actor == "dave"
