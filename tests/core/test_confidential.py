"""A confidential report skips the unit's contact person, who then does not see it either."""

from __future__ import annotations

import pytest

from core.errors import NotAllowed
from core.model import Decision, Step
from core.reporting import new_incident
from core.visibility import may_see
from core.workflow import allowed_decisions, decide
from tests.core.builders import CONTACT_NORTH, HANDLER, NOW, make_incident, make_org, make_report

ORG = make_org()


def test_a_confidential_report_starts_with_the_privacy_officer():
    assert new_incident(make_report(), org=ORG, now=NOW).step is Step.CONTACT_REVIEW
    assert new_incident(make_report(confidential=True), org=ORG, now=NOW).step is Step.HANDLER_REVIEW


def test_the_contact_neither_sees_nor_decides_a_confidential_case():
    open_case = make_incident(Step.CONTACT_REVIEW)
    secret = make_incident(Step.CONTACT_REVIEW, confidential=True)

    assert may_see(open_case, CONTACT_NORTH, ORG) and not may_see(secret, CONTACT_NORTH, ORG)
    assert allowed_decisions(secret, CONTACT_NORTH, ORG) == ()
    with pytest.raises(NotAllowed):
        decide(secret, Decision.FORWARD, actor=CONTACT_NORTH, org=ORG, now=NOW)
    assert may_see(secret, HANDLER, ORG)
