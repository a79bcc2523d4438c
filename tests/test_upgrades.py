"""Rating up for a large effect, GRADE handbook 5.3 (evidence/grading/upgrades.py)."""

from __future__ import annotations

import pytest

from evidence.grading.adjustment import Adjustment
from evidence.models import Design

from .grading_helpers import finding, grade_one, outcome, question, rct, rr, source

OBJECTIVE = (outcome(subjective=False),)
RULE = "GRADE handbook 5.3 (factors that can increase the quality of evidence)"
NOT_LARGE = "Not rated up: the effect is not large (ratio under 2 at the interval's nearer end)."


def cohort(key="c", n=2000):
    return source(key, Design.COHORT, participants=n)


def upgrade(graded):
    return next((a for a in graded.adjustments if a.domain == "upgrades"), None)


@pytest.mark.parametrize(
    ("low", "levels", "reason"),
    [
        (2.0, 1, "Rated up 1: a large effect (RR 3.00, 95% CI 2.00 to 5.00)."),
        (1.99, 0, NOT_LARGE),
        (4.99, 1, "Rated up 1: a large effect (RR 5.99, 95% CI 4.99 to 7.99)."),
        (5.0, 2, "Rated up 2: a very large effect (RR 6.00, 95% CI 5.00 to 8.00)."),
    ],
)
def test_a_large_effect_rates_non_randomised_evidence_up(low, levels, reason):
    q = question(
        rr("c", low + 1, low, low + 3, n=2000, events_ketamine=300, events_control=100),
        outcomes=OBJECTIVE,
        comparator="usual_care",
    )
    graded = grade_one(q, cohort())
    assert upgrade(graded) == Adjustment("upgrades", levels, reason, ("c",) if levels else (), RULE)
    assert graded.start.value == "low"
    assert graded.certainty.rank == 2 + levels


@pytest.mark.parametrize(
    ("high", "levels", "reason"),
    [
        # a protective ratio is read the other way up: its interval's upper end, 0.5, is a ratio of 2
        (0.5, 1, "Rated up 1: a large effect (RR 0.30, 95% CI 0.10 to 0.50)."),
        (0.51, 0, NOT_LARGE),
        (0.2, 2, "Rated up 2: a very large effect (RR 0.15, 95% CI 0.10 to 0.20)."),
    ],
)
def test_a_large_reduction_counts_as_a_large_effect_too(high, levels, reason):
    deaths = (outcome("deaths", favours="lower", subjective=False),)
    estimate = 0.3 if high > 0.2 else 0.15
    q = question(
        rr("c", estimate, 0.1, high, n=2000, oid="deaths", events_ketamine=100, events_control=300),
        outcomes=deaths,
        comparator="usual_care",
    )
    graded = grade_one(q, cohort())
    assert upgrade(graded) == Adjustment("upgrades", levels, reason, ("c",) if levels else (), RULE)
    assert graded.certainty.rank == 2 + levels


def test_a_mean_difference_is_not_rated_up_for_size():
    # GRADE's large-effect thresholds are relative risks: a continuous effect has none
    change = (outcome("change", kind="continuous", favours="lower", subjective=False),)
    md = finding(
        "c", "change", measure="md", estimate=-10, ci_low=-14, ci_high=-6, n_ketamine=1000, n_control=1000
    )
    graded = grade_one(question(md, outcomes=change, comparator="usual_care"), cohort())
    assert upgrade(graded) == Adjustment(
        "upgrades", 0, "Not rated up: no large effect on a ratio scale with a clear interval.", (), RULE
    )
    assert graded.certainty.value == "low"


def test_randomised_evidence_is_never_rated_up():
    q = question(rr("a", 6.0, 5.0, 7.0, n=2000, events_ketamine=300, events_control=60), outcomes=OBJECTIVE)
    assert upgrade(grade_one(q, rct("a", 2000))) is None


def test_no_upgrade_when_another_domain_rated_down():
    q = question(rr("c", 6.0, 5.0, 7.0, n=100), outcomes=OBJECTIVE, comparator="usual_care")
    graded = grade_one(q, cohort(n=100))
    assert upgrade(graded) == Adjustment(
        "upgrades", 0, "Not rated up: the evidence is already rated down in another domain.", (), RULE
    )
