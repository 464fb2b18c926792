"""The IRT workspace in Teams: channel, group chat, personal chats, and the live checklist card."""

from __future__ import annotations

from bot.services import SERVICES
from core.org import Channel
from core.outbox import MessageKind, OutboundMessage
from tests.adapters.teams.conftest import APP_ID
from tests.adapters.teams.test_teams_flow import report, stored, until_step
from tests.adapters.teams.world import ORG_YAML, TeamsWorld, card_of, invoked_card, texts, verbs

TEAM = "team-irt-0001"


async def escalated(world: TeamsWorld, *, users=("29:erin", "29:frank")) -> str:
    for user in users:
        await world.hello(user)
    case = await report(world)
    for user, step, next_step in (("29:bob", "contact_review", "handler_review"),
                                  ("29:carol", "handler_review", "dpo_review")):  # fmt: skip
        await world.execute(user, "decide", {"case": case, "decision": "forward", "step": step})
        await until_step(world, next_step)
    await world.execute("29:dave", "decide", {"case": case, "decision": "escalate", "step": "dpo_review"})
    await until_step(world, "irt")
    await world.settled()
    return case


def status_cards(world: TeamsWorld, user: str) -> list[dict]:
    return [c for c in world.cards(user) if "Checklist" in texts(c)]


async def timeline_whats(world: TeamsWorld, case: str) -> list[str]:
    _, timeline = await world.client.app[SERVICES].handlers.get(case)
    return [e.what for e in timeline]


async def test_without_credentials_each_irt_member_and_the_dpo_gets_the_card_in_a_personal_chat(world: TeamsWorld):
    case = await escalated(world)

    for user in ("29:erin", "29:frank", "aad:oid-dave"):
        cards = status_cards(world, user)
        assert len(cards) == 1, user
        assert "persoonlijke chat" in texts(cards[0])
        assert sum(1 for verb, _ in verbs(cards[0]) if verb == "item") == 21  # 7 items x 3 buttons
    assert "irt_workspace_personal" in await timeline_whats(world, case)
    assert not [c for c in world.fake.calls if c.service == "graph"]


async def test_the_checklist_card_is_worked_and_every_copy_kept_current(world: TeamsWorld):
    case = await escalated(world)

    shown = invoked_card(await world.execute("29:erin", "item", {"case": case, "item": "contain", "state": "in_progress"}))
    assert "Lek dichten — Bezig" in texts(shown) or "Bezig" in texts(shown)
    await world.settled()
    frank_copy = world.updated("29:frank")
    assert frank_copy and "Bezig" in texts(card_of(frank_copy[-1]))

    # The board may not tick the checklist: the answer goes to Grace only, nothing changes.
    refused = invoked_card(await world.execute("29:grace", "item", {"case": case, "item": "contain", "state": "done"}))
    assert refused["body"][1]["color"] == "Attention"

    form = invoked_card(await world.execute("29:erin", "item", {"case": case, "item": "notify_authority", "state": "done"}))
    assert {"notified_date", "notified_time", "authority_reference", "delay_reason", "note"} <= {e.get("id") for e in form["body"]}
    save = dict(verbs(form))["item_save"]
    missing = invoked_card(await world.execute("29:erin", "item_save", {**save, "notified_date": "2020-01-01",
                                                                         "notified_time": "10:00", "authority_reference": ""}))
    errors = {missing["body"][i - 1].get("id") for i, e in enumerate(missing["body"]) if e.get("color") == "Attention"}
    assert "authority_reference" in errors
    today = next(e for e in form["body"] if e.get("id") == "notified_date")["value"]
    ok = invoked_card(await world.execute("29:erin", "item_save", {**save, "notified_date": today, "notified_time": "00:01",
                                                                    "authority_reference": "AP-12345"}))
    assert "AP-12345" in texts(ok)

    comm = {"case": case, "item": "inform_people", "state": "done", "exception": "a_unintelligible",
            "communication_plan": "Data were encrypted, key safe."}  # fmt: skip
    assert "art. 34 lid 3 sub a" in texts(invoked_card(await world.execute("29:frank", "item_save", comm)))
    no_reason = invoked_card(await world.execute("29:erin", "item_save", {"case": case, "item": "liability",
                                                                          "state": "not_applicable", "note": ""}))
    assert any(e.get("color") == "Attention" for e in no_reason["body"])
    await world.execute("29:erin", "item_save", {"case": case, "item": "liability", "state": "not_applicable",
                                                 "note": "No third party"})  # fmt: skip
    incident = (await stored(world))[0]
    assert incident.notifications[0].reference == "AP-12345"
    assert {i.key.value: i.state.value for i in incident.checklist}["liability"] == "not_applicable"
    await world.settled()
    assert "AP-12345" in texts(card_of(world.updated("aad:oid-dave")[-1]))


async def test_with_an_irt_team_a_channel_is_created_through_graph(make_world):
    world = await make_world(ORG_YAML + f"teams:\n  irt_team_id: {TEAM}\n")
    case = await escalated(world)

    channel = world.fake.channels[TEAM][0]
    assert channel["displayName"] == f"Melding {case}" and len(channel["displayName"]) <= 50
    graph_call = next(c for c in world.fake.calls if c.service == "graph")
    assert graph_call.token and "graph.microsoft.com" in graph_call.token  # msal client credentials
    posted = world.fake.sent(channel["id"])
    assert posted and "Checklist" in texts(card_of(posted[0].body))
    assert all(c.token and "api.botframework.com" in c.token for c in world.fake.sent())
    assert not status_cards(world, "29:erin")  # the channel is where the IRT works
    assert "irt_workspace_channel" in await timeline_whats(world, case)

    await world.execute("29:erin", "item", {"case": case, "item": "contain", "state": "in_progress"})
    lines = await world.fake.wait_for(lambda: [c for c in world.fake.sent(channel["id"]) if "Erin IRT" in (c.body.get("text") or "")])
    assert "Lek dichten" in lines[0].body["text"]
    await world.settled()
    assert world.fake.updates(channel["id"])


async def test_without_a_team_a_group_chat_is_created_and_the_app_installed(make_world):
    world = await make_world(ORG_YAML)
    world.fake.catalog[APP_ID] = "catalog-app-1"
    case = await escalated(world)

    (chat_id, chat), = world.fake.chats.items()
    assert chat["chatType"] == "group" and chat["topic"] == f"Melding {case}"
    members = sorted(m["user@odata.bind"].split("'")[1] for m in chat["members"])
    assert members == ["oid-dave", "oid-erin", "oid-frank"]
    assert world.fake.installed[chat_id] == ["catalog-app-1"]
    assert "Checklist" in texts(card_of(world.fake.sent(chat_id)[0].body))
    assert "irt_workspace_chat" in await timeline_whats(world, case)


async def test_when_neither_is_permitted_the_irt_gets_personal_chats_and_the_timeline_says_so(make_world):
    world = await make_world(ORG_YAML + f"teams:\n  irt_team_id: {TEAM}\n")
    world.fake.catalog[APP_ID] = "catalog-app-1"
    world.fake.fail("channel", 403, times=None)
    world.fake.fail("chat", 403, times=None)

    case = await escalated(world)

    assert [c.status for c in world.fake.calls if c.service == "graph" and c.method == "POST"] == [403, 403]
    for user in ("29:erin", "29:frank", "aad:oid-dave"):
        assert len(status_cards(world, user)) == 1, user
    assert "irt_workspace_personal" in await timeline_whats(world, case)


async def test_graph_throttling_is_retried_and_creates_one_channel(make_world):
    world = await make_world(ORG_YAML + f"teams:\n  irt_team_id: {TEAM}\n")
    world.fake.fail("channel", 429, times=1, retry_after=0)

    await escalated(world)
    await world.fake.wait_for(lambda: world.fake.channels.get(TEAM), timeout=10, what="channel after retry")
    await world.settled(timeout=10)

    assert len(world.fake.channels[TEAM]) == 1
    assert [c.status for c in world.fake.calls if c.service == "graph" and c.method == "POST"] == [429, 200]


async def test_only_the_dpo_corrects_the_moment_of_awareness_from_the_card(world: TeamsWorld):
    case = await escalated(world)

    refused = invoked_card(await world.execute("29:erin", "aware", {"case": case, "back": "irt_status"}))
    assert any(e.get("color") == "Attention" for e in refused["body"]) and "Checklist" in texts(refused)
    form = invoked_card(await world.execute("29:dave", "aware", {"case": case, "back": "irt_status"}))
    day = next(e for e in form["body"] if e.get("id") == "aware_date")["value"]
    no_reason = invoked_card(await world.execute("29:dave", "aware_save", {"case": case, "back": "irt_status",
                                                                          "aware_date": day, "aware_time": "00:00"}))
    assert any(e.get("color") == "Attention" for e in no_reason["body"])
    saved = invoked_card(await world.execute("29:dave", "aware_save", {
        "case": case, "back": "irt_status", "aware_date": day, "aware_time": "00:00", "reason": "IT confirmed"}))
    assert "Checklist" in texts(saved)
    assert "aware_time_changed" in await timeline_whats(world, case)
    lines = await world.fake.wait_for(lambda: [a for a in world.inbox("29:erin") if "kennisname" in (a.get("text") or "")]
                                      or world.updated("29:erin"), what="erin's card refreshed")  # fmt: skip
    assert lines


async def test_action_submit_in_a_shared_channel_answers_in_the_clickers_own_chat(make_world):
    world = await make_world(ORG_YAML + f"teams:\n  irt_team_id: {TEAM}\n")
    case = await escalated(world)
    channel = world.fake.channels[TEAM][0]["id"]
    status_id = next(iter(world.fake.conversations[channel]["activities"]))
    activity = world.activity("29:grace", value={"verb": "item", "case": case, "item": "contain", "state": "done"},
                              replyToId=status_id)
    activity["conversation"] = {"id": channel, "conversationType": "channel", "isGroup": True}
    before = len(world.fake.updates(channel))

    await world.post(activity)

    answer = await world.fake.wait_for(lambda: world.cards("29:grace"), what="grace's own answer")
    assert any(e.get("color") == "Attention" for e in answer[-1]["body"])
    await world.settled()
    assert len(world.fake.updates(channel)) == before  # the shared card untouched


async def test_a_reminder_for_the_irt_lands_in_the_group_chat(make_world):
    world = await make_world(ORG_YAML)
    world.fake.catalog[APP_ID] = "catalog-app-1"
    case = await escalated(world)
    (chat_id, _), = world.fake.chats.items()

    services = world.client.app[SERVICES]
    reminder = OutboundMessage(Channel.TEAMS, MessageKind.REMINDER, case, "", {"rung": "irt:before:24"})
    async with services.uow() as uow:
        await uow.outbox.add([reminder], now=services.clock.now())
        await uow.commit()
    services.dispatcher.kick()
    await world.settled()

    sent = [c.body.get("text") or "" for c in world.fake.sent(chat_id)]
    reminders = [text for text in sent if text.startswith("⏰")]
    assert len(reminders) == 1 and case in reminders[0] and "72" in reminders[0]
    assert "Lek dichten" in reminders[0]  # the open checklist items are named
