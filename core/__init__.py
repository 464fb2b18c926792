"""Meldpunt's pure domain: incidents, workflow, deadlines and texts, with no I/O."""
