"""Pure builders of the answers to typed commands: help, status, list, register and stats."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from adapters.teams.cards import Json, card, facts, heading, note, text
from adapters.teams.review_cards import clock_line, incident_facts
from core.deadlines import NOTIFICATION_WINDOW, format_local
from core.model import Incident
from core.org import Organisation
from core.texts import has, t
from core.timeline import TimelineEntry

MAX_LISTED = 40
COMMANDS = (("", "report"), ("status 2026-0001", "status"), ("list", "list"), ("register", "register"),
            ("stats", "stats"), ("help", "help"))  # fmt: skip


def help_card(lang: str) -> Json:
    pairs = [(f"{word or 'meld'}", t(f"teams.help.{key}", lang)) for word, key in COMMANDS]
    return card([heading(t("teams.help.title", lang)), facts(pairs), note(t("teams.help.dm", lang))])


def status_card(
    incident: Incident, timeline: Sequence[TimelineEntry], org: Organisation, lang: str, *, now: datetime
) -> Json:
    """The incident step by step, with its clock."""
    lines = [_timeline_line(e, org, lang) for e in timeline[-15:]]
    return card([
        heading(f"{incident.case_number} · {incident.title}"),
        incident_facts(incident, org, lang),
        note(clock_line(incident, org, lang, now)),
        text(t("teams.status.timeline", lang), weight="Bolder"),
        text("\n\n".join(lines) or "-"),
    ])  # fmt: skip


def _timeline_line(entry: TimelineEntry, org: Organisation, lang: str) -> str:
    person = org.person(entry.actor)
    who = person.name if person else entry.actor
    d = entry.details
    if entry.what == "decision":
        what = t(f"decision.{d['decision']}", lang)
    elif entry.what == "checklist":
        what = f"{t('item.' + d['item'], lang)}: {t('state.' + d['state'], lang)}"
    elif has(f"timeline.{entry.what}"):
        what = t(f"timeline.{entry.what}", lang)
    else:
        what = entry.what
    return f"- {format_local(entry.at, org.timezone)} — {who}: {what}"


def list_card(incidents: Sequence[Incident], org: Organisation, lang: str, *, now: datetime) -> Json:
    if not incidents:
        return card([text(t("teams.list.empty", lang))])
    body = [heading(t("teams.list.title", lang, count=len(incidents)))]
    body += [
        text(f"**{i.case_number}** · {i.title} · {t(f'step.{i.step.value}', lang)} · {clock_line(i, org, lang, now)}",
             separator=True)
        for i in incidents[:MAX_LISTED]
    ]  # fmt: skip
    if len(incidents) > MAX_LISTED:
        body.append(note(t("teams.list.more", lang, count=len(incidents) - MAX_LISTED)))
    return card(body)


def stats_card(incidents: Sequence[Incident], org: Organisation, lang: str) -> Json:
    """Counts per type, kind and top-level unit as bars, and how many were notified in time."""
    by_class = Counter(i.classification.value if i.classification else "unknown" for i in incidents)
    by_kind = Counter(i.kind.value for i in incidents)
    by_unit = Counter(org.unit_path(i.unit_id)[0].name if org.unit_path(i.unit_id) else i.unit_id
                      for i in incidents)  # fmt: skip
    notified = [i for i in incidents if i.authority_notified_at]
    in_time = sum(1 for i in notified if i.authority_notified_at <= i.effective_aware_at + NOTIFICATION_WINDOW)
    top = max([*by_class.values(), *by_kind.values(), *by_unit.values(), 1])

    def chart(title: str, counter: Counter, prefix: str | None) -> list[Json]:
        rows = [(t(f"{prefix}.{k}", lang) if prefix else str(k), f"{'█' * max(1, round(12 * n / top))} {n}")
                for k, n in counter.most_common()]  # fmt: skip
        return [text(title, weight="Bolder"), facts(rows)]

    return card([
        heading(t("teams.stats.title", lang, count=len(incidents))),
        *chart(t("teams.stats.by_class", lang), by_class, "classification"),
        *chart(t("teams.stats.by_kind", lang), by_kind, "kind"),
        *chart(t("teams.stats.by_unit", lang), by_unit, None),
        text(t("teams.stats.in_time", lang, in_time=in_time, notified=len(notified))),
    ])  # fmt: skip


def register_card(incidents: Sequence[Incident], lang: str) -> Json:
    breaches = sum(1 for i in incidents if i.classification and i.classification.value == "data_breach")
    notified = sum(1 for i in incidents if i.authority_notified_at)
    summary = t("teams.register.summary", lang, total=len(incidents), breaches=breaches, notified=notified)
    return card([heading(t("teams.register.title", lang)), text(summary),
                 note(t("teams.register.export_hint", lang))])  # fmt: skip

