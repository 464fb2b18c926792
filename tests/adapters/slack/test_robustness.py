"""Signed requests only, retries never act twice, DMs and mentions, outages delay but lose nothing."""

from __future__ import annotations

import time

from bot.bootstrap import build_app
from bot.settings import Settings
from storage.migrate import upgrade_async
from tests.adapters.slack.test_flow import dm_calls, report, stored
from tests.adapters.slack.world import REPORTER, SlackWorld, report_state
from tests.fakes import slash_command_body, view_submission_body


async def test_bad_or_stale_signature_gets_401_and_changes_nothing(world: SlackWorld):
    body = view_submission_body({"user": {"id": REPORTER}, "view": {
        "id": "V1", "callback_id": "report", "private_metadata": "{}", "state": {"values": report_state()}}})

    wrong = await world.post(body, secret="not-the-secret")
    stale = await world.post(body, timestamp=int(time.time()) - 6 * 60)
    unsigned = await world.client.post("/slack/events", data=body)

    assert [wrong.status, stale.status, unsigned.status] == [401, 401, 401]
    assert await stored(world) == []
    assert world.fake.calls_to("views.open") == []


async def test_a_plain_dm_answers_with_a_button_that_opens_the_filled_in_modal(world: SlackWorld):
    event = {"type": "message", "channel_type": "im", "channel": "D0REPORTER", "user": REPORTER,
             "text": "ik ben mijn laptop kwijt", "ts": "1.1"}

    assert (await world.event(event, event_id="Ev1")).status == 200
    prompt = (await world.fake.wait_for("chat.postMessage"))[0]
    button = prompt.args["blocks"][-1]["elements"][0]
    assert button["value"] == "ik ben mijn laptop kwijt"

    await world.click("open_report", button["value"], user=REPORTER)
    view = (await world.fake.wait_for("views.open"))[0].args["view"]
    description = next(b for b in view["blocks"] if b.get("block_id") == "description")
    assert description["element"]["initial_value"] == "ik ben mijn laptop kwijt"


async def test_slack_retries_and_repeated_event_ids_act_once(world: SlackWorld):
    event = {"type": "message", "channel_type": "im", "channel": "D0REPORTER", "user": REPORTER,
             "text": "phishing mail", "ts": "1.2"}

    for retry in (None, 1, 2):
        assert (await world.event(event, event_id="EvSame", retry=retry)).status == 200
    await world.event({**event, "text": "another"}, event_id="EvOther")

    await world.fake.wait_for("chat.postMessage", count=2)
    texts = [c.args["blocks"][-1]["elements"][0]["value"] for c in world.fake.calls_to("chat.postMessage")]
    assert sorted(texts) == ["another", "phishing mail"]


async def test_bot_messages_and_edits_are_ignored(world: SlackWorld):
    await world.event({"type": "message", "channel_type": "im", "channel": "D1", "bot_id": "B1", "text": "x"})
    await world.event({"type": "message", "channel_type": "im", "channel": "D1", "subtype": "message_changed"})
    await world.event({"type": "message", "channel_type": "im", "channel": "D1", "user": REPORTER, "text": "y"},
                      event_id="EvLast")
    await world.fake.wait_for("chat.postMessage", count=1)
    assert len(world.fake.calls_to("chat.postMessage")) == 1


async def test_a_mention_in_a_channel_is_answered_only_to_that_person(world: SlackWorld):
    event = {"type": "app_mention", "channel": "C0GENERAL", "user": REPORTER, "text": "<@UBOT> datalek!"}

    await world.event(event)

    reply = (await world.fake.wait_for("chat.postEphemeral"))[0]
    assert reply.args["user"] == REPORTER and reply.args["channel"] == "C0GENERAL"
    assert "/incident" in reply.args["text"]
    assert world.fake.calls_to("chat.postMessage") == []


async def test_slack_outage_delays_the_receipt_but_it_arrives_once(world: SlackWorld):
    world.fake.fail("chat.postMessage", status=500, times=1)
    world.fake.fail("conversations.open", "ratelimited", retry_after=1, times=1)

    case = await report(world)

    # Stored before anything was sent; the receipt comes through once Slack answers again.
    await world.fake.wait_for("chat.postMessage", count=3, ok=True)
    receipts = [c for c in dm_calls(world, REPORTER) if case in (c.args.get("text") or "")]
    assert len(receipts) == 1


async def test_a_permanent_error_is_counted_in_metrics(world: SlackWorld):
    world.fake.fail("conversations.open", "user_not_found", times=None)

    await report(world)

    await world.fake.wait_for("conversations.open", count=3)
    metrics = await (await world.client.get("/metrics")).text()
    assert 'meldpunt_outbox_failed_total{platform="slack"}' in metrics
    assert 'meldpunt_incidents{step="contact_review"} 1' in metrics


async def test_an_unknown_slash_word_shows_help(world: SlackWorld):
    await world.post(slash_command_body(text="wat kan je", user_id=REPORTER,
                                        response_url=world.fake.response_url("h")))
    answer = (await world.fake.wait_for_response(1))[0][1]
    assert "status" in str(answer["blocks"]) and "register" in str(answer["blocks"])


async def test_socket_mode_without_a_signing_secret_takes_nothing_over_http(database_url, fake_slack, aiohttp_client):
    await upgrade_async(database_url)
    settings = Settings(database_url=database_url, slack_bot_token="xoxb-test", slack_app_token="xapp-test",
                        slack_api_url=fake_slack.api_url, org_config="absent.yaml", _env_file=None)
    client = await aiohttp_client(build_app(settings))  # the fake cannot open a socket: logged, not fatal

    body = slash_command_body(text="", user_id=REPORTER)
    response = await client.post("/slack/events", data=body,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})

    assert response.status == 401
    assert (await client.get("/healthz")).status == 200
    assert fake_slack.calls_to("views.open") == []
