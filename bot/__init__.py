"""The composition root: settings, organisation file, wiring and the command line."""
