"""Which way an outcome points when its trials report different measures (evidence/grading/outcome.py).

Trials on different measures are not pooled, so no single effect is shown; the direction is then
read from each trial's own interval: where each one that excludes no effect does so.
"""

from __future__ import annotations

import pytest

from .grading_helpers import finding, grade_one, question, rct, rr


def odds(key: str, estimate: float, low: float, high: float):
    return finding(
        key, measure="or", estimate=estimate, ci_low=low, ci_high=high, n_ketamine=125, n_control=125
    )


@pytest.mark.parametrize(
    ("risk", "odds_ratio", "direction", "label"),
    [
        ((1.5, 1.2, 1.9), (1.8, 1.3, 2.5), "favours_ketamine", "favours ketamine"),
        ((0.6, 0.4, 0.9), (0.5, 0.3, 0.8), "favours_comparator", "favours the comparator"),
        ((1.1, 0.8, 1.5), (0.9, 0.6, 1.3), "no_clear_difference", "no clear difference"),
    ],
)
def test_trials_on_different_measures_point_the_way_their_intervals_do(risk, odds_ratio, direction, label):
    graded = grade_one(question(rr("a", *risk), odds("b", *odds_ratio)), rct("a"), rct("b"))
    assert (graded.effect, graded.pooled) == (None, None)
    assert (graded.direction, graded.direction_label) == (direction, label)
