"""Review cards for contact, handler and DPO: proactive, decided on the card, every copy kept current."""

from __future__ import annotations

from tests.adapters.teams.test_teams_flow import report, stored, until_step
from tests.adapters.teams.world import (
    REPORTER,
    TeamsWorld,
    card_of,
    decisions,
    dm,
    invoked_card,
    texts,
)


async def test_cards_go_proactively_to_contact_and_dpo_with_buttons_only_for_the_step(world: TeamsWorld):
    await world.hello("29:bob")  # Bob installed the app: his conversation reference is stored
    case = await report(world)

    bob = await world.fake.wait_for(lambda: world.cards("29:bob")[1:], what="bob's card")  # [0] is the welcome
    assert decisions(bob[0]) == ["forward", "close_no_breach", "ask_reporter"]
    # Dave (known as aad:<object id>) never talked to the bot: a 1:1 chat is created for him.
    dave = await world.fake.wait_for(lambda: world.cards("aad:oid-dave"), what="dave's card")
    created = [c for c in world.fake.calls if c.path == "/v3/conversations"]
    assert created and created[0].body["members"] == [{"id": "oid-dave"}]
    assert created[0].body["tenantId"] == "tenant-0001"
    assert decisions(dave[0]) == [] and case in texts(dave[0])
    assert world.fake.sent(dm("29:bob"))[-1].body["attachments"][0]["content"]["version"] == "1.5"


async def test_a_refusal_is_the_cards_answer_to_that_user_only_and_changes_nothing(world: TeamsWorld):
    case = await report(world)
    await world.settled()
    before = len(world.fake.calls)

    answer = await world.execute("29:dave", "decide", {"case": case, "decision": "escalate", "step": "contact_review"})

    card = invoked_card(answer)
    assert card["body"][0]["color"] == "Attention"
    assert (await stored(world))[0].step.value == "contact_review"
    stranger = invoked_card(await world.execute("29:nobody", "decide", {"case": case, "decision": "forward"}))
    assert "niet" in stranger["body"][0]["text"]
    # Nothing was sent to anyone because of the refusals.
    assert not [c for c in world.fake.calls[before:] if c.service == "connector"]


async def test_forward_forward_escalate_updates_every_copy(world: TeamsWorld):
    case = await report(world)
    await world.fake.wait_for(lambda: world.cards("29:bob"), what="bob's card")

    shown = invoked_card(await world.execute("29:bob", "decide", {"case": case, "decision": "forward", "step": "contact_review"}))
    assert decisions(shown) == [] and "Bob Contact" in texts(shown)
    await until_step(world, "handler_review")
    carol = await world.fake.wait_for(lambda: world.cards("29:carol"), what="carol's card")
    assert decisions(carol[0])[0] == "forward"
    # Bob's copy is updated in place (PUT) to show the decision, without buttons.
    bob_updates = await world.fake.wait_for(lambda: world.fake.updates(dm("29:bob")) or world.fake.updates(
        world.fake.personal("29:bob")), what="bob's card updated")
    assert decisions(bob_updates[-1].body["attachments"][0]["content"]) == []

    await world.execute("29:carol", "decide", {"case": case, "decision": "forward", "step": "handler_review"})
    await until_step(world, "dpo_review")
    dave_conversation = world.fake.personal("oid-dave")

    def dave_can_escalate():
        return [u for u in world.fake.updates(dave_conversation)
                if "escalate" in decisions(u.body["attachments"][0]["content"])]  # fmt: skip

    await world.fake.wait_for(dave_can_escalate, what="dave's card with escalate")
    await world.settled()
    your_turn = [a for a in world.inbox("aad:oid-dave") if "wacht op jouw besluit" in (a.get("text") or "")]
    assert your_turn
    await world.execute("29:dave", "decide", {"case": case, "decision": "escalate", "step": "dpo_review"})
    await until_step(world, "irt")


async def test_a_decision_needing_a_reason_asks_for_it_on_the_card(world: TeamsWorld):
    case = await report(world)
    await world.fake.wait_for(lambda: world.cards("29:bob"), what="bob's card")
    data = {"case": case, "decision": "close_no_breach", "step": "contact_review"}

    asked = invoked_card(await world.execute("29:bob", "decide", data))

    reason = next(i for i, e in enumerate(asked["body"]) if e.get("id") == "reason")
    assert asked["body"][reason + 1]["color"] == "Attention"
    assert (await stored(world))[0].step.value == "contact_review"
    closed = invoked_card(await world.execute("29:bob", "decide", {**data, "reason": "Test mail, no data"}))
    assert decisions(closed) == []
    assert (await stored(world))[0].step.value == "closed"
    notice = await world.fake.wait_for(lambda: [a for a in world.inbox(REPORTER) if "afgesloten" in (a.get("text") or "")])
    assert case in notice[0]["text"]


async def test_ask_the_reporter_round_trip_on_cards(world: TeamsWorld):
    case = await report(world)
    await world.fake.wait_for(lambda: world.cards("29:bob"), what="bob's card")
    data = {"case": case, "decision": "ask_reporter", "step": "contact_review", "reason": "Was the laptop encrypted?"}
    await world.execute("29:bob", "decide", data)

    question = await world.fake.wait_for(lambda: [c for c in world.cards(REPORTER) if "answer" in str(c)], what="question")
    assert "Was the laptop encrypted?" in texts(question[0])
    empty = invoked_card(await world.execute(REPORTER, "answer", {"case": case, "asked_by": "bob", "answer": " "}))
    assert any(e.get("color") == "Attention" for e in empty["body"])
    await world.execute(REPORTER, "answer", {"case": case, "asked_by": "bob", "answer": "Yes, BitLocker"})
    answered = await world.fake.wait_for(lambda: [a for a in world.inbox("29:bob") if "BitLocker" in (a.get("text") or "")])
    assert case in answered[0]["text"]


async def test_action_submit_fallback_replaces_the_clicked_card(world: TeamsWorld):
    await world.hello("29:bob")
    case = await report(world)
    cards = await world.fake.wait_for(lambda: world.fake.sent(dm("29:bob"))[1:], what="bob's card")
    activities = world.fake.conversations[dm("29:bob")]["activities"]
    card_id = next(aid for aid, a in activities.items() if case in str(a))
    assert cards

    response = await world.submit("29:bob", "decide", {"case": case, "decision": "forward", "step": "contact_review"},
                                  reply_to=card_id)  # fmt: skip

    assert response.status in (200, 202)
    await until_step(world, "handler_review")
    replaced = [u for u in world.fake.updates(dm("29:bob")) if u.path.endswith(card_id)]
    assert replaced and decisions(card_of(replaced[0].body)) == []
