"""What claim review says about an approval claim: from the regulatory facts when the data has them,
else from the regulatory sources; the reasons and rewordings name what is and is not approved."""

from __future__ import annotations

import pytest

from evidence.loading import SHIPPED_DATA_DIR, load_evidence
from evidence.review import ConditionEvidence, ReviewContext, Verdict, load_review_context, review_text

from .test_review import GRADES, REVIEW_DATA


@pytest.fixture(scope="module")
def sources_only() -> ReviewContext:
    """The small test base: no regulatory facts, one regulator's approval of esketamine for TRD."""
    base = load_evidence(REVIEW_DATA).base
    assert not base.regulatory
    evidence = {
        slug: ConditionEvidence(slug, base.condition(slug).name, grade, direction)
        for slug, (grade, direction) in GRADES.items()
    }
    return ReviewContext(base, evidence)


@pytest.fixture(scope="module")
def shipped() -> ReviewContext:
    return load_review_context(SHIPPED_DATA_DIR)


def regulatory_reasons(sentence: str, context: ReviewContext) -> tuple[Verdict, list[str]]:
    (claim,) = review_text(sentence, context).claims
    return claim.verdict, [r for r in claim.reasons if r.startswith("regulatory:")]


def test_without_facts_an_approval_held_in_the_sources_is_on_record(sources_only):
    sentence = "Esketamine (Spravato) is FDA-approved for treatment-resistant depression."
    assert regulatory_reasons(sentence, sources_only) == (
        Verdict.SUPPORTED,
        [
            "regulatory: the approval is on record (Test Regulator 2019); Treatment-resistant depression: evidence"
            " grade high, direct evidence points to benefit"
        ],
    )


def test_without_facts_an_approval_of_another_form_is_named(sources_only):
    assert regulatory_reasons("Ketamine is FDA-approved for depression.", sources_only) == (
        Verdict.OVERSTATED,
        [
            "regulatory: no source in the base records an approval of racemic ketamine for Treatment-resistant"
            " depression (the approvals held are for another form: Test Regulator 2019: esketamine)"
        ],
    )


def test_without_facts_each_condition_without_an_approval_is_named_and_the_rewording_says_off_label(
    sources_only,
):
    (claim,) = review_text("Ketamine is approved for chronic pain and fibromyalgia.", sources_only).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert [r for r in claim.reasons if r.startswith("regulatory:")] == [
        "regulatory: no source in the base records an approval of racemic ketamine for Chronic pain (general)",
        "regulatory: no source in the base records an approval of racemic ketamine for Fibromyalgia",
    ]
    assert claim.suggestion.startswith(
        "Ketamine is not approved for chronic pain or fibromyalgia on the sources held; it is used off-label there. "
    )


def test_an_approval_claimed_without_saying_for_what_asks_for_it(sources_only):
    (claim,) = review_text("Ketamine is FDA-approved.", sources_only).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert "regulatory: an approval claimed without saying for what" in claim.reasons
    assert claim.suggestion == "Say which product is approved, for what, and by whom."


def approved_for(use: str, context: ReviewContext):
    facts = [f for f in context.base.regulatory if f.kind == "approved" and f.verified and f.use == use]
    assert facts, f"the shipped facts hold approvals for {use}"
    return facts


def test_with_facts_a_route_that_is_not_approved_is_overstated_and_the_approvals_are_listed(shipped):
    (claim,) = review_text("IV ketamine is FDA-approved for depression.", shipped).claims
    facts = approved_for("treatment-resistant-depression", shipped)
    assert claim.verdict is Verdict.OVERSTATED
    assert (
        "regulatory: no approval of iv ketamine for Treatment-resistant depression is on record; the approvals on"
        " record for it are " + "; ".join(f"{f.agency} {f.year}: {f.product_words}" for f in facts)
    ) in claim.reasons
    listed = "; ".join(
        f"{f.agency} {f.year}, {f.product_words}" + (f" with {f.co_treatment}" if f.co_treatment else "")
        for f in facts
    )
    assert claim.suggestion.startswith(
        f"For treatment-resistant depression, the approvals on record are: {listed}. "
        "Other forms and routes of ketamine are used off-label. "
    )


@pytest.mark.parametrize(
    ("sentence", "reason", "suggestion"),
    [
        (
            "Ketamine is FDA-approved for PTSD.",
            "regulatory: no approval of ketamine for Post-traumatic stress disorder is on record",
            "No ketamine product is approved for post-traumatic stress disorder; it is used off-label.",
        ),
        (
            "Intranasal ketamine is approved for migraine.",
            "regulatory: no approval of intranasal ketamine for Migraine and headache is on record",
            "No ketamine product is approved for migraine and headache; it is used off-label.",
        ),
    ],
)
def test_with_facts_a_condition_with_no_approval_says_so(shipped, sentence, reason, suggestion):
    (claim,) = review_text(sentence, shipped).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert reason in claim.reasons
    assert claim.suggestion.startswith(suggestion + " ")


def test_with_facts_the_anaesthetic_approval_is_on_record_for_any_form(shipped):
    (claim,) = review_text("Ketamine is approved as an anaesthetic.", shipped).claims
    facts = approved_for("anaesthesia", shipped)
    assert claim.verdict is Verdict.SUPPORTED
    on_record = "; ".join(f"{f.agency} {f.year}: {f.product_words} for {f.indication}" for f in facts)
    assert f"regulatory: on record ({on_record})" in claim.reasons
    listed = "; ".join(
        f"{f.agency} {f.year}, {f.product_words}" + (f" with {f.co_treatment}" if f.co_treatment else "")
        for f in facts
    )
    assert claim.suggestion == (
        f"For anaesthesia, the approvals on record are: {listed}. Other forms and routes of ketamine are used off-label."
    )
