"""Microsoft Teams: the same flows as Slack, on the Microsoft 365 Agents SDK (only this folder knows it)."""
