"""Indirectness, GRADE handbook 5.2.3 (evidence/grading/indirectness.py)."""

from __future__ import annotations

from evidence.grading.adjustment import Adjustment

from .grading_helpers import RELATED, SLUG, domain, grade_one, question, rct, rr

RULE = "GRADE handbook 5.2.3 (indirectness of evidence)"
RELATED_TRIAL = "curated as evidence for a related condition, not this one"


def indirectness(q, *sources):
    return domain(grade_one(q, *sources), "indirectness")


def test_most_of_the_weight_from_an_indirect_population_rates_down_one():
    q = question(rr("a", 2.0, 1.5, 2.7, n=300, indirect="hazardous drinkers", indirect_domain="population"),
                 rr("b", 2.0, 1.5, 2.7, n=200))  # fmt: skip
    assert indirectness(q, rct("a", 300), rct("b", 200)) == Adjustment(
        "indirectness",
        -1,
        "Serious: indirect population (60% of the weight; Tester 2020: hazardous drinkers).",
        ("a",),
        RULE,
    )


def test_exactly_half_the_weight_indirect_is_not_serious():
    q = question(rr("a", 2.0, 1.5, 2.7, n=250, indirect="experimental pain", indirect_domain="outcome"),
                 rr("b", 2.0, 1.5, 2.7, n=250))  # fmt: skip
    assert indirectness(q, rct("a", 250), rct("b", 250)) == Adjustment(
        "indirectness",
        0,
        "Not serious: only 50% of the weight is indirect (Tester 2020: experimental pain).",
        (),
        RULE,
    )


def test_indirect_findings_below_the_threshold_in_every_domain_are_named_with_their_share():
    # 20% indirect in population and 20% in outcome: neither domain is serious, 40% is indirect in all
    q = question(
        rr("a", 2.0, 1.5, 2.7, n=100, indirect="hazardous drinkers", indirect_domain="population"),
        rr("b", 2.0, 1.5, 2.7, n=100, indirect="experimental pain", indirect_domain="outcome"),
        rr("c", 2.0, 1.5, 2.7, n=300),
    )
    trials = rct("a", 100, year=2018), rct("b", 100, year=2019), rct("c", 300, year=2021)
    assert indirectness(q, *trials) == Adjustment(
        "indirectness",
        0,
        "Not serious: only 40% of the weight is indirect (Tester 2018: hazardous drinkers; "
        "Tester 2019: experimental pain).",
        (),
        RULE,
    )


def test_direct_evidence_says_it_answers_the_question_directly():
    q = question(rr("a", 2.0, 1.5, 2.7))
    assert indirectness(q, rct("a")) == Adjustment(
        "indirectness",
        0,
        "Not serious: the evidence answers the question's population, intervention, comparator and outcome "
        "directly.",
        (),
        RULE,
    )


def test_indirect_in_two_domains_rates_down_two():
    q = question(
        rr("a", 2.0, 1.5, 2.7, indirect="a ketamine and amitriptyline cream", indirect_domain="intervention"),
    )
    trial = rct("a", conditions=(RELATED,), indirect=(SLUG,))
    assert indirectness(q, trial) == Adjustment(
        "indirectness",
        -2,
        f"Very serious: indirect population (100% of the weight; Tester 2020: {RELATED_TRIAL}) and "
        "intervention (100% of the weight; Tester 2020: a ketamine and amitriptyline cream).",
        ("a",),
        RULE,
    )


def test_a_related_conditions_trial_is_indirect_in_population():
    q = question(rr("a", 2.0, 1.5, 2.7))
    assert indirectness(q, rct("a", conditions=(RELATED,), indirect=(SLUG,))) == Adjustment(
        "indirectness",
        -1,
        f"Serious: indirect population (100% of the weight; Tester 2020: {RELATED_TRIAL}).",
        ("a",),
        RULE,
    )


def test_a_population_curated_on_the_finding_is_named_once_for_a_related_conditions_trial():
    # the finding's own words say more than the generic "related condition": they are the ones shown
    q = question(rr("a", 2.0, 1.5, 2.7, indirect="hazardous drinkers", indirect_domain="population"))
    assert indirectness(q, rct("a", conditions=(RELATED,), indirect=(SLUG,))) == Adjustment(
        "indirectness",
        -1,
        "Serious: indirect population (100% of the weight; Tester 2020: hazardous drinkers).",
        ("a",),
        RULE,
    )
