"""Properties every grade must keep, whatever the evidence base looks like (hypothesis)."""

from __future__ import annotations

import os
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.grading import grade_all, grade_condition
from evidence.models import Blinding, Design, Direction, Grade

from .grading_helpers import RELATED, SLUG, base, source

STUDY_DESIGNS = [d for d in Design if not d.is_position]
REVIEW_TITLES = ["A meta-analysis of randomised controlled trials", "A systematic review of ketamine"]

# the properties are cheap to check; enough examples to reach the rarer branches
PROPERTY = settings(
    max_examples=int(os.environ.get("GRADING_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def study(draw, key: str, *, about=(SLUG,)):
    design = draw(st.sampled_from(STUDY_DESIGNS))
    direct = draw(st.booleans())
    slug = draw(st.sampled_from(about))
    other = RELATED if slug == SLUG else SLUG
    return source(
        key,
        design,
        conditions=(slug,) if direct else (other,),
        indirect=() if direct else (slug,),
        participants=draw(st.none() | st.integers(0, 1500)),
        blinding=draw(st.none() | st.sampled_from(list(Blinding))),
        direction=draw(st.none() | st.sampled_from(list(Direction))),
        verified=draw(st.booleans()),
        title=draw(st.sampled_from(REVIEW_TITLES))
        if design in (Design.META_ANALYSIS, Design.SYSTEMATIC_REVIEW)
        else None,
        year=draw(st.integers(1995, 2025)),
    )


@st.composite
def evidence(draw, max_sources: int = 8, about=(SLUG,)):
    count = draw(st.integers(0, max_sources))
    return [draw(study(f"s{i}", about=about)) for i in range(count)]


@PROPERTY
@given(sources=evidence(), data=st.data())
def test_grading_is_deterministic_and_ignores_the_order_of_sources(sources, data):
    shuffled = data.draw(st.permutations(sources))
    first = grade_condition(base(*sources), SLUG)
    assert first == grade_condition(base(*sources), SLUG)
    assert first == grade_condition(base(*shuffled), SLUG)


@PROPERTY
@given(sources=evidence(about=(SLUG, RELATED)))
def test_removing_every_source_on_the_condition_gives_insufficient(sources):
    remaining = [s for s in sources if not s.bears_on(SLUG)]
    result = grade_condition(base(*remaining), SLUG)
    assert result.grade is Grade.INSUFFICIENT
    assert result.counts.sources == 0
    assert all(g.grade is Grade.INSUFFICIENT for g in grade_all(base()))


@PROPERTY
@given(sources=evidence(), retracted=study("withdrawn"))
def test_a_retracted_source_changes_nothing(sources, retracted):
    before = grade_condition(base(*sources), SLUG)
    after = grade_condition(base(*sources, replace_retracted(retracted)), SLUG)
    assert after.grade is before.grade
    assert after.adjustments == before.adjustments
    assert after.counts == before.counts
    assert after.guideline_positions == before.guideline_positions
    assert ("withdrawn", "retracted (curated flag): never counted") in after.excluded


def replace_retracted(source):
    return source.model_copy(update={"retracted": True})


@PROPERTY
@given(
    sources=evidence(),
    direction=st.sampled_from(list(Direction)),
    design=st.sampled_from([Design.RCT, Design.CROSSOVER_RCT]),
    participants=st.none() | st.integers(0, 1500),
)
def test_adding_a_randomised_trial_that_agrees_with_the_others_never_lowers_the_grade(
    sources, direction, design, participants
):
    # make every randomised trial already there point the same way as the new one
    agreeing = [
        s.model_copy(update={"direction": direction}) if s.design.is_randomised else s for s in sources
    ]
    new_trial = source(
        "new-trial", design, participants=participants, blinding=Blinding.DOUBLE_BLIND, direction=direction
    )
    before = grade_condition(base(*agreeing), SLUG)
    after = grade_condition(base(*agreeing, new_trial), SLUG)
    assert after.computed_grade.rank >= before.computed_grade.rank, (before.as_dict(), after.as_dict())


@PROPERTY
@given(sources=evidence())
def test_every_grade_explains_itself(sources):
    result = grade_condition(base(*sources), SLUG)
    floor = Grade.VERY_LOW.rank if result.starting_level is not Grade.INSUFFICIENT else 0
    expected = max(floor, result.starting_level.rank + sum(a.effect for a in result.adjustments))
    assert result.computed_grade.rank == expected
    for adjustment in result.adjustments:
        assert adjustment.reason
        if adjustment.effect:
            assert adjustment.sources, adjustment
    assert replace(result, override=None).as_dict()["grade"] == result.grade.value
