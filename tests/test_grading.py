"""Hand-worked grading cases: every starting level, every downgrade domain, positions, overrides."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from evidence.cli import main
from evidence.grading import (
    GRADING_RULES,
    PARTICIPANTS_FOR_HIGH,
    PARTICIPANTS_FOR_MODERATE,
    UnknownCondition,
    design_disagreements,
    grade_all,
    grade_condition,
    grading_rules,
)
from evidence.models import Blinding, Design, Direction, Grade, GradeOverride, Stance

from .conftest import REPO_ROOT
from .grading_helpers import RELATED, SLUG, base, condition, guideline, rct, record, source


def adjustment(result, domain):
    found = [a for a in result.adjustments if a.domain == domain]
    assert len(found) == 1, f"expected one {domain} judgement, got {found}"
    return found[0]


# -- starting levels ------------------------------------------------------------------------


def test_no_evidence_is_insufficient():
    result = grade_condition(base(), SLUG)
    assert result.grade is Grade.INSUFFICIENT
    assert result.starting_level is Grade.INSUFFICIENT
    assert result.counts.sources == 0
    assert result.graded_on == "none"


@pytest.mark.parametrize(
    "design", [Design.CASE_SERIES, Design.CASE_REPORT, Design.SURVEY, Design.NARRATIVE_REVIEW]
)
def test_uncontrolled_reports_and_opinion_start_very_low(design):
    result = grade_condition(base(source("only", design)), SLUG)
    assert result.starting_level is Grade.VERY_LOW
    assert result.grade is Grade.VERY_LOW


@pytest.mark.parametrize(
    "design", [Design.NON_RANDOMISED_CONTROLLED, Design.COHORT, Design.CASE_CONTROL, Design.OPEN_LABEL_TRIAL]
)
def test_controlled_and_open_label_studies_start_low(design):
    result = grade_condition(base(source("study", design), source("series", Design.CASE_SERIES)), SLUG)
    assert result.starting_level is Grade.LOW
    assert result.grade is Grade.LOW
    assert result.starting_sources == ("study",)


def test_a_review_that_does_not_say_it_pooled_randomised_trials_starts_low():
    review = source("sr", Design.SYSTEMATIC_REVIEW, title="Ketamine for a condition: a systematic review")
    assert grade_condition(base(review), SLUG).starting_level is Grade.LOW


def test_one_randomised_trial_starts_moderate_and_stays_there_when_large_and_blinded():
    result = grade_condition(base(rct("trial", 150)), SLUG)
    assert result.starting_level is Grade.MODERATE
    assert result.grade is Grade.MODERATE
    assert [a.effect for a in result.adjustments] == [0, 0, 0]


def test_several_concordant_blinded_trials_with_enough_participants_are_high():
    result = grade_condition(base(rct("a", 250), rct("b", 250, blinding=Blinding.DOUBLE_BLIND)), SLUG)
    assert result.starting_level is Grade.HIGH
    assert result.grade is Grade.HIGH
    assert result.evidence_direction == "benefit"
    assert result.counts.randomised_trials == 2
    assert result.counts.participants_randomised == 500


@pytest.mark.parametrize(
    "title, journal",
    [
        ("Ketamine: a meta-analysis of randomized controlled trials", "J Tests"),
        ("Ketamine versus placebo: a meta-analysis", "J Tests"),
        ("Ketamine for depression", "Cochrane Database of Systematic Reviews"),
    ],
)
def test_a_review_of_randomised_trials_starts_high(title, journal):
    review = source("ma", Design.META_ANALYSIS, title=title, journal=journal, participants=900)
    result = grade_condition(base(review), SLUG)
    assert result.starting_level is Grade.HIGH


# -- downgrades ---------------------------------------------------------------------------------


def test_risk_of_bias_when_most_randomised_participants_are_not_double_blind():
    open_label = rct("open", 300, blinding=Blinding.OPEN_LABEL)
    single_blind = rct("single", 100, blinding=Blinding.SINGLE_BLIND)
    blinded = rct("blind", 300)
    result = grade_condition(base(open_label, single_blind, blinded), SLUG)
    bias = adjustment(result, "risk_of_bias")
    assert bias.effect == -1
    assert bias.sources == ("open", "single")
    assert "57%" in bias.reason
    assert result.grade is Grade.MODERATE


def test_unrecorded_blinding_counts_as_not_shown_double_blind():
    result = grade_condition(base(rct("unknown", 300, blinding=None), rct("blind", 200)), SLUG)
    bias = adjustment(result, "risk_of_bias")
    assert bias.effect == -1
    assert "not recorded" in bias.reason


def test_no_risk_of_bias_downgrade_when_most_participants_are_blinded():
    result = grade_condition(base(rct("open", 200, blinding=Blinding.OPEN_LABEL), rct("blind", 300)), SLUG)
    assert adjustment(result, "risk_of_bias").effect == 0
    assert result.grade is Grade.HIGH


def test_reviews_alone_cannot_show_their_trials_were_sound():
    review = source(
        "cochrane", Design.META_ANALYSIS, journal="Cochrane Database of Systematic Reviews", participants=900
    )
    result = grade_condition(base(review), SLUG)
    assert adjustment(result, "risk_of_bias").effect == -1
    assert result.grade is Grade.MODERATE


def test_inconsistency_when_trials_point_different_ways():
    result = grade_condition(
        base(rct("yes", 300), rct("no", 300, direction=Direction.NO_CLEAR_BENEFIT), rct("yes2", 200)), SLUG
    )
    inconsistency = adjustment(result, "inconsistency")
    assert inconsistency.effect == -1
    assert inconsistency.sources == ("no",)
    assert result.grade is Grade.MODERATE
    assert result.evidence_direction == "mixed"


def test_one_small_dissenting_trial_among_many_is_not_serious_inconsistency():
    trials = [rct(f"yes{i}", 200) for i in range(4)] + [rct("no", 50, direction=Direction.NO_CLEAR_BENEFIT)]
    result = grade_condition(base(*trials), SLUG)
    assert adjustment(result, "inconsistency").effect == 0
    assert result.grade is Grade.HIGH


def test_a_large_null_trial_outweighs_small_positive_ones():
    # three small positive trials against one big null: the body points to no clear benefit
    trials = [rct(f"yes{i}", 40) for i in range(3)] + [rct("big", 600, direction=Direction.NO_CLEAR_BENEFIT)]
    result = grade_condition(base(*trials), SLUG)
    inconsistency = adjustment(result, "inconsistency")
    assert inconsistency.effect == -1
    assert "(no_clear_benefit)" in inconsistency.reason
    assert set(inconsistency.sources) == {"yes0", "yes1", "yes2"}


def test_consistent_evidence_of_no_benefit_is_graded_on_its_certainty_not_its_direction():
    trials = [rct(f"null{i}", 300, direction=Direction.NO_CLEAR_BENEFIT) for i in range(2)]
    result = grade_condition(base(*trials), SLUG)
    assert result.grade is Grade.HIGH
    assert result.evidence_direction == "no_clear_benefit"


@pytest.mark.parametrize(
    "sizes, expected, effect",
    [
        ((PARTICIPANTS_FOR_HIGH // 2, PARTICIPANTS_FOR_HIGH // 2), Grade.HIGH, 0),
        ((150, 150), Grade.MODERATE, -1),
        ((40, 40), Grade.LOW, -2),
    ],
)
def test_imprecision_caps_by_randomised_participants(sizes, expected, effect):
    result = grade_condition(base(*(rct(f"t{i}", n) for i, n in enumerate(sizes))), SLUG)
    assert adjustment(result, "imprecision").effect == effect
    assert result.grade is expected


def test_a_single_small_trial_is_low():
    result = grade_condition(base(rct("small", PARTICIPANTS_FOR_MODERATE - 1)), SLUG)
    assert adjustment(result, "imprecision").effect == -1
    assert result.grade is Grade.LOW


def test_unrecorded_trial_sizes_count_as_imprecise():
    result = grade_condition(base(rct("a", None), rct("b", None)), SLUG)
    imprecision = adjustment(result, "imprecision")
    assert imprecision.effect == -2
    assert "not recorded" in imprecision.reason
    # a missing count is never kinder than a small one
    assert result.grade is grade_condition(base(rct("a", 10), rct("b", 10)), SLUG).grade is Grade.LOW


def test_randomised_participants_are_the_larger_of_the_trials_and_the_largest_review():
    review = source(
        "ma", Design.META_ANALYSIS, title="A meta-analysis of randomised trials", participants=300
    )
    assert (
        grade_condition(base(review, rct("a", 60), rct("b", 60)), SLUG).counts.participants_randomised == 300
    )
    assert (
        grade_condition(base(review, rct("a", 260), rct("b", 260)), SLUG).counts.participants_randomised
        == 520
    )


def test_indirect_evidence_alone_never_rises_above_very_low():
    trials = [rct(f"t{i}", 300, conditions=(RELATED,), indirect=(SLUG,)) for i in range(3)]
    result = grade_condition(base(*trials), SLUG)
    assert result.graded_on == "indirect"
    assert result.starting_level is Grade.HIGH
    indirectness = adjustment(result, "indirectness")
    assert indirectness.effect == -3
    assert indirectness.sources == ("t0", "t1", "t2")
    assert RELATED in indirectness.reason
    assert result.grade is Grade.VERY_LOW
    # the related condition itself is graded on the same trials as direct evidence
    assert grade_condition(base(*trials), RELATED).grade is Grade.HIGH


def test_indirect_evidence_does_not_change_a_grade_resting_on_direct_evidence():
    indirect_trials = [rct(f"t{i}", 300, conditions=(RELATED,), indirect=(SLUG,)) for i in range(3)]
    result = grade_condition(base(source("series", Design.CASE_SERIES), *indirect_trials), SLUG)
    assert result.grade is Grade.VERY_LOW
    assert result.graded_on == "direct"
    assert result.counts.indirect == 3
    assert adjustment(result, "indirectness").effect == 0


def test_downgrades_never_take_counted_evidence_below_very_low():
    trials = [
        rct("a", 20, blinding=Blinding.OPEN_LABEL),
        rct("b", 20, blinding=Blinding.OPEN_LABEL, direction=Direction.NO_CLEAR_BENEFIT),
    ]
    result = grade_condition(base(*trials), SLUG)
    assert sum(a.effect for a in result.adjustments) == -4
    assert result.grade is Grade.VERY_LOW


# -- what counts ------------------------------------------------------------------------------


def test_retracted_sources_never_count_whether_flagged_by_curators_or_pubmed():
    curated = rct("withdrawn", 300, retracted=True)
    in_pubmed = rct("pubmed-retracted", 300, pmid=123)
    result = grade_condition(base(curated, in_pubmed), SLUG, records={123: record(123, retracted=True)})
    assert result.grade is Grade.INSUFFICIENT
    assert dict(result.excluded) == {
        "withdrawn": "retracted (curated flag): never counted",
        "pmid:123": "retracted (PubMed marks it retracted): never counted",
    }


def test_unverified_sources_are_listed_with_the_grade_they_would_give_but_not_counted():
    result = grade_condition(base(rct("checked", 300), rct("unchecked", 300, verified=False)), SLUG)
    assert result.grade is Grade.MODERATE
    assert result.grade_if_unverified_counted is Grade.HIGH
    assert dict(result.excluded)["unchecked"].startswith("unverified")
    assert grade_condition(base(rct("checked", 300)), SLUG).grade_if_unverified_counted is None


def test_positions_are_shown_not_counted():
    result = grade_condition(base(guideline("consensus", Stance.SUPPORTS, certainty="moderate")), SLUG)
    assert result.grade is Grade.INSUFFICIENT
    assert "position document" in dict(result.excluded)["consensus"]
    assert [p.source_key for p in result.guideline_positions] == ["consensus"]


# -- positions ------------------------------------------------------------------------------------


def test_position_within_one_level_is_not_a_disagreement():
    result = grade_condition(base(rct("trial", 150), guideline("g", Stance.SUPPORTS, certainty="high")), SLUG)
    position = result.guideline_positions[0]
    assert position.implied_grade is Grade.HIGH
    assert position.disagreement is None


def test_position_two_levels_above_the_computed_grade_is_explained():
    small = rct("small", 30, blinding=Blinding.OPEN_LABEL, year=2021)
    result = grade_condition(base(small, guideline("g", Stance.APPROVED, year=2019)), SLUG)
    assert result.computed_grade is Grade.VERY_LOW
    position = result.guideline_positions[0]
    assert position.implied_grade is Grade.MODERATE  # approval states no certainty; read as moderate
    text = position.disagreement
    assert "2 levels below" in text
    assert "risk of bias" in text and "imprecision" in text
    assert "appeared after this 2019 document" in text


def test_position_below_the_computed_grade_is_explained():
    trials = [rct(f"t{i}", 300, year=2022) for i in range(2)]
    result = grade_condition(base(*trials, guideline("g", Stance.INSUFFICIENT_EVIDENCE, year=2015)), SLUG)
    assert result.grade is Grade.HIGH
    text = result.guideline_positions[0].disagreement
    assert "above" in text and "2 counted sources appeared after this 2015 document" in text


@pytest.mark.parametrize("stance", [Stance.AGAINST, Stance.NOT_APPROVED])
def test_against_and_not_approved_imply_no_certainty(stance):
    result = grade_condition(base(rct("a", 300), rct("b", 300), guideline("g", stance)), SLUG)
    assert result.guideline_positions[0].implied_grade is None
    assert result.guideline_positions[0].disagreement is None


def test_a_position_on_another_condition_is_not_shown():
    other = guideline("elsewhere", Stance.SUPPORTS, slug=RELATED)
    assert grade_condition(base(other), SLUG).guideline_positions == ()


# -- overrides and harms ----------------------------------------------------------------------


def test_override_replaces_the_grade_but_keeps_the_computed_one_visible():
    override = GradeOverride(
        grade=Grade.LOW, rationale="The trials enrolled a population unlike the one treated."
    )
    conditions = (condition(override=override),)
    result = grade_condition(base(rct("a", 300), rct("b", 300), conditions=conditions), SLUG)
    assert result.grade is Grade.LOW
    assert result.computed_grade is Grade.HIGH
    assert result.is_overridden
    assert result.as_dict()["override"]["rationale"].startswith("The trials enrolled")


def test_harms_are_graded_on_their_own_sources_without_judging_inconsistency():
    harms = condition("ketamine-harms", question="harm")
    trials = [
        rct("harm-trial", 300, conditions=("ketamine-harms",), direction=Direction.HARM),
        rct("null-trial", 300, conditions=("ketamine-harms",), direction=Direction.NO_CLEAR_BENEFIT),
    ]
    evidence = base(*trials, rct("benefit-trial", 300), conditions=(condition(), harms))
    harm_grade = grade_condition(evidence, "ketamine-harms")
    assert harm_grade.question == "harm"
    assert harm_grade.grade is Grade.HIGH
    assert adjustment(harm_grade, "inconsistency").effect == 0
    assert "harms" in adjustment(harm_grade, "inconsistency").reason
    assert harm_grade.evidence_direction == "harm"
    # the harm trials say nothing about benefit, and the benefit trial nothing about harm
    assert grade_condition(evidence, SLUG).counts.sources == 1


# -- PubMed publication types ---------------------------------------------------------------


def test_publication_types_that_contradict_the_curated_design_are_listed():
    trial = rct("x", 300, pmid=11)
    series = source("y", Design.CASE_SERIES, pmid=12)
    records = {
        11: record(11, publication_types=("Journal Article", "Case Reports")),
        12: record(12, publication_types=("Journal Article", "Observational Study")),
    }
    found = design_disagreements(base(trial, series), records)
    assert [(d.source_key, d.deciding_type) for d in found] == [("pmid:11", "Case Reports")]
    assert "rct" in found[0].message
    assert design_disagreements(base(trial, series), None) == []


def test_a_start_resting_on_a_contradicted_design_is_downgraded():
    trials = (rct("a", 300, pmid=21), rct("b", 300, pmid=22))
    records = {
        21: record(21, publication_types=("Randomized Controlled Trial",)),
        22: record(22, publication_types=("Review",)),
    }
    result = grade_condition(base(*trials), SLUG, records=records)
    publication = adjustment(result, "publication_type")
    assert publication.effect == -1
    assert publication.sources == ("pmid:22",)
    assert result.grade is Grade.MODERATE


def test_phase_and_clinical_trial_types_accept_randomised_designs():
    trial = rct("x", 300, pmid=31)
    records = {31: record(31, publication_types=("Clinical Trial, Phase III",))}
    assert design_disagreements(base(trial), records) == []


# -- output and command -------------------------------------------------------------------------


def test_json_shape_of_a_grade():
    data = grade_condition(base(rct("a", 300), guideline("g", Stance.SUPPORTS)), SLUG).as_dict()
    assert {
        "condition",
        "grade",
        "starting_level",
        "adjustments",
        "counts",
        "guideline_positions",
        "override",
    } <= set(data)
    assert data["grade"] == "moderate"
    assert set(data["adjustments"][0]) == {"domain", "effect", "reason", "sources"}
    assert data["counts"]["by_design"] == {"rct": 1}
    assert data["guideline_positions"][0]["stance"] == "supports"
    json.dumps(data)  # every value serialises


def test_grade_all_follows_the_order_of_the_conditions():
    evidence = base(rct("a", 300))
    assert [g.condition for g in grade_all(evidence)] == [SLUG, RELATED]


def test_unknown_condition_is_a_clear_error():
    with pytest.raises(UnknownCondition, match="did you mean 'test-condition'"):
        grade_condition(base(), "test-conditon")


def test_rules_are_documented_with_the_thresholds_the_code_uses():
    assert grading_rules() == GRADING_RULES
    assert f"Fewer than {PARTICIPANTS_FOR_HIGH}" in GRADING_RULES
    assert f"fewer than {PARTICIPANTS_FOR_MODERATE}" in GRADING_RULES
    for domain in ("Risk of bias", "Inconsistency", "Imprecision", "Indirectness", "Harms", "Unverified"):
        assert domain in GRADING_RULES


def test_grade_command_json_on_the_shipped_data(shipped_data, capsys):
    assert main(["grade", "--data", str(shipped_data), "--format", "json"]) == 0
    grades = json.loads(capsys.readouterr().out)
    assert grades, "the shipped data has conditions"
    assert {g["grade"] for g in grades} <= {"high", "moderate", "low", "very_low", "insufficient"}
    assert all(
        {"condition", "adjustments", "counts", "guideline_positions", "override"} <= set(g) for g in grades
    )


def test_grade_command_explains_one_condition(shipped_data, capsys):
    assert main(["grade", "--data", str(shipped_data), "--condition", "crps"]) == 0
    out = capsys.readouterr().out
    assert "Grade:" in out and "Starts" in out and "imprecision" in out


def test_grade_command_rejects_an_unknown_condition_with_exit_2(shipped_data):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "evidence",
            "grade",
            "--data",
            str(shipped_data),
            "--condition",
            "no-such-thing",
        ],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert done.returncode == 2
    assert "unknown condition 'no-such-thing'" in done.stderr
    assert "Traceback" not in done.stderr
