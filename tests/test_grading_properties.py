"""Properties every question-level grade keeps, whatever the evidence looks like (hypothesis)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.grading import grade_question
from evidence.models import Blinding, Design, Grade, PublishedCertainty

from .grading_helpers import finding, outcome, question, source

STUDY_DESIGNS = [Design.RCT, Design.CROSSOVER_RCT, Design.COHORT, Design.CASE_SERIES, Design.META_ANALYSIS]
COMPARATORS = ["inert_placebo", "active_placebo", "active_treatment", "usual_care", "no_control"]
OUTCOMES = (outcome("response"), outcome("relapse", favours="lower"), outcome("dropouts", critical=False))

PROPERTY = settings(
    max_examples=int(os.environ.get("GRADING_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def a_source(draw, key: str):
    design = draw(st.sampled_from(STUDY_DESIGNS))
    return source(
        key,
        design,
        participants=None,
        blinding=draw(st.none() | st.sampled_from(list(Blinding))),
        verified=draw(st.booleans()),
        title="A meta-analysis of randomised controlled trials" if design is Design.META_ANALYSIS else None,
        design_features=tuple(
            draw(st.sets(st.sampled_from(["early_stopping", "high_attrition", "enriched_responders"])))
        ),
        funding=draw(st.none() | st.sampled_from(["industry", "public"])),
    )


@st.composite
def a_finding(draw, key: str):
    oid = draw(st.sampled_from([o.id for o in OUTCOMES]))
    n_k, n_c = draw(st.integers(1, 600)), draw(st.integers(1, 600))
    kind = draw(st.sampled_from(["ratio", "events", "significance"]))
    fields: dict = {"n_ketamine": n_k, "n_control": n_c}
    if kind == "ratio":
        low = draw(st.floats(0.1, 3.0))
        width = draw(st.floats(1.05, 6.0))
        high = low * width
        est = draw(st.floats(low, high))
        fields |= {"measure": "rr", "estimate": est, "ci_low": low, "ci_high": high}
    elif kind == "events":
        fields |= {"measure": "proportions", "events_ketamine": draw(st.integers(0, n_k)),
                   "events_control": draw(st.integers(0, n_c))}  # fmt: skip
    else:
        significant = draw(st.booleans())
        fields |= {"significant": significant}
        if significant:
            fields["favours"] = draw(st.sampled_from(["ketamine", "comparator"]))
    return finding(key, oid, **fields)


@st.composite
def evidence(draw, max_sources: int = 6):
    count = draw(st.integers(0, max_sources))
    sources = [draw(a_source(f"s{i}")) for i in range(count)]
    findings = [draw(a_finding(s.key)) for s in sources for _ in range(draw(st.integers(1, 2)))]
    comparator = draw(st.sampled_from(COMPARATORS))
    return sources, findings, comparator


def graded(sources, findings, comparator, **kwargs):
    q = question(*findings, outcomes=OUTCOMES, comparator=comparator, **kwargs)
    return grade_question(q, {s.key: s for s in sources}, {})


@PROPERTY
@given(body=evidence(), data=st.data())
def test_grading_is_deterministic_and_ignores_the_order_of_findings(body, data):
    sources, findings, comparator = body
    first = graded(sources, findings, comparator)
    shuffled = data.draw(st.permutations(findings))
    assert first == graded(sources, findings, comparator)
    again = graded(list(reversed(sources)), shuffled, comparator)
    assert [(o.certainty, o.n_participants, o.direction) for o in again.outcomes] == [
        (o.certainty, o.n_participants, o.direction) for o in first.outcomes
    ]
    assert [[a.effect for a in o.adjustments] for o in again.outcomes] == [
        [a.effect for a in o.adjustments] for o in first.outcomes
    ]


@PROPERTY
@given(body=evidence(), data=st.data())
def test_linking_a_duplicate_participant_source_never_raises_a_count(body, data):
    sources, findings, comparator = body
    if len(sources) < 2:
        return
    a, b = data.draw(st.permutations(sources))[:2]
    linked = [
        s.model_copy(update={"shares_participants_with": (a.key,)}) if s.key == b.key else s for s in sources
    ]
    before = graded(sources, findings, comparator)
    after = graded(linked, findings, comparator)
    for x, y in zip(before.outcomes, after.outcomes, strict=True):
        assert (y.n_participants or 0) <= (x.n_participants or 0)
        assert y.n_studies <= x.n_studies


@PROPERTY
@given(body=evidence(), other=evidence())
def test_a_finding_never_moves_into_a_question_it_does_not_belong_to(body, other):
    sources, findings, comparator = body
    other_sources, other_findings, _ = other
    renamed = [s.model_copy(update={"id": f"x{s.id}"}) for s in other_sources]
    alone = graded(sources, findings, comparator)
    q_other = question(
        *[f.model_copy(update={"source": f"x{f.source}"}) for f in other_findings],
        outcomes=OUTCOMES,
        qid="other",
        primary=False,
    )
    everything = {s.key: s for s in [*sources, *renamed]}
    grade_question(q_other, everything, {})
    together = grade_question(question(*findings, outcomes=OUTCOMES, comparator=comparator), everything, {})
    assert together == alone


@PROPERTY
@given(body=evidence(), data=st.data())
def test_a_retracted_source_counts_as_if_it_were_not_there(body, data):
    sources, findings, comparator = body
    if not sources:
        return
    gone = data.draw(st.sampled_from(sources))
    retracted = [s.model_copy(update={"retracted": True}) if s.key == gone.key else s for s in sources]
    without = [f for f in findings if f.source != gone.key]
    a = graded(retracted, findings, comparator)
    b = graded([s for s in sources if s.key != gone.key], without, comparator)
    assert [(o.certainty, o.n_participants) for o in a.outcomes] == [
        (o.certainty, o.n_participants) for o in b.outcomes
    ]


@PROPERTY
@given(body=evidence(), rating=st.sampled_from(["very_low", "low", "moderate", "high"]))
def test_never_above_a_verified_published_grade_rating_of_the_same_outcome(body, rating):
    sources, findings, comparator = body
    review = source("rev", Design.META_ANALYSIS, title="A Cochrane review")
    published = (PublishedCertainty(source="rev", outcome="response", rating=rating, scale="GRADE", grade=rating,
                                    read_on="https://example.org/sof"),)  # fmt: skip
    result = graded([*sources, review], findings, comparator, published=published)
    response = next(o for o in result.outcomes if o.outcome.id == "response")
    assert response.certainty.rank <= Grade(rating).rank


@PROPERTY
@given(body=evidence())
def test_every_graded_outcome_explains_itself_in_every_domain(body):
    result = graded(*body)
    for o in result.outcomes:
        if o.certainty is Grade.INSUFFICIENT:
            assert not o.results
            continue
        domains = {a.domain for a in o.adjustments}
        assert {"risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias"} <= domains
        assert all(a.reason and a.rule for a in o.adjustments)
        assert o.start_reason
        assert o.certainty.rank == max(1, min(4, o.start.rank + sum(a.effect for a in o.adjustments)))
