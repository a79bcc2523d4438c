"""Claim review on the project's own drafts: every verdict, hedges, negations, PMIDs, HTML, odd input.

These tests fix each condition's grade themselves (``GRADES`` below) on a small invented
evidence base (tests/review_data), so they test the review's rules, not the grading rules
or the curated data, which change on their own schedules.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from evidence.drafts import MAX_DRAFT_BYTES, DraftFormat, DraftUnreadable, decode_draft, format_for_name
from evidence.loading import load_evidence
from evidence.models import Grade
from evidence.review import (
    ConditionEvidence,
    ReviewContext,
    Verdict,
    highlight_html,
    review_text,
    review_upload,
)
from tests.pubmed_records import make_record

HERE = Path(__file__).resolve().parent
REVIEW_DATA = HERE / "review_data"
DRAFTS = HERE / "drafts"

GRADES = {
    "treatment-resistant-depression": (Grade.HIGH, "benefit"),
    "fibromyalgia": (Grade.LOW, "benefit"),
    "mecfs": (Grade.INSUFFICIENT, None),
    "chronic-pain": (Grade.MODERATE, "no_clear_benefit"),
    "social-anxiety-disorder": (Grade.VERY_LOW, "benefit"),
}


def graded_context(notes: tuple[str, ...] = ()) -> ReviewContext:
    """The small invented base with the fixed grades above (not computed), so each test states its verdict."""
    base = load_evidence(REVIEW_DATA).base
    evidence = {
        slug: ConditionEvidence(slug, base.condition(slug).name, grade, direction)
        for slug, (grade, direction) in GRADES.items()
    }
    return ReviewContext(base, evidence, notes=notes)


@pytest.fixture(scope="module")
def context() -> ReviewContext:
    return graded_context()


def one_claim(text: str, context: ReviewContext):
    review = review_text(text, context)
    assert len(review.claims) == 1, [c.sentence for c in review.claims]
    return review.claims[0]


def draft(name: str) -> str:
    return (DRAFTS / name).read_text(encoding="utf-8")


# -- one verdict each ---------------------------------------------------------------


def test_every_verdict_in_one_draft(context):
    review = review_text(draft("every-verdict.txt"), context)
    verdicts = {c.sentence: c.verdict for c in review.claims}
    # fibromyalgia is graded low: "may help some people" is low, within it
    assert verdicts["Ketamine may help some people with fibromyalgia."] is Verdict.SUPPORTED
    # "proven to cure" claims more than any grade can hold
    assert verdicts["Ketamine is proven to cure fibromyalgia."] is Verdict.OVERSTATED
    # ME/CFS has no direct evidence at all
    assert verdicts["Ketamine works for ME/CFS."] is Verdict.UNSUPPORTED
    # chronic pain's graded evidence shows no clear benefit, however certain it is
    assert verdicts["Ketamine relieves chronic pain."] is Verdict.UNSUPPORTED
    # 99999999 is in neither the base nor the (empty) PubMed cache
    assert verdicts["Ketamine is effective for depression (PMID 99999999)."] is Verdict.CITATION_PROBLEM
    assert review.counts == {"supported": 1, "overstated": 1, "unsupported": 2, "citation_problem": 1}
    # the title names fibromyalgia but asserts nothing, so it is not a claim
    assert all(not c.sentence.startswith("Ketamine for fibromyalgia:") for c in review.claims)


def test_a_grade_from_related_conditions_is_not_direct_evidence(context):
    # ME/CFS graded very low on fibromyalgia trials alone: still no direct evidence to claim benefit on
    indirect = ConditionEvidence("mecfs", "ME/CFS", Grade.VERY_LOW, "benefit", direct=False)
    graded = replace(context, evidence={**context.evidence, "mecfs": indirect})
    claim = one_claim("Case reports suggest ketamine may help ME/CFS.", graded)
    assert (claim.asserted_strength.value, claim.verdict) == ("very_low", Verdict.UNSUPPORTED)
    assert any("from related conditions only" in r for r in claim.reasons)
    assert "no direct evidence" in claim.suggestion


def test_claim_fields_and_offsets(context):
    review = review_text(draft("every-verdict.txt"), context)
    for claim in review.claims:
        assert review.text[claim.start : claim.end] == claim.sentence
        assert claim.reasons and claim.suggestion
    overstated = next(c for c in review.claims if c.verdict is Verdict.OVERSTATED)
    assert overstated.asserted_strength.value == "cure"
    assert overstated.evidence_grade is Grade.LOW
    assert overstated.conditions == ("fibromyalgia",)
    assert "may help some people with fibromyalgia" in overstated.suggestion  # the low-grade wording
    unsupported = next(c for c in review.claims if "ME/CFS" in c.sentence)
    assert "no direct evidence" in unsupported.suggestion
    citation = next(c for c in review.claims if c.verdict is Verdict.CITATION_PROBLEM)
    assert citation.pmids == (99999999,)
    assert any(
        "not in the evidence base; cannot be checked against PubMed offline" in r for r in citation.reasons
    )


def test_hedged_and_unhedged_wording_of_the_same_claim(context):
    hedged = one_claim("Ketamine may relieve fibromyalgia pain for some patients.", context)
    unhedged = one_claim("Ketamine relieves fibromyalgia pain.", context)
    assert (hedged.asserted_strength.value, hedged.verdict) == ("low", Verdict.SUPPORTED)
    assert (unhedged.asserted_strength.value, unhedged.verdict) == ("moderate", Verdict.OVERSTATED)
    assert any("weakened by 'may'" in r for r in hedged.reasons)


def test_strength_ladder_against_a_high_grade(context):
    # treatment-resistant depression is graded high: anything short of "cure" is supported
    for sentence, strength in [
        ("Strong evidence shows ketamine improves treatment-resistant depression.", "high"),
        ("Ketamine works for TRD.", "moderate"),
        ("Emerging research suggests ketamine may lift depression.", "low"),
        ("Case reports describe ketamine improving depression.", "very_low"),
    ]:
        claim = one_claim(sentence, context)
        assert (claim.asserted_strength.value, claim.verdict) == (strength, Verdict.SUPPORTED), sentence
    assert one_claim("Ketamine cures depression.", context).verdict is Verdict.OVERSTATED


def test_weak_evidence_words_cap_a_benefit_claim(context):
    # social anxiety is graded very low; "case reports have documented improvements" stays within it
    claim = one_claim("Case reports have documented improvements in social anxiety after ketamine.", context)
    assert (claim.asserted_strength.value, claim.verdict) == ("very_low", Verdict.SUPPORTED)
    claim = one_claim("Ketamine improves social anxiety.", context)
    assert claim.verdict is Verdict.OVERSTATED


@pytest.mark.parametrize(
    "sentence",
    [
        "Ketamine is not a cure for fibromyalgia.",
        "There is no evidence that ketamine cures fibromyalgia.",
        "Ketamine has not been shown to work in ME/CFS.",
        "Ketamine isn't proven for chronic pain.",
    ],
)
def test_negations_assert_nothing(context, sentence):
    claim = one_claim(sentence, context)
    assert claim.verdict is Verdict.SUPPORTED
    assert claim.asserted_strength.value == "none"
    assert any(r.startswith("negated") for r in claim.reasons)


def test_a_negation_does_not_hide_a_claim_beside_it(context):
    claim = one_claim("Ketamine is not a cure, but it works for fibromyalgia.", context)
    assert (claim.asserted_strength.value, claim.verdict) == ("moderate", Verdict.OVERSTATED)


def test_questions_assert_nothing(context):
    claim = one_claim("Can ketamine cure my fibromyalgia?", context)
    assert claim.verdict is Verdict.SUPPORTED
    assert claim.asserted_strength.value == "none"
    assert any(r.startswith("question") for r in claim.reasons)


def test_several_conditions_in_one_sentence(context):
    claim = one_claim("Ketamine works for depression, fibromyalgia and ME/CFS.", context)
    assert claim.conditions == ("treatment-resistant-depression", "fibromyalgia", "mecfs")
    # the worst finding decides: ME/CFS has no direct evidence
    assert claim.verdict is Verdict.UNSUPPORTED
    assert claim.evidence_grade is Grade.INSUFFICIENT
    joined = " ".join(claim.reasons)
    assert "Treatment-resistant depression" in joined and "Fibromyalgia" in joined and "ME/CFS" in joined
    claim = one_claim("Ketamine works for depression and fibromyalgia.", context)
    assert (claim.verdict, claim.evidence_grade) == (Verdict.OVERSTATED, Grade.LOW)


def test_longest_name_wins_and_short_abbreviations_need_capitals(context):
    claim = one_claim("Ketamine works for treatment-resistant depression.", context)
    assert claim.conditions == ("treatment-resistant-depression",)
    claim = one_claim("Ketamine may help chronic fatigue syndrome, also written CFS.", context)
    assert claim.conditions == ("mecfs",)
    # "sad" in ordinary prose is not social anxiety disorder; "SAD" is
    # (the sentence is still a claim about ketamine in general, judged against the best evidence)
    assert all(not c.conditions for c in review_text("Ketamine works, and I was sad.", context).claims)
    assert one_claim("Ketamine works for SAD.", context).conditions == ("social-anxiety-disorder",)


def test_a_sentence_without_a_condition_inherits_the_topic(context):
    review = review_text(
        "Fibromyalgia is a pain condition. Fibromyalgia is common. Ketamine is proven to work wonders.",
        context,
    )
    assert review.topic == "fibromyalgia"
    claim = review.claims[0]
    assert claim.topic_inherited and claim.conditions == ("fibromyalgia",)
    assert any("the page's topic is Fibromyalgia" in r for r in claim.reasons)
    assert claim.verdict is Verdict.OVERSTATED


def test_a_claim_on_a_page_with_no_condition_is_general_and_inherits_no_topic(context):
    """The JSON's topic_inherited says the claim was judged on the page's conditions: a page naming none gives
    it nothing to inherit, so a general claim is judged against the best evidence and inherits nothing."""
    claim = one_claim("Ketamine is a miracle cure.", context)
    assert claim.conditions == ()
    assert not claim.topic_inherited
    assert claim.as_dict()["topic_inherited"] is False
    assert any(
        r.startswith("names no condition: the strongest evidence for any condition") for r in claim.reasons
    )


def test_sentences_not_about_ketamine_are_not_claims(context):
    review = review_text(
        "Exercise is proven to help fibromyalgia. Pregabalin is FDA-approved for it.", context
    )
    assert review.claims == ()


def test_harm_topics_are_not_claims_of_benefit(context):
    assert review_text("Ketamine has well-established side effects.", context).claims == ()


# -- regulatory statements ----------------------------------------------------------


def test_esketamine_approval_for_trd_is_supported(context):
    claim = one_claim("Esketamine (Spravato) is FDA-approved for treatment-resistant depression.", context)
    assert claim.verdict is Verdict.SUPPORTED
    assert any("approval is on record" in r for r in claim.reasons)
    assert any(s.relation == "regulatory" for s in claim.sources)


@pytest.mark.parametrize(
    "sentence",
    ["Ketamine is FDA-approved for depression.", "Ketamine is approved for chronic pain."],
)
def test_racemic_ketamine_approval_claims_are_overstated(context, sentence):
    claim = one_claim(sentence, context)
    assert claim.verdict is Verdict.OVERSTATED
    assert any(
        r.startswith("regulatory: no source in the base records an approval of racemic ketamine")
        for r in claim.reasons
    )
    assert "off-label" in claim.suggestion


def test_saying_ketamine_is_not_approved_is_fine(context):
    claim = one_claim(
        "Pharmacy-compounded ketamine is not FDA approved for depression or chronic pain.", context
    )
    assert claim.verdict is Verdict.SUPPORTED


# -- citations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "PMID 11111111",
        "PMID: 11111111",
        "PMID:11111111",
        "pubmed.ncbi.nlm.nih.gov/11111111/",
        "https://pubmed.ncbi.nlm.nih.gov/11111111",
        "https://www.ncbi.nlm.nih.gov/pubmed/11111111",
    ],
)
def test_every_common_pmid_form_is_read(context, written):
    claim = one_claim(f"Ketamine works for depression (Murrough JW 2013, {written}).", context)
    assert claim.pmids == (11111111,)
    assert claim.verdict is Verdict.SUPPORTED
    assert claim.sources[0].relation == "cited" and claim.sources[0].link.endswith("/11111111/")


def test_cited_author_or_year_that_does_not_match(context):
    wrong_author = one_claim("Ketamine works for depression (Smith 2013, PMID 11111111).", context)
    wrong_year = one_claim("Ketamine works for depression (Murrough et al. 2015; PMID 11111111).", context)
    assert wrong_author.verdict is wrong_year.verdict is Verdict.CITATION_PROBLEM
    assert any("cited as Smith, but its first author is Murrough JW" in r for r in wrong_author.reasons)
    assert any("cited as 2015, but it was published in 2013" in r for r in wrong_year.reasons)


def test_a_citation_is_checked_on_every_line_of_the_draft_not_only_the_last(context):
    review = review_text(
        "Ketamine works for depression (Smith 2013, PMID 11111111).\nKetamine works for depression.", context
    )
    assert [c.verdict for c in review.claims] == [Verdict.CITATION_PROBLEM, Verdict.SUPPORTED]
    assert review.claims[0].reasons[1] == (
        "PMID 11111111: cited as Smith, but its first author is Murrough JW (A randomised trial of ketamine in"
        " treatment-resistant depression (test source))"
    )


def test_the_first_author_and_year_pubmed_records_are_accepted_beside_the_curated_ones(context):
    record = make_record(11111111, first_author="Mathew SJ", authors=("Mathew SJ", "Murrough JW"), year=2012)
    enriched = replace(context, records={11111111: record})
    for cited in ("Mathew SJ 2012", "Murrough JW 2013", "Mathew et al. 2013"):
        claim = one_claim(f"Ketamine works for depression ({cited}, PMID 11111111).", enriched)
        assert claim.verdict is Verdict.SUPPORTED, cited
    wrong = one_claim("Ketamine works for depression (Jones 2014, PMID 11111111).", enriched)
    assert wrong.reasons[1] == (
        "PMID 11111111: cited as Jones, but its first author is Murrough JW; cited as 2014, but it was published"
        " in 2013 (A randomised trial of ketamine in treatment-resistant depression (test source))"
    )


def test_reference_lines_are_checked_even_without_ketamine(context):
    review = review_text("References\n- Clauw DJ 2014, a review of fibromyalgia. (PMID 22222222)\n", context)
    claim = review.claims[0]
    assert (claim.pmids, claim.verdict, claim.asserted_strength.value) == (
        (22222222,),
        Verdict.SUPPORTED,
        "none",
    )


def test_retracted_sources_are_citation_problems(context):
    claim = one_claim("Ketamine may help fibromyalgia (Retractus A 2016, PMID 33333333).", context)
    assert claim.verdict is Verdict.CITATION_PROBLEM
    assert any("retracted" in r for r in claim.reasons)


def test_pubmed_records_decide_what_the_base_cannot(context):
    record = make_record(
        11111111, title="A trial", authors=("Murrough JW",), first_author="Murrough JW", journal=None,
        journal_abbrev=None, year=2013, volume=None, issue=None, pages=None,
        publication_types=("Retracted Publication",), retracted=True, retraction_notice_pmids=(55555555,),
    )  # fmt: skip
    outside = replace(record, pmid=66666666, title="A paper the base does not hold", retracted=False)
    enriched = replace(
        context, records={11111111: record, 66666666: outside}, pubmed_unknown=frozenset({77777777})
    )
    retracted = one_claim("Ketamine works for depression (PMID 11111111).", enriched)
    assert retracted.verdict is Verdict.CITATION_PROBLEM and any("retracted" in r for r in retracted.reasons)
    known = one_claim("Ketamine works for depression (PMID 66666666).", enriched)
    assert any("PubMed has it: A paper the base does not hold" in r for r in known.reasons)
    unknown = one_claim("Ketamine works for depression (PMID 77777777).", enriched)
    assert any("PubMed does not know this PMID" in r for r in unknown.reasons)


# -- input of every kind ------------------------------------------------------------


def test_html_scripts_styles_and_comments_are_dropped_not_run(context):
    review = review_upload((DRAFTS / "references.html").read_bytes(), "references.html", context)
    assert review.format is DraftFormat.HTML
    for hidden in ("document.write", "alert", "cures", "guaranteed", "color: red", "clicked"):
        assert hidden not in review.text
    sentences = [c.sentence for c in review.claims]
    assert (
        sentences[0]
        == "Ketamine works for treatment-resistant depression (Murrough JW 2013, PMID: 11111111)."
    )
    # the linked reference keeps its PubMed address, so the PMID behind the link is checked too
    assert [c.pmids for c in review.claims] == [(11111111,), (22222222,), (33333333,)]
    assert [c.verdict for c in review.claims] == [
        Verdict.SUPPORTED,
        Verdict.SUPPORTED,
        Verdict.CITATION_PROBLEM,
    ]


def test_draft_text_is_escaped_in_the_highlighted_view(context):
    text = 'Ketamine cures depression. <img src=x onerror="alert(1)"> & <b>bold</b>'
    review = review_text(text, context, DraftFormat.TEXT)
    shown = highlight_html(review)
    assert "<img" not in shown and "<b>" not in shown
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in shown
    assert '<mark class="claim overstated"' in shown


def test_markdown_drafts_are_read_as_text(context):
    review = review_upload((DRAFTS / "all-supported.md").read_bytes(), "all-supported.md", context)
    assert review.format is DraftFormat.MARKDOWN
    assert "**" not in review.text and "#" not in review.text
    assert len(review.claims) == 4 and review.all_supported


def test_non_english_characters(context):
    review = review_upload((DRAFTS / "accented.txt").read_bytes(), "accented.txt", context)
    for claim in review.claims:
        assert review.text[claim.start : claim.end] == claim.sentence
    by_pmid = {c.pmids: c for c in review.claims}
    # Müller with an umlaut, as curated: the cited author matches
    # "may help" is GRADE's wording for low certainty; hedged wording is accepted one level below it
    # (very low), as careful pages write it, so only the unhedged claim below is overstated
    assert by_pmid[(44444444,)].verdict is Verdict.SUPPORTED
    assert not any("cited as" in r for r in by_pmid[(44444444,)].reasons)
    negation = next(c for c in review.claims if c.sentence == "Ketamine is not a cure for fibromyalgia.")
    assert negation.verdict is Verdict.SUPPORTED
    wrong = one_claim("Ketamine relieves social anxiety (Muller K 2019, PMID 44444444).", context)
    assert wrong.verdict is Verdict.OVERSTATED
    assert not any("cited as" in r for r in wrong.reasons)  # accents folded: Muller is Müller


def test_empty_draft(context):
    review = review_text("", context)
    assert review.claims == () and review.sentence_count == 0 and review.all_supported
    assert review.as_dict()["summary"]["claims"] == 0


def test_a_one_megabyte_draft(context):
    unit = draft("every-verdict.txt")
    copies = 1_000_000 // len(unit.encode("utf-8")) + 1
    data = (unit * copies).encode("utf-8")
    assert 1_000_000 <= len(data) <= MAX_DRAFT_BYTES
    review = review_upload(data, "big.txt", context)
    assert len(review.claims) == 5 * copies
    assert review.counts["unsupported"] == 2 * copies


def test_unreadable_input_is_refused_with_a_reason():
    with pytest.raises(DraftUnreadable, match="up to 2 MB"):
        decode_draft(b"a" * (MAX_DRAFT_BYTES + 1), "big.txt")
    with pytest.raises(DraftUnreadable, match="binary"):
        decode_draft(b"%PDF-1.4\x00\x01\x02", "draft.txt")
    with pytest.raises(DraftUnreadable, match="not UTF-8"):
        decode_draft("Kétamine".encode("latin-1"), "draft.txt")
    with pytest.raises(DraftUnreadable, match=r"\.txt, \.md or \.html"):
        format_for_name("draft.pdf")
    assert decode_draft("\ufeffKetamine".encode()) == "Ketamine"  # a byte-order mark is not text


def test_exports_hold_the_review(context):
    text = draft("every-verdict.txt") + "\nKetamine | cures <script>x</script> *all*."
    review = review_text(text, context, DraftFormat.TEXT)
    data = review.as_dict()
    assert list(data) == ["claims", "summary"]
    keys = ["sentence", "start", "end", "conditions", "asserted_strength", "evidence_grade", "verdict", "reasons",
            "pmids", "suggestion"]  # fmt: skip
    assert all(list(claim)[: len(keys)] == keys for claim in data["claims"])
    markdown = review.to_markdown()
    assert "| 3 | Ketamine works for ME/CFS. | mecfs | moderate | insufficient | Unsupported |" in markdown
    # draft text cannot break the table or become markup
    assert (
        "<script>" not in markdown and "Ketamine \\| cures \\<script\\>x\\</script\\> \\*all\\*." in markdown
    )
