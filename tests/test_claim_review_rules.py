"""Claim review end to end on the shipped evidence: each pattern real pages use, judged against the
question and outcome it speaks of. Drafts here are the project's own sentences."""

from __future__ import annotations

import pytest

from evidence.loading import SHIPPED_DATA_DIR
from evidence.review import Verdict, load_review_context, review_text


@pytest.fixture(scope="module")
def context():
    return load_review_context(SHIPPED_DATA_DIR)


def claims(text, context):
    return {c.sentence: c for c in review_text(text, context).claims}


def flagged(claim) -> bool:
    return claim.verdict is not Verdict.SUPPORTED


# 1. claims that do not name the drug ------------------------------------------------------------


def test_it_and_the_infusions_on_a_ketamine_page_mean_ketamine(context):
    page = (
        "# Ketamine infusions for depression\n\nOur clinic offers ketamine for treatment-resistant depression.\n"
        "It has also been used to successfully treat severe depression, bipolar disorder and PTSD.\n"
        "The infusions work within hours.\n"
    )
    found = claims(page, context)
    used = found["It has also been used to successfully treat severe depression, bipolar disorder and PTSD."]
    assert flagged(used)
    assert set(used.conditions) == {"treatment-resistant-depression", "bipolar-depression", "ptsd"}
    assert any("names no drug" in r for r in used.reasons)
    hours = found["The infusions work within hours."]
    assert flagged(hours)
    # "infusions" and "within hours": matched to IV ketamine at 24 hours, not to the esketamine spray
    assert any("IV ketamine vs saline" in m and "24 hours" in m for m in hours.matched)


def test_items_under_a_heading_that_makes_a_claim_are_claims(context):
    page = "# Ketamine therapy\n\nConditions ketamine can help:\n\n- PTSD\n- OCD\n- Fibromyalgia\n"
    found = claims(page, context)
    for item, slug in (("PTSD", "ptsd"), ("OCD", "ocd"), ("Fibromyalgia", "fibromyalgia")):
        assert flagged(found[item]) and found[item].conditions == (slug,)
        assert any("inherits the claim of the heading" in r for r in found[item].reasons)


def test_a_page_about_another_treatment_is_not_read_as_ketamine(context):
    page = "Exercise helps fibromyalgia. Pregabalin relieves its pain."
    assert review_text(page, context).claims == ()


# 3. numbers -------------------------------------------------------------------------------------------


def test_a_response_rate_the_trials_do_not_show_is_flagged_with_the_highest_they_show(context):
    claim = review_text("Ketamine is 70-80% effective for treatment-resistant depression.", context).claims[0]
    assert claim.verdict is Verdict.OVERSTATED
    assert any("70-80%" in r and "at most" in r for r in claim.reasons)


# 4. regulatory facts, both directions ---------------------------------------------------------------


def test_an_approval_claimed_for_iv_ketamine_is_wrong_and_the_rewording_names_what_is_approved(context):
    claim = review_text("IV ketamine is FDA-approved for depression.", context).claims[0]
    assert claim.verdict is Verdict.OVERSTATED
    assert any(r.startswith("regulatory: no approval of iv ketamine") for r in claim.reasons)
    approved = [
        f
        for f in context.base.regulatory
        if f.kind == "approved" and f.use == "treatment-resistant-depression"
    ]
    assert approved, "the shipped facts hold the esketamine approvals"
    # the suggested wording is built from the regulatory facts in the data, not written in the code
    for fact in approved:
        assert fact.product_words in claim.suggestion


@pytest.mark.parametrize(
    "sentence",
    [
        "Ketamine was approved in 1970 as an anaesthetic.",
        "Esketamine nasal spray (Spravato) is FDA-approved, with an oral antidepressant, for treatment-resistant "
        "depression.",
        "Ketamine is not FDA-approved for chronic pain.",
    ],
)
def test_a_true_regulatory_statement_passes(context, sentence):
    found = review_text(sentence, context).claims
    assert all(c.verdict is Verdict.SUPPORTED for c in found)


# 6. conditions by every name --------------------------------------------------------------------------


def test_a_condition_with_no_evidence_curated_is_unsupported_not_skipped(context):
    claim = review_text("Ketamine helps restless leg syndrome.", context).claims[0]
    assert claim.verdict is Verdict.UNSUPPORTED
    assert any("no evidence is curated" in r for r in claim.reasons)


def test_a_sweeping_claim_is_checked_against_every_condition_it_sweeps_in(context):
    claim = review_text("Ketamine treats a wide range of mental health conditions.", context).claims[0]
    psychiatric = {c.slug for c in context.base.conditions if c.category.value == "psychiatric"}
    assert psychiatric <= set(claim.conditions)
    assert flagged(claim)


@pytest.mark.parametrize(("name", "slug"), [("FM", "fibromyalgia"), ("CRPS/RSD", "crps"), ("suicidal thoughts",
                         "major-depression-suicidal-ideation"), ("depressive disorders", "treatment-resistant-depression")])  # fmt: skip
def test_conditions_are_found_by_the_names_pages_use(context, name, slug):
    claim = review_text(f"Ketamine relieves {name}.", context).claims[0]
    assert slug in claim.conditions


# 7. the page's topic ------------------------------------------------------------------------------------


def test_a_symptom_list_does_not_make_a_page_about_social_anxiety(context):
    page = (
        "Stories from our ketamine patients with depression, bipolar disorder and PTSD\n"
        "Depression had taken years from me. Bipolar depression runs in my family. PTSD after the war.\n"
        "My symptoms were low mood, poor sleep, social anxiety and irritability.\n"
        "Ketamine works wonders.\n"
    )
    review = review_text(page, context)
    assert review.topic != "social-anxiety-disorder"
    wonders = next(c for c in review.claims if c.sentence == "Ketamine works wonders.")
    assert "social-anxiety-disorder" not in wonders.conditions


# 8. loaded questions, 9. anecdotes -----------------------------------------------------------------------


def test_a_question_that_presupposes_benefit_is_a_claim(context):
    claim = review_text(
        "Why has ketamine proven effective where other antidepressants failed?", context
    ).claims[0]
    assert flagged(claim)
    assert any("presupposes" in r for r in claim.reasons)


def test_an_anecdote_is_named_as_patient_experience(context):
    claim = review_text("Our patients tell us ketamine cures their depression.", context).claims[0]
    assert flagged(claim) and claim.anecdote
    assert any("patient experience" in r and "Our patients tell" in r for r in claim.reasons)


def test_one_persons_account_of_their_own_experience_is_not_an_overclaim(context):
    claim = review_text("After my third ketamine infusion I slept through the night.", context).claims
    assert all(c.verdict is Verdict.SUPPORTED for c in claim)


# 10. the question and outcome a claim is about ---------------------------------------------------------


def test_an_iv_claim_is_judged_on_iv_trials_not_on_the_esketamine_spray(context):
    claim = review_text("IV ketamine may help treatment-resistant depression.", context).claims[0]
    assert all("IV ketamine" in m for m in claim.matched)
    spray = review_text("Esketamine nasal spray may help treatment-resistant depression.", context).claims[0]
    assert spray.verdict is Verdict.SUPPORTED
    assert all("Esketamine nasal spray" in m for m in spray.matched)


def test_a_claim_of_lasting_benefit_does_not_pass_on_24_hour_results(context):
    claim = review_text("IV ketamine gives lasting relief from suicidal thoughts.", context).claims[0]
    assert claim.verdict is Verdict.OVERSTATED
    assert any("lasting" in r for r in claim.reasons)


def test_every_flagged_claim_gets_a_rewording_built_from_the_matched_question(context):
    claim = review_text("Ketamine infusions cure depression in hours.", context).claims[0]
    assert flagged(claim)
    assert "24 hours" in claim.suggestion and "IV ketamine" in claim.suggestion
    assert "very uncertain" in claim.suggestion or "may improve" in claim.suggestion
    assert claim.triggers  # the words that made it a claim are named


# verdict precedence ----------------------------------------------------------------------------------


def test_a_citation_problem_outranks_an_overstatement_and_unsupported_outranks_overstated(context):
    both = review_text("Ketamine cures fibromyalgia (PMID 99999999).", context).claims[0]
    assert both.verdict is Verdict.CITATION_PROBLEM
    mixed = review_text("Ketamine is proven to cure depression and ME/CFS.", context).claims[0]
    assert mixed.verdict is Verdict.UNSUPPORTED  # ME/CFS has no direct evidence; depression is overstated
