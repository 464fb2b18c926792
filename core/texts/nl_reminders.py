"""Dutch texts for the reminders part of Meldpunt."""

MESSAGES: dict[str, str] = {}
