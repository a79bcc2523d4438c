"""What a condition's grade says beside its certainty: its counts, what it was graded on, why it is not
graded, and the published positions, as `python -m evidence grade --format json` and the Condition page
show them.
"""

from __future__ import annotations

from pathlib import Path

from evidence.grading import grade_all, grade_condition
from evidence.loading import EvidenceBase
from evidence.models import Design, Direction, Grade, Position, Stance

from .grading_helpers import (
    RELATED,
    SLUG,
    base,
    condition,
    finding,
    outcome,
    question,
    questioned_base,
    rct,
    record,
    rr,
    source,
)

NOT_GRADED = "Not graded: no clinical question is curated for this condition (data/questions/)."


def indirect_rct(key: str, n: int, **kwargs):
    """A trial curated as direct evidence for the related condition and only indirect for this one."""
    return rct(key, n, conditions=(RELATED,), indirect=(SLUG,), **kwargs)


def test_the_counts_hold_the_direct_studies_with_their_designs_directions_and_distinct_participants():
    sources = (
        rct("a", 100),
        rct("b", 80, shares_participants_with=("a",)),  # a secondary report of a's participants
        rct("i", None),  # a trial whose number of participants is not curated adds none
        source("c", Design.CROSSOVER_RCT, participants=30, direction=Direction.NO_CLEAR_BENEFIT),
        source("d", Design.COHORT, participants=500, direction=None),
        source("e", Design.CASE_REPORT, participants=1, direction=Direction.HARM),
        rct("f", 999, verified=False),  # not counted until a curator confirms it
        indirect_rct("g", 40, direction=Direction.MIXED),
        source("h", Design.GUIDELINE, direction=None),  # a position document, never a study
    )
    counts = grade_condition(base(*sources), SLUG).counts.as_dict()
    assert counts == {
        "sources": 7,
        "by_design": {"rct": 3, "crossover_rct": 1, "cohort": 1, "case_report": 1},
        "randomised_trials": 4,
        "participants_randomised": 130,
        "directions": {"benefit": 3, "no_clear_benefit": 1, "harm": 1, "not_stated": 1},
        "direct": 6,
        "indirect": 1,
    }
    # listed in the order a reader expects: designs best first, directions as curated, "not stated" last
    assert list(counts["by_design"]) == ["rct", "crossover_rct", "cohort", "case_report"]
    assert list(counts["directions"]) == ["benefit", "no_clear_benefit", "harm", "not_stated"]


def test_with_no_direct_study_the_counts_describe_the_indirect_ones():
    sources = (
        indirect_rct("g", 40, direction=Direction.MIXED),
        source("k", Design.COHORT, conditions=(RELATED,), indirect=(SLUG,), participants=70, direction=None),
    )
    assert grade_condition(base(*sources), SLUG).counts.as_dict() == {
        "sources": 2,
        "by_design": {"rct": 1, "cohort": 1},
        "randomised_trials": 1,
        "participants_randomised": 40,
        "directions": {"mixed": 1, "not_stated": 1},
        "direct": 0,
        "indirect": 2,
    }


def test_a_headline_resting_only_on_indirect_evidence_says_it_was_graded_on_indirect_evidence():
    only_indirect = questioned_base(indirect_rct("g", 250), questions=(question(rr("g", 2.0, 1.5, 2.7)),))
    graded = grade_condition(only_indirect, SLUG).as_dict()
    assert (graded["graded_on"], graded["starting_sources"]) == ("indirect", ["g"])

    both = questioned_base(
        rct("a", 250),
        indirect_rct("g", 250),
        questions=(question(rr("a", 2.0, 1.5, 2.7), rr("g", 2.0, 1.5, 2.7)),),
    )
    graded = grade_condition(both, SLUG)
    assert (graded.graded_on, graded.starting_sources) == ("direct", ("a", "g"))
    # every source is verified, so there is no grade "if the unverified sources were counted"
    assert graded.grade_if_unverified_counted is None


def ungraded_fields(graded) -> dict:
    data = graded.as_dict()
    return {
        k: data[k]
        for k in (
            "grade",
            "computed_grade",
            "starting_level",
            "starting_reason",
            "starting_sources",
            "adjustments",
            "graded_on",
            "evidence_direction",
        )
    }


def test_a_condition_without_a_question_is_not_graded_and_says_why():
    assert ungraded_fields(grade_condition(base(rct("a", 250)), SLUG)) == {
        "grade": "insufficient",
        "computed_grade": "insufficient",
        "starting_level": "insufficient",
        "starting_reason": NOT_GRADED,
        "starting_sources": [],
        "adjustments": [],
        "graded_on": "none",
        "evidence_direction": None,
    }


def test_a_question_with_nothing_counted_is_not_graded_and_names_the_question_not_a_missing_one():
    """The curator has written the question; what is missing is a counted finding for it."""
    # a PubMed-indexed trial waiting for a curator to confirm it on its PubMed record
    unverified_only = questioned_base(
        rct("f", 250, verified=False, pmid=31000001),
        questions=(question(rr("pmid:31000001", 2.0, 1.5, 2.7)),),
    )
    graded = grade_condition(unverified_only, SLUG)
    assert ungraded_fields(graded) == {
        "grade": "insufficient",
        "computed_grade": "insufficient",
        "starting_level": "insufficient",
        "starting_reason": "Not graded: no counted finding for a critical outcome of 'test-question'.",
        "starting_sources": [],
        "adjustments": [],
        "graded_on": "none",
        "evidence_direction": None,
    }
    # the reader is told what confirming the trial would change: the grade it has once verified
    verified = questioned_base(
        rct("f", 250, pmid=31000001), questions=(question(rr("pmid:31000001", 2.0, 1.5, 2.7)),)
    )
    assert graded.grade_if_unverified_counted is grade_condition(verified, SLUG).grade is Grade.LOW


def position(slug: str, stance: Stance, certainty: str | None = None) -> Position:
    return Position(
        condition=slug, stance=stance, certainty=certainty, statement=f"Ketamine: {stance.value}."
    )


def guideline_with(key: str, year: int, *positions: Position, **kwargs):
    slugs = tuple(dict.fromkeys(p.condition for p in positions))
    return source(
        key, Design.GUIDELINE, conditions=slugs, direction=None, year=year, positions=positions, **kwargs
    )


RETRACTED_PMID = 30000001


def positions_evidence():
    return base(
        # retracted, by the curator or by PubMed: its positions are shown nowhere
        guideline_with("r", 2024, position(SLUG, Stance.APPROVED), retracted=True),
        guideline_with("p", 2023, position(SLUG, Stance.SUPPORTS), pmid=RETRACTED_PMID),
        # an unverified guideline whose position on this condition comes after one on another condition
        guideline_with(
            "g1",
            2018,
            position(RELATED, Stance.SUPPORTS),
            position(SLUG, Stance.CONDITIONAL, "moderate"),  # the certainty it states, not its stance's
            verified=False,
        ),
        guideline_with("g2", 2022, position(SLUG, Stance.SUPPORTS)),
        guideline_with("g0", 2022, position(SLUG, Stance.AGAINST)),
    )


RECORDS = {RETRACTED_PMID: record(RETRACTED_PMID, retracted=True)}


def test_positions_are_listed_newest_first_with_their_stated_certainty_and_verification_and_none_retracted():
    for graded in (
        grade_condition(positions_evidence(), SLUG, RECORDS),
        grade_all(positions_evidence(), RECORDS)[0],
    ):
        assert [p.as_dict() for p in graded.guideline_positions] == [
            {
                "source": "g0",
                "title": "A guideline or consensus called g0",
                "year": 2022,
                "stance": "against",
                "certainty": None,
                "statement": "Ketamine: against.",
                "implied_grade": None,
                "disagreement": None,
                "verified": True,
                "link": "https://example.org/g0",
            },
            {
                "source": "g2",
                "title": "A guideline or consensus called g2",
                "year": 2022,
                "stance": "supports",
                "certainty": None,
                "statement": "Ketamine: supports.",
                "implied_grade": "moderate",
                "disagreement": None,
                "verified": True,
                "link": "https://example.org/g2",
            },
            {
                "source": "g1",
                "title": "A guideline or consensus called g1",
                "year": 2018,
                "stance": "conditional",
                "certainty": "moderate",
                "statement": "Ketamine: conditional.",
                "implied_grade": "moderate",
                "disagreement": None,
                "verified": False,
                "link": "https://example.org/g1",
            },
        ]


def test_a_guideline_speaking_of_two_conditions_gives_each_condition_only_its_own_position():
    related = grade_all(positions_evidence(), RECORDS)[1]
    assert [(p.source_key, p.stance, p.verified) for p in related.guideline_positions] == [
        ("g1", Stance.SUPPORTS, False)
    ]


def test_a_position_far_from_the_headline_says_how_far_and_whether_its_certainty_is_stated_or_read_from_its_stance():
    case_series = finding(
        "s", measure="rr", estimate=2.0, ci_low=1.2, ci_high=3.3, n_ketamine=20, n_control=20
    )
    evidence = questioned_base(
        source("s", Design.CASE_SERIES, participants=40),
        source(
            "fda", Design.REGULATORY, direction=None, year=2019, positions=(position(SLUG, Stance.APPROVED),)
        ),
        guideline_with("g", 2021, position(SLUG, Stance.SUPPORTS, "high")),
        questions=(question(case_series),),
    )
    graded = grade_condition(evidence, SLUG)
    assert graded.grade is Grade.VERY_LOW  # only a case series
    assert [(p.source_key, p.disagreement) for p in graded.guideline_positions] == [
        (
            "g",
            "The headline grade (very low) is 3 levels below the high certainty this guideline or consensus"
            " (2021) states.",
        ),
        (
            "fda",
            "The headline grade (very low) is 2 levels below the moderate certainty this regulatory document"
            " (2019) implies. An approval is a regulator's position on benefit and risk, not a certainty rating.",
        ),
    ]


def test_a_condition_whose_question_is_not_marked_primary_is_still_graded_on_it():
    """validate reports the missing mark; until it is fixed the dashboard grades the condition's first question."""
    unmarked = questioned_base(rct("a", 250), questions=(question(rr("a", 2.0, 1.5, 2.7), primary=False),))
    graded = grade_condition(unmarked, SLUG)
    assert (graded.grade, graded.starting_level, graded.starting_sources) == (Grade.LOW, Grade.HIGH, ("a",))
    assert graded.grade is graded.questions[0].certainty


def test_a_harm_condition_whose_evidence_favours_the_comparator_reads_as_harm():
    dissociation = outcome("dissociation", harm=True, favours="lower")
    q = question(rr("a", 3.0, 2.0, 4.5, oid="dissociation"), outcomes=(dissociation,))
    harm_base = EvidenceBase(
        data_dir=Path("."),
        conditions=(condition(question="harm"),),
        sources=(rct("a", 250),),
        questions=(q,),
    )
    graded = grade_condition(harm_base, SLUG)
    assert (graded.question, graded.evidence_direction) == ("harm", "harm")
