"""English texts for the teams part of Meldpunt."""

MESSAGES: dict[str, str] = {}
