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
