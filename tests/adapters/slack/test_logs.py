"""Logs carry case numbers and event names, never what a reporter wrote or who they are."""

from __future__ import annotations

import logging

from bot.logs import JsonFormatter
from tests.adapters.slack.test_flow import stored, until_step
from tests.adapters.slack.world import REPORTER, SlackWorld, report_state, text_value

SECRET_TEXT = "Mailbox of pupil Jansen-Geheim exposed"


async def test_no_report_contents_or_names_in_the_logs(world: SlackWorld, caplog):
    caplog.set_level(logging.DEBUG)
    world.fake.fail("chat.postMessage", status=500, times=1)  # a retry is logged too
    await world.submit("report", report_state(description=SECRET_TEXT), user=REPORTER, metadata={"lang": "nl"})
    case = (await stored(world))[0].case_number
    await world.click("decision:close_no_breach", case, user="U0BOB")
    await world.submit("decision", {"reason": text_value("Jansen-Geheim was never at risk")}, user="U0BOB",
                       metadata={"case": case, "decision": "close_no_breach", "lang": "nl"})
    await world.click("decision:escalate", case, user="U0STRANGER")  # a refusal is logged
    await until_step(world, "closed")
    await world.fake.wait_for("chat.postMessage", count=3, ok=True)

    lines = [JsonFormatter().format(r) for r in caplog.records if r.name.startswith("meldpunt")]
    assert any(case in line for line in lines)
    assert not [line for line in lines if "Jansen-Geheim" in line or "Bob Contact" in line]
