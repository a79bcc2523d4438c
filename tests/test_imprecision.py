"""Imprecision and the optimal information size, GRADE handbook 5.2.4 (evidence/grading/imprecision.py)."""

from __future__ import annotations

import pytest

from evidence.grading.rules import (
    OIS_CONTINUOUS_PARTICIPANTS,
    OIS_DICHOTOMOUS_EVENTS,
    OIS_DICHOTOMOUS_PARTICIPANTS_WITHOUT_EVENTS,
)

from .grading_helpers import domain, finding, grade_one, outcome, question, rct, rr


def imprecision(q, *sources):
    return domain(grade_one(q, *sources), "imprecision")


def md(key, estimate, low, high, n):
    return finding(key, "change", measure="md", estimate=estimate, ci_low=low, ci_high=high,
                   n_ketamine=n // 2, n_control=n - n // 2)  # fmt: skip


CONTINUOUS = (outcome("change", kind="continuous", favours="lower"),)


@pytest.mark.parametrize(
    ("n", "effect"), [(OIS_CONTINUOUS_PARTICIPANTS - 1, -1), (OIS_CONTINUOUS_PARTICIPANTS, 0)]
)
def test_continuous_outcome_needs_400_participants(n, effect):
    q = question(md("a", -5, -8, -2, n), outcomes=CONTINUOUS, comparator="active_treatment")
    assert imprecision(q, rct("a", n)).effect == effect


@pytest.mark.parametrize(
    ("events", "effect"), [(OIS_DICHOTOMOUS_EVENTS - 1, -1), (OIS_DICHOTOMOUS_EVENTS, 0)]
)
def test_dichotomous_outcome_needs_300_events(events, effect):
    k = events // 2
    q = question(rr("a", 1.5, 1.2, 1.9, n=1000, events_ketamine=k, events_control=events - k))
    assert imprecision(q, rct("a", 1000)).effect == effect


@pytest.mark.parametrize(
    ("n", "effect"),
    [(OIS_DICHOTOMOUS_PARTICIPANTS_WITHOUT_EVENTS - 2, -1), (OIS_DICHOTOMOUS_PARTICIPANTS_WITHOUT_EVENTS, 0)],
)
def test_without_events_a_dichotomous_outcome_needs_750_participants(n, effect):
    q = question(rr("a", 1.5, 1.2, 1.9, n=n))
    assert imprecision(q, rct("a", n)).effect == effect


def test_an_interval_that_includes_no_effect_rates_down_one():
    q = question(rr("a", 1.1, 0.9, 1.2, n=800))
    judged = imprecision(q, rct("a", 800))
    assert judged.effect == -1
    assert "includes no effect" in judged.reason


def test_including_no_effect_with_too_few_participants_rates_down_two():
    q = question(rr("a", 1.1, 0.9, 1.2, n=100))
    assert imprecision(q, rct("a", 100)).effect == -2


@pytest.mark.parametrize(("low", "effect"), [(0.75, -2), (0.76, -1)])
def test_a_ratio_interval_from_075_to_125_is_very_wide(low, effect):
    # appreciable benefit and appreciable harm both inside the interval (GRADE's 25% default)
    q = question(rr("a", 1.0, low, 1.25, n=800))
    assert imprecision(q, rct("a", 800)).effect == effect


def test_very_wide_with_too_few_participants_rates_down_three():
    q = question(rr("a", 1.0, 0.3, 3.0, n=40))
    assert imprecision(q, rct("a", 40)).effect == -3


@pytest.mark.parametrize(("high", "effect"), [(0.2, -2), (0.19, -1)])
def test_an_smd_interval_reaching_past_02_both_ways_is_very_wide(high, effect):
    smd = finding("a", "change", measure="smd", estimate=-0.3, ci_low=-0.8, ci_high=high,
                  n_ketamine=250, n_control=250)  # fmt: skip
    q = question(smd, outcomes=CONTINUOUS)
    assert imprecision(q, rct("a", 500)).effect == effect


def test_no_interval_cannot_show_precision():
    q = question(finding("a", significant=True, n_ketamine=500, n_control=500))
    judged = imprecision(q, rct("a", 1000))
    assert judged.effect == -1
    assert "No confidence interval" in judged.reason


def test_no_interval_no_significance_and_a_small_body_rates_down_three():
    q = question(finding("a", significant=False, n_ketamine=10, n_control=10))
    assert imprecision(q, rct("a", 20)).effect == -3


def test_an_unknown_number_of_participants_never_passes_the_information_size():
    q = question(finding("a", measure="rr", estimate=1.5, ci_low=1.2, ci_high=1.9))
    judged = imprecision(q, rct("a", None))
    assert judged.effect == -1
    assert "not recorded" in judged.reason


@pytest.mark.parametrize(
    ("interval", "effect", "reason", "direction"),
    [
        # an interval that ends exactly at no effect still includes it (GRADE 5.2.4: the decision stays open)
        ((1.5, 1.0, 2.25), -1, "Serious: the interval RR 1.50 (95% CI 1.00 to 2.25) includes no effect.",
         "no_clear_difference"),
        ((1.5, 1.01, 2.25), 0, "Not serious: RR 1.50 (95% CI 1.01 to 2.25) excludes no effect and 400 events "
         "among 1000 participants (at least 300 events).", "favours_ketamine"),
        ((0.6, 0.36, 1.0), -1, "Serious: the interval RR 0.60 (95% CI 0.36 to 1.00) includes no effect.",
         "no_clear_difference"),
        ((0.6, 0.36, 0.99), 0, "Not serious: RR 0.60 (95% CI 0.36 to 0.99) excludes no effect and 400 events "
         "among 1000 participants (at least 300 events).", "favours_comparator"),
    ],
)  # fmt: skip
def test_an_interval_ending_exactly_at_no_effect_includes_it(interval, effect, reason, direction):
    estimate, low, high = interval
    q = question(rr("a", estimate, low, high, n=1000, events_ketamine=200, events_control=200))
    graded = grade_one(q, rct("a", 1000))
    judged = domain(graded, "imprecision")
    assert (judged.effect, judged.reason) == (effect, reason)
    assert judged.sources == (("a",) if effect else ())
    assert graded.direction == direction


@pytest.mark.parametrize(
    ("high", "effect", "reason"),
    [
        # MD -4: very wide once the interval reaches 2 (half the estimate) past no effect the other way
        (2.0, -2, "Very serious: MD -4.00 (95% CI -9.00 to 2.00) includes both appreciable benefit and "
         "appreciable harm; 400 participants (at least 400 for a continuous outcome)."),
        (1.99, -1, "Serious: the interval MD -4.00 (95% CI -9.00 to 1.99) includes no effect."),
        (-0.5, 0, "Not serious: MD -4.00 (95% CI -9.00 to -0.50) excludes no effect and 400 participants "
         "(at least 400 for a continuous outcome)."),
    ],
)  # fmt: skip
def test_a_mean_difference_is_very_wide_when_it_reaches_half_its_estimate_past_no_effect(
    high, effect, reason
):
    q = question(md("a", -4, -9, high, 400), outcomes=CONTINUOUS, comparator="active_treatment")
    judged = imprecision(q, rct("a", 400))
    assert (judged.effect, judged.reason) == (effect, reason)


def test_a_risk_difference_has_no_very_wide_threshold_so_including_no_effect_rates_down_one():
    # the documented very-wide thresholds are for ratios and SMDs; a risk difference is judged on no effect
    rd = finding("a", measure="rd", estimate=0.1, ci_low=-0.1, ci_high=0.3,
                 n_ketamine=500, n_control=500, events_ketamine=220, events_control=180)  # fmt: skip
    judged = imprecision(question(rd, comparator="active_treatment"), rct("a", 1000))
    assert (judged.effect, judged.reason) == (
        -1,
        "Serious: the interval RD 0.10 (95% CI -0.10 to 0.30) includes no effect.",
    )
