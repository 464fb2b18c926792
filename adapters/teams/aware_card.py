"""The DPO corrects the moment of awareness (gdpr.md §2.1): the 72 hours run from there."""

from __future__ import annotations

from adapters.teams.cards import (
    Json,
    card,
    date_input,
    execute,
    heading,
    text,
    text_input,
    time_input,
    with_errors,
)
from core.deadlines import format_local, to_local
from core.model import Incident
from core.org import Organisation
from core.texts import t

ERROR_INPUT = {"aware_at": "aware_time"}


def aware_button(case: str, back: str, lang: str) -> Json:
    """`back` is the card to show again afterwards: 'review' or 'irt_status'."""
    return execute(t("teams.aware.button", lang), "aware", {"case": case, "back": back})


def aware_form(
    incident: Incident, org: Organisation, lang: str, *, back: str,
    values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
) -> Json:  # fmt: skip
    v = values or {}
    local = to_local(incident.effective_aware_at, org.timezone)
    case = incident.case_number or ""
    body = [
        heading(f"{case} · {t('teams.aware.title', lang)}"),
        text(t("teams.aware.intro", lang, case=case, current=format_local(incident.effective_aware_at, org.timezone))),
        date_input("aware_date", t("teams.aware.date", lang), value=v.get("aware_date") or local.strftime("%Y-%m-%d"),
                   required=True),
        time_input("aware_time", t("teams.aware.time", lang), value=v.get("aware_time") or local.strftime("%H:%M"),
                   required=True),
        text_input("reason", t("teams.aware.reason", lang), value=v.get("reason", ""), multiline=True,
                   max_length=2000, required=True),
        text_input("basis", t("teams.aware.basis", lang), value=v.get("basis", ""), max_length=500),
    ]  # fmt: skip
    shown = {ERROR_INPUT.get(k, k): m for k, m in (errors or {}).items()}
    actions = [
        execute(t("teams.save", lang), "aware_save", {"case": case, "back": back}, style="positive"),
        execute(t("teams.cancel", lang), back, {"case": case}),
    ]
    return card(with_errors(body, shown), actions)
