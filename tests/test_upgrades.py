"""Rating up for a large effect, GRADE handbook 5.3 (evidence/grading/upgrades.py)."""

from __future__ import annotations

import pytest

from evidence.models import Design

from .grading_helpers import grade_one, outcome, question, rct, rr, source

OBJECTIVE = (outcome(subjective=False),)


def cohort(key="c", n=2000):
    return source(key, Design.COHORT, participants=n)


def upgrade(graded):
    return next((a for a in graded.adjustments if a.domain == "upgrades"), None)


@pytest.mark.parametrize(("low", "levels"), [(2.0, 1), (1.99, 0), (5.0, 2)])
def test_a_large_effect_rates_non_randomised_evidence_up(low, levels):
    q = question(
        rr("c", low + 1, low, low + 3, n=2000, events_ketamine=300, events_control=100),
        outcomes=OBJECTIVE,
        comparator="usual_care",
    )
    graded = grade_one(q, cohort())
    assert upgrade(graded).effect == levels
    assert graded.start.value == "low"
    assert graded.certainty.rank == 2 + levels


def test_randomised_evidence_is_never_rated_up():
    q = question(rr("a", 6.0, 5.0, 7.0, n=2000, events_ketamine=300, events_control=60), outcomes=OBJECTIVE)
    assert upgrade(grade_one(q, rct("a", 2000))) is None


def test_no_upgrade_when_another_domain_rated_down():
    q = question(rr("c", 6.0, 5.0, 7.0, n=100), outcomes=OBJECTIVE, comparator="usual_care")
    graded = grade_one(q, cohort(n=100))
    assert upgrade(graded).effect == 0
    assert "already rated down" in upgrade(graded).reason
