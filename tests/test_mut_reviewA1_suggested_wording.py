"""What claim review tells a writer to say instead, and how it describes a claim and its sources.

The suggested wording is the sentence a writer copies into the page, so these pin it word for word for
each way a condition's evidence can stand: its grade, evidence that shows no benefit, benefit shown only
at earlier time points, a brain mechanism, a problem with a cited PMID, an approval. The grades are fixed
as in tests/test_review.py, on the same small invented base, so these test the wording, not the grading.
"""

from __future__ import annotations

import pytest

from evidence.review import ReviewContext, Verdict, review_text

from .test_review import graded_context


@pytest.fixture(scope="module")
def context() -> ReviewContext:
    return graded_context()


# -- a problem with a cited PMID -------------------------------------------------------------------------


def test_a_citation_problem_asks_to_check_each_problem_pmid_once_and_no_other(context):
    """11111111 is in the base and cited correctly: the writer is not sent to check it."""
    (claim,) = review_text(
        "Ketamine cures fibromyalgia (PMID 11111111, PMID 99999999, PMID 88888888, PMID 99999999).", context
    ).claims
    assert claim.verdict is Verdict.CITATION_PROBLEM
    assert claim.suggestion == (
        "Ketamine may help some people with fibromyalgia, but the evidence is of low certainty and the benefit is"
        " uncertain. Check the reference (PMID 99999999, 88888888) on PubMed and cite it as the evidence base records it,"
        " or add it to the base first."
    )


def test_a_citation_alone_with_no_problem_needs_no_rewording(context):
    (claim,) = review_text("See PMID 11111111.", context).claims
    assert (claim.verdict, claim.suggestion) == (Verdict.SUPPORTED, "")
