"""A condition's grades: one per clinical question, and a headline from its primary question.

A condition's headline grade is the certainty of its primary question's critical outcome (the
curator marks the primary question and says why); the other questions are always listed with it.
A condition with no curated question is not graded: its sources are still counted and shown, but
a certainty pooled across interventions, comparators and time points is what GRADE never does.
Guideline and regulatory positions are shown beside the grade; a regulatory approval is a
position, not a certainty level.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import UnknownCondition
from ..loading import EvidenceBase
from ..models import Condition, Design, Direction, Grade, GradeOverride, Source, Stance
from ..pubmed import PubmedRecord
from .adjustment import Adjustment
from .body import counted_reason
from .outcome import FAVOURS_COMPARATOR, FAVOURS_KETAMINE, NO_CLEAR_DIFFERENCE, QuestionGrade, grade_question

# What a position implies about certainty when the document states none. A regulator approves
# only on adequate and well-controlled trials, and a guideline that recommends without caveat
# has judged the evidence at least moderate; a conditional recommendation usually rests on low
# certainty. "Against" and "not approved" are judgements of benefit, harm or cost, not of
# certainty, so they imply no grade and are never called a disagreement.
IMPLIED_GRADE_OF_STANCE: dict[Stance, Grade | None] = {
    Stance.SUPPORTS: Grade.MODERATE,
    Stance.APPROVED: Grade.MODERATE,
    Stance.CONDITIONAL: Grade.LOW,
    Stance.INSUFFICIENT_EVIDENCE: Grade.VERY_LOW,
    Stance.AGAINST: None,
    Stance.NOT_APPROVED: None,
}


@dataclass(frozen=True)
class GuidelinePosition:
    """A guideline's, consensus statement's or regulator's position, beside the headline grade."""

    source_key: str
    title: str
    year: int
    stance: Stance
    certainty: str | None
    statement: str
    implied_grade: Grade | None
    disagreement: str | None
    verified: bool = True
    link: str | None = None

    def as_dict(self) -> dict:
        return {
            "source": self.source_key,
            "title": self.title,
            "year": self.year,
            "stance": self.stance.value,
            "certainty": self.certainty,
            "statement": self.statement,
            "implied_grade": self.implied_grade.value if self.implied_grade else None,
            "disagreement": self.disagreement,
            "verified": self.verified,
            "link": self.link,
        }


@dataclass(frozen=True)
class GradeCounts:
    """What the condition's curated studies hold (direct ones, or indirect when there are none)."""

    sources: int  # counted sources bearing on the condition, direct and indirect
    by_design: dict[str, int]
    randomised_trials: int
    participants_randomised: int  # distinct: a source sharing participants with another adds none
    directions: dict[str, int]
    direct: int
    indirect: int

    def as_dict(self) -> dict:
        return {
            "sources": self.sources,
            "by_design": dict(self.by_design),
            "randomised_trials": self.randomised_trials,
            "participants_randomised": self.participants_randomised,
            "directions": dict(self.directions),
            "direct": self.direct,
            "indirect": self.indirect,
        }


@dataclass(frozen=True)
class ConditionGrade:
    """A condition's headline grade, its questions' grades, and everything shown beside them."""

    condition: str
    question: str  # "benefit" or "harm"
    grade: Grade  # the override if any, else the headline
    computed_grade: Grade  # the primary question's certainty
    starting_level: Grade
    starting_reason: str
    adjustments: tuple[Adjustment, ...]  # of the headline outcome
    counts: GradeCounts
    guideline_positions: tuple[GuidelinePosition, ...]
    override: GradeOverride | None
    excluded: tuple[tuple[str, str], ...]
    name: str = ""
    graded_on: str = "none"  # "direct", "indirect" or "none"
    starting_sources: tuple[str, ...] = ()
    grade_if_unverified_counted: Grade | None = None
    evidence_direction: str | None = None  # a Direction value, from the headline outcome
    questions: tuple[QuestionGrade, ...] = ()

    @property
    def is_overridden(self) -> bool:
        return self.override is not None

    @property
    def disagreements(self) -> tuple[GuidelinePosition, ...]:
        return tuple(p for p in self.guideline_positions if p.disagreement)

    @property
    def primary(self) -> QuestionGrade | None:
        return next((q for q in self.questions if q.question.primary), None)

    def as_dict(self) -> dict:
        primary = self.primary
        return {
            "condition": self.condition,
            "name": self.name,
            "question": self.question,
            "grade": self.grade.value,
            "computed_grade": self.computed_grade.value,
            "starting_level": self.starting_level.value,
            "starting_reason": self.starting_reason,
            "starting_sources": list(self.starting_sources),
            "adjustments": [a.as_dict() for a in self.adjustments],
            "counts": self.counts.as_dict(),
            "guideline_positions": [p.as_dict() for p in self.guideline_positions],
            "override": (
                {
                    "grade": self.override.grade.value,
                    "rationale": self.override.rationale,
                    "curator": self.override.curator,
                }
                if self.override
                else None
            ),
            "graded_on": self.graded_on,
            "evidence_direction": self.evidence_direction,
            "excluded": [{"source": key, "reason": why} for key, why in self.excluded],
            "grade_if_unverified_counted": (
                self.grade_if_unverified_counted.value if self.grade_if_unverified_counted else None
            ),
            "headline_question": primary.id if primary else None,
            "questions": [q.as_dict() for q in self.questions],
        }


def grade_condition(
    base: EvidenceBase, slug: str, records: Mapping[int, PubmedRecord] | None = None
) -> ConditionGrade:
    """Grade one condition of ``base``; PubMed ``records`` (by PMID) add retractions."""
    condition = base.condition_by_slug.get(slug)
    if condition is None:
        raise UnknownCondition(slug, [c.slug for c in base.conditions])
    records = records or {}
    return _grade(
        base,
        condition,
        base.sources_for(slug),
        _position_sources(base, slug),
        records,
        _reasons(base, records),
    )


def grade_all(base: EvidenceBase, records: Mapping[int, PubmedRecord] | None = None) -> list[ConditionGrade]:
    """Grade every condition, in the order of conditions.yaml."""
    records = records or {}
    bearing: dict[str, list[Source]] = {}
    positions: dict[str, list[Source]] = {}
    for source in base.sources:
        for slug in dict.fromkeys(source.conditions + source.indirect_conditions):
            bearing.setdefault(slug, []).append(source)
        for slug in dict.fromkeys(p.condition for p in source.positions):
            positions.setdefault(slug, []).append(source)
    reasons = _reasons(base, records)
    return [
        _grade(base, c, bearing.get(c.slug, ()), positions.get(c.slug, ()), records, reasons)
        for c in base.conditions
    ]


def _reasons(base: EvidenceBase, records: Mapping[int, PubmedRecord]) -> dict[str, str | None]:
    """Why each source does not count (None when it does), worked out once per grading run."""
    return {s.key: counted_reason(s, records) for s in base.sources}


def _position_sources(base: EvidenceBase, slug: str) -> tuple[Source, ...]:
    return tuple(s for s in base.sources if any(p.condition == slug for p in s.positions))


def _grade(
    base: EvidenceBase,
    condition: Condition,
    bearing: Sequence[Source],
    position_sources: Sequence[Source],
    records: Mapping[int, PubmedRecord],
    reasons: Mapping[str, str | None],
) -> ConditionGrade:
    slug = condition.slug
    bearing = sorted(bearing, key=lambda s: s.key)
    excluded = tuple(
        sorted({s.key: reasons[s.key] for s in [*bearing, *position_sources] if reasons.get(s.key)}.items())
    )
    excluded_keys = {key for key, _ in excluded}
    counted = [s for s in bearing if s.key not in excluded_keys]
    sources = base.source_by_key
    questions = tuple(grade_question(q, sources, records, reasons=reasons) for q in base.questions_for(slug))
    primary = next((q for q in questions if q.question.primary), questions[0] if questions else None)
    headline = primary.headline if primary else None

    if_verified = None
    if any(why.startswith("unverified") for _, why in excluded) and primary is not None:
        again = grade_question(primary.question, sources, records, count_unverified=True, reasons=reasons)
        if again.certainty is not primary.certainty:
            if_verified = again.certainty

    if headline is not None:
        computed = primary.certainty
        start, start_reason = headline.start, headline.start_reason
        adjustments = headline.adjustments
        start_sources = tuple(sorted({r.key for r in headline.results}))
        graded_on = "indirect" if all(r.indirect_population for r in headline.results) else "direct"
        direction = _condition_direction(headline.direction, condition.question)
    else:
        computed = Grade.INSUFFICIENT
        start = Grade.INSUFFICIENT
        start_reason = (
            "Not graded: no clinical question is curated for this condition (data/questions/)."
            if not questions
            else f"Not graded: no counted finding for a critical outcome of '{primary.id}'."
        )
        adjustments, start_sources, graded_on, direction = (), (), "none", None
    counts = _counts(slug, counted)
    override = condition.grade_override
    positions = _positions(slug, position_sources, computed, records)
    return ConditionGrade(
        condition=slug,
        question=condition.question,
        grade=override.grade if override else computed,
        computed_grade=computed,
        starting_level=start,
        starting_reason=start_reason,
        adjustments=adjustments,
        counts=counts,
        guideline_positions=positions,
        override=override,
        excluded=excluded,
        name=condition.name,
        graded_on=graded_on,
        starting_sources=start_sources,
        grade_if_unverified_counted=if_verified,
        evidence_direction=direction,
        questions=questions,
    )


def _condition_direction(direction: str | None, kind: str) -> str | None:
    """The headline outcome's direction in the condition-level vocabulary (Direction values)."""
    if direction is None:
        return None
    if kind == "harm":
        return Direction.HARM.value if direction == FAVOURS_COMPARATOR else Direction.NO_CLEAR_BENEFIT.value
    if direction == FAVOURS_KETAMINE:
        return Direction.BENEFIT.value
    assert direction in (NO_CLEAR_DIFFERENCE, FAVOURS_COMPARATOR)
    return Direction.NO_CLEAR_BENEFIT.value


def _counts(slug: str, counted: Sequence[Source]) -> GradeCounts:
    direct = [s for s in counted if slug in s.conditions]
    indirect = [s for s in counted if slug not in s.conditions]
    body = direct or indirect
    designs = Counter(s.design for s in body)
    directions = Counter(s.direction.value if s.direction else "not_stated" for s in body)
    trials = [s for s in body if s.design.is_randomised]
    keys = {s.key for s in trials}
    # a trial that reports participants another counted trial already reports adds none
    distinct = [s for s in trials if not any(k in keys for k in s.shares_participants_with)]
    return GradeCounts(
        sources=len(counted),
        by_design={d.value: designs[d] for d in Design if designs[d]},
        randomised_trials=len(trials),
        participants_randomised=sum(s.participants or 0 for s in distinct),
        directions={d: directions[d] for d in [*(x.value for x in Direction), "not_stated"] if directions[d]},
        direct=len(direct),
        indirect=len(indirect),
    )


def _positions(
    slug: str, position_sources: Sequence[Source], computed: Grade, records: Mapping[int, PubmedRecord]
) -> tuple[GuidelinePosition, ...]:
    found = []
    for source in position_sources:
        why = counted_reason(source, records)
        if why and why.startswith("retracted"):
            continue
        for position in source.positions:
            if position.condition != slug:
                continue
            implied = (
                Grade(position.certainty) if position.certainty else IMPLIED_GRADE_OF_STANCE[position.stance]
            )
            found.append(
                GuidelinePosition(
                    source_key=source.key,
                    title=source.title,
                    year=source.year,
                    stance=position.stance,
                    certainty=position.certainty,
                    statement=position.statement,
                    implied_grade=implied,
                    disagreement=_disagreement(
                        source, position.stance, implied, position.certainty, computed
                    ),
                    verified=source.verified,
                    link=source.link,
                )
            )
    return tuple(sorted(found, key=lambda p: (-p.year, p.source_key, p.stance.value)))


def _disagreement(
    source: Source, stance: Stance, implied: Grade | None, stated: str | None, computed: Grade
) -> str | None:
    """A sentence when the headline differs from a position's certainty by more than one level."""
    if implied is None or computed is Grade.INSUFFICIENT or abs(computed.rank - implied.rank) <= 1:
        return None
    gap = abs(computed.rank - implied.rank)
    basis = "states" if stated else "implies"
    text = (
        f"The headline grade ({computed.label.lower()}) is {gap} levels "
        f"{'below' if computed.rank < implied.rank else 'above'} the {implied.label.lower()} certainty this "
        f"{source.design.label.lower()} ({source.year}) {basis}."
    )
    if stance is Stance.APPROVED:
        text += " An approval is a regulator's position on benefit and risk, not a certainty rating."
    elif not stated:
        text += " The document states no certainty of its own; the level is read from its stance."
    return text
