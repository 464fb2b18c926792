"""Persistence: SQLAlchemy rows, repositories, the unit of work and migrations for the core's ports."""
