"""The shipped grades, question by question, with the reasoning a methodologist can check.

These assertions break when the curated data or a rule changes a grade: re-run
`python -m evidence grade`, read the new reasoning, and update the expectation and its why.
The published ratings named below are curated under each question's `published_certainty`.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from evidence.grading import grade_all
from evidence.loading import load_evidence
from evidence.models import Grade


class Q(NamedTuple):
    certainty: Grade
    direction: str | None
    downgrades: dict[str, int]  # of the headline (lowest critical) outcome


EXPECTED = {
    "trd-esketamine-nasal-vs-placebo-spray": Q(
        Grade.LOW, "favours_ketamine", {"risk_of_bias": -1, "imprecision": -1}
    ),
    "trd-iv-ketamine-vs-saline": Q(
        Grade.VERY_LOW, "favours_ketamine", {"risk_of_bias": -1, "indirectness": -1, "imprecision": -1}
    ),
    "trd-iv-ketamine-vs-midazolam": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "imprecision": -2}
    ),
    "trd-iv-ketamine-vs-ect": Q(Grade.LOW, "favours_ketamine", {"risk_of_bias": -1, "imprecision": -1}),
    "trd-esketamine-nasal-vs-quetiapine": Q(
        Grade.LOW, "favours_ketamine", {"risk_of_bias": -1, "imprecision": -1}
    ),
    "mdd-si-esketamine-nasal-vs-placebo": Q(
        Grade.VERY_LOW, "favours_ketamine", {"risk_of_bias": -1, "imprecision": -1, "publication_bias": -1}
    ),
    "mdd-si-iv-ketamine-vs-midazolam": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "indirectness": -1, "imprecision": -2}
    ),
    "mdd-si-iv-ketamine-vs-saline": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "imprecision": -3}
    ),
    "bipolar-iv-ketamine-vs-placebo": Q(
        Grade.VERY_LOW, "favours_ketamine", {"risk_of_bias": -1, "imprecision": -2}
    ),
    "bipolar-iv-ketamine-vs-midazolam": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "imprecision": -3}
    ),
    "ptsd-iv-ketamine-vs-midazolam": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "indirectness": -1, "imprecision": -2}
    ),
    "ptsd-iv-ketamine-vs-saline": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "imprecision": -3}
    ),
    "sad-iv-ketamine-vs-saline": Q(
        Grade.VERY_LOW, "favours_ketamine", {"risk_of_bias": -1, "imprecision": -2}
    ),
    "ocd-iv-ketamine-vs-saline": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "imprecision": -3}
    ),
    "aud-iv-ketamine-vs-saline-with-therapy": Q(Grade.INSUFFICIENT, None, {}),
    "aud-iv-ketamine-vs-midazolam-with-met": Q(
        Grade.VERY_LOW, "favours_ketamine", {"risk_of_bias": -1, "imprecision": -2}
    ),
    "aud-hazardous-drinkers-ketamine-after-memory-retrieval": Q(Grade.INSUFFICIENT, None, {}),
    "mecfs-iv-ketamine-vs-midazolam": Q(
        Grade.VERY_LOW, None, {"risk_of_bias": -1, "indirectness": -1, "imprecision": -3}
    ),
    "fibromyalgia-iv-ketamine-vs-placebo": Q(Grade.INSUFFICIENT, None, {}),
    "fibromyalgia-iv-esketamine-vs-midazolam": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "imprecision": -3}
    ),
    "crps-iv-esketamine-infusion-vs-placebo": Q(
        Grade.VERY_LOW, "favours_ketamine", {"risk_of_bias": -1, "imprecision": -2}
    ),
    "crps-iv-racemic-ketamine-outpatient-vs-placebo": Q(
        Grade.VERY_LOW, "favours_ketamine", {"risk_of_bias": -2, "imprecision": -2}
    ),
    "chronic-pain-iv-ketamine-vs-placebo": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "imprecision": -2}
    ),
    "neuropathic-iv-ketamine-vs-placebo": Q(
        Grade.LOW, "favours_ketamine", {"risk_of_bias": -1, "imprecision": -1}
    ),
    "neuropathic-topical-ketamine-vs-placebo": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "indirectness": -1, "imprecision": -3}
    ),
    "migraine-ed-iv-ketamine-vs-placebo": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "imprecision": -3}
    ),
    "migraine-ed-iv-ketamine-vs-prochlorperazine": Q(
        Grade.LOW, "favours_comparator", {"risk_of_bias": -1, "imprecision": -1}
    ),
    "migraine-ed-intranasal-ketamine-vs-metoclopramide": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "imprecision": -3}
    ),
    "migraine-aura-intranasal-ketamine-vs-midazolam": Q(
        Grade.VERY_LOW, "favours_ketamine", {"risk_of_bias": -1, "imprecision": -2}
    ),
    "periop-iv-ketamine-vs-placebo": Q(Grade.LOW, "favours_ketamine", {"imprecision": -2}),
    "periop-iv-esketamine-vs-placebo": Q(
        Grade.VERY_LOW, "no_clear_difference", {"risk_of_bias": -1, "imprecision": -3}
    ),
    "ed-iv-ketamine-vs-opioid": Q(Grade.LOW, "favours_ketamine", {"inconsistency": -1, "imprecision": -1}),
    "harms-iv-ketamine-vs-placebo": Q(
        Grade.VERY_LOW, "favours_comparator", {"risk_of_bias": -1, "indirectness": -1, "imprecision": -1}
    ),
    "harms-esketamine-nasal-vs-placebo": Q(
        Grade.VERY_LOW, "favours_comparator", {"risk_of_bias": -1, "indirectness": -1, "imprecision": -1}
    ),
    "harms-repeated-recreational-ketamine": Q(Grade.VERY_LOW, None, {"risk_of_bias": -1, "imprecision": -2}),
    # case reports and series only: they start very low, as GRADE says, and show that the harm occurs
    "harms-repeated-dosing-liver": Q(Grade.VERY_LOW, None, {"risk_of_bias": -1, "imprecision": -3}),
}

# Why each condition's headline (its primary question) is what it is.
HEADLINE_WHY = {
    "treatment-resistant-depression": (
        Grade.LOW,
        "Esketamine spray vs placebo spray, MADRS at day 28: three phase 3 trials start high; a placebo spray "
        "does not hide dissociation from awake patients rating a subjective outcome (risk of bias -1), and "
        "the participants with known arm sizes fall short of 400 (imprecision -1). The Cochrane review rated "
        "IV ketamine vs placebo at 24 h very low, and that question is very low here too.",
    ),
    "major-depression-suicidal-ideation": (
        Grade.VERY_LOW,
        "ASPIRE I/II: functional unblinding (-1), no arm sizes for ASPIRE II (-1), two industry trials that "
        "both favour esketamine (publication bias -1); suicidality itself showed no clear difference.",
    ),
    "bipolar-depression": (
        Grade.VERY_LOW,
        "One verified small crossover trial with significance only at day 1 (Diazgranados 2010 stays "
        "unverified); the Cochrane bipolar review rated the midazolam comparison very low.",
    ),
    "ptsd": (
        Grade.VERY_LOW,
        "One review's pooled estimate against active or pooled controls crosses no effect.",
    ),
    "social-anxiety-disorder": (Grade.VERY_LOW, "One crossover trial of 18 with significance only."),
    "ocd": (Grade.VERY_LOW, "One crossover trial of 15; the risk ratio's interval spans 0.5 to 127."),
    "alcohol-use-disorder": (
        Grade.INSUFFICIENT,
        "The KARE trial (Grabski 2022) answers the primary question but its PMID is unverified, so nothing "
        "counts for it; the midazolam-controlled pilot is very low.",
    ),
    "mecfs": (Grade.VERY_LOW, "Only a mixed-fatigue trial, indirect in population, with no effect estimate."),
    "fibromyalgia": (
        Grade.INSUFFICIENT,
        "No counted finding for pain over weeks, the critical outcome; the 2018 consensus found no evidence "
        "beyond the short term outside CRPS.",
    ),
    "crps": (
        Grade.VERY_LOW,
        "Sigtermans 2009 alone (60 participants, no interval); the 2013 Cochrane overview rated low.",
    ),
    "chronic-pain": (
        Grade.VERY_LOW,
        "Pain at 4 weeks: pooled MD -1.12 (-2.33 to 0.09), unblinded saline comparisons; the 2018 and 2025 "
        "reviews rate very low.",
    ),
    "neuropathic-pain": (
        Grade.LOW,
        "Pain at 1-2 weeks: functional unblinding (-1) and 40 participants (-1); the 2022 GRADE meta-analysis "
        "rates low.",
    ),
    "migraine": (Grade.VERY_LOW, "One ED trial of 34 with medians only; no clear difference from saline."),
    "perioperative-acute-pain": (
        Grade.LOW,
        "Under general anaesthesia blinding holds and opioid use is measured, but one trial of 102 with no "
        "interval (-2); the Cochrane review's pooled results could not be read on a page.",
    ),
    "ketamine-harms": (
        Grade.VERY_LOW,
        "Adverse events with IV ketamine vs placebo (Ferraro 2025, RR 3.26, 1.05 to 10.09): chronic-pain "
        "trials, indirect for harms in other uses; the review itself rates low.",
    ),
}


@pytest.fixture(scope="module")
def shipped_grades():
    from .conftest import SHIPPED_DATA

    return {g.condition: g for g in grade_all(load_evidence(SHIPPED_DATA).base)}


def test_every_shipped_question_and_condition_has_an_expectation(shipped_grades):
    assert {q.id for g in shipped_grades.values() for q in g.questions} == set(EXPECTED)
    assert set(shipped_grades) == set(HEADLINE_WHY)


@pytest.mark.parametrize("qid", sorted(EXPECTED))
def test_shipped_question(shipped_grades, qid):
    graded = next(q for g in shipped_grades.values() for q in g.questions if q.id == qid)
    downgrades = (
        {a.domain: a.effect for a in graded.headline.adjustments if a.effect} if graded.headline else {}
    )
    assert (graded.certainty, graded.direction, downgrades) == tuple(EXPECTED[qid])


@pytest.mark.parametrize("slug", sorted(HEADLINE_WHY))
def test_shipped_headline(shipped_grades, slug):
    grade, why = HEADLINE_WHY[slug]
    assert shipped_grades[slug].grade is grade, why


def test_no_shipped_outcome_is_above_a_published_grade_rating_of_it(shipped_grades):
    # the failure this product must never have: a grade that flatters the evidence
    above = [
        (q.id, o.outcome.id, p.source, p.rating)
        for g in shipped_grades.values()
        for q in g.questions
        for o in q.outcomes
        for p in o.published
        if p.grade is not None and o.graded and o.certainty.rank > p.grade.rank
    ]
    assert above == []


def test_the_guideline_positions_are_shown_beside_the_grades(shipped_grades):
    shown = {slug: {p.stance.value for p in g.guideline_positions} for slug, g in shipped_grades.items()}
    assert shown["treatment-resistant-depression"] >= {"approved", "conditional"}
    assert "supports" in shown["perioperative-acute-pain"]  # the 2018 acute-pain consensus
    assert "insufficient_evidence" in shown["migraine"]  # the 2018 chronic-pain consensus on headache
