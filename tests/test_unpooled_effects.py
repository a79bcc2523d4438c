"""An outcome whose trials give intervals that cannot be pooled into one estimate: what the reader is told.

The imprecision reason and the summary-of-findings effect must not say that nothing was published when
each trial's estimate is shown study by study.
"""

from __future__ import annotations

from evidence.sof import effect_text

from .grading_helpers import domain, finding, grade_one, question, rct

CLEAN = dict(comparator="active_treatment")


def ratio(key, measure, estimate, low=None, high=None):
    return finding(
        key, measure=measure, estimate=estimate, ci_low=low, ci_high=high, n_ketamine=40, n_control=40
    )


def test_intervals_on_different_measures_are_named_as_not_poolable():
    q = question(ratio("a", "rr", 2.0, 1.5, 2.7), ratio("b", "or", 2.5, 1.2, 5.0), **CLEAN)
    graded = grade_one(q, rct("a", 80), rct("b", 80))
    assert graded.effect is None
    reason = domain(graded, "imprecision").reason
    assert reason.startswith(
        "The trials' confidence intervals are on different measures (OR, RR) and cannot be pooled, "
        "so precision cannot be shown; "
    )
    assert "No confidence interval was published" not in reason
    assert effect_text(graded) == "significant, estimates not pooled"


def test_one_interval_among_estimates_without_one_is_too_few_to_pool():
    q = question(ratio("a", "rr", 2.0, 1.5, 2.7), ratio("b", "rr", 1.8), **CLEAN)
    graded = grade_one(q, rct("a", 80), rct("b", 80))
    assert graded.effect is None
    assert domain(graded, "imprecision").reason.startswith(
        "Only one trial's confidence interval was published, too few to pool with the others, "
        "so precision cannot be shown; "
    )


def test_trials_that_publish_no_estimate_say_so():
    q = question(
        finding("a", significant=True, favours="ketamine", n_ketamine=40, n_control=40),
        finding("b", significant=False, n_ketamine=40, n_control=40),
        **CLEAN,
    )
    graded = grade_one(q, rct("a", 80), rct("b", 80))
    assert domain(graded, "imprecision").reason.startswith(
        "No confidence interval was published, so precision cannot be shown; "
    )
    assert effect_text(graded) == "significant, no estimate published"
