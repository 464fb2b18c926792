"""Reminders through the real app and a fake Slack: every rung once, after restarts and outages."""

from __future__ import annotations

import time
from datetime import timedelta

from tests.adapters.slack.world import text_value, time_value
from tests.reminders.conftest import DPO_DM, ReminderWorld, reminders, rungs_in, until

LADDER = ["before:48", "before:24", "before:12", "before:6", "before:2", "at:0", "overdue:1", "overdue:2"]  # fmt: skip


async def test_a_70_hour_old_escalated_incident_is_reminded_in_the_irt_channel_within_one_sweep(
    world: ReminderWorld,
):
    now = world.clock.now()
    case = await world.report(discovered=now - timedelta(hours=70))
    await world.escalate(case)

    await world.travel(seconds=1)  # one sweep

    found = reminders(world.fake)
    channel = world.irt_channel(case)
    assert rungs_in(found, channel, case) == ["before:2"]
    assert rungs_in(found, DPO_DM, case) == ["before:2"]  # one reminder, not a burst of five
    post = next(c for c in world.fake.calls_to("chat.postMessage") if c.args["channel"] == channel
                and "reminder:" in str(c.args.get("blocks")))  # fmt: skip
    assert "1 h 59 min" in str(post.args["blocks"])  # time left, shown at delivery
    assert "Melding bij de Autoriteit" in str(post.args["blocks"])  # the open checklist items

    # The button in the channel opens the checklist's notification form …
    await world.click("record_notification", case, user="U0ERIN")
    modal = (await world.fake.wait_for("views.open"))[-1].args["view"]
    assert modal["callback_id"] == "checklist"
    assert {"notified_at", "authority_reference", "delay_reason"} <= {
        b.get("block_id") for b in modal["blocks"]
    }
    # … and once the notification is recorded, no reminder comes again.
    meta = {"case": case, "item": "notify_authority", "state": "done", "lang": "nl"}
    state = {"notified_at": time_value(int(time.time()) - 60),
             "authority_reference": text_value("AP-777"), "delay_reason": text_value(""),
             "note": text_value("")}  # fmt: skip
    assert (await world.submit("checklist", state, user="U0ERIN", metadata=meta)).status == 200
    incident = (await world.services.handlers.incidents())[0]
    assert incident.notifications[0].reference == "AP-777"
    for _ in range(4):
        await world.travel(hours=12)
    assert reminders(world.fake) == found


async def test_the_record_button_is_refused_to_someone_outside_the_irt(world: ReminderWorld):
    case = await world.report(discovered=world.clock.now() - timedelta(hours=70))
    await world.escalate(case)

    await world.click("record_notification", case, user="U0GRACE", response_id="grace")

    refusal = (await world.fake.wait_for_response(1))[0][1]
    assert refusal["response_type"] == "ephemeral"
    assert world.fake.calls_to("views.open") == []


async def test_travelling_through_the_72_hours_every_rung_arrives_once(world: ReminderWorld):
    case = await world.report(discovered=world.clock.now())
    await world.escalate(case)

    for _ in range(100):
        await world.travel(hours=1)

    found = reminders(world.fake)
    assert rungs_in(found, DPO_DM, case) == LADDER
    assert rungs_in(found, world.irt_channel(case), case) == LADDER
    assert set(found.values()) == {1}


async def test_a_restart_midway_neither_repeats_nor_loses_a_rung(world: ReminderWorld, start_app):
    case = await world.report(discovered=world.clock.now())
    await world.escalate(case)
    for _ in range(50):
        await world.travel(hours=1)
    assert rungs_in(reminders(world.fake), DPO_DM, case) == LADDER[:2]

    await world.client.close()  # stops the scheduler, the dispatcher and the database
    restarted = await start_app()
    for _ in range(50):
        await restarted.travel(hours=1)

    found = reminders(world.fake)
    assert rungs_in(found, DPO_DM, case) == LADDER
    assert rungs_in(found, world.irt_channel(case), case) == LADDER
    assert set(found.values()) == {1}


async def test_rate_limits_and_outages_delay_a_reminder_which_then_arrives_once(
    world: ReminderWorld,
):
    case = await world.report(discovered=world.clock.now())
    await world.escalate(case)
    world.fake.fail("chat.postMessage", "ratelimited", retry_after=1, times=1)
    world.fake.fail("chat.postMessage", status=500, times=1)

    await world.travel(hours=24, seconds=1)

    failed = [c for c in world.fake.calls_to("chat.postMessage") if c.failed]
    assert [c.status for c in failed] == [429, 500]  # the DPO DM and the channel
    assert not reminders(world.fake)  # the reminders wait in the outbox
    for _ in range(3):
        world.clock.advance(minutes=1)
        await world.deliver()

    found = reminders(world.fake)
    assert rungs_in(found, DPO_DM, case) == ["before:48"]
    assert rungs_in(found, world.irt_channel(case), case) == ["before:48"]
    assert set(found.values()) == {1}
    # A later sweep does not send it again.
    await world.travel(hours=1)
    assert reminders(world.fake) == found


async def test_a_reminder_for_an_incident_whose_clock_stopped_is_never_sent(world: ReminderWorld):
    case = await world.report(discovered=world.clock.now())
    await world.escalate(case)
    world.fake.fail("chat.postMessage", status=500, times=None)  # Slack is down …
    await world.travel(hours=24, seconds=1)  # … while the 48-hour reminder is written

    await world.record_notification(case)  # the authority is notified meanwhile
    world.fake.clear_failures()
    for _ in range(3):
        world.clock.advance(minutes=5)
        await world.deliver()
    for _ in range(8):
        await world.travel(hours=12)

    assert not reminders(world.fake)
    assert any(not c.failed for c in world.fake.calls_to("chat.postMessage"))  # Slack works again


async def test_the_dpo_deciding_no_notification_is_needed_stops_reminders(world: ReminderWorld):
    case = await world.report(discovered=world.clock.now())
    await world.escalate(case)
    await world.travel(hours=24, seconds=1)

    meta = {"case": case, "item": "notify_authority", "state": "not_applicable", "lang": "nl"}
    state = {"note": text_value("Versleuteld, sleutel veilig: geen risico.")}
    assert (await world.submit("checklist", state, user="U0DAVE", metadata=meta)).status == 200
    for _ in range(8):
        await world.travel(hours=12)

    assert rungs_in(reminders(world.fake), DPO_DM, case) == ["before:48"]


async def test_a_waiting_review_step_nudges_the_contact_then_the_dpo_too(world: ReminderWorld):
    case = await world.report(discovered=world.clock.now())  # waits for the contact, Bob

    await world.travel(hours=4, seconds=1)
    await world.travel(hours=4)

    nudges = reminders(world.fake, prefix="nudge:")
    assert list(nudges) == [
        ("DU0BOB", f"nudge:{case}:contact_review:1"),
        ("DU0BOB", f"nudge:{case}:contact_review:2"),
        (DPO_DM, f"nudge:{case}:contact_review:2"),
    ]
    # Once Bob decides, the handler's wait starts afresh.
    await world.click("decision:forward", case, user="U0BOB")
    await until(lambda: world.fake.calls_to("chat.update"))
    await world.travel(hours=4, seconds=1)
    assert ("DU0CAROL", f"nudge:{case}:handler_review:1") in reminders(world.fake, prefix="nudge:")


async def test_metrics_count_reminders_and_the_outbox(world: ReminderWorld):
    case = await world.report(discovered=world.clock.now() - timedelta(hours=30))
    await world.escalate(case)
    await world.travel(seconds=1)

    metrics = await (await world.client.get("/metrics")).text()

    assert 'meldpunt_reminders_sent_total{audience="dpo",kind="deadline"} 1' in metrics
    assert 'meldpunt_reminders_sent_total{audience="irt",kind="deadline"} 1' in metrics
    assert 'meldpunt_outbox_messages{status="pending"} 0' in metrics
    assert 'meldpunt_reminder_incidents{state="scheduled"} 1' in metrics
    assert 'meldpunt_reminder_incidents{state="due"} 0' in metrics


async def test_the_scheduler_in_the_server_runs_the_sweep_by_itself(start_app):
    world = await start_app(sweep_seconds=0.2)
    case = await world.report(discovered=world.clock.now() - timedelta(hours=70))

    await until(lambda: rungs_in(reminders(world.fake), DPO_DM, case) == ["before:2"])
