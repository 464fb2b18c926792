"""Adapters: Slack, Teams and the web, each translating between a platform and the core."""
