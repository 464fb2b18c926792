"""Pure builders of the slash command's answers: help, status, list, register and stats."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from adapters.slack.blocks import clock_line, context, escape, facts, section
from core.deadlines import NOTIFICATION_WINDOW, format_local
from core.model import Incident
from core.org import Organisation
from core.texts import t
from core.timeline import TimelineEntry

MAX_LISTED = 40


def help_blocks(command: str, lang: str) -> list[dict]:
    lines = [
        f"`{command}{' ' + word if word else ''}` — {t(f'slack.help.{key}', lang)}"
        for word, key in (
            ("", "report"),
            ("status 2026-0001", "status"),
            ("list", "list"),
            ("register", "register"),
            ("stats", "stats"),
            ("help", "help"),
        )
    ]
    return [
        section(f"*{t('slack.help.title', lang)}*\n" + "\n".join(lines)),
        context(t("slack.help.dm", lang)),
    ]


def status_blocks(
    incident: Incident,
    timeline: Sequence[TimelineEntry],
    org: Organisation,
    lang: str,
    *,
    now: datetime,
) -> list[dict]:
    """The incident step by step, with its clock."""
    steps = "\n".join(_timeline_line(e, org, lang) for e in timeline[-15:])
    return [
        section(f"*{incident.case_number}* · {escape(incident.title)}"),
        facts(incident, org, lang),
        context(clock_line(incident, org, lang, now)),
        section(f"*{t('slack.status.timeline', lang)}*\n{steps}"),
    ]


def _timeline_line(entry: TimelineEntry, org: Organisation, lang: str) -> str:
    person = org.person(entry.actor)
    who = escape(person.name if person else entry.actor)
    when = format_local(entry.at, org.timezone)
    d = entry.details
    if entry.what == "decision":
        what = t(f"decision.{d['decision']}", lang)
    elif entry.what == "checklist":
        item, state = t("item." + d["item"], lang), t("state." + d["state"], lang)
        what = f"{item}: {state}"
    else:
        what = t(f"timeline.{entry.what}", lang)
    return f"• {when} — {who}: {what}"


def list_blocks(
    incidents: Sequence[Incident], org: Organisation, lang: str, *, now: datetime
) -> list[dict]:
    if not incidents:
        return [section(t("slack.list.empty", lang))]
    lines = [
        f"*{i.case_number}* · {escape(i.title)} · {t(f'step.{i.step.value}', lang)} · {clock_line(i, org, lang, now)}"
        for i in incidents[:MAX_LISTED]
    ]
    blocks = [section(f"*{t('slack.list.title', lang, count=len(incidents))}*")]
    blocks += [section(line) for line in lines]
    if len(incidents) > MAX_LISTED:
        blocks.append(context(t("slack.list.more", lang, count=len(incidents) - MAX_LISTED)))
    return blocks


def stats_blocks(incidents: Sequence[Incident], org: Organisation, lang: str) -> list[dict]:
    """Counts per type, kind and top-level unit, and how many were notified within 72 hours."""
    by_class = Counter(i.classification.value if i.classification else "unknown" for i in incidents)
    by_kind = Counter(i.kind.value for i in incidents)
    by_unit = Counter(
        (org.unit_path(i.unit_id) or (None,))[0].name if org.unit_path(i.unit_id) else i.unit_id
        for i in incidents
    )
    notified = [i for i in incidents if i.authority_notified_at]
    in_time = sum(
        1 for i in notified if i.authority_notified_at <= i.effective_aware_at + NOTIFICATION_WINDOW
    )

    def lines(counter: Counter, prefix: str | None) -> str:
        return "\n".join(
            f"• {t(f'{prefix}.{k}', lang) if prefix else escape(str(k))}: {n}"
            for k, n in counter.most_common()
        )

    return [
        section(f"*{t('slack.stats.title', lang, count=len(incidents))}*"),
        section(f"*{t('slack.stats.by_class', lang)}*\n{lines(by_class, 'classification')}"),
        section(f"*{t('slack.stats.by_kind', lang)}*\n{lines(by_kind, 'kind')}"),
        section(f"*{t('slack.stats.by_unit', lang)}*\n{lines(by_unit, None)}"),
        section(t("slack.stats.in_time", lang, in_time=in_time, notified=len(notified))),
    ]


def register_blocks(incidents: Sequence[Incident], lang: str, *, export_hint: str) -> list[dict]:
    breaches = sum(
        1 for i in incidents if i.classification and i.classification.value == "data_breach"
    )
    notified = sum(1 for i in incidents if i.authority_notified_at)
    return [
        section(
            f"*{t('slack.register.title', lang)}*\n"
            + t(
                "slack.register.summary",
                lang,
                total=len(incidents),
                breaches=breaches,
                notified=notified,
            )
        ),
        context(export_hint),
    ]
