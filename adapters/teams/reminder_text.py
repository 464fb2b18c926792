"""Pure text of deadline reminders and review nudges for Teams (plain text, no Slack markup)."""

from __future__ import annotations

import re

from core.deadlines import format_duration, format_local
from core.org import Organisation
from core.reminders import NudgeView, ReminderView
from core.texts import t

_SLACK_MARKUP = re.compile(r"\*|:[a-z_]+: ?")


def plain(text: str) -> str:
    """The shared catalogue writes reminders with Slack emphasis and emoji codes; Teams gets text."""
    return _SLACK_MARKUP.sub("", text).strip()


def reminder_text(view: ReminderView, org: Organisation, lang: str) -> str:
    clock = t(
        "reminder.overdue" if view.overdue else "reminder.left",
        lang,
        duration=format_duration(view.remaining),
        deadline=format_local(view.deadline, org.timezone),
    )
    lines = [t("reminder.heading", lang, case=view.case_number), clock]
    if view.open_items:
        items = ", ".join(t(f"item.{key.value}", lang) for key in view.open_items)
        lines.append(t("reminder.open_items", lang, items=items))
    else:
        lines.append(t("reminder.step", lang, step=t(f"step.{view.step.value}", lang)))
    lines.append(t("reminder.stop_hint", lang))
    return "⏰ " + "\n\n".join(plain(line) for line in lines)


def nudge_text(view: NudgeView, lang: str) -> str:
    text = t(
        "nudge.text",
        lang,
        case=view.case_number,
        duration=format_duration(view.waiting),
        step=t(f"step.{view.step.value}", lang),
    )
    if view.level >= 2:
        text += "\n\n" + t("nudge.dpo", lang)
    return "⏳ " + plain(text)
