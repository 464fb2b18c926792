"""Slack: the report modal, review cards, the IRT channel and the slash command."""
