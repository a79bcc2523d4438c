"""Indirectness, GRADE handbook 5.2.3 (evidence/grading/indirectness.py)."""

from __future__ import annotations

from .grading_helpers import RELATED, SLUG, domain, grade_one, question, rct, rr


def indirectness(q, *sources):
    return domain(grade_one(q, *sources), "indirectness")


def test_most_of_the_weight_from_an_indirect_population_rates_down_one():
    q = question(rr("a", 2.0, 1.5, 2.7, n=300, indirect="hazardous drinkers", indirect_domain="population"),
                 rr("b", 2.0, 1.5, 2.7, n=200))  # fmt: skip
    judged = indirectness(q, rct("a", 300), rct("b", 200))
    assert judged.effect == -1
    assert "hazardous drinkers" in judged.reason


def test_exactly_half_the_weight_indirect_is_not_serious():
    q = question(rr("a", 2.0, 1.5, 2.7, n=250, indirect="experimental pain", indirect_domain="outcome"),
                 rr("b", 2.0, 1.5, 2.7, n=250))  # fmt: skip
    assert indirectness(q, rct("a", 250), rct("b", 250)).effect == 0


def test_indirect_in_two_domains_rates_down_two():
    q = question(
        rr("a", 2.0, 1.5, 2.7, indirect="a ketamine and amitriptyline cream", indirect_domain="intervention"),
    )
    trial = rct("a", conditions=(RELATED,), indirect=(SLUG,))
    judged = indirectness(q, trial)
    assert judged.effect == -2
    assert "intervention" in judged.reason and "population" in judged.reason


def test_a_related_conditions_trial_is_indirect_in_population():
    q = question(rr("a", 2.0, 1.5, 2.7))
    judged = indirectness(q, rct("a", conditions=(RELATED,), indirect=(SLUG,)))
    assert judged.effect == -1
    assert "related condition" in judged.reason
