"""Where one claim ends and the next begins (evidence/claims.py): the clause an approval speaks of, the
reach of a denial, of a negation written after its words and of a hedge. Language only, except the
few tests that show the verdict a reader gets from it."""

from __future__ import annotations

import pytest

from evidence.claims import assess
from evidence.loading import SHIPPED_DATA_DIR
from evidence.review import ReviewContext, Verdict, load_review_context, review_text


@pytest.fixture(scope="module")
def shipped() -> ReviewContext:
    return load_review_context(SHIPPED_DATA_DIR)


# -- the clause of an approval claim ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "routes"),
    [
        # a route in an earlier clause, ended by ';' or ':', is not the approval's
        ("Clinics now offer lozenges; ketamine is approved as an anaesthetic.", set()),
        ("Clinics now offer lozenges: ketamine is approved as an anaesthetic.", set()),
        # only the last ';' or ':' before the approval opens its clause
        (
            "Clinics offer lozenges; infusions are common; ketamine nasal spray is approved as an anaesthetic.",
            {"intranasal"},
        ),
        ("Fact check: clinics sell nasal sprays: ketamine is the approved anaesthetic.", set()),
        # a ';' after the approval ends its clause; a ':' after it goes on to say what was approved
        (
            "Ketamine nasal spray is FDA-approved as an anaesthetic; clinics offer IV infusions.",
            {"intranasal"},
        ),
        ("Ketamine nasal spray is FDA-approved for one use: anaesthesia.", {"intranasal"}),
        ("Ketamine is FDA-approved for one use: anaesthesia given IV or as an injection.", {"iv", "im"}),
        ("Lozenges of ketamine are approved as an anaesthetic.", {"sublingual"}),
        # a route named before a turn to another subject is not the approval's either
        ("Clinics now offer lozenges, but ketamine is approved as an anaesthetic.", set()),
        ("Clinics now offer lozenges while ketamine is approved as an anaesthetic.", set()),
    ],
)
def test_the_routes_of_an_approval_are_those_named_in_its_own_clause(sentence, routes):
    assertion = assess(sentence)
    assert assertion.claims_approval
    assert assertion.approval_routes == routes


@pytest.mark.parametrize(
    "sentence",
    [
        "Clinics now offer lozenges; ketamine is approved as an anaesthetic.",
        "Clinics now offer lozenges, but ketamine is approved as an anaesthetic.",
        "Fact check: clinics sell nasal sprays: ketamine is the approved anaesthetic.",
    ],
)
def test_an_anaesthetic_approval_stands_beside_a_route_of_off_label_use_named_before_it(shipped, sentence):
    (claim,) = review_text(sentence, shipped).claims
    assert claim.verdict is Verdict.SUPPORTED
    assert claim.reasons[-1].startswith("regulatory: on record (FDA 1970: IV or intramuscular ketamine")


@pytest.mark.parametrize(
    ("sentence", "route"),
    [
        ("Ketamine nasal spray is FDA-approved for one use: anaesthesia.", "intranasal"),
        (
            "Clinics offer lozenges; infusions are common; ketamine nasal spray is approved as an anaesthetic.",
            "intranasal",
        ),
    ],
)
def test_an_anaesthetic_approval_claimed_for_the_route_in_its_own_clause_is_overstated(
    shipped, sentence, route
):
    (claim,) = review_text(sentence, shipped).claims
    assert claim.verdict is Verdict.OVERSTATED
    assert claim.reasons[-1].startswith(
        f"regulatory: no approval of {route} ketamine for anaesthesia is on record; the approvals on record"
        " for it are FDA 1970: IV or intramuscular ketamine"
    )
