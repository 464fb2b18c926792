"""The report form as an Adaptive Card: the Slack modal's questions, errors shown on the card."""

from __future__ import annotations

from datetime import datetime

from adapters.teams.cards import (
    Json,
    card,
    choice_input,
    date_input,
    execute,
    heading,
    note,
    text_input,
    time_input,
    toggle_input,
    with_errors,
)
from core.deadlines import to_local
from core.model import Kind, Tristate
from core.org import Organisation
from core.texts import t
from core.vocabulary import PERSONAL_DATA, SUBJECT_GROUPS

# Which input shows the error of which core field.
ERROR_INPUT = {"discovered_at": "discovered_time", "subjects_count": "subjects_count"}


def unit_choices(org: Organisation) -> list[tuple[str, str]]:
    return [(org.unit_label(u.id), u.id) for u, _ in org.walk_units()]


def report_card(
    org: Organisation,
    lang: str,
    *,
    now: datetime,
    form: str,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Json:
    """The form; `values` keeps what was typed, `errors` maps input id to a sentence."""
    v = values or {}
    local = to_local(now, org.timezone)
    tristate = [(t(f"tristate.{s.value}", lang), s.value) for s in Tristate]
    body = [
        heading(t("teams.report.title", lang)),
        text_input("description", t("teams.report.description", lang), value=v.get("description", ""),
                   multiline=True, required=True, max_length=4000,
                   placeholder=t("teams.report.description_hint", lang)),
        choice_input("unit", t("teams.report.unit", lang), unit_choices(org), value=v.get("unit", ""),
                     required=True, placeholder=t("teams.report.unit_placeholder", lang)),
        date_input("discovered_date", t("teams.report.discovered_date", lang),
                   value=v.get("discovered_date") or local.strftime("%Y-%m-%d"), required=True),
        time_input("discovered_time", t("teams.report.discovered_time", lang),
                   value=v.get("discovered_time") or local.strftime("%H:%M"), required=True),
        choice_input("kind", t("teams.report.kind", lang),
                     [(t(f"kind.{k.value}", lang), k.value) for k in Kind], value=v.get("kind", ""),
                     required=True),
        note(t("teams.report.optional_intro", lang)),
        choice_input("personal_data", t("teams.report.personal_data", lang),
                     [(t(f"data.{d}", lang), d) for d in PERSONAL_DATA],
                     value=v.get("personal_data", ""), multi=True),
        choice_input("subjects", t("teams.report.subjects", lang),
                     [(t(f"group.{g}", lang), g) for g in SUBJECT_GROUPS],
                     value=v.get("subjects", ""), multi=True),
        text_input("subjects_count", t("teams.report.subjects_count", lang),
                   value=v.get("subjects_count", ""), max_length=12,
                   placeholder=t("teams.report.subjects_count_hint", lang)),
        choice_input("special_categories", t("teams.report.special_categories", lang), tristate,
                     value=v.get("special_categories") or "unknown", expanded=True),
        choice_input("encrypted", t("teams.report.encrypted", lang), tristate,
                     value=v.get("encrypted") or "unknown", expanded=True),
        text_input("measures", t("teams.report.measures", lang), value=v.get("measures", ""),
                   multiline=True),
        toggle_input("confidential", t("teams.report.confidential", lang),
                     value=v.get("confidential") == "true"),
    ]  # fmt: skip
    submit = execute(t("teams.report.submit", lang), "report", {"form": form, "lang": lang}, style="positive")
    return card(with_errors(body, errors or {}), [submit])


def error_inputs(field_errors: dict[str, str]) -> dict[str, str]:
    """Core field names → the input under which the error shows."""
    return {ERROR_INPUT.get(name, name): message for name, message in field_errors.items()}
