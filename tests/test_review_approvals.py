"""What claim review says about an approval claim (from the regulatory facts when the data has them, else
from the regulatory sources), about a claim that names no condition, and about the data it reviewed against."""

from __future__ import annotations

import pytest

from evidence.loading import SHIPPED_DATA_DIR, load_evidence
from evidence.review import ReviewContext, Verdict, load_review_context, review_text

from .test_review import graded_context
from .test_review_output import base_with


@pytest.fixture(scope="module")
def sources_only() -> ReviewContext:
    """The small test base: no regulatory facts, one regulator's approval of esketamine for TRD."""
    context = graded_context()
    assert not context.base.regulatory
    return context


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


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        (
            "Arketamine is approved for depression.",
            "regulatory: no source in the base records an approval of arketamine for Treatment-resistant depression"
            " (the approvals held are for another form: Test Regulator 2019: esketamine)",
        ),
        (
            "Esketamine is approved for fibromyalgia.",
            "regulatory: no source in the base records an approval of esketamine for Fibromyalgia",
        ),
    ],
)
def test_without_facts_the_form_claimed_is_named_once(sources_only, sentence, reason):
    assert regulatory_reasons(sentence, sources_only) == (Verdict.OVERSTATED, [reason])


def test_an_approval_claimed_for_a_condition_the_base_does_not_hold_names_it_as_written(
    sources_only, shipped
):
    """The rewording once read 'approved for uncurated:restless leg syndrome'."""
    sentence = "Ketamine is FDA-approved for restless leg syndrome."
    (claim,) = review_text(sentence, sources_only).claims
    assert claim.verdict is Verdict.UNSUPPORTED
    assert claim.suggestion == (
        "No approval of ketamine for restless leg syndrome is on record in the sources held; it is used off-label."
        " No evidence on ketamine for restless leg syndrome is curated: do not present it as a treatment for it."
    )
    (claim,) = review_text(sentence, shipped).claims
    assert claim.suggestion == (
        "No ketamine product is approved for restless leg syndrome; it is used off-label."
        " No evidence on ketamine for restless leg syndrome is curated: do not present it as a treatment for it."
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
        "No approval of ketamine for chronic pain is on record in the sources held; it is used off-label."
        " No approval of ketamine for fibromyalgia is on record in the sources held; it is used off-label. "
    )


def test_without_facts_a_supported_approval_is_not_reworded_as_no_approval(sources_only):
    """The rewording once said 'not approved' beside a reason saying the approval is on record."""
    (claim,) = review_text(
        "Esketamine (Spravato) is FDA-approved for treatment-resistant depression.", sources_only
    ).claims
    (regulator,) = [
        s
        for s in sources_only.base.sources
        if s.design.value == "regulatory" and s.first_author == "Test Regulator"
    ]
    assert "not approved" not in claim.suggestion and "No approval" not in claim.suggestion
    assert claim.suggestion.startswith(
        f"For treatment-resistant depression, the approvals on record are: {regulator.title} (Test Regulator, "
        f"{regulator.year}). Say which product that is; other forms and routes of ketamine are used off-label."
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


def test_with_facts_a_nasal_spray_approval_is_the_esketamine_sprays(shipped):
    # the approved nasal spray is esketamine, so "ketamine nasal spray" is on record where IV ketamine is not
    (claim,) = review_text(
        "Ketamine nasal spray is FDA-approved for treatment-resistant depression.", shipped
    ).claims
    sprays = [
        f
        for f in approved_for("treatment-resistant-depression", shipped)
        if f.form.value == "esketamine" and "intranasal" in {r.value for r in f.routes}
    ]
    assert claim.verdict is Verdict.SUPPORTED
    on_record = "; ".join(f"{f.agency} {f.year}: {f.product_words} for {f.indication}" for f in sprays)
    assert claim.reasons[1].startswith(
        f"regulatory: on record ({on_record}); Treatment-resistant depression:"
    )


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


def test_with_facts_an_approved_form_by_a_route_never_approved_is_overstated(shipped):
    """The approved esketamine is a nasal spray: IV esketamine is not on record."""
    (claim,) = review_text(
        "IV esketamine is FDA-approved for treatment-resistant depression.", shipped
    ).claims
    facts = approved_for("treatment-resistant-depression", shipped)
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons[-1] == (
        "regulatory: no approval of iv esketamine for Treatment-resistant depression is on record; the approvals on"
        " record for it are " + "; ".join(f"{f.agency} {f.year}: {f.product_words}" for f in facts)
    )


def test_with_facts_the_anaesthetic_approval_stands_beside_a_route_of_off_label_use(shipped):
    # the lozenges are how clinics give it now, not the anaesthetic the approval is for
    sentence = (
        "Ketamine has been FDA-approved as an anaesthetic since 1970; clinics now offer it as lozenges."
    )
    (claim,) = review_text(sentence, shipped).claims
    facts = approved_for("anaesthesia", shipped)
    on_record = "; ".join(f"{f.agency} {f.year}: {f.product_words} for {f.indication}" for f in facts)
    assert (claim.verdict, claim.reasons[-1]) == (Verdict.SUPPORTED, f"regulatory: on record ({on_record})")


@pytest.mark.parametrize(
    ("sentence", "route"),
    [
        ("Ketamine nasal spray is FDA-approved as an anaesthetic.", "intranasal"),
        ("Ketamine lozenges are approved as an anaesthetic.", "sublingual"),
        ("Oral ketamine is FDA approved for surgery.", "oral"),
    ],
)
def test_with_facts_an_anaesthetic_approval_claimed_for_a_route_never_approved_is_overstated(
    shipped, sentence, route
):
    """The anaesthetic on record is IV or intramuscular ketamine: a route named in the approval's clause counts."""
    (claim,) = review_text(sentence, shipped).claims
    facts = approved_for("anaesthesia", shipped)
    assert {r.value for f in facts for r in f.routes}.isdisjoint({route})  # else the test proves nothing
    assert (claim.verdict, claim.reasons[-1]) == (
        Verdict.OVERSTATED,
        f"regulatory: no approval of {route} ketamine for anaesthesia is on record; the approvals on"
        " record for it are " + "; ".join(f"{f.agency} {f.year}: {f.product_words}" for f in facts),
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "IV ketamine is FDA-approved as an anaesthetic.",
        "Ketamine is approved as an anesthetic, but clinics now offer it as lozenges.",
        "Ketamine is approved as an anesthetic, while clinics now offer it as lozenges.",
    ],
)
def test_with_facts_an_approved_route_or_one_named_after_a_turn_to_another_subject_stands(shipped, sentence):
    (claim,) = review_text(sentence, shipped).claims
    facts = approved_for("anaesthesia", shipped)
    on_record = "; ".join(f"{f.agency} {f.year}: {f.product_words} for {f.indication}" for f in facts)
    assert (claim.verdict, claim.reasons[-1]) == (Verdict.SUPPORTED, f"regulatory: on record ({on_record})")


# an approval since withdrawn (curated as retracted), and two labels curated without their form, one whose title
# names the product and one whose title names none: invented test sources
WITHDRAWN_AND_UNFORMED_APPROVALS = """
  - id: test-withdrawn-approval
    url: https://example.org/test/withdrawn-approval
    title: "A withdrawn approval of ketamine for fibromyalgia (test source)"
    first_author: Withdrawn Regulator
    year: 2020
    journal: Withdrawn Regulator
    design: regulatory
    conditions: [fibromyalgia]
    ketamine_form: racemic
    retracted: true
    positions:
      - condition: fibromyalgia
        stance: approved
        statement: Ketamine approved for fibromyalgia, since withdrawn.
    source_url: https://example.org/test/withdrawn-approval

  - id: test-spray-label
    url: https://example.org/test/spray-label
    title: "Spravato label for chronic pain (test source)"
    first_author: Label Regulator
    year: 2021
    journal: Label Regulator
    design: regulatory
    conditions: [chronic-pain]
    positions:
      - condition: chronic-pain
        stance: approved
        statement: The spray approved for chronic pain.
    source_url: https://example.org/test/spray-label

  - id: test-plain-label
    url: https://example.org/test/plain-label
    title: "A label for chronic fatigue (test source)"
    first_author: Plain Regulator
    year: 2022
    journal: Plain Regulator
    design: regulatory
    conditions: [mecfs]
    positions:
      - condition: mecfs
        stance: approved
        statement: Approved for chronic fatigue.
    source_url: https://example.org/test/plain-label
"""


def with_more_approvals(tmp_path) -> ReviewContext:
    base = base_with(tmp_path, sources=WITHDRAWN_AND_UNFORMED_APPROVALS)
    return ReviewContext(base, graded_context().evidence)


def test_without_facts_a_withdrawn_approval_is_not_on_record(tmp_path):
    (claim,) = review_text("Ketamine is approved for fibromyalgia.", with_more_approvals(tmp_path)).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons[-1] == (
        "regulatory: no source in the base records an approval of racemic ketamine for Fibromyalgia"
    )
    assert "Withdrawn Regulator 2020" not in [s.citation for s in claim.sources]
    assert claim.suggestion.startswith(
        "No approval of ketamine for fibromyalgia is on record in the sources held; it is used off-label. "
    )


def test_without_facts_a_label_curated_without_its_form_is_of_the_form_its_title_names(tmp_path):
    context = with_more_approvals(tmp_path)
    assert regulatory_reasons("Esketamine is approved for chronic pain.", context) == (
        Verdict.SUPPORTED,
        [
            "regulatory: the approval is on record (Label Regulator 2021); Chronic pain (general): evidence grade"
            " moderate, direct evidence points to no clear benefit"
        ],
    )
    assert regulatory_reasons("Ketamine is approved for chronic pain.", context) == (
        Verdict.OVERSTATED,
        [
            "regulatory: no source in the base records an approval of racemic ketamine for Chronic pain (general)"
            " (the approvals held are for another form: Label Regulator 2021: esketamine)"
        ],
    )


# -- claims that name no condition, on a page that names none --------------------------------------------

BEST = "the strongest evidence for any condition is high (Treatment-resistant depression)"


@pytest.mark.parametrize(
    ("sentence", "verdict", "reason"),
    [
        (
            "Ketamine is a miracle cure.",
            Verdict.OVERSTATED,
            f"names no condition: {BEST}, below the cure the sentence asserts",
        ),
        (
            "Ketamine can help.",
            Verdict.SUPPORTED,
            "names no condition; within the high certainty of the best evidence",
        ),
        (
            "Ketamine helped me.",
            Verdict.SUPPORTED,
            "one person's account of their own experience, not a claim about others",
        ),
        (
            "Ketamine cured me completely.",
            Verdict.OVERSTATED,
            f"names no condition: {BEST}, below the cure the sentence asserts",
        ),
        (
            "Ketamine is completely safe.",
            Verdict.OVERSTATED,
            "claims ketamine is free of harm or of addiction: the base records its harms (dissociation, raised blood"
            " pressure, bladder toxicity, misuse), so the claim is overstated",
        ),
        (
            "Ketamine grows new brain cells.",
            Verdict.UNSUPPORTED,
            "claims a brain mechanism (new brain cells, a reset brain): no clinical evidence in the base shows it in"
            " patients, so it is unsupported",
        ),
        (
            "Ketamine is approved as an anaesthetic.",
            Verdict.OVERSTATED,
            "regulatory: no source in the base records an approval of racemic ketamine for anaesthesia",
        ),
    ],
)
def test_a_claim_naming_no_condition_is_held_to_the_best_evidence_for_any(
    sources_only, sentence, verdict, reason
):
    # the best is the strongest graded benefit with direct evidence: not chronic pain's moderate "no clear benefit"
    (claim,) = review_text(sentence, sources_only).claims
    assert (claim.verdict, claim.reasons[-1]) == (verdict, reason)


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("Esketamine is FDA-approved.", "esketamine"),
        ("Ketamine is FDA-approved.", "racemic"),
        # "it" on a page about ketamine names no form: racemic ketamine, as a sentence naming ketamine would
        ("Ketamine infusions are used widely.\nIt is FDA-approved.", "racemic"),
    ],
)
def test_with_facts_an_approval_of_the_named_form_is_on_record_though_not_for_what(shipped, sentence, form):
    (claim,) = review_text(sentence, shipped).claims
    facts = [
        f for f in shipped.base.regulatory if f.kind == "approved" and f.verified and f.form.value == form
    ]
    assert facts
    on_record = "; ".join(f"{f.agency} {f.year}: {f.product_words} for {f.use}" for f in facts)
    assert claim.verdict is Verdict.SUPPORTED
    assert (
        claim.reasons[-1]
        == f"regulatory: an approval of this form is on record ({on_record}); the sentence does not say for what"
    )


# -- what the review context tells the reader about the data it reviewed against ---------------------------


def test_the_review_says_when_the_data_had_problems_and_the_pubmed_cache_is_empty(data_copy):
    citations = sorted((data_copy / "citations").glob("*.yaml"))[0]
    citations.write_text(citations.read_text() + "  - pmid: not-a-number\n")
    problems = load_evidence(data_copy).problems
    assert problems
    context = load_review_context(data_copy)
    assert context.notes == (
        f"{len(problems)} problems in the curated data; entries with problems were left out"
        " (run 'python -m evidence validate')",
        "the PubMed cache is empty: PMIDs are checked against the curated sources only",
    )
    (claim,) = review_text("Ketamine is effective for depression (PMID 99999999).", context).claims
    assert (
        "PMID 99999999: not in the evidence base; cannot be checked against PubMed offline" in claim.reasons
    )


def test_a_pmid_a_past_refresh_found_unknown_to_pubmed_is_called_unknown(data_copy):
    (data_copy / "pubmed" / "status.json").write_text(
        '{"not_found": {"99999999": "2026-01-01T00:00:00+00:00"}}'
    )
    context = load_review_context(data_copy)
    assert context.pubmed_unknown == frozenset({99999999})
    (claim,) = review_text("Ketamine is effective for depression (PMID 99999999).", context).claims
    assert (
        "PMID 99999999: PubMed does not know this PMID, and it is not in the evidence base" in claim.reasons
    )


def test_the_dashboards_review_context_is_the_one_the_command_line_builds(data_copy):
    from evidence.catalog import load_catalog
    from evidence.review import review_context_for

    citations = sorted((data_copy / "citations").glob("*.yaml"))[0]
    citations.write_text(citations.read_text() + "  - pmid: not-a-number\n")
    from_catalog = review_context_for(load_catalog(data_copy))
    assert from_catalog == load_review_context(data_copy)
    assert from_catalog.notes[0].endswith(
        "problems in the curated data; entries with problems were left out (run 'python -m evidence validate')"
    )


# -- the reason a condition's claim is given ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "verdict", "reason"),
    [
        (
            "Ketamine relieves chronic pain.",
            Verdict.UNSUPPORTED,
            "Chronic pain (general): evidence grade moderate, direct evidence points to no clear benefit: the graded"
            " evidence does not show benefit, so a claim of benefit is unsupported",
        ),
        (
            "Ketamine helped my fibromyalgia.",
            Verdict.SUPPORTED,
            "Fibromyalgia: one person's account of their own experience, not a claim about others; it is patient"
            " experience, not evidence of effect",
        ),
        (
            "Ketamine cured my fibromyalgia.",
            Verdict.OVERSTATED,
            "Fibromyalgia: evidence grade low, direct evidence points to benefit: the sentence asserts cure, stronger"
            " than the evidence",
        ),
        (
            "Ketamine helps restless leg syndrome.",
            Verdict.UNSUPPORTED,
            "restless leg syndrome: no evidence is curated for it, so no benefit can be claimed",
        ),
    ],
)
def test_each_condition_a_claim_names_gets_a_reason_in_its_grade_and_direction(
    sources_only, sentence, verdict, reason
):
    (claim,) = review_text(sentence, sources_only).claims
    assert (claim.verdict, claim.reasons[-1]) == (verdict, reason)


def test_a_grade_resting_on_related_conditions_only_says_so(shipped):
    (claim,) = review_text("Ketamine helps ME/CFS.", shipped).claims
    grade = claim.evidence_grade.label.lower()
    assert claim.verdict is Verdict.UNSUPPORTED
    assert claim.reasons[-1] == (
        f"ME/CFS: evidence grade {grade} from related conditions only: the base holds no direct evidence, so no"
        " benefit can be claimed"
    )


def test_without_facts_a_label_curated_without_its_form_whose_title_names_none_is_racemic(tmp_path):
    context = with_more_approvals(tmp_path)
    verdict, reasons = regulatory_reasons("Ketamine is approved for ME/CFS.", context)
    assert (verdict, reasons) == (
        Verdict.SUPPORTED,
        ["regulatory: the approval is on record (Plain Regulator 2022); ME/CFS: evidence grade insufficient"],
    )
    assert regulatory_reasons("Esketamine is approved for ME/CFS.", context) == (
        Verdict.OVERSTATED,
        [
            "regulatory: no source in the base records an approval of esketamine for ME/CFS"
            " (the approvals held are for another form: Plain Regulator 2022: racemic)"
        ],
    )
