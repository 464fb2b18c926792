"""The whole Teams journey over HTTP: report card, review cards, escalation, the live checklist."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.services import SERVICES
from tests.adapters.teams.world import (
    REPORTER,
    TeamsWorld,
    card_of,
    invoked_card,
    report_data,
    texts,
    verbs,
)


def case_of_this_year(n: int) -> str:
    return f"{datetime.now(ZoneInfo('Europe/Amsterdam')).year}-{n:04d}"


async def stored(world: TeamsWorld):
    return await world.client.app[SERVICES].handlers.incidents()


async def report(world: TeamsWorld, **changes) -> str:
    answer = await world.execute(REPORTER, "report", report_data(**changes))
    assert "ontvangen" in texts(invoked_card(answer))
    return (await stored(world))[-1].case_number


async def until_step(world: TeamsWorld, step: str) -> None:
    """Decisions land at once, but cards follow through the outbox: wait for the step anyway."""
    for _ in range(250):
        if (await stored(world))[0].step.value == step:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"step {step} not reached")


async def test_report_word_and_free_text_start_the_report_card(world: TeamsWorld):
    assert (await world.say(REPORTER, "meld")).status in (200, 201, 202)
    card = card_of((await world.fake.wait_for(lambda: world.inbox(REPORTER), what="form"))[0])
    ids = {e.get("id") for e in card["body"]}
    assert {"description", "unit", "discovered_date", "discovered_time", "kind", "subjects_count", "encrypted"} <= ids
    assert ("report", {"form": verbs(card)[0][1]["form"], "lang": "nl"}) == verbs(card)[0]
    assert card["version"] == "1.5"
    submit = card["actions"][0]
    assert submit["type"] == "Action.Execute" and submit["fallback"]["type"] == "Action.Submit"

    await world.say(REPORTER, "ik ben mijn laptop kwijt")
    second = card_of((await world.fake.wait_for(lambda: world.inbox(REPORTER)[1:], what="second form"))[0])
    description = next(e for e in second["body"] if e.get("id") == "description")
    assert description["value"] == "ik ben mijn laptop kwijt"


async def test_an_invalid_report_card_comes_back_with_errors_and_input_kept(world: TeamsWorld):
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d")
    world.locales[REPORTER] = "en-GB"
    answer = await world.execute(REPORTER, "report", report_data(description="  ", discovered_date=tomorrow, kind="",
                                                                    measures="we called IT", lang="en"))
    card = invoked_card(answer)
    body = card["body"]
    after = {body[i - 1].get("id"): e["text"] for i, e in enumerate(body) if e.get("color") == "Attention"}
    assert set(after) == {"description", "discovered_time", "kind"}
    assert after["discovered_time"] == "This moment is in the future."
    assert next(e for e in body if e.get("id") == "measures")["value"] == "we called IT"
    assert next(e for e in body if e.get("id") == "discovered_date")["value"] == tomorrow
    count = invoked_card(await world.execute(REPORTER, "report", report_data(subjects_count="veel")))
    assert "Vul een getal in" in texts(count) or "getal" in texts(count)
    assert await stored(world) == []


async def test_a_valid_report_is_stored_first_then_answered_with_the_case_number(world: TeamsWorld):
    case = await report(world)

    assert case == case_of_this_year(1)
    incident = (await stored(world))[0]
    assert incident.source.value == "teams" and incident.reporter.id == f"teams:{REPORTER}"
    receipt = await world.fake.wait_for(lambda: world.cards(REPORTER), what="receipt")
    assert case in texts(receipt[0]) and verbs(receipt[0]) == [("status", {"case": case})]
    # The same form submitted again (a double click) stores nothing new.
    await world.execute(REPORTER, "report", report_data())
    assert len(await stored(world)) == 1
    status = invoked_card(await world.execute(REPORTER, "status", {"case": case}))
    assert case in texts(status) and "Verloop" in texts(status)
