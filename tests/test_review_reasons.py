"""The reasons claim review gives a reader, word for word: denials, the page's topic, list items, response
rates, time points and claims that name no condition.

The grades are fixed as in tests/test_review.py, on the same small invented base, so these pin what the
review says and why, not the grading rules.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidence.loading import load_evidence
from evidence.models import Grade
from evidence.review import ConditionEvidence, ReviewContext, Verdict, review_text

from .test_review import REVIEW_DATA, graded_context
from .test_review_output import PAIN, base_with

NO_CLEAR_TOPIC = (
    "no single condition is clearly the page's topic: sentences that name none are checked against every"
    " condition the page names"
)
EVERY_CONDITION = "names no condition, and the page has no single clear topic: checked against every condition the page names"
NO_DRUG = "names no drug: on a page about ketamine, the sentence is read as about ketamine"
LIST_ITEM = "a list item: it inherits the claim of the heading or lead-in above it"
PAIN_1_WEEK = "'Ketamine vs placebo', outcome 'Pain intensity, 1 week'"


@pytest.fixture(scope="module")
def context() -> ReviewContext:
    return graded_context()


def with_fibromyalgia_outcomes(*outcomes) -> ReviewContext:
    """The test base, with fibromyalgia judged on the given graded outcomes (the first is its headline)."""
    base = load_evidence(REVIEW_DATA).base
    evidence = dict(graded_context().evidence)
    evidence["fibromyalgia"] = ConditionEvidence(
        "fibromyalgia", "Fibromyalgia", Grade.HIGH, "benefit", True, outcomes
    )
    return ReviewContext(base, evidence)


# -- denials ---------------------------------------------------------------------------------------


def test_a_denial_names_every_word_it_denies_and_nothing_is_a_trigger(context):
    # "relieving" is denied by "ineffective" in the same clause, though no negation word governs it
    (claim,) = review_text("Ketamine is ineffective at relieving chronic pain.", context).claims
    assert (claim.verdict, claim.asserted_strength.value, claim.triggers) == (Verdict.SUPPORTED, "none", ())
    assert claim.reasons == (
        "negated: the sentence denies rather than asserts ('ineffective', 'relieving'), so it claims no benefit",
        "Chronic pain (general): evidence grade moderate, direct evidence points to no clear benefit; nothing"
        " asserted to compare",
    )


def test_how_strong_the_evidence_for_a_denial_is_asserts_no_benefit(context):
    (claim,) = review_text("Strong evidence shows ketamine is ineffective for chronic pain.", context).claims
    # the JSON's triggers are the words that made the sentence a claim of benefit: here none
    assert (claim.verdict, claim.asserted_strength.value, claim.triggers) == (Verdict.SUPPORTED, "none", ())
    assert claim.reasons[0] == (
        "negated: the sentence denies rather than asserts ('Strong evidence', 'ineffective'), so it claims no benefit"
    )


# -- the page's topic ------------------------------------------------------------------------------


def test_a_page_with_no_clear_topic_checks_an_unnamed_claim_against_every_condition_it_names(context):
    review = review_text(
        "Ketamine and fibromyalgia.\nKetamine and social anxiety.\nKetamine works well.", context
    )
    assert (review.topic, review.notes) == (None, (NO_CLEAR_TOPIC,))
    (claim,) = review.claims
    assert claim.conditions == ("fibromyalgia", "social-anxiety-disorder")
    assert claim.reasons == (
        EVERY_CONDITION,
        "asserts moderate: 'works' (moderate)",
        "Fibromyalgia: evidence grade low, direct evidence points to benefit: the sentence asserts moderate,"
        " stronger than the evidence",
        "Social anxiety disorder: evidence grade very low, direct evidence points to benefit: the sentence"
        " asserts moderate, stronger than the evidence",
    )
    assert claim.topic_inherited


def test_a_page_with_a_clear_topic_has_no_note(context):
    review = review_text("Fibromyalgia is a pain condition. Fibromyalgia is common. Ketamine works.", context)
    assert (review.topic, review.notes) == ("fibromyalgia", ())


def test_a_condition_named_right_after_the_titles_full_stop_is_not_in_the_title(context):
    # no space after "helps.": fibromyalgia starts the second sentence, so it scores as the opening (2),
    # not the title (3): 2 + 1 for its later mention is less than twice depression's 2
    review = review_text(
        "Ketamine helps.Fibromyalgia is common. Depression is common. Fibromyalgia hurts.", context
    )
    assert (review.topic, review.notes) == (None, (NO_CLEAR_TOPIC,))
    assert review.claims[0].conditions == ("fibromyalgia", "treatment-resistant-depression")


def test_a_hedged_sentence_naming_nothing_takes_the_pages_topic_after_saying_it_names_no_drug(context):
    page = "Fibromyalgia is a pain condition. Fibromyalgia is common. Ketamine is one treatment. It may help."
    (claim,) = review_text(page, context).claims
    assert (claim.conditions, claim.verdict) == (("fibromyalgia",), Verdict.SUPPORTED)
    assert claim.reasons == (
        NO_DRUG,
        "names no condition; the page's topic is Fibromyalgia",
        "asserts low: 'may' (low), 'help' (low, weakened by 'may')",
        "Fibromyalgia: evidence grade low, direct evidence points to benefit: asserting low is within the evidence",
    )


def test_a_hedged_sentence_naming_nothing_on_a_page_without_a_topic_is_held_to_the_best_evidence(context):
    page = "Fibromyalgia and social anxiety are common. Ketamine is one treatment. It may help."
    (claim,) = review_text(page, context).claims
    assert (claim.conditions, claim.verdict) == ((), Verdict.SUPPORTED)
    assert claim.reasons[-1] == "names no condition; within the high certainty of the best evidence"


def test_a_condition_named_once_in_the_opening_is_the_pages_topic_but_once_further_down_it_is_not(context):
    # the opening sentences weigh 2, a later mention 1: a topic needs a score of at least 2
    opening = review_text("What ketamine is.\nKetamine may help fibromyalgia.\nIt works well.", context)
    assert (opening.topic, opening.notes) == ("fibromyalgia", ())
    assert opening.claims[-1].reasons[1] == "names no condition; the page's topic is Fibromyalgia"
    later = review_text(
        "What ketamine is.\nHow it is given.\nWho gives it.\nKetamine may help fibromyalgia.\nIt works well.",
        context,
    )
    assert (later.topic, later.notes) == (None, (NO_CLEAR_TOPIC,))
    assert later.claims[-1].reasons[1] == EVERY_CONDITION


# -- sweeping claims --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "sweep", "conditions"),
    [
        (
            "Ketamine treats many conditions.",
            "many conditions",
            (
                "treatment-resistant-depression",
                "fibromyalgia",
                "mecfs",
                "chronic-pain",
                "social-anxiety-disorder",
            ),
        ),
        (
            "Ketamine treats mental health conditions.",
            "mental health conditions",
            ("treatment-resistant-depression", "social-anxiety-disorder"),
        ),
        ("Ketamine treats mood disorders.", "mood disorders", ("treatment-resistant-depression",)),
        ("Ketamine treats pain conditions.", "pain conditions", ("fibromyalgia", "chronic-pain")),
    ],
)
def test_a_sweeping_phrase_brings_in_every_benefit_condition_of_its_kind(
    context, sentence, sweep, conditions
):
    (claim,) = review_text(sentence, context).claims
    assert claim.conditions == conditions
    assert claim.reasons[0] == f"sweeping claim ('{sweep}'): checked against every condition it sweeps in"


# -- lists under a claim ---------------------------------------------------------------------------


def test_a_list_item_inherits_the_heading_claim_unless_it_denies_benefit(context):
    page = "Conditions ketamine can cure:\n- Fibromyalgia\n- ME/CFS (unproven)\n- Social anxiety, for some patients"
    items = {c.sentence: c for c in review_text(page, context).claims}
    for item in ("Fibromyalgia", "Social anxiety, for some patients"):
        assert items[item].asserted_strength.value == "cure"
        assert items[item].reasons[:2] == (LIST_ITEM, NO_DRUG)
        assert items[item].verdict is Verdict.OVERSTATED
    denied = items["ME/CFS (unproven)"]
    assert (denied.asserted_strength.value, denied.verdict) == ("none", Verdict.SUPPORTED)
    assert denied.reasons == (
        NO_DRUG,
        "negated: the sentence denies rather than asserts ('unproven'), so it claims no benefit",
        "ME/CFS: evidence grade insufficient; nothing asserted to compare",
    )


def test_a_full_sentence_is_not_a_lead_in_for_the_short_lines_after_it(context):
    review = review_text("Ketamine relieves fibromyalgia pain.\nOur clinic\nOpening hours", context)
    assert [c.sentence for c in review.claims] == ["Ketamine relieves fibromyalgia pain."]


# -- claims that name no condition -----------------------------------------------------------------


def test_a_claim_naming_no_condition_against_a_base_with_no_graded_benefit_says_none(context):
    empty = ReviewContext(context.base, {})
    (claim,) = review_text("Ketamine works wonders.", empty).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons[-1] == (
        "names no condition: the strongest evidence for any condition is insufficient (none), below the"
        " moderate the sentence asserts"
    )


def test_a_condition_the_base_holds_but_has_not_graded_is_named_and_judged_insufficient(context):
    ungraded = ReviewContext(context.base, {k: v for k, v in context.evidence.items() if k != "fibromyalgia"})
    (claim,) = review_text("Ketamine helps fibromyalgia.", ungraded).claims
    assert (claim.verdict, claim.evidence_grade) == (Verdict.UNSUPPORTED, Grade.INSUFFICIENT)
    assert claim.reasons[-1] == (
        "Fibromyalgia: evidence grade insufficient: the base holds no direct evidence, so no benefit can be claimed"
    )


# -- the matched outcome -----------------------------------------------------------------------------


def test_the_claim_says_which_question_and_outcome_each_condition_was_judged_on():
    (claim,) = review_text("IV ketamine relieves fibromyalgia.", with_fibromyalgia_outcomes(PAIN)).claims
    assert claim.matched == (f"Fibromyalgia: {PAIN_1_WEEK}",)


def test_lasting_benefit_where_no_outcome_favours_ketamine_is_unsupported_not_just_too_early():
    flat = replace(PAIN, direction="no_clear_difference")
    (claim,) = review_text(
        "Ketamine gives lasting relief of fibromyalgia.", with_fibromyalgia_outcomes(flat)
    ).claims
    assert claim.verdict is Verdict.UNSUPPORTED
    assert claim.reasons[-1] == (
        "Fibromyalgia: the claim speaks of lasting benefit ('lasting'), and no graded outcome is at that time"
        " point (the latest is Pain intensity, 1 week)"
    )


def test_may_help_passes_on_another_outcome_that_favours_ketamine_but_helps_does_not():
    flat = replace(PAIN, direction="no_clear_difference")
    response = replace(PAIN, outcome_id="response", outcome="Response", headline=False, certainty=Grade.LOW)
    context = with_fibromyalgia_outcomes(flat, response)
    (hedged,) = review_text("Ketamine may help fibromyalgia.", context).claims
    assert hedged.verdict is Verdict.SUPPORTED
    assert hedged.reasons[-1] == (
        "Fibromyalgia: the claim names no form, route or time point, so it is judged on the condition's headline:"
        f" {PAIN_1_WEEK} (high certainty, no clear difference); another outcome favours ketamine:"
        " 'Ketamine vs placebo', outcome 'Response, 1 week' (low): asserting low is within the evidence"
    )
    (plain,) = review_text("Ketamine helps fibromyalgia.", context).claims
    assert plain.verdict is Verdict.UNSUPPORTED
    assert plain.reasons[-1] == (
        "Fibromyalgia: the claim names no form, route or time point, so it is judged on the condition's headline:"
        f" {PAIN_1_WEEK} (high certainty, no clear difference): the graded evidence does not show benefit, so a"
        " claim of benefit is unsupported"
    )


# -- response rates ------------------------------------------------------------------------------------


def test_a_response_rate_above_every_trial_arm_is_overstated_with_the_highest_arm():
    context = with_fibromyalgia_outcomes(replace(PAIN, response_rate=0.5))
    (claim,) = review_text("Ketamine helps 90% of patients with fibromyalgia.", context).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons[-1] == (
        "Fibromyalgia: the sentence claims '90%', but at most 50% responded in any curated trial arm"
    )
    (within,) = review_text("Ketamine helps 50% of patients with fibromyalgia.", context).claims
    assert within.verdict is Verdict.SUPPORTED


def test_a_rate_in_words_with_no_curated_rate_cannot_be_shown(context):
    (claim,) = review_text("Ketamine helps four out of five patients with fibromyalgia.", context).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons == (
        "asserts moderate: 'helps' (moderate); claims a share of patients helped ('four out of five')",
        "Fibromyalgia: the sentence claims 'four out of five', and no curated finding reports how many patients"
        " responded: the number cannot be shown",
    )


# -- what a sentence asserts, as its first reason says it ---------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "verdict", "reasons"),
    [
        (
            "Can ketamine cure fibromyalgia?",
            Verdict.SUPPORTED,
            (
                "question: the sentence asks rather than asserts, so it claims nothing",
                "Fibromyalgia: evidence grade low, direct evidence points to benefit; nothing asserted to compare",
            ),
        ),
        (
            "Future trials should test whether ketamine relieves fibromyalgia.",
            Verdict.SUPPORTED,
            (
                "hypothetical: the sentence speaks of what research should test, so it claims nothing",
                "Fibromyalgia: evidence grade low, direct evidence points to benefit; nothing asserted to compare",
            ),
        ),
        (
            "Why is ketamine so effective for fibromyalgia?",
            Verdict.OVERSTATED,
            (
                "a question that presupposes its answer; it asserts moderate: 'effective' (moderate)",
                "Fibromyalgia: evidence grade low, direct evidence points to benefit: the sentence asserts moderate,"
                " stronger than the evidence",
            ),
        ),
        (
            "Ketamine relieves fibromyalgia pain within hours.",
            Verdict.OVERSTATED,
            (
                "asserts moderate: 'relieves' (moderate); speaks of rapid benefit ('within hours')",
                "Fibromyalgia: evidence grade low, direct evidence points to benefit: the sentence asserts moderate,"
                " stronger than the evidence",
            ),
        ),
        (
            "Ketamine is the first-line treatment for fibromyalgia.",
            Verdict.OVERSTATED,
            (
                "asserts high: 'first-line' (high)",
                "Fibromyalgia: claims a first-line place in care, and no guideline in the base puts ketamine first",
            ),
        ),
    ],
)
def test_each_kind_of_sentence_says_what_it_asserts_and_how_it_was_judged(
    context, sentence, verdict, reasons
):
    (claim,) = review_text(sentence, context).claims
    assert (claim.verdict, claim.reasons) == (verdict, reasons)


# -- first-line claims against the curated care context ----------------------------------------------

CARE = """definition: A condition of the test base.
definition_sources: [pmid:22222222]
ketamine_fit: No guideline in the test base places ketamine.
ketamine_fit_sources: [pmid:22222222]
"""


def with_care_context(tmp_path, **first_lines: tuple[str, ...]) -> ReviewContext:
    """The test base with a care context for each condition given, listing the given first-line treatments."""
    base_with(tmp_path)
    data = tmp_path / "review_data"
    (data / "context").mkdir()
    for slug, treatments in first_lines.items():
        steps = "".join(f"  - treatment: {t}\n    sources: [pmid:22222222]\n" for t in treatments)
        first_line = f"first_line:\n{steps}" if treatments else ""
        (data / "context" / f"{slug}.yaml").write_text(f"condition: {slug}\n{CARE}{first_line}")
    loaded = load_evidence(data)
    assert loaded.problems == ()
    return ReviewContext(loaded.base, graded_context().evidence)


def test_a_first_line_claim_names_the_first_line_care_the_guidelines_place_or_says_none_is_curated(tmp_path):
    context = with_care_context(
        tmp_path, fibromyalgia=(), **{"chronic-pain": ("Exercise and education", "Duloxetine")}
    )
    (fibromyalgia,) = review_text("Ketamine is the first-line treatment for fibromyalgia.", context).claims
    assert (fibromyalgia.verdict, fibromyalgia.reasons[-1]) == (
        Verdict.OVERSTATED,
        "Fibromyalgia: claims a first-line place in care, but first-line care as the guidelines place it is:"
        " none curated",
    )
    (pain,) = review_text("Ketamine is the first-line treatment for chronic pain.", context).claims
    assert (pain.verdict, pain.reasons[-1]) == (
        Verdict.OVERSTATED,
        "Chronic pain (general): claims a first-line place in care, but first-line care as the guidelines place"
        " it is: Exercise and education; Duloxetine",
    )


def test_a_first_line_claim_where_the_guidelines_put_ketamine_first_is_judged_on_the_evidence(tmp_path):
    context = with_care_context(
        tmp_path,
        **{"treatment-resistant-depression": ("Esketamine nasal spray with an oral antidepressant",)},
    )
    (claim,) = review_text("Ketamine is a first-line treatment for depression.", context).claims
    assert (claim.verdict, claim.reasons[-1]) == (
        Verdict.SUPPORTED,
        "Treatment-resistant depression: evidence grade high, direct evidence points to benefit: asserting high"
        " is within the evidence",
    )
