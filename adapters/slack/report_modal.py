"""Pure builders of the report modal: a short first screen, then optional details once stored."""

from __future__ import annotations

from datetime import datetime

from adapters.slack.blocks import (
    MAX_OPTIONS,
    datetime_input,
    input_block,
    modal,
    option,
    plain,
    section,
    text_input,
)
from core.model import Kind, Tristate
from core.org import Organisation
from core.texts import t
from core.vocabulary import PERSONAL_DATA, SUBJECT_GROUPS


def unit_options(org: Organisation) -> list[dict]:
    """One option group per top-level unit, holding it and everything below it."""
    groups = []
    for top in org.units:
        options = [option(top.name, top.id)]
        options += [
            option(org.unit_label(u.id).split(" › ", 1)[-1], u.id)
            for u, _ in _descendants(org, top.id)
        ]
        groups.append({"label": plain(top.name[:75]), "options": options[:MAX_OPTIONS]})
    return groups


def unit_count(org: Organisation) -> int:
    return sum(1 for _ in org.walk_units())


def matching_units(org: Organisation, query: str) -> list[dict]:
    """Options for an external select: units whose path contains the query, at most 100."""
    needle = query.strip().lower()
    found = [
        option(org.unit_label(u.id), u.id)
        for u, _ in org.walk_units()
        if needle in org.unit_label(u.id).lower()
    ]
    return found[:MAX_OPTIONS]


def report_modal(org: Organisation, lang: str, *, now: datetime, description: str = "") -> dict:
    """The short first screen: what, where, when, which kind; confidential if need be."""
    if unit_count(org) <= MAX_OPTIONS:
        unit_select = {
            "type": "static_select",
            "action_id": "value",
            "option_groups": unit_options(org),
            "placeholder": plain(t("slack.report.unit_placeholder", lang)),
        }
    else:
        unit_select = {
            "type": "external_select",
            "action_id": "value",
            "min_query_length": 0,
            "placeholder": plain(t("slack.report.unit_placeholder", lang)),
        }
    description_input = text_input(multiline=True)
    if description:
        description_input["initial_value"] = description[:3000]
    blocks = [
        input_block(
            "description",
            t("slack.report.description", lang),
            description_input,
            hint=t("slack.report.description_hint", lang),
        ),
        input_block("unit", t("slack.report.unit", lang), unit_select),
        input_block(
            "discovered_at",
            t("slack.report.discovered_at", lang),
            datetime_input(now),
        ),
        input_block(
            "kind",
            t("slack.report.kind", lang),
            {
                "type": "static_select",
                "action_id": "value",
                "options": [option(t(f"kind.{k.value}", lang), k.value) for k in Kind],
            },
        ),
        input_block(
            "confidential",
            t("slack.report.confidential", lang),
            {
                "type": "checkboxes",
                "action_id": "value",
                "options": [option(t("slack.report.confidential_yes", lang), "yes")],
            },
            optional=True,
        ),
    ]
    return modal(
        "report",
        t("slack.report.title", lang),
        blocks,
        lang,
        submit=t("slack.report.submit", lang),
        metadata={"lang": lang},
    )


def details_modal(case: str, lang: str) -> dict:
    """The second screen, once the report is stored: what helps the privacy officer; all optional."""
    blocks = [
        section(t("slack.details.intro", lang, case=case)),
        input_block(
            "personal_data",
            t("slack.report.personal_data", lang),
            {
                "type": "multi_static_select",
                "action_id": "value",
                "options": [option(t(f"data.{d}", lang), d) for d in PERSONAL_DATA],
            },
            optional=True,
        ),
        input_block(
            "subjects",
            t("slack.report.subjects", lang),
            {
                "type": "multi_static_select",
                "action_id": "value",
                "options": [option(t(f"group.{g}", lang), g) for g in SUBJECT_GROUPS],
            },
            optional=True,
        ),
        input_block(
            "subjects_count",
            t("slack.report.subjects_count", lang),
            text_input(max_length=12),
            optional=True,
            hint=t("slack.report.subjects_count_hint", lang),
        ),
        _tristate_block("special_categories", t("slack.report.special_categories", lang), lang),
        _tristate_block("encrypted", t("slack.report.encrypted", lang), lang),
        input_block(
            "measures",
            t("slack.report.measures", lang),
            text_input(multiline=True),
            optional=True,
        ),
    ]
    view = modal(
        "report_details",
        t("slack.details.title", lang),
        blocks,
        lang,
        submit=t("slack.save", lang),
        metadata={"case": case, "lang": lang},
    )
    view["close"] = plain(t("slack.details.skip", lang)[:24])
    return view


def _tristate_block(block_id: str, label: str, lang: str) -> dict:
    options = [option(t(f"tristate.{v.value}", lang), v.value) for v in Tristate]
    return input_block(
        block_id,
        label,
        {
            "type": "radio_buttons",
            "action_id": "value",
            "options": options,
            "initial_option": options[-1],
        },
        optional=True,
    )


def _descendants(org: Organisation, unit_id: str):
    return [(u, p) for u, p in org.walk_units() if any(a.id == unit_id for a in p)]
