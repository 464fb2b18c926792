"""Adaptive Card primitives (v1.5, Universal Actions with an Action.Submit fallback)."""

from __future__ import annotations

from typing import Any

CARD = "application/vnd.microsoft.card.adaptive"
VERSION = "1.5"
Json = dict[str, Any]


def card(body: list[Json], actions: list[Json] | None = None, *, refresh: Json | None = None) -> Json:
    out: Json = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": VERSION,
        "msteams": {"width": "Full"},
        "body": body,
    }
    if actions:
        out["actions"] = actions
    if refresh:
        out["refresh"] = refresh
    return out


def message(content: Json, summary: str) -> Json:
    """A message activity carrying one card; `summary` is what notifications show."""
    return {
        "type": "message",
        "summary": summary[:200],
        "attachments": [{"contentType": CARD, "content": content}],
    }


def text_message(text: str) -> Json:
    return {"type": "message", "text": text, "textFormat": "plain"}


def invoke_card(content: Json) -> Json:
    """The answer to an Action.Execute: this card replaces the clicker's copy (only theirs)."""
    return {"statusCode": 200, "type": CARD, "value": content}


def execute(title: str, verb: str, data: Json, *, style: str | None = None) -> Json:
    """Action.Execute; hosts without Universal Actions send the same data as Action.Submit."""
    action: Json = {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": data,
        "fallback": {"type": "Action.Submit", "title": title, "data": {**data, "verb": verb}},
    }
    if style:
        action["style"] = style
    return action


def refresh(verb: str, data: Json, user_ids: list[str]) -> Json:
    """Teams asks for the current card when one of these users opens it (at most 60)."""
    return {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "userIds": user_ids[:60]}


def text(value: str, **style: Any) -> Json:
    return {"type": "TextBlock", "text": value or " ", "wrap": True, **style}


def heading(value: str) -> Json:
    return text(value, size="Medium", weight="Bolder")


def note(value: str) -> Json:
    return text(value, isSubtle=True, size="Small", spacing="Small")


def error(value: str) -> Json:
    return text(value, color="Attention", weight="Bolder", spacing="Small")


def facts(pairs: list[tuple[str, str]]) -> Json:
    return {"type": "FactSet", "facts": [{"title": k, "value": v or "-"} for k, v in pairs]}


def action_set(actions: list[Json]) -> Json:
    return {"type": "ActionSet", "actions": actions}


def text_input(
    input_id: str, label: str, *, value: str = "", multiline: bool = False, required: bool = False,
    max_length: int = 3000, placeholder: str = "",
) -> Json:  # fmt: skip
    element: Json = {"type": "Input.Text", "id": input_id, "label": label, "isMultiline": multiline,
                     "maxLength": max_length, "isRequired": required}  # fmt: skip
    if value:
        element["value"] = value[:max_length]
    if placeholder:
        element["placeholder"] = placeholder
    return element


def choice_input(
    input_id: str, label: str, choices: list[tuple[str, str]], *, value: str = "",
    multi: bool = False, required: bool = False, expanded: bool = False, placeholder: str = "",
) -> Json:  # fmt: skip
    element: Json = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "expanded" if expanded else "compact",
        "isMultiSelect": multi,
        "isRequired": required,
        "choices": [{"title": title[:100], "value": v} for title, v in choices],
    }
    if value:
        element["value"] = value
    if placeholder:
        element["placeholder"] = placeholder
    return element


def date_input(input_id: str, label: str, *, value: str = "", required: bool = False) -> Json:
    element: Json = {"type": "Input.Date", "id": input_id, "label": label, "isRequired": required}
    return element | ({"value": value} if value else {})


def time_input(input_id: str, label: str, *, value: str = "", required: bool = False) -> Json:
    element: Json = {"type": "Input.Time", "id": input_id, "label": label, "isRequired": required}
    return element | ({"value": value} if value else {})


def toggle_input(input_id: str, title: str, *, value: bool = False) -> Json:
    return {"type": "Input.Toggle", "id": input_id, "title": title,
            "value": "true" if value else "false", "valueOn": "true", "valueOff": "false"}  # fmt: skip


def with_errors(body: list[Json], errors: dict[str, str]) -> list[Json]:
    """Each input followed by its error in red, so the person sees what to fix and keeps the rest."""
    out: list[Json] = []
    shown = set()
    for element in body:
        out.append(element)
        message_ = errors.get(element.get("id", ""))
        if message_:
            out.append(error(message_))
            shown.add(element["id"])
    out += [error(m) for name, m in errors.items() if name not in shown]
    return out
