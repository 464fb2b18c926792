"""Who may see an incident: those involved in it; to anyone else it does not exist (interface.md)."""

from __future__ import annotations

from collections.abc import Iterable

from core.model import Incident
from core.org import Organisation
from core.timeline import TimelineEntry


def may_see(
    incident: Incident, person_id: str, org: Organisation, timeline: Iterable[TimelineEntry] = ()
) -> bool:
    """Reporter, its reviewers (now and before), the DPO, handlers, the IRT and the board.

    The unit's contacts see only reports that are not confidential.
    """
    r = org.roles
    involved = {incident.reporter.id, *r.dpo, *r.handlers, *org.irt_members(), *r.board}
    if not incident.confidential:
        involved |= set(org.contacts_for(incident.unit_id))
    involved |= {e.actor for e in timeline}
    return person_id in involved


def is_privacy_role(person_id: str, org: Organisation) -> bool:
    """Handlers, DPO, IRT lead and board: the register's readers."""
    return person_id in org.privacy_roles()
