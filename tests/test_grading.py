"""A condition's grades: its questions, its headline, positions, overrides, and the grade command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from evidence.cli import main
from evidence.grading import GRADING_RULES, UnknownCondition, grade_all, grade_condition, grading_rules
from evidence.grading.rules import HANDBOOK, OIS_CONTINUOUS_PARTICIPANTS, OIS_DICHOTOMOUS_EVENTS
from evidence.models import Grade, GradeOverride, Stance

from .conftest import REPO_ROOT
from .grading_helpers import (
    RELATED,
    SLUG,
    condition,
    guideline,
    outcome,
    question,
    questioned_base,
    rct,
    record,
    rr,
)

CLEAN = dict(comparator="active_treatment")


def strong(*keys, n=1000):
    """Large, consistent, blinded trials of a blinded comparison: nothing to rate down."""
    findings = tuple(rr(k, 2.0, 1.6, 2.5, n=n, events_ketamine=200, events_control=150) for k in keys)
    return findings, tuple(rct(k, n) for k in keys)


def test_a_condition_with_no_question_is_not_graded_but_its_sources_are_counted():
    result = grade_condition(questioned_base(rct("a", 300), rct("b", 300)), SLUG)
    assert result.grade is Grade.INSUFFICIENT
    assert "no clinical question is curated" in result.starting_reason
    assert result.counts.randomised_trials == 2
    assert result.counts.participants_randomised == 600


def test_the_headline_is_the_primary_questions_certainty_and_the_others_are_listed():
    findings, trials = strong("a", "b")
    primary = question(*findings, qid="primary-q", **CLEAN)
    other = question(rr("c", 1.0, 0.5, 2.0, n=40), qid="other-q", primary=False, comparator="inert_placebo")
    result = grade_condition(questioned_base(*trials, rct("c", 40), questions=(other, primary)), SLUG)
    assert result.grade is Grade.HIGH
    assert [q.id for q in result.questions] == ["primary-q", "other-q"]  # primary first
    assert result.questions[1].certainty is Grade.VERY_LOW
    assert result.evidence_direction == "benefit"
    assert result.as_dict()["headline_question"] == "primary-q"


def test_a_headline_that_shows_no_clear_difference_says_so():
    q = question(rr("a", 1.0, 0.9, 1.1, n=2000, events_ketamine=400, events_control=400), **CLEAN)
    result = grade_condition(questioned_base(rct("a", 2000), questions=(q,)), SLUG)
    assert result.grade is Grade.MODERATE  # imprecision: the interval includes no effect
    assert result.evidence_direction == "no_clear_benefit"


def test_unverified_sources_are_listed_with_the_grade_they_would_give():
    findings, trials = strong("a", "b")
    q = question(*findings, **CLEAN)
    checked, unchecked = trials[0], rct("b", 1000, verified=False)
    result = grade_condition(questioned_base(checked, unchecked, questions=(q,)), SLUG)
    assert dict(result.excluded)["b"].startswith("unverified")
    assert result.grade_if_unverified_counted is None  # counting it would change nothing
    alone = question(findings[0], rr("b", 0.8, 0.7, 0.9, n=1000), **CLEAN)
    result = grade_condition(questioned_base(checked, unchecked, questions=(alone,)), SLUG)
    assert result.grade is Grade.HIGH
    # the unverified trial points the other way: inconsistent (-1) and a very wide pooled interval (-2)
    assert result.grade_if_unverified_counted is Grade.VERY_LOW


def test_counts_never_add_a_secondary_analysis_of_the_same_participants():
    result = grade_condition(
        questioned_base(rct("a", 300), rct("b", 300, shares_participants_with=("a",))), SLUG
    )
    assert result.counts.randomised_trials == 2
    assert result.counts.participants_randomised == 300


# -- positions ------------------------------------------------------------------------------------


def graded_with(*positions, n=1000):
    findings, trials = strong("a", "b", n=n)
    return grade_condition(
        questioned_base(*trials, *positions, questions=(question(*findings, **CLEAN),)), SLUG
    )


def test_positions_are_shown_not_counted():
    result = graded_with(guideline("consensus", Stance.SUPPORTS, certainty="moderate"))
    assert "position document" in dict(result.excluded)["consensus"]
    assert [p.source_key for p in result.guideline_positions] == ["consensus"]


def test_position_within_one_level_is_not_a_disagreement():
    result = graded_with(guideline("g", Stance.SUPPORTS, certainty="moderate"))
    assert result.guideline_positions[0].disagreement is None


def test_position_two_levels_below_the_headline_is_explained():
    result = graded_with(guideline("g", Stance.CONDITIONAL, year=2015))
    text = result.guideline_positions[0].disagreement
    assert "2 levels above the low certainty this guideline or consensus (2015) implies" in text


def test_an_approval_is_a_position_not_a_certainty_rating():
    q = question(rr("a", 1.0, 0.3, 3.0, n=40), comparator="inert_placebo")
    result = grade_condition(
        questioned_base(rct("a", 40), guideline("fda", Stance.APPROVED), questions=(q,)), SLUG
    )
    assert result.grade is Grade.VERY_LOW
    assert "not a certainty rating" in result.guideline_positions[0].disagreement


@pytest.mark.parametrize("stance", [Stance.AGAINST, Stance.NOT_APPROVED])
def test_against_and_not_approved_imply_no_certainty(stance):
    result = graded_with(guideline("g", stance))
    assert result.guideline_positions[0].implied_grade is None
    assert result.guideline_positions[0].disagreement is None


def test_a_position_on_another_condition_is_not_shown():
    assert graded_with(guideline("elsewhere", Stance.SUPPORTS, slug=RELATED)).guideline_positions == ()


def test_override_replaces_the_headline_but_keeps_the_computed_one_visible():
    override = GradeOverride(
        grade=Grade.LOW, rationale="The trials enrolled a population unlike the one treated."
    )
    findings, trials = strong("a", "b")
    evidence = questioned_base(*trials, questions=(question(*findings, **CLEAN),))
    evidence = type(evidence)(
        evidence.data_dir, (condition(override=override),), evidence.sources, (), evidence.questions
    )
    result = grade_condition(evidence, SLUG)
    assert (result.grade, result.computed_grade) == (Grade.LOW, Grade.HIGH)
    assert result.as_dict()["override"]["rationale"].startswith("The trials enrolled")


# -- the command and its JSON -----------------------------------------------------------------------


def test_json_shape_of_a_grade_names_every_key_the_issue_asks_for():
    findings, trials = strong("a", "b")
    data = grade_condition(
        questioned_base(*trials, questions=(question(*findings, **CLEAN),)), SLUG
    ).as_dict()
    old = {"condition", "grade", "computed_grade", "starting_level", "adjustments", "counts", "guideline_positions",
           "override", "graded_on", "evidence_direction", "excluded", "grade_if_unverified_counted"}  # fmt: skip
    assert old <= set(data)
    (q,) = data["questions"]
    assert {"id", "primary", "intervention", "comparator", "population", "certainty", "outcomes"} <= set(q)
    assert q["intervention"] == {"form": "racemic", "route": "iv", "co_treatment": None}
    assert q["comparator"] == "active_treatment"
    (o,) = q["outcomes"]
    assert {"outcome", "timepoint", "critical", "certainty", "adjustments", "n_studies", "n_participants",
            "effect", "published_certainty"} <= set(o)  # fmt: skip
    assert set(o["effect"]) == {"measure", "estimate", "ci_low", "ci_high"}
    assert o["effect"]["measure"] == "rr"
    assert (o["n_studies"], o["n_participants"]) == (2, 2000)
    assert {"domain", "effect", "reason", "sources", "rule"} == set(o["adjustments"][0])
    json.dumps(data)


def test_grade_all_follows_the_order_of_the_conditions():
    assert [g.condition for g in grade_all(questioned_base(rct("a", 300)))] == [SLUG, RELATED]


def test_unknown_condition_is_a_clear_error():
    with pytest.raises(UnknownCondition, match="did you mean 'test-condition'"):
        grade_condition(questioned_base(), "test-conditon")


def test_rules_are_documented_with_the_thresholds_and_handbook_sections_the_code_uses():
    assert grading_rules() == GRADING_RULES
    # the figures a reader sees are the ones GRADE publishes (handbook 5.2.4 rule of thumb) ...
    assert "400 participants (continuous outcome), 300 events" in GRADING_RULES
    for section in ("5.1", "5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.3"):
        assert f"GRADE handbook {section} " in GRADING_RULES, section
    assert "when in doubt, rate down" in GRADING_RULES
    # ... and the ones the grading applies (tests/test_imprecision.py checks both sides of each)
    assert OIS_CONTINUOUS_PARTICIPANTS == 400 and OIS_DICHOTOMOUS_EVENTS == 300
    assert set(HANDBOOK) >= {"start", "risk_of_bias", "inconsistency", "indirectness", "imprecision"}


def test_grade_command_json_on_the_shipped_data(shipped_data, capsys):
    assert main(["grade", "--data", str(shipped_data), "--format", "json"]) == 0
    grades = json.loads(capsys.readouterr().out)
    assert {g["grade"] for g in grades} <= {"high", "moderate", "low", "very_low", "insufficient"}
    assert all(g["questions"] for g in grades), "every shipped condition has curated questions"
    primaries = [[q for q in g["questions"] if q["primary"]] for g in grades]
    assert all(len(p) == 1 for p in primaries)


def test_grade_command_table_has_one_line_per_question(shipped_data, capsys):
    assert main(["grade", "--data", str(shipped_data)]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0]
    from evidence.loading import load_evidence

    questions = load_evidence(shipped_data).base.questions
    body = [line for line in lines[2:] if line and not line.startswith("*")]
    assert len(body) == len(questions)
    # the columns stay aligned: every row's certainty starts where the header's does
    column = header.index("certainty")
    assert all(line[column - 1] == " " for line in body)
    assert "no_clear" not in "\n".join(lines) and "very_low" not in "\n".join(lines)


def test_grade_command_explains_one_condition(shipped_data, capsys):
    assert main(["grade", "--data", str(shipped_data), "--condition", "crps"]) == 0
    out = capsys.readouterr().out
    assert "Headline:" in out and "Starts" in out and "imprecision" in out and "Published:" in out


def test_grade_command_rejects_an_unknown_condition_with_exit_2(shipped_data):
    done = subprocess.run(
        [sys.executable, "-m", "evidence", "grade", "--data", str(shipped_data), "--condition", "no-such-thing"],
        capture_output=True, text=True, cwd=REPO_ROOT,
    )  # fmt: skip
    assert done.returncode == 2
    assert "unknown condition 'no-such-thing'" in done.stderr
    assert "Traceback" not in done.stderr


# -- what else decides a condition's grade ----------------------------------------------------------


def test_a_position_that_states_a_higher_certainty_says_so_and_an_approval_says_what_it_is():
    weak = question(rr("a", 1.0, 0.3, 3.0, n=40), comparator="inert_placebo")
    stated = guideline("g", Stance.SUPPORTS, certainty="high")
    approval = guideline("fda", Stance.APPROVED, year=2019)
    result = grade_condition(questioned_base(rct("a", 40), stated, approval, questions=(weak,)), SLUG)
    assert result.grade is Grade.VERY_LOW
    assert {p.source_key: p.disagreement for p in result.guideline_positions} == {
        "fda": "The headline grade (very low) is 2 levels below the moderate certainty this guideline or "
        "consensus (2019) implies. An approval is a regulator's position on benefit and risk, not a certainty rating.",
        "g": "The headline grade (very low) is 3 levels below the high certainty this guideline or consensus (2018) "
        "states.",
    }


@pytest.mark.parametrize(
    ("ratio", "direction"),
    [((3.0, 2.0, 4.5), "harm"), ((1.0, 0.9, 1.1), "no_clear_benefit"), ((0.5, 0.3, 0.7), "no_clear_benefit")],
)
def test_a_harms_condition_reads_its_direction_as_harm_or_no_clear_harm(ratio, direction):
    estimate, low, high = ratio
    harm = outcome(harm=True, favours="lower")
    q = question(
        rr("a", estimate, low, high, n=2000, events_ketamine=400, events_control=400),
        outcomes=(harm,),
        **CLEAN,
    )
    evidence = questioned_base(rct("a", 2000), questions=(q,))
    evidence = type(evidence)(
        evidence.data_dir,
        (condition(question="harm"), condition(RELATED)),
        evidence.sources,
        (),
        evidence.questions,
    )
    assert grade_condition(evidence, SLUG).evidence_direction == direction


def test_a_pubmed_retraction_takes_a_trial_out_of_the_grade_however_the_conditions_are_graded():
    def big(key):
        return rr(key, 2.0, 1.6, 2.5, n=1000, events_ketamine=200, events_control=150)

    trials = rct("x", 1000, pmid=111), rct("y", 1000, pmid=222)
    evidence = questioned_base(*trials, questions=(question(big("pmid:111"), big("pmid:222"), **CLEAN),))
    records = {111: record(111, retracted=True)}
    for graded in (grade_condition(evidence, SLUG, records), grade_all(evidence, records)[0]):
        assert graded.excluded == (("pmid:111", "retracted (PubMed marks it retracted): never counted"),)
        assert graded.questions[0].headline.n_studies == 1
        assert graded.counts.randomised_trials == 1
    assert grade_condition(evidence, SLUG).questions[0].headline.n_studies == 2


def test_grading_every_condition_gives_each_the_grade_it_gets_alone():
    findings, trials = strong("a", "b")
    positions = guideline("g", Stance.CONDITIONAL), guideline("h", Stance.SUPPORTS, slug=RELATED)
    evidence = questioned_base(*trials, rct("c", 80, indirect=(SLUG,), conditions=(RELATED,)), *positions,
                               questions=(question(*findings, **CLEAN),))  # fmt: skip
    assert grade_all(evidence) == [grade_condition(evidence, slug) for slug in (SLUG, RELATED)]
    assert [p.source_key for p in grade_all(evidence)[1].guideline_positions] == ["h"]


def test_without_a_primary_question_the_first_question_sets_the_headline():
    findings, trials = strong("a", "b")
    result = grade_condition(
        questioned_base(*trials, questions=(question(*findings, primary=False, **CLEAN),)), SLUG
    )
    assert (result.grade, result.computed_grade) == (Grade.HIGH, Grade.HIGH)


def test_a_trial_whose_size_is_not_curated_adds_no_participants():
    result = grade_condition(questioned_base(rct("a", 300), rct("b", None)), SLUG)
    assert (result.counts.randomised_trials, result.counts.participants_randomised) == (2, 300)


def test_a_retracted_position_is_left_out_and_the_positions_after_it_are_still_shown():
    withdrawn = guideline("withdrawn", Stance.SUPPORTS, year=2021).model_copy(update={"retracted": True})
    result = graded_with(withdrawn, guideline("later", Stance.SUPPORTS, certainty="high"))
    assert [p.source_key for p in result.guideline_positions] == ["later"]
    assert dict(result.excluded)["withdrawn"] == "retracted (curated flag): never counted"
