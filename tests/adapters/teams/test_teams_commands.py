"""Typed commands in the personal chat: status, list, register, stats, help (and dashboard for now)."""

from __future__ import annotations

from tests.adapters.teams.test_teams_flow import report
from tests.adapters.teams.world import REPORTER, TeamsWorld, card_of, texts


async def answer(world: TeamsWorld, user: str, words: str) -> dict:
    """The bot's reply to this very message (a reply in the same conversation)."""
    activity = world.activity(user, text=words)
    await world.post(activity)
    return card_of((await world.fake.wait_for(lambda: world.reply_to(activity["id"]), what=words))[0])


async def test_help_and_dashboard_show_what_the_bot_can_do(world: TeamsWorld):
    for words in ("help", "dashboard"):
        card = await answer(world, REPORTER, words)
        assert "Wat Meldpunt kan" in texts(card) and "status 2026-0001" in texts(card)


async def test_status_only_to_people_involved_and_the_same_not_found_to_others(world: TeamsWorld):
    case = await report(world)

    mine = await answer(world, REPORTER, f"status {case}")
    dpo = await answer(world, "29:dave", f"status {case}")
    stranger = await answer(world, "29:stranger", f"status {case}")
    unknown = await answer(world, "29:stranger", "status 1999-0001")

    assert "Verloop" in texts(mine) and "72" in texts(mine) and "gemeld" in texts(mine)
    assert case in texts(dpo)
    assert texts(stranger) == texts(unknown).replace("1999-0001", case)
    assert "niet gevonden" in texts(stranger)


async def test_list_register_and_stats(world: TeamsWorld):
    case = await report(world)

    assert case in texts(await answer(world, "29:dave", "list"))
    assert "Geen open meldingen" in texts(await answer(world, "29:stranger", "list"))
    assert "1 meldingen" in texts(await answer(world, "29:dave", "register"))
    assert "privacyrollen" in texts(await answer(world, REPORTER, "register"))
    stats = await answer(world, "29:dave", "stats")
    assert "Statistieken (1 meldingen)" in texts(stats) and "█" in texts(stats)
