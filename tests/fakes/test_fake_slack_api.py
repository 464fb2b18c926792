"""The fake Slack Web API, driven through the real slack_sdk / slack_bolt clients."""

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from urllib.parse import parse_qs

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.fakes import (
    FakeSlack,
    block_actions_body,
    event_body,
    sign,
    signed_headers,
    slash_command_body,
    url_verification_body,
    view_submission_body,
)

SECRET = "test-signing-secret"
MODAL = {"type": "modal", "callback_id": "incident", "title": {"type": "plain_text", "text": "Meld"},
         "submit": {"type": "plain_text", "text": "Verstuur"},
         "blocks": [{"type": "input", "block_id": "what", "label": {"type": "plain_text", "text": "Wat?"},
                     "element": {"type": "plain_text_input", "action_id": "v"}}]}  # fmt: skip


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as f:
        yield f


@pytest.fixture
def client(fake: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=fake.api_url)


async def test_auth_test_and_token_checks(fake: FakeSlack, client: AsyncWebClient) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", fake.url) and fake.api_url == fake.url + "/api/"
    res = await client.auth_test()
    assert (res["user_id"], res["bot_id"], res["team_id"]) == ("UBOT", "BBOT", "T0TEST")
    assert fake.last("auth.test").headers["authorization"] == "Bearer xoxb-test"
    for token, error in (("xoxb-wrong", "invalid_auth"), (None, "not_authed")):
        with pytest.raises(SlackApiError) as exc:
            await AsyncWebClient(token=token, base_url=fake.api_url).auth_test()
        assert exc.value.response["error"] == error
    assert [c.failed for c in fake.calls_to("auth.test")] == [False, True, True]
    with pytest.raises(SlackApiError) as exc:
        await client.api_call("no.such.method")
    assert exc.value.response.data == {"ok": False, "error": "unknown_method", "req_method": "no.such.method"}


async def test_post_update_and_pin_message(fake: FakeSlack, client: AsyncWebClient) -> None:
    blocks = [{"type": "section", "block_id": "b1", "text": {"type": "mrkdwn", "text": "*Incident*"}}]
    first = await client.chat_postMessage(channel="C0INCIDENT", text="Incident", blocks=blocks)
    second = await client.chat_postMessage(channel="U1", text="DM")
    assert re.fullmatch(r"\d{10}\.\d{6}", first["ts"]) and second["ts"] > first["ts"]
    assert first["message"]["blocks"] == blocks and second["channel"] == "DU1"
    call = fake.last("chat.postMessage")
    assert call.headers["Content-Type"].startswith("application/json") and call.args["channel"] == "U1"
    # form-encoded JSON strings are decoded into args but kept raw in raw_args
    await client.api_call("chat.postMessage", data={"channel": "C0INCIDENT", "blocks": json.dumps(blocks)})
    assert fake.last("chat.postMessage").args["blocks"] == blocks
    assert isinstance(fake.last("chat.postMessage").raw_args["blocks"], str)

    new_blocks = [{"type": "section", "block_id": "b2", "text": {"type": "mrkdwn", "text": "Opgelost"}}]
    res = await client.chat_update(channel="C0INCIDENT", ts=first["ts"], text="Opgelost", blocks=new_blocks)
    assert (res["ts"], res["text"]) == (first["ts"], "Opgelost")
    stored = fake.messages["C0INCIDENT"][0]
    assert stored["text"] == "Opgelost" and stored["blocks"] == new_blocks and "edited" in stored
    with pytest.raises(SlackApiError, match="message_not_found"):
        await client.chat_update(channel="C0INCIDENT", ts="1.000000", text="x")
    with pytest.raises(SlackApiError, match="invalid_blocks"):
        await client.chat_postMessage(channel="C0INCIDENT", text="x", blocks=blocks + blocks)

    await client.pins_add(channel="C0INCIDENT", timestamp=first["ts"])
    with pytest.raises(SlackApiError, match="already_pinned"):
        await client.pins_add(channel="C0INCIDENT", timestamp=first["ts"])
    assert fake.pins == {"C0INCIDENT": [first["ts"]]}
    link = await client.chat_getPermalink(channel="C0INCIDENT", message_ts=first["ts"])
    assert link["permalink"].endswith(first["ts"].replace(".", ""))
    eph = await client.chat_postEphemeral(channel="C0INCIDENT", user="U1", text="alleen voor jou")
    assert eph["message_ts"] > first["ts"]


async def test_channel_lifecycle(fake: FakeSlack, client: AsyncWebClient) -> None:
    res = await client.conversations_create(name="irt-20261204-ab12", is_private=True)
    channel = res["channel"]
    assert channel["id"].startswith("C") and channel["is_private"] is True and "members" not in channel
    with pytest.raises(SlackApiError) as exc:
        await client.conversations_create(name="irt-20261204-ab12")
    assert exc.value.response["error"] == "name_taken"
    for name, error in (("IRT Bad!", "invalid_name_specials"), ("x" * 81, "invalid_name_maxlength")):
        with pytest.raises(SlackApiError, match=error):
            await client.conversations_create(name=name)

    await client.conversations_invite(channel=channel["id"], users=["U1", "U2"])
    for users, error in (("U1,U2", "already_in_channel"), ("U3,UBOT", "cant_invite_self")):
        with pytest.raises(SlackApiError, match=error):
            await client.conversations_invite(channel=channel["id"], users=users)
    members = await client.conversations_members(channel=channel["id"])
    assert members["members"] == ["UBOT", "U1", "U2"]
    await client.conversations_setTopic(channel=channel["id"], topic="Datalek")
    await client.conversations_setPurpose(channel=channel["id"], purpose="IRT")
    stored = fake.channels["irt-20261204-ab12"]
    assert (stored["topic"]["value"], stored["purpose"]["value"]) == ("Datalek", "IRT")
    with pytest.raises(SlackApiError, match="channel_not_found"):
        await client.conversations_setTopic(channel="C0NOPE", topic="x")


async def test_views(fake: FakeSlack, client: AsyncWebClient) -> None:
    opened = (await client.views_open(trigger_id="1.2.abc", view=MODAL))["view"]
    assert re.fullmatch(r"V\d{7}", opened["id"]) and opened["hash"] and opened["callback_id"] == "incident"
    assert fake.last("views.open").args["view"] == MODAL
    pushed = (await client.views_push(trigger_id="1.3.abc", view=MODAL))["view"]
    assert pushed["id"] != opened["id"]
    busy = {**MODAL, "title": {"type": "plain_text", "text": "Bezig…"}}
    updated = (await client.views_update(view_id=opened["id"], view=busy))["view"]
    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    assert fake.views[opened["id"]]["title"]["text"] == "Bezig…"
    with pytest.raises(SlackApiError, match="not_found"):
        await client.views_update(view_id="V9999999", view=MODAL)
    too_long = {**MODAL, "title": {"type": "plain_text", "text": "x" * 25}}
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        await client.views_open(trigger_id="1.4.abc", view=too_long)


async def test_users_and_dms(fake: FakeSlack, client: AsyncWebClient) -> None:
    fake.users["U1"] = {"real_name": "Anna de Vries", "locale": "nl-NL", "tz": "Europe/Amsterdam"}
    user = (await client.users_info(user="U1", include_locale=True))["user"]
    assert (user["real_name"], user["locale"], user["tz"]) == ("Anna de Vries", "nl-NL", "Europe/Amsterdam")
    assert user["tz_offset"] in (3600, 7200)
    assert "locale" not in (await client.users_info(user="U1"))["user"]
    with pytest.raises(SlackApiError, match="user_not_found"):
        await client.users_info(user="U404")
    assert (await client.conversations_open(users="U1"))["channel"]["id"] == "DU1"
    group = (await client.conversations_open(users=["U1", "U2"]))["channel"]["id"]
    assert group.startswith("G") and group == (await client.conversations_open(users="U2,U1"))["channel"]["id"]


async def test_rate_limit_retried_after_retry_after(fake: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builtin_async_handlers.random, "random", lambda: 0.0)  # no jitter
    fake.fail("chat.postMessage", retry_after=0)
    client = AsyncWebClient(token="xoxb-test", base_url=fake.api_url,
                            retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])  # fmt: skip
    res = await client.chat_postMessage(channel="C1", text="hi")
    assert res["ok"]
    first, second = fake.calls_to("chat.postMessage")
    assert (first.status, first.failed, first.injected, first.response["error"]) == (429, True, True, "ratelimited")
    assert not second.failed and len(fake.messages["C1"]) == 1
    assert await fake.wait_for("chat.postMessage", ok=True) == [second]


async def test_server_errors_and_scripted_errors(fake: FakeSlack) -> None:
    fake.fail("chat.update", status=500, times=2)
    retry = AsyncServerErrorRetryHandler(max_retry_count=2, interval_calculator=FixedValueRetryIntervalCalculator(0))
    client = AsyncWebClient(token="xoxb-test", base_url=fake.api_url, retry_handlers=[retry])
    ts = (await client.chat_postMessage(channel="C1", text="a"))["ts"]
    await client.chat_update(channel="C1", ts=ts, text="b")
    assert [c.status for c in fake.calls_to("chat.update")] == [500, 500, 200]

    fake.fail("conversations.create", error="name_taken")
    with pytest.raises(SlackApiError) as exc:
        await client.conversations_create(name="irt-1")
    assert exc.value.response.status_code == 200 and exc.value.response["error"] == "name_taken"
    assert (await client.conversations_create(name="irt-1"))["ok"]
    fake.fail("chat.postMessage", error="channel_not_found", times=None)
    for _ in range(2):
        with pytest.raises(SlackApiError, match="channel_not_found"):
            await client.chat_postMessage(channel="C1", text="x")
    fake.clear_failures()
    fake.on("files.info", {"file": {"id": "F1"}})
    assert (await client.files_info(file="F1"))["file"] == {"id": "F1"}


async def test_wait_for(fake: FakeSlack, client: AsyncWebClient) -> None:
    task = asyncio.create_task(client.chat_postMessage(channel="C1", text="later"))
    (call,) = await fake.wait_for("chat.postMessage")
    assert call.args["text"] == "later"
    await task
    with pytest.raises(AssertionError, match="2 call"):
        await fake.wait_for("chat.postMessage", count=2, timeout=0.05)


async def test_response_url_capture(fake: FakeSlack) -> None:
    await AsyncWebhookClient(fake.response_url("abc")).send(text="Ontvangen", replace_original=True)
    (rid, body), *_ = await fake.wait_for_response()
    assert rid == "abc" and body == {"text": "Ontvangen", "replace_original": True}


def test_signing_accepted_by_slack_sdk_verifier() -> None:
    now = int(time.time())
    verifier = SignatureVerifier(SECRET)
    bodies = [slash_command_body(text="datalek", user_id="U1", channel_id="C1"), event_body({"type": "app_mention"}),
              block_actions_body({"actions": []}), view_submission_body({"view": MODAL}), url_verification_body("c")]  # fmt: skip
    for body in bodies:
        assert verifier.is_valid_request(body, sign(body, SECRET, now))
        assert not verifier.is_valid_request(body + "x", sign(body, SECRET, now))
        assert not verifier.is_valid_request(body, sign(body, "other", now))
    assert not verifier.is_valid_request(bodies[0], sign(bodies[0], SECRET, now - 600))
    form = parse_qs(bodies[0])
    assert (form["command"], form["text"], form["team_id"]) == (["/incident"], ["datalek"], ["T0TEST"])
    assert form["trigger_id"] != parse_qs(slash_command_body())["trigger_id"]
    envelope = json.loads(bodies[1])
    assert envelope["type"] == "event_callback" and envelope["event_id"].startswith("Ev")
    assert json.loads(parse_qs(bodies[3])["payload"][0])["type"] == "view_submission"
    assert signed_headers(bodies[1], SECRET, now)["Content-Type"] == "application/json"


async def test_bolt_app_against_fake(fake: FakeSlack, client: AsyncWebClient) -> None:
    app = AsyncApp(client=client, signing_secret=SECRET)

    @app.command("/incident")
    async def open_modal(ack, body, client, respond) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=MODAL)
        await respond("Formulier geopend")

    body = slash_command_body(user_id="U1", channel_id="C1", response_url=fake.response_url("cmd"))
    res = await app.async_dispatch(AsyncBoltRequest(body=body, headers=signed_headers(body, SECRET, int(time.time()))))
    assert res.status == 200
    (call,) = await fake.wait_for("views.open")
    assert call.args["trigger_id"] == parse_qs(body)["trigger_id"][0]
    assert (await fake.wait_for_response())[0] == ("cmd", {"text": "Formulier geopend"})
    assert len(fake.calls_to("auth.test")) == 1
