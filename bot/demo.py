"""`demo`: a dozen realistic incidents in various states, replayed through the real use cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import SettableClock
from core.checklist import ChecklistUpdate
from core.commands import Decide, ReportIncident, UpdateChecklist
from core.handlers import Handlers
from core.model import (
    Art34Exception,
    ChecklistKey,
    Decision,
    ItemState,
    Kind,
    Person,
    Source,
    Tristate,
)
from core.org import Organisation
from core.ports import UnitOfWorkFactory


@dataclass(frozen=True)
class Scenario:
    key: str
    days_ago: float
    unit: str
    kind: Kind
    reporter: str
    description: str
    discovered_hours_before: float = 1
    people: int | None = None
    encrypted: Tristate = Tristate.UNKNOWN
    special: Tristate = Tristate.UNKNOWN
    data: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    steps: tuple[tuple[float, str, str, str | None], ...] = ()  # (hours, action, actor, reason)


FULL_REVIEW = (
    (2, "forward", "contact", "Klopt, doorgestuurd."),
    (5, "forward", "charlotte", "Persoonsgegevens betrokken."),
)
NOTIFIED = (
    (8, "escalate", "eva", "Hoog risico, IRT aan zet."),
    (9, "item:contain:done", "femke", "Account geblokkeerd."),
    (20, "item:confirm_breach:done", "eva", "Vastgesteld."),
    (30, "item:notify_authority:done", "eva", "Gemeld via het meldformulier."),
)

SCENARIOS = (
    Scenario(
        "demo-01",
        40,
        "lyceum-admin",
        Kind.LOST_OR_STOLEN_DEVICE,
        "hanna",
        "Laptop van de administratie laten liggen in de trein, met leerlingdossiers.",
        people=320,
        encrypted=Tristate.YES,
        data=("naam/adres", "geboortedatum"),
        subjects=("leerlingen",),
        steps=(
            *FULL_REVIEW,
            (8, "close_registered", "eva", "Versleuteld met BitLocker; geen risico."),
        ),
    ),
    Scenario(
        "demo-02",
        33,
        "vmbo-zorg",
        Kind.WRONG_RECIPIENT,
        "daan",
        "Zorgverslag van een leerling per ongeluk naar verkeerde ouder gemaild.",
        people=1,
        special=Tristate.YES,
        data=("gezondheid",),
        subjects=("leerlingen", "ouders"),
        steps=(
            *FULL_REVIEW,
            *NOTIFIED,
            (32, "item:inform_people:done", "femke", "Ouders gebeld."),
            (60, "item:resolve:done", "femke", "Mail teruggevraagd en verwijderd."),
            (100, "close_registered", "eva", "Afgehandeld."),
        ),
    ),
    Scenario(
        "demo-03",
        27,
        "bb-ict",
        Kind.PHISHING,
        "joost",
        "Phishingmail ontvangen; niet op de link geklikt.",
        steps=(
            (3, "forward", "contact", "Geen klik, alleen melding."),
            (6, "close_no_breach", "charlotte", "Geen persoonsgegevens betrokken."),
        ),
    ),
    Scenario(
        "demo-04",
        21,
        "bb-ict",
        Kind.HACKING_MALWARE,
        "femke",
        "Ransomware op de fileserver van het bestuursbureau; bestanden versleuteld.",
        people=1500,
        data=("naam/adres", "BSN", "financieel"),
        subjects=("personeel",),
        steps=(*FULL_REVIEW, *NOTIFIED),
    ),
    Scenario(
        "demo-05",
        14,
        "lyceum-mediatheek",
        Kind.PAPER_LOST,
        "anouk",
        "Map met cijferlijsten kwijt in de mediatheek.",
        people=28,
        subjects=("leerlingen",),
        steps=((1, "forward", "contact", None),),
    ),
    Scenario(
        "demo-06",
        9,
        "vmbo-admin",
        Kind.UNAUTHORISED_ACCESS,
        "bram",
        "Oud-medewerker kon nog inloggen in het leerlingvolgsysteem.",
        people=600,
        steps=(
            *FULL_REVIEW,
            (7, "ask_reporter", "eva", "Sinds wanneer was het account nog actief?"),
        ),
    ),
    Scenario(
        "demo-07",
        6,
        "bb-hr",
        Kind.WRONG_RECIPIENT,
        "ingrid",
        "Salarisstroken van twee collega's in elkaars envelop.",
        people=2,
        data=("financieel",),
        steps=(
            *FULL_REVIEW,
            (8, "escalate", "eva", None),
            (
                9,
                "item:notify_authority:not_applicable",
                "eva",
                "Twee personen, direct hersteld: geen risico.",
            ),
        ),
    ),
    Scenario(
        "demo-08",
        3,
        "lyceum-leerlingzaken",
        Kind.LOST_OR_STOLEN_DEVICE,
        "charlotte",
        "USB-stick met absentielijsten verloren.",
        people=90,
        encrypted=Tristate.NO,
        steps=(
            *FULL_REVIEW,
            (8, "escalate", "eva", "Onversleuteld."),
            (9, "item:contain:in_progress", "hanna", "Zoektocht gestart."),
        ),
    ),
    Scenario(
        "demo-09",
        2,
        "bb-financien",
        Kind.PHISHING,
        "joost",
        "Inloggegevens ingevuld op een nep-inlogpagina.",
        people=1,
        steps=((1, "forward", "contact", None),),
    ),
    Scenario(
        "demo-10",
        1,
        "vmbo",
        Kind.OTHER,
        "bram",
        "Printer op de gang drukte lijsten met adressen af voor iedereen zichtbaar.",
        people=40,
    ),
    Scenario(
        "demo-11",
        0.5,
        "lyceum",
        Kind.HACKING_MALWARE,
        "anouk",
        "Verdachte login-meldingen op het account van de conrector.",
        discovered_hours_before=30,
    ),
    Scenario(
        "demo-12",
        0.1,
        "bb-ict",
        Kind.UNAUTHORISED_ACCESS,
        "femke",
        "Gedeelde map met personeelsdossiers stond open voor alle medewerkers.",
        people=250,
        data=("naam/adres", "BSN"),
        subjects=("personeel",),
    ),
)


async def load_demo(uow: UnitOfWorkFactory, org: Organisation, *, now: datetime) -> int:
    """Replay each scenario through the use cases; scenarios already present are skipped."""
    clock = SettableClock(now)
    handlers = Handlers(uow=uow, clock=clock, org=org)
    created = 0
    for scenario in SCENARIOS:
        if org.unit(scenario.unit) is None:
            continue
        reported_at = now - timedelta(days=scenario.days_ago)
        clock.set(reported_at)
        incident, is_new = await handlers.report(_command(scenario, org, reported_at))
        if not is_new:
            continue
        created += 1
        for hours, action, actor, reason in scenario.steps:
            clock.set(min(reported_at + timedelta(hours=hours), now))
            who = org.contacts_for(scenario.unit)[0] if actor == "contact" else actor
            await _act(handlers, incident.case_number or "", action, who, reason, clock.now())
    return created


def _command(s: Scenario, org: Organisation, reported_at: datetime) -> ReportIncident:
    person = org.person(s.reporter)
    return ReportIncident(
        description=s.description,
        unit_id=s.unit,
        discovered_at=reported_at - timedelta(hours=s.discovered_hours_before),
        kind=s.kind,
        reporter=Person(
            s.reporter, person.name if person else s.reporter, person.email if person else None
        ),
        source=Source.SLACK if person and person.slack else Source.TEAMS,
        subjects_count=s.people,
        encrypted=s.encrypted,
        special_categories=s.special,
        personal_data_categories=s.data,
        data_subject_groups=s.subjects,
        idempotency_key=s.key,
    )


async def _act(
    handlers: Handlers, case: str, action: str, actor: str, reason: str | None, at: datetime
) -> None:
    if not action.startswith("item:"):
        await handlers.decide(Decide(case, Decision(action), actor, reason))
        return
    _, key, state = action.split(":")
    change = ChecklistUpdate(
        key=ChecklistKey(key),
        state=ItemState(state),
        note=reason,
        notified_at=at - timedelta(minutes=30),
        authority_reference=f"AP-{case}",
        delay_reason="Onderzoek naar omvang duurde langer." if key == "notify_authority" else None,
        informed_at=at,
        communication_plan=reason,
        exception=None if key != "inform_people" or reason else Art34Exception.UNINTELLIGIBLE,
    )
    await handlers.update_checklist(UpdateChecklist(case, actor, change))
