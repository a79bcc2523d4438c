"""Where imprecision's 'very wide' begins, GRADE handbook 5.2.4 (evidence/grading/imprecision.py).

A very wide interval (it includes both an appreciable benefit and an appreciable harm) rates
down two levels instead of one, so a reader relies on its edges being where the rule says:
an interval that reaches a threshold exactly includes it.
"""

from __future__ import annotations

import pytest

from evidence.grading.adjustment import Adjustment

from .grading_helpers import domain, finding, grade_one, outcome, question, rct, rr

CONTINUOUS = (outcome("change", kind="continuous", favours="lower"),)
MET_400 = "400 participants (at least 400 for a continuous outcome)"


def continuous(measure: str, estimate: float, low: float, high: float):
    """The imprecision judgement of one trial of 400 participants reporting ``measure``."""
    q = question(
        finding("a", "change", measure=measure, estimate=estimate, ci_low=low, ci_high=high,
                n_ketamine=200, n_control=200),
        outcomes=CONTINUOUS,
        comparator="active_treatment",
    )  # fmt: skip
    judged = domain(grade_one(q, rct("a", 400)), "imprecision")
    return judged.effect, judged.reason


@pytest.mark.parametrize(
    ("low", "expected"),
    [
        # an SMD interval that reaches -0.2 exactly includes an appreciable effect on that side
        (-0.2, (-2, "Very serious: SMD 0.30 (95% CI -0.20 to 0.80) includes both appreciable benefit "
                    f"and appreciable harm; {MET_400}.")),
        (-0.19, (-1, "Serious: the interval SMD 0.30 (95% CI -0.19 to 0.80) includes no effect.")),
        # an interval that only touches no effect includes it, but no appreciable effect below it
        (0.0, (-1, "Serious: the interval SMD 0.30 (95% CI 0.00 to 0.80) includes no effect.")),
    ],
)  # fmt: skip
def test_an_smd_interval_is_very_wide_once_its_lower_end_reaches_minus_02(low, expected):
    assert continuous("smd", 0.3, low, 0.8) == expected


@pytest.mark.parametrize(
    ("low", "expected"),
    [
        # MD 4: half the estimate is 2, so reaching -2 (the other way past no effect) is very wide
        (-2.0, (-2, "Very serious: MD 4.00 (95% CI -2.00 to 9.00) includes both appreciable benefit "
                    f"and appreciable harm; {MET_400}.")),
        (-1.99, (-1, "Serious: the interval MD 4.00 (95% CI -1.99 to 9.00) includes no effect.")),
        (-0.5, (-1, "Serious: the interval MD 4.00 (95% CI -0.50 to 9.00) includes no effect.")),
    ],
)  # fmt: skip
def test_a_positive_mean_difference_is_very_wide_when_its_interval_reaches_half_of_it_below_no_effect(
    low, expected
):
    assert continuous("md", 4, low, 9) == expected


def test_a_mean_difference_of_one_is_judged_like_any_other_nonzero_estimate():
    # half of 1 is 0.5: an interval from -0.5 reaches that far past no effect the other way
    assert continuous("md", 1, -0.5, 2.5) == (
        -2,
        "Very serious: MD 1.00 (95% CI -0.50 to 2.50) includes both appreciable benefit and "
        f"appreciable harm; {MET_400}.",
    )


def test_a_mean_difference_of_zero_has_no_other_way_so_it_is_judged_on_no_effect_only():
    # with no scale-free threshold for an MD, an estimate of exactly no effect gives no reach to compare
    assert continuous("md", 0, -3, 3) == (
        -1,
        "Serious: the interval MD 0.00 (95% CI -3.00 to 3.00) includes no effect.",
    )


@pytest.mark.parametrize(
    ("measure", "low", "high", "expected"),
    [
        ("rr", 0.75, 1.25, -2),
        ("rr", 0.75, 1.24, -1),
        ("rr", 0.76, 1.25, -1),
        ("or", 0.75, 1.25, -2),
        ("or", 0.75, 1.24, -1),
        ("hr", 0.7, 1.3, -2),
        ("hr", 0.8, 1.3, -1),
    ],
)
def test_every_ratio_is_very_wide_only_when_it_reaches_both_075_and_125(measure, low, high, expected):
    q = question(
        finding("a", measure=measure, estimate=1.0, ci_low=low, ci_high=high, n_ketamine=400, n_control=400)
    )
    assert domain(grade_one(q, rct("a", 800)), "imprecision").effect == expected


RULE = "GRADE handbook 5.2.4 (imprecision; optimal information size)"


def judged(q, *sources):
    return domain(grade_one(q, *sources), "imprecision")


@pytest.mark.parametrize(
    ("reported", "expected"),
    [
        (dict(significant=True), (-2, "a significant effect")),
        (dict(significant=False), (-3, "no significant effect")),
        ({}, (-3, "no significance reported")),
    ],
)
def test_without_an_interval_the_reason_says_what_was_reported_instead(reported, expected):
    # no interval (-1), 100 of the 750 participants needed without events (-1), -1 unless significant
    q = question(finding("a", n_ketamine=50, n_control=50, **reported))
    effect, shown = expected
    assert judged(q, rct("a", 100)) == Adjustment(
        "imprecision",
        effect,
        "No confidence interval was published, so precision cannot be shown; "
        f"100 participants, events not reported (fewer than 750); {shown}.",
        ("a",),
        RULE,
    )


def test_without_an_interval_or_a_count_of_participants_the_reason_says_the_count_is_missing():
    q = question(finding("a", significant=True))
    assert judged(q, rct("a", None)) == Adjustment(
        "imprecision",
        -2,
        "No confidence interval was published, so precision cannot be shown; the number of participants "
        "is not recorded (a missing count is never kinder than a small one); a significant effect.",
        ("a",),
        RULE,
    )


def test_an_interval_including_no_effect_in_too_small_a_body_gives_both_reasons():
    q = question(
        finding(
            "a", "change", measure="md", estimate=-3, ci_low=-6, ci_high=0.5, n_ketamine=150, n_control=150
        ),
        outcomes=CONTINUOUS,
        comparator="active_treatment",
    )
    assert judged(q, rct("a", 300)) == Adjustment(
        "imprecision",
        -2,
        "Very serious: the interval MD -3.00 (95% CI -6.00 to 0.50) includes no effect; "
        "300 participants (fewer than 400 for a continuous outcome).",
        ("a",),
        RULE,
    )


def test_a_very_wide_interval_in_too_small_a_body_says_both():
    q = question(rr("a", 1.0, 0.3, 3.0, n=40))
    assert judged(q, rct("a", 40)) == Adjustment(
        "imprecision",
        -3,
        "Very serious: RR 1.00 (95% CI 0.30 to 3.00) includes both appreciable benefit and appreciable harm; "
        "40 participants, events not reported (fewer than 750).",
        ("a",),
        RULE,
    )


def test_too_few_events_alone_rates_down_one_and_counts_the_events():
    q = question(rr("a", 1.5, 1.2, 1.9, n=1000, events_ketamine=60, events_control=40))
    assert judged(q, rct("a", 1000)) == Adjustment(
        "imprecision",
        -1,
        "Serious: 100 events among 1000 participants (fewer than 300 events).",
        ("a",),
        RULE,
    )


def test_a_precise_body_without_events_needs_750_participants_and_names_no_source():
    q = question(rr("a", 1.5, 1.2, 1.9, n=800))
    assert judged(q, rct("a", 800)) == Adjustment(
        "imprecision",
        0,
        "Not serious: RR 1.50 (95% CI 1.20 to 1.90) excludes no effect and "
        "800 participants, events not reported (at least 750).",
        (),
        RULE,
    )
