"""Pure Block Kit for deadline reminders and review nudges: view data and texts in, JSON out."""

from __future__ import annotations

from adapters.slack.blocks import button, context, section
from core.deadlines import format_duration, format_local
from core.org import Organisation
from core.reminders import NudgeView, ReminderView
from core.texts import t

RECORD_ACTION = "record_notification"  # opens the notify_authority checklist form
STATUS_ACTION = "show_status"  # the existing status button (listeners_actions)


def reminder_message(view: ReminderView, org: Organisation, lang: str) -> tuple[str, list[dict]]:
    """Time left (or overdue) in the organisation's zone, the open items, and what to do next."""
    clock = t(
        "reminder.overdue" if view.overdue else "reminder.left",
        lang,
        duration=format_duration(view.remaining),
        deadline=format_local(view.deadline, org.timezone),
    )
    case = view.case_number
    blocks = [
        section(
            f"{t('reminder.heading', lang, case=case)}\n{clock}",
            block_id=f"reminder:{case}:{view.rung}",
        )
    ]
    if view.open_items:
        items = ", ".join(t(f"item.{key.value}", lang) for key in view.open_items)
        blocks.append(section(t("reminder.open_items", lang, items=items)))
    else:
        blocks.append(context(t("reminder.step", lang, step=t(f"step.{view.step.value}", lang))))
    buttons = [button(t("reminder.status", lang), STATUS_ACTION, case)]
    if view.can_record:
        buttons.insert(0, button(t("reminder.record", lang), RECORD_ACTION, case, "primary"))
    blocks.append({"type": "actions", "elements": buttons})
    blocks.append(context(t("reminder.stop_hint", lang)))
    return t("reminder.text", lang, case=case, clock=clock.replace("*", "")), blocks


def nudge_message(view: NudgeView, lang: str) -> tuple[str, list[dict]]:
    """How long the step has waited; the second nudge says the DPO knows too."""
    text = t(
        "nudge.text",
        lang,
        case=view.case_number,
        duration=format_duration(view.waiting),
        step=t(f"step.{view.step.value}", lang),
    )
    blocks = [
        section(
            f":hourglass_flowing_sand: {text}",
            block_id=f"nudge:{view.case_number}:{view.step.value}:{view.level}",
        )
    ]
    if view.level >= 2:
        blocks.append(context(t("nudge.dpo", lang)))
    blocks.append(
        {
            "type": "actions",
            "elements": [button(t("reminder.status", lang), STATUS_ACTION, view.case_number)],
        }
    )
    return text, blocks
