"""Authentication, redeliveries, shared chats, languages, and Teams outages that delay but lose nothing."""

from __future__ import annotations

from tests.adapters.teams.test_teams_flow import report, stored
from tests.adapters.teams.world import REPORTER, TeamsWorld, card_of, report_data, texts, verbs


async def test_with_an_app_id_unauthenticated_or_badly_signed_requests_get_401(make_world):
    world = await make_world(sdk_auth=True)  # the SDK's own JWT check
    activity = world.activity(REPORTER, "invoke", name="adaptiveCard/action",
                              value={"action": {"type": "Action.Execute", "verb": "report", "data": report_data()}})

    missing = await world.client.post("/api/messages", json=activity)
    garbage = await world.client.post("/api/messages", json=activity, headers={"Authorization": "Bearer not-a-jwt"})
    malformed = await world.client.post("/api/messages", json=activity, headers={"Authorization": "Basic abc"})

    assert [missing.status, garbage.status, malformed.status] == [401, 401, 401]
    assert await stored(world) == []
    assert world.fake.calls == []


async def test_a_redelivered_activity_never_acts_twice(world: TeamsWorld):
    message = world.activity(REPORTER, text="meld", id="same-activity")
    invoke = world.activity(REPORTER, "invoke", id="same-invoke", name="adaptiveCard/action",
                            value={"action": {"type": "Action.Execute", "verb": "report",
                                              "data": report_data(form="f-a")}})  # fmt: skip

    for _ in range(3):
        assert (await world.post(message)).status in (200, 202)
    first = await (await world.post(invoke)).json()
    again = await (await world.post({**invoke, "value": {"action": {"type": "Action.Execute", "verb": "report",
                                                                    "data": report_data(form="f-b")}}})).json()

    assert len([c for c in world.cards(REPORTER) if ("report", c["actions"][0].get("data")) in verbs(c)]) == 1
    assert first["type"] == "application/vnd.microsoft.card.adaptive"
    assert again["type"] == "application/vnd.microsoft.activity.message"
    assert len(await stored(world)) == 1


async def test_in_a_shared_chat_the_bot_points_to_the_personal_chat(world: TeamsWorld):
    activity = world.activity(REPORTER, text="<at>Meldpunt</at> datalek!")
    activity["conversation"] = {"id": "19:group@thread.v2", "conversationType": "groupChat", "isGroup": True}

    await world.post(activity)

    reply = (await world.fake.wait_for(lambda: world.fake.sent("19:group@thread.v2")))[0].body
    assert "persoonlijke chat" in reply["text"] and not reply.get("attachments")


async def test_the_persons_teams_locale_chooses_the_language(world: TeamsWorld):
    world.locales[REPORTER] = "en-US"
    await world.say(REPORTER, "report")
    form = card_of((await world.fake.wait_for(lambda: world.inbox(REPORTER)))[0])
    assert "What happened?" in texts(form)
    await world.execute(REPORTER, "report", report_data(lang="en", form="en-form"))
    receipt = await world.fake.wait_for(lambda: world.cards(REPORTER)[1:], what="receipt")
    assert "Your report has been received" in texts(receipt[0])


async def test_teams_throttling_and_outages_are_retried_and_the_receipt_arrives_once(world: TeamsWorld):
    await world.hello(REPORTER)
    world.fake.fail("send", 429, times=1, retry_after=0)
    world.fake.fail("send", 412, times=1)
    world.fake.fail("create_conversation", 503, times=1)

    case = await report(world)

    await world.settled(timeout=15)
    receipts = [a for a in world.inbox(REPORTER) if a.get("summary") == f"Je melding is ontvangen: {case}"]
    assert len(receipts) == 1
    assert {c.status for c in world.fake.calls if c.injected} == {429, 412, 503}


async def test_a_permanent_teams_error_fails_for_good_and_is_counted(world: TeamsWorld):
    world.fake.fail("create_conversation", 403, times=None)

    await report(world)
    counts = await world.settled()

    assert counts["failed"] >= 1
    metrics = await (await world.client.get("/metrics")).text()
    assert 'meldpunt_outbox_failed_total{platform="teams"}' in metrics
