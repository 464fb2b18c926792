"""One short line per change for the IRT workspace: who did what (the same on every platform)."""

from __future__ import annotations

from typing import Any

from core.org import Organisation
from core.texts import t


def activity_line(params: dict[str, Any], org: Organisation, lang: str) -> str:
    """'Erin: Contain the leak → Done'; params as core.routing puts them on an IRT_LINE message."""
    actor_id = str(params.get("actor", ""))
    person = org.person(actor_id)
    who = person.name if person else actor_id or "?"
    if params.get("what") == "checklist":
        return t(
            "activity.checklist",
            lang,
            actor=who,
            item=t(f"item.{params['item']}", lang),
            state=t(f"state.{params['state']}", lang),
        )
    if params.get("what") == "decision":
        return t(
            "activity.decision", lang, actor=who, decision=t(f"decision.{params['decision']}", lang)
        )
    return t("activity.aware_time", lang, actor=who)
