"""What claim review says about approval claims (from the regulatory facts or the regulatory sources),
which condition it reads as a page's topic, which sentence a PMID belongs to, and what it reads of a
condition's grade (kills surviving mutants of _judge_approval, _page_reading, _review_sentence,
review_draft and build_review_context)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidence.grading import grade_condition
from evidence.loading import SHIPPED_DATA_DIR
from evidence.review import ReviewContext, Verdict, build_review_context, load_review_context, review_text

from .grading_helpers import RELATED, SLUG, outcome, question, questioned_base, rct, rr
from .test_review import graded_context
from .test_review_output import base_with

NOT_ON_THE_PAGE = (
    "no single condition is clearly the page's topic: sentences that name none are checked against every "
    "condition the page names"
)


@pytest.fixture(scope="module")
def sources_only() -> ReviewContext:
    """The small test base: no regulatory facts, one regulator's approval of esketamine for TRD."""
    return graded_context()


@pytest.fixture(scope="module")
def shipped() -> ReviewContext:
    return load_review_context(SHIPPED_DATA_DIR)


def approved_for(use: str, context: ReviewContext):
    facts = [f for f in context.base.regulatory if f.kind == "approved" and f.verified and f.use == use]
    assert facts, f"the shipped facts hold approvals for {use}"
    return facts


def last_claim(text: str, context: ReviewContext):
    return review_text(text, context).claims[-1]


# -- approvals, without regulatory facts: the regulatory sources -----------------------------------------

# a second regulator's approval of esketamine for treatment-resistant depression: an invented test source
SECOND_APPROVAL = """
  - id: test-second-approval
    url: https://example.org/test/second-approval
    title: "A second approval of esketamine for depression (test source)"
    first_author: Second Regulator
    year: 2020
    journal: Second Regulator
    design: regulatory
    conditions: [treatment-resistant-depression]
    ketamine_form: esketamine
    positions:
      - condition: treatment-resistant-depression
        stance: approved
        statement: Esketamine approved for treatment-resistant depression.
    source_url: https://example.org/test/second-approval
"""


@pytest.fixture(scope="module")
def two_approvals(tmp_path_factory) -> ReviewContext:
    base = base_with(tmp_path_factory.mktemp("two"), sources=SECOND_APPROVAL)
    return ReviewContext(base, graded_context().evidence)


def test_without_facts_every_approval_on_record_is_named(two_approvals):
    claim = last_claim("Esketamine is approved for treatment-resistant depression.", two_approvals)
    assert claim.verdict is Verdict.SUPPORTED
    assert claim.reasons[1].startswith(
        "regulatory: the approval is on record (Test Regulator 2019; Second Regulator 2020); "
    )


def test_without_facts_every_approval_of_another_form_is_named(two_approvals):
    claim = last_claim("Ketamine is approved for treatment-resistant depression.", two_approvals)
    assert (claim.verdict, claim.reasons[-1]) == (
        Verdict.OVERSTATED,
        "regulatory: no source in the base records an approval of racemic ketamine for Treatment-resistant"
        " depression (the approvals held are for another form: Test Regulator 2019: esketamine; Second Regulator"
        " 2020: esketamine)",
    )


def test_without_facts_the_approvals_listed_as_sources_say_which_condition_they_are_for(two_approvals):
    """A reader of the JSON export sees which condition each regulatory source was listed for."""
    claim = last_claim("Ketamine is approved for treatment-resistant depression.", two_approvals)
    regulatory = [s.as_dict() for s in claim.sources if s.relation == "regulatory"]
    assert [(s["citation"], s["condition"]) for s in regulatory] == [
        ("Test Regulator 2019", "treatment-resistant-depression"),
        ("Second Regulator 2020", "treatment-resistant-depression"),
    ]


def test_without_facts_an_approval_claimed_for_several_forms_names_them_all(sources_only):
    claim = last_claim("Ketamine and esketamine are approved for fibromyalgia.", sources_only)
    assert (claim.verdict, claim.reasons[-1]) == (
        Verdict.OVERSTATED,
        "regulatory: no source in the base records an approval of esketamine or racemic ketamine for Fibromyalgia",
    )


@pytest.mark.parametrize(
    ("page", "drug"),
    [
        ("Ketamine is an old drug. It is approved as an anaesthetic.", "racemic ketamine"),
        ("Esketamine is a nasal spray. It is approved as an anaesthetic.", "esketamine"),
    ],
)
def test_without_facts_an_approval_claim_naming_no_drug_is_about_the_form_the_page_names(
    sources_only, page, drug
):
    """Before the fix, 'It' on a page about esketamine was judged as racemic ketamine."""
    claim = last_claim(page, sources_only)
    assert (claim.verdict, claim.reasons[-1]) == (
        Verdict.OVERSTATED,
        f"regulatory: no source in the base records an approval of {drug} for anaesthesia",
    )


# -- approvals, with the shipped regulatory facts -----------------------------------------------------------


def test_with_facts_an_approval_naming_no_drug_on_a_page_about_spravato_is_the_sprays(shipped):
    """Before the fix this listed the anaesthetic Ketalar as 'an approval of this form'."""
    claim = last_claim("Spravato is a nasal spray. It is FDA-approved.", shipped)
    sprays = [
        f
        for f in shipped.base.regulatory
        if f.kind == "approved" and f.verified and f.form.value == "esketamine"
    ]
    assert claim.verdict is Verdict.SUPPORTED
    assert claim.reasons[-1] == (
        "regulatory: an approval of this form is on record ("
        + "; ".join(f"{f.agency} {f.year}: {f.product_words} for {f.use}" for f in sprays)
        + "); the sentence does not say for what"
    )


def test_with_facts_plain_ketamine_is_not_the_approved_esketamine_spray(shipped):
    claim = last_claim("Ketamine is FDA-approved for treatment-resistant depression.", shipped)
    facts = approved_for("treatment-resistant-depression", shipped)
    assert (claim.verdict, claim.reasons[-1]) == (
        Verdict.OVERSTATED,
        "regulatory: no approval of ketamine for Treatment-resistant depression is on record; the approvals on"
        " record for it are " + "; ".join(f"{f.agency} {f.year}: {f.product_words}" for f in facts),
    )


def test_with_facts_a_page_naming_esketamine_does_not_make_a_ketamine_claim_an_esketamine_one(shipped):
    text = (
        "Esketamine (Spravato) is a nasal spray. Ketamine is FDA-approved for treatment-resistant depression."
    )
    claim = last_claim(text, shipped)
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons[-1].startswith(
        "regulatory: no approval of ketamine for Treatment-resistant depression is on record; "
    )


def test_with_facts_every_route_claimed_is_named(shipped):
    claim = last_claim("IV or oral ketamine is FDA-approved for depression.", shipped)
    assert claim.reasons[-1].startswith(
        "regulatory: no approval of iv/oral ketamine for Treatment-resistant depression is on record; "
    )


def test_with_facts_a_route_in_a_heading_before_the_approval_counts_for_a_treatment(shipped):
    """Only for the anaesthetic is a route outside the approval's own clause left aside."""
    claim = last_claim("IV esketamine: FDA-approved for treatment-resistant depression.", shipped)
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons[-1].startswith(
        "regulatory: no approval of iv esketamine for Treatment-resistant depression is on record; "
    )


def test_with_facts_the_anaesthetic_approval_holds_for_esketamine_too(shipped):
    """For the anaesthetic any form counts (the design: esketamine is given as an anaesthetic as well)."""
    claim = last_claim("Esketamine is approved as an anaesthetic.", shipped)
    facts = approved_for("anaesthesia", shipped)
    on_record = "; ".join(f"{f.agency} {f.year}: {f.product_words} for {f.indication}" for f in facts)
    assert (claim.verdict, claim.reasons[-1]) == (Verdict.SUPPORTED, f"regulatory: on record ({on_record})")


def test_with_facts_an_anaesthetic_approval_in_a_sentence_naming_a_condition_is_judged_as_the_anaesthetic(
    shipped,
):
    claim = last_claim(
        "Ketamine is approved as an anaesthetic for surgery in patients with depression.", shipped
    )
    facts = approved_for("anaesthesia", shipped)
    on_record = "; ".join(f"{f.agency} {f.year}: {f.product_words} for {f.indication}" for f in facts)
    assert claim.verdict is Verdict.SUPPORTED
    assert claim.reasons[-1].startswith(
        f"regulatory: on record ({on_record}); Treatment-resistant depression: "
    )


def test_with_facts_an_anaesthetic_claim_naming_a_condition_says_no_approval_for_anaesthesia(shipped):
    claim = last_claim(
        "Ketamine nasal spray is approved as an anaesthetic for patients with depression.", shipped
    )
    facts = approved_for("anaesthesia", shipped)
    assert (claim.verdict, claim.reasons[-1]) == (
        Verdict.OVERSTATED,
        "regulatory: no approval of intranasal ketamine for anaesthesia is on record; the approvals on record for"
        " it are " + "; ".join(f"{f.agency} {f.year}: {f.product_words}" for f in facts),
    )


# -- the page's topic ---------------------------------------------------------------------------------------

BODY = "It is given in clinics. Doses vary. Trials are small.\n"


def page_reading(text: str, context: ReviewContext):
    review = review_text(text, context)
    return review.topic, review.notes


def test_a_condition_in_the_title_weighs_more_than_one_named_later(sources_only):
    """Title (3) and one later mention (1) make 4, twice the 2 of fibromyalgia named twice later on."""
    text = (
        "Ketamine for treatment-resistant depression\n"
        + BODY
        + "Depression is common. Fibromyalgia is too.\n"
        "Fibromyalgia hurts.\n"
    )
    assert page_reading(text, sources_only) == ("treatment-resistant-depression", ())


def test_a_condition_named_once_after_the_opening_is_not_the_topic_even_with_a_missing_space(sources_only):
    text = "Ketamine: an overview.It is an old drug.It has many uses.Fibromyalgia is one of them."
    assert page_reading(text, sources_only) == (None, (NOT_ON_THE_PAGE,))


def test_a_claim_naming_no_condition_on_a_page_with_no_clear_topic_is_checked_in_the_order_first_named(
    sources_only,
):
    text = "Ketamine overview\n" + BODY + "Fibromyalgia is common. So is depression.\nKetamine works."
    claim = last_claim(text, sources_only)
    assert claim.conditions == ("fibromyalgia", "treatment-resistant-depression")
    assert claim.topic_inherited


@pytest.mark.parametrize(
    ("counts", "checked"),
    [
        # named 3, 2 and 1 times: the one named once is below half the leader's score
        ((3, 2, 1), ("fibromyalgia", "treatment-resistant-depression")),
        # named 4, 3 and 2 times: exactly half the leader's score is enough
        ((4, 3, 2), ("fibromyalgia", "treatment-resistant-depression", "chronic-pain")),
    ],
)
def test_a_page_is_about_the_conditions_named_at_least_half_as_often_as_the_most_named(
    sources_only, counts, checked
):
    names = ("Fibromyalgia", "Depression", "Chronic pain")
    mentions = "".join(f"{name} is hard. " * n + "\n" for name, n in zip(names, counts, strict=True))
    claim = last_claim("Ketamine overview\n" + BODY + mentions + "Ketamine works.", sources_only)
    assert claim.conditions == checked


# -- which sentence a PMID belongs to ------------------------------------------------------------------------


def test_a_pmid_right_after_a_full_stop_belongs_to_the_sentence_it_starts(sources_only):
    """Each PMID is checked once, in the sentence it stands in, not also in the one before."""
    claims = review_text("Ketamine works for depression.PMID 99999999 reports it.", sources_only).claims
    assert [(c.sentence, c.pmids) for c in claims] == [
        ("Ketamine works for depression.", ()),
        ("PMID 99999999 reports it.", (99999999,)),
    ]


# -- what claim review reads of a condition's grade ---------------------------------------------------------


def test_a_condition_graded_on_a_related_conditions_trials_only_is_no_direct_evidence(tmp_path):
    q = question(rr("a", 2.0, 1.6, 2.5, n=1000))
    base = replace(
        questioned_base(rct("a", 1000, conditions=(RELATED,), indirect=(SLUG,)), questions=(q,)),
        data_dir=tmp_path,
    )
    context = build_review_context(base, {}, [grade_condition(base, SLUG)])
    assert context.notes == ("the PubMed cache is empty: PMIDs are checked against the curated sources only",)
    claim = last_claim("Ketamine may help test condition.", context)
    assert (claim.verdict, claim.reasons[-1]) == (
        Verdict.UNSUPPORTED,
        "Test condition: evidence grade low from related conditions only: the base holds no direct evidence, so no"
        " benefit can be claimed",
    )


def test_a_directly_graded_outcome_of_a_secondary_question_is_direct_evidence(tmp_path):
    """The primary question has no finding yet (grade insufficient), but a secondary one was graded."""
    primary = question(outcomes=(outcome("relapse"),), qid="main")
    secondary = question(
        rr("b", 2.0, 1.6, 2.5, n=1000), qid="second", primary=False, comparator="inert_placebo"
    )
    base = replace(questioned_base(rct("b", 1000), questions=(primary, secondary)), data_dir=tmp_path)
    context = build_review_context(base, {}, [grade_condition(base, SLUG)], problem_count=3)
    assert context.notes == (
        "3 problems in the curated data; entries with problems were left out (run 'python -m evidence validate')",
        "the PubMed cache is empty: PMIDs are checked against the curated sources only",
    )
    claim = last_claim("Ketamine may help test condition.", context)
    assert (claim.verdict, claim.reasons[-1]) == (
        Verdict.SUPPORTED,
        "Test condition: matched on the condition: 'Ketamine vs inert placebo', outcome 'Response, 24 hours'"
        " (moderate certainty, favours ketamine): asserting low is within the evidence",
    )


def test_a_cited_sentence_on_harms_is_not_judged_as_a_claim_of_benefit(sources_only):
    """'proven to cause bladder damage' asserts a harm: only its citation and the condition's grade are shown."""
    (claim,) = review_text(
        "Ketamine is proven to cause bladder damage in fibromyalgia patients (PMID 99999999).", sources_only
    ).claims
    assert (claim.verdict, claim.reasons) == (
        Verdict.CITATION_PROBLEM,
        (
            "PMID 99999999: not in the evidence base; cannot be checked against PubMed offline",
            "Fibromyalgia: evidence grade low, direct evidence points to benefit; nothing asserted to compare",
        ),
    )
