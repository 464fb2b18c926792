"""Dutch texts for the reminders part of Meldpunt."""

MESSAGES: dict[str, str] = {
    # Reminders of the 72-hour deadline (AVG art. 33 lid 1)
    "reminder.text": "Herinnering melding {case}: {clock}",
    "reminder.heading": ":alarm_clock: *Herinnering meldplicht: melding {case}*",
    "reminder.left": "Nog *{duration}* tot de 72-uursdeadline voor de melding bij de Autoriteit Persoonsgegevens: {deadline}.",
    "reminder.overdue": "De 72-uursdeadline is *{duration}* verstreken ({deadline}). Meld zo snel mogelijk en leg de reden van de vertraging vast (AVG art. 33 lid 1).",
    "reminder.open_items": "*Open punten:* {items}",
    "reminder.step": "Nog niet geëscaleerd naar het IRT. Stap nu: {step}.",
    "reminder.record": "Melding bij AP vastleggen",
    "reminder.status": "Status bekijken",
    "reminder.stop_hint": "Herinneringen stoppen zodra de melding bij de AP is vastgelegd, de FG besluit dat melden niet nodig is, of de melding is afgesloten.",
    # Review steps that wait too long
    "nudge.text": "Melding {case} wacht al {duration} op: {step}.",
    "nudge.dpo": "Dit duurt lang: de FG is ook op de hoogte gebracht.",
}
