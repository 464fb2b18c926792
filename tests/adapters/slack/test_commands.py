"""Slash command answers and the decisions that need a reason: status, list, register, ask, close."""

from __future__ import annotations

from bot.services import SERVICES
from tests.adapters.slack.test_flow import dm_calls, report, stored, until_step
from tests.adapters.slack.world import REPORTER, SlackWorld, text_value


async def answer(world: SlackWorld, text: str, user: str, n: int) -> dict:
    await world.command(text, user=user, response_id=f"r{n}")
    responses = await world.fake.wait_for_response(n)
    return responses[n - 1][1]


async def test_status_answers_those_involved_and_not_found_to_anyone_else(world: SlackWorld):
    case = await report(world)

    mine = await answer(world, f"status {case}", REPORTER, 1)
    dpo = await answer(world, f"status {case}", "U0DAVE", 2)
    stranger = await answer(world, f"status {case}", "U0STRANGER", 3)
    unknown = await answer(world, "status 2020-9999", "U0STRANGER", 4)

    assert case in str(mine["blocks"]) and "72" in str(mine["blocks"])
    assert case in str(dpo["blocks"])
    assert stranger["text"] == unknown["text"].replace("2020-9999", case)
    assert "blocks" not in stranger


async def test_list_register_and_stats_respect_roles(world: SlackWorld):
    case = await report(world)

    listed = await answer(world, "list", "U0DAVE", 1)
    strangers_list = await answer(world, "list", "U0STRANGER", 2)
    register = await answer(world, "register", "U0DAVE", 3)
    refused = await answer(world, "register", REPORTER, 4)
    stats = await answer(world, "stats", "U0DAVE", 5)

    assert case in str(listed["blocks"])
    assert case not in str(strangers_list["blocks"])
    assert "1" in str(register["blocks"]) and "export-register" in str(register["blocks"])
    assert "privacy" in str(refused["blocks"]).lower()
    assert "Location North" in str(stats["blocks"])


async def test_help_is_in_the_callers_language(world: SlackWorld):
    world.fake.users["U0ENGLISH"] = {"locale": "en-GB"}
    english = await answer(world, "help", "U0ENGLISH", 1)
    dutch = await answer(world, "help", REPORTER, 2)
    assert "What Meldpunt can do" in str(english["blocks"])
    assert "Wat Meldpunt kan" in str(dutch["blocks"])


async def test_asking_the_reporter_goes_through_a_reason_modal_and_the_answer_comes_back(world: SlackWorld):
    case = await report(world)
    await world.click("decision:ask_reporter", case, user="U0BOB")
    modal = (await world.fake.wait_for("views.open"))[0].args["view"]
    assert modal["callback_id"] == "decision"

    empty = await (await world.submit("decision", {"reason": text_value(" ")}, user="U0BOB",
                                      metadata={"case": case, "decision": "ask_reporter", "lang": "en"})).json()
    assert empty["errors"] == {"reason": "Please give a reason."}
    await world.submit("decision", {"reason": text_value("Was the laptop encrypted?")}, user="U0BOB",
                       metadata={"case": case, "decision": "ask_reporter", "lang": "nl"})

    await world.fake.wait_for("chat.postMessage", count=4)
    question = next(c for c in dm_calls(world, REPORTER) if "encrypted" in str(c.args.get("blocks")))
    value = question.args["blocks"][-1]["elements"][0]["value"]
    await world.click("answer_question", value, user=REPORTER)
    answer_modal = (await world.fake.wait_for("views.open", count=2))[1].args["view"]
    assert answer_modal["callback_id"] == "answer"
    await world.submit("answer", {"answer": text_value("Yes, BitLocker.")}, user=REPORTER,
                       metadata={"case": case, "asked_by": "bob", "lang": "nl"})

    await world.fake.wait_for("chat.postMessage", count=5)
    assert any("BitLocker" in (c.args.get("text") or "") for c in dm_calls(world, "U0BOB"))
    _, timeline = await world.client.app[SERVICES].handlers.get(case)
    assert [e.what for e in timeline] == ["reported", "decision", "reporter_answered"]
    assert timeline[-1].details["answer"] == "Yes, BitLocker."


async def test_closing_needs_a_reason_and_tells_the_reporter(world: SlackWorld):
    case = await report(world)
    await world.click("decision:close_no_breach", case, user="U0BOB")
    await world.fake.wait_for("views.open")
    await world.submit("decision", {"reason": text_value("Laptop found, never out of sight.")}, user="U0BOB",
                       metadata={"case": case, "decision": "close_no_breach", "lang": "nl"})

    await until_step(world, "closed")
    assert (await stored(world))[0].outcome.value == "no_breach"
    await world.fake.wait_for("chat.postMessage", count=4)
    assert any("afgesloten" in (c.args.get("text") or "") for c in dm_calls(world, REPORTER))


async def test_someone_outside_the_organisation_file_cannot_decide(world: SlackWorld):
    case = await report(world)
    await world.click("decision:forward", case, user="U0STRANGER", response_id="x")
    refusal = (await world.fake.wait_for_response(1))[0][1]
    assert refusal["response_type"] == "ephemeral" and refusal["replace_original"] is False
    assert (await stored(world))[0].step.value == "contact_review"
