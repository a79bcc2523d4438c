"""Grades the certainty of the evidence per condition, with every step of the reasoning kept.

The rules (``GRADING_RULES``) are GRADE's, made mechanical enough to run on curated data:
a starting level from the best direct evidence, then downgrades by domain, each naming the
sources behind it. A curator may override the result, with a written rationale; published
guideline and regulatory positions are shown beside the grade and compared with it.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .errors import EvidenceError
from .hierarchy import HIERARCHY, REVIEW_DESIGNS, is_review_of_randomised_trials
from .hierarchy import design_disagreements as _design_disagreements
from .loading import EvidenceBase, load_evidence
from .models import Blinding, Condition, Design, Direction, Grade, GradeOverride, Source, Stance
from .pubmed import PubmedRecord

# -- the rules' thresholds, named once so the code and the documented text cannot drift ----------

PARTICIPANTS_FOR_HIGH = 400  # below this, randomised evidence is at most moderate (imprecision)
PARTICIPANTS_FOR_MODERATE = 100  # below this, at most low
RISK_OF_BIAS_SHARE = 0.5  # more than this share of randomised participants not double-blind: -1
INCONSISTENCY_SHARE = 1 / 3  # at least this share pointing away from the body of evidence: -1

LOW_START_DESIGNS = frozenset(
    {Design.NON_RANDOMISED_CONTROLLED, Design.COHORT, Design.CASE_CONTROL, Design.OPEN_LABEL_TRIAL}
)
VERY_LOW_START_DESIGNS = frozenset(
    {Design.CASE_SERIES, Design.CASE_REPORT, Design.SURVEY, Design.NARRATIVE_REVIEW}
)

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

POSITION_DESIGNS = frozenset(d for d in Design if d.is_position)
RANDOMISED_DESIGNS = frozenset(d for d in Design if d.is_randomised)

DOMAINS = ("publication_type", "risk_of_bias", "inconsistency", "imprecision", "indirectness")


def _rules_text() -> str:
    levels = "\n".join(f"{level.level}. {level.name}: {level.designs}." for level in HIERARCHY)
    return f"""\
## How a grade is reached

One grade per condition, in GRADE's four levels plus one: **high**, **moderate**, **low**,
**very low**, and **insufficient** (no direct evidence at all).

### Which sources count
- Retracted sources never count (the curated `retracted` flag, or PubMed's retraction flag when the
  record is cached).
- Unverified sources (`verified: false`: a citation no one has yet matched to a page showing its
  PubMed record) do not count: a grade a clinician relies on must rest on papers someone has
  checked. They are listed beside the grade, with the grade they would give if verified.
- Guidelines, consensus statements and regulatory decisions are positions on the evidence, not
  studies: they are shown beside the grade and never counted.
- A source listed under `indirect_conditions` is indirect evidence: it is used only when a
  condition has no direct evidence at all.

### Design hierarchy (in the spirit of the Oxford CEBM 2011 levels)
{levels}
A review counts as a review of randomised trials when its title says so (randomised, RCTs,
controlled trials, placebo) or it is a Cochrane review; otherwise it sits at level 3.

### Starting level, from the best direct evidence
- **High**: a systematic review or meta-analysis of randomised trials, or two or more
  randomised trials (if they point different ways, the inconsistency downgrade below applies,
  so only trials pointing the same way keep the high start).
- **Moderate**: a single randomised trial.
- **Low**: non-randomised controlled studies, cohort and case-control studies, open-label
  trials, and reviews not shown to be of randomised trials.
- **Very low**: case series, case reports, surveys, expert opinion and narrative reviews.
- **Insufficient**: no direct evidence.

### Downgrades (each names its sources; effect 0 means the domain was checked and passed)
- **Risk of bias** (randomised evidence): -1 when more than {RISK_OF_BIAS_SHARE:.0%} of the randomised
  participants were in trials not shown to be double-blind (open-label, single-blind, or
  blinding not recorded). Trials are weighed by participants; by count when no size is
  recorded. When the randomised evidence is only reviews, with no trial curated, risk of bias
  cannot be checked and the grade takes -1: it cannot show that the trials were sound.
- **Inconsistency**: -1 when at least a third of the trials, or of their participants, point
  another way than the body of evidence (the direction holding the most participants; mixed
  results point another way). Judged on the randomised trials; on the reviews of randomised
  trials when fewer than two trials state a direction; on the studies that set a low or very
  low start otherwise.
- **Imprecision** (randomised evidence): randomised participants in all are the larger of the
  curated trials' sum and the largest review of randomised trials (a review pools the same
  trials, so adding both would count people twice; taking the larger means a new trial never
  makes the evidence look smaller).
  Fewer than {PARTICIPANTS_FOR_HIGH}: at most moderate; fewer than {PARTICIPANTS_FOR_MODERATE}: at most low.
  Not recorded anywhere: at most low, like the smallest bodies (a missing count must not be
  kinder than a small one).
- **Publication type**: when cached PubMed publication types contradict the curated design of a
  source that sets the start, the start is recomputed without it and the difference is taken off.
- **Indirectness**: evidence only from related conditions (for example fibromyalgia trials offered
  for ME/CFS) is graded as above and then taken down to very low: indirect evidence never raises
  a grade above very low on its own.
- Downgrades add up, but a condition with counted evidence never falls below very low.

### What the evidence points to
A grade is the certainty of the evidence, whichever way it points: moderate certainty can be
moderate certainty of *no clear benefit*. Each grade therefore carries the direction of the
graded evidence (the direction holding the most participants among the sources judged for
inconsistency; `mixed` when the inconsistency downgrade applies; none when no source states a
direction). Only a grade whose direction is `benefit` supports saying that ketamine helps.

### Harms
The harms entry (`question: harm`) is graded on its own sources, separately from benefit: the
grade says how certain the evidence of harm is. The same hierarchy, starting levels, risk of
bias, imprecision and indirectness apply. Inconsistency is not judged for harms, because the
curated direction describes each study's primary outcome, not whether its harms agreed with
other studies. The direction shown for harms is the one most of the graded sources report (for
most trials it is their efficacy outcome, so participants do not weigh it; a tie goes to harm). No grade is ever raised, for harms or benefit (GRADE's upgrades for large effects
need effect sizes the curated data does not hold).

### Overrides and published positions
- A curator may override a grade in `conditions.yaml` (`grade_override`) only with a written
  rationale; the computed grade and the override are both shown, and the override is marked.
- Each guideline, consensus or regulatory position on the condition is shown beside the grade.
  Its implied certainty is the one it states; without one: supports or approved = moderate,
  conditional = low, insufficient evidence = very low; against and not approved imply none.
  Where the computed grade and the implied certainty differ by more than one level, the
  difference is reported with the reasons behind it.
"""


GRADING_RULES: str = _rules_text()


def grading_rules() -> str:
    """The documented grading rules as Markdown, for the README and the app."""
    return GRADING_RULES


# -- results ----------------------------------------------------------------------------


class UnknownCondition(EvidenceError):
    def __init__(self, slug: str, known: Sequence[str]):
        close = difflib.get_close_matches(slug, list(known), n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        super().__init__(f"unknown condition '{slug}'{hint} Known conditions: {', '.join(known)}")


@dataclass(frozen=True)
class Adjustment:
    """One GRADE domain's judgement: ``effect`` levels (negative = downgrade) and why."""

    domain: str
    effect: int
    reason: str
    sources: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "domain": self.domain,
            "effect": self.effect,
            "reason": self.reason,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class GuidelinePosition:
    """A guideline's, consensus statement's or regulator's position, beside the computed grade."""

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
    """What the grade rests on: the direct evidence, or the indirect when there is no direct."""

    sources: int  # counted sources bearing on the condition, direct and indirect
    by_design: dict[str, int]  # of the graded evidence, in the order of Design
    randomised_trials: int
    participants_randomised: int
    directions: dict[str, int]  # of the graded evidence; "not_stated" when a source gives none
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
    """The grade of one condition, with its full explanation."""

    condition: str
    question: str
    grade: Grade  # the override if any, else the computed grade
    computed_grade: Grade
    starting_level: Grade
    starting_reason: str
    adjustments: tuple[Adjustment, ...]
    counts: GradeCounts
    guideline_positions: tuple[GuidelinePosition, ...]
    override: GradeOverride | None
    excluded: tuple[tuple[str, str], ...]  # (source key, why it was not counted)
    name: str = ""
    graded_on: str = "none"  # "direct", "indirect" or "none"
    starting_sources: tuple[str, ...] = ()
    grade_if_unverified_counted: Grade | None = None  # only when unverified sources bear on it
    # which way the graded evidence points (a Direction value; "mixed" when inconsistent);
    # moderate certainty of no clear benefit is not support for a claim that ketamine works
    evidence_direction: str | None = None

    @property
    def is_overridden(self) -> bool:
        return self.override is not None

    @property
    def disagreements(self) -> tuple[GuidelinePosition, ...]:
        return tuple(p for p in self.guideline_positions if p.disagreement)

    def as_dict(self) -> dict:
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
        }


# -- grading ------------------------------------------------------------------------------


class _Fact:
    """One source with what grading asks of it worked out once (grading 10,000 sources stays fast)."""

    __slots__ = (
        "source", "key", "design", "participants", "blinding", "direction", "verified", "retracted",
        "pmid", "year", "conditions", "randomised", "rct_review", "position",
    )  # fmt: skip

    def __init__(self, source: Source):
        self.source = source
        self.key = source.key
        self.design = source.design
        self.participants = source.participants
        self.blinding = source.blinding
        self.direction = source.direction
        self.verified = source.verified
        self.retracted = source.retracted
        self.pmid = source.pmid
        self.year = source.year
        self.conditions = source.conditions
        self.randomised = source.design in RANDOMISED_DESIGNS
        self.rct_review = source.design in REVIEW_DESIGNS and is_review_of_randomised_trials(source)
        self.position = source.design in POSITION_DESIGNS

    def is_direct_for(self, slug: str) -> bool:
        return slug in self.conditions


def grade_condition(
    base: EvidenceBase, slug: str, records: Mapping[int, PubmedRecord] | None = None
) -> ConditionGrade:
    """Grade one condition of ``base``; PubMed ``records`` (by PMID) add retractions and types."""
    condition = base.condition_by_slug.get(slug)
    if condition is None:
        raise UnknownCondition(slug, [c.slug for c in base.conditions])
    bearing = [_Fact(s) for s in base.sources_for(slug)]
    return _grade(condition, bearing, _position_sources(base, slug), records or {})


def grade_all(base: EvidenceBase, records: Mapping[int, PubmedRecord] | None = None) -> list[ConditionGrade]:
    """Grade every condition, in the order of conditions.yaml."""
    records = records or {}
    by_condition = _index_sources(base)
    positions = _index_positions(base)
    return [
        _grade(c, tuple(by_condition.get(c.slug, ())), tuple(positions.get(c.slug, ())), records)
        for c in base.conditions
    ]


def design_disagreements(base: EvidenceBase, records: Mapping[int, PubmedRecord] | None = None) -> list:
    """Curated designs contradicted by cached PubMed publication types (for the data-quality page)."""
    return _design_disagreements(base.sources, records)


def _index_sources(base: EvidenceBase) -> dict[str, list[_Fact]]:
    """Sources by every condition they bear on, in one pass (grading 50 conditions stays linear)."""
    index: dict[str, list[_Fact]] = {}
    for source in base.sources:
        fact = _Fact(source)
        for slug in dict.fromkeys(source.conditions + source.indirect_conditions):
            index.setdefault(slug, []).append(fact)
    return index


def _index_positions(base: EvidenceBase) -> dict[str, list[Source]]:
    index: dict[str, list[Source]] = {}
    for source in base.sources:
        if not source.positions:
            continue
        for slug in dict.fromkeys(p.condition for p in source.positions):
            index.setdefault(slug, []).append(source)
    return index


def _position_sources(base: EvidenceBase, slug: str) -> tuple[Source, ...]:
    return tuple(s for s in base.sources if any(p.condition == slug for p in s.positions))


def _grade(
    condition: Condition,
    bearing: Iterable[_Fact],
    position_sources: Iterable[Source],
    records: Mapping[int, PubmedRecord],
) -> ConditionGrade:
    slug = condition.slug
    # sorting by key makes every result independent of the order sources were curated in
    bearing = sorted(bearing, key=lambda s: s.key)
    excluded = _excluded(bearing, position_sources, records)
    excluded_keys = {key for key, _ in excluded}
    counted = [s for s in bearing if s.key not in excluded_keys]
    assessment = _assess(condition, counted, records)

    unverified_present = any(why.startswith("unverified") for _, why in excluded)
    if_verified = None
    if unverified_present:
        retracted_or_position = {key for key, why in excluded if not why.startswith("unverified")}
        with_unverified = [s for s in bearing if s.key not in retracted_or_position]
        if_verified = _assess(condition, with_unverified, records).grade

    direct = [s for s in counted if s.is_direct_for(slug)]
    indirect = [s for s in counted if not s.is_direct_for(slug)]
    graded = assessment.body
    designs = Counter(s.design for s in graded)
    directions = Counter(s.direction.value if s.direction else "not_stated" for s in graded)
    counts = GradeCounts(
        sources=len(counted),
        by_design={d.value: designs[d] for d in Design if designs[d]},
        randomised_trials=sum(1 for s in graded if s.randomised),
        participants_randomised=assessment.participants_randomised,
        directions={d: directions[d] for d in [*(x.value for x in Direction), "not_stated"] if directions[d]},
        direct=len(direct),
        indirect=len(indirect),
    )
    positions = _positions(slug, position_sources, assessment, if_verified, counted, records)
    override = condition.grade_override
    return ConditionGrade(
        condition=slug,
        question=condition.question,
        grade=override.grade if override else assessment.grade,
        computed_grade=assessment.grade,
        starting_level=assessment.start,
        starting_reason=assessment.start_reason,
        adjustments=assessment.adjustments,
        counts=counts,
        guideline_positions=positions,
        override=override,
        excluded=excluded,
        name=condition.name,
        graded_on=assessment.graded_on,
        starting_sources=assessment.start_sources,
        grade_if_unverified_counted=if_verified,
        evidence_direction=assessment.direction,
    )


def _is_retracted(source: Source | _Fact, records: Mapping[int, PubmedRecord]) -> str | None:
    if source.retracted:
        return "retracted (curated flag): never counted"
    record = records.get(source.pmid) if source.pmid is not None else None
    if record is not None and record.retracted:
        return "retracted (PubMed marks it retracted): never counted"
    return None


def _excluded(
    bearing: Sequence[_Fact], position_sources: Iterable[Source], records: Mapping[int, PubmedRecord]
) -> tuple[tuple[str, str], ...]:
    reasons: dict[str, str] = {}
    for source in [*bearing, *position_sources]:
        retracted = _is_retracted(source, records)
        if retracted:
            reasons[source.key] = retracted
        elif source.design in POSITION_DESIGNS:
            reasons[source.key] = "position document: shown beside the grade, not counted as a study"
        elif not source.verified:
            reasons[source.key] = (
                "unverified citation: not counted until a curator confirms it on a page showing its PubMed record"
            )
    return tuple(sorted(reasons.items()))


# -- the assessment of one body of evidence ------------------------------------------------------


@dataclass(frozen=True)
class _Assessment:
    grade: Grade
    start: Grade
    start_reason: str
    start_sources: tuple[str, ...]
    adjustments: tuple[Adjustment, ...]
    body: tuple[_Fact, ...]
    participants_randomised: int
    graded_on: str
    direction: str | None = None


@dataclass(frozen=True)
class _Start:
    level: Grade
    reason: str
    sources: tuple[str, ...]


def _keys(sources: Iterable[_Fact]) -> tuple[str, ...]:
    return tuple(sorted(s.key for s in sources))


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _starting_level(body: Sequence[_Fact]) -> _Start:
    reviews = [s for s in body if s.rct_review]
    trials = [s for s in body if s.randomised]
    if reviews or len(trials) >= 2:
        parts = []
        if reviews:
            parts.append(_plural(len(reviews), "review") + " of randomised trials")
        if trials:
            parts.append(_plural(len(trials), "randomised trial"))
        return _Start(Grade.HIGH, "Starts high: " + " and ".join(parts) + ".", _keys(reviews + trials))
    if trials:
        return _Start(Grade.MODERATE, "Starts moderate: a single randomised trial.", _keys(trials))
    low = [s for s in body if s.design in LOW_START_DESIGNS or s.design in REVIEW_DESIGNS]
    if low:
        kinds = sorted({s.design.label.lower() for s in low})
        return _Start(
            Grade.LOW,
            f"Starts low: no randomised evidence; best is {_plural(len(low), 'controlled or open-label study', 'controlled or open-label studies')} or reviews not shown to be of randomised trials ({', '.join(kinds)}).",
            _keys(low),
        )
    very_low = [s for s in body if s.design in VERY_LOW_START_DESIGNS]
    if very_low:
        kinds = sorted({s.design.label.lower() for s in very_low})
        return _Start(
            Grade.VERY_LOW,
            f"Starts very low: only uncontrolled reports or opinion ({', '.join(kinds)}).",
            _keys(very_low),
        )
    return _Start(Grade.INSUFFICIENT, "Insufficient: no counted evidence on this condition.", ())


def _assess(
    condition: Condition, counted: Sequence[_Fact], records: Mapping[int, PubmedRecord]
) -> _Assessment:
    slug = condition.slug
    direct: list[_Fact] = []
    indirect: list[_Fact] = []
    for fact in counted:
        (direct if slug in fact.conditions else indirect).append(fact)
    direct, indirect = tuple(direct), tuple(indirect)
    if direct:
        return _assess_body(condition, direct, records, graded_on="direct", set_aside=indirect)
    if indirect:
        return _assess_indirect(condition, indirect, records)
    start = _starting_level(())
    return _Assessment(Grade.INSUFFICIENT, start.level, start.reason, (), (), (), 0, "none")


def _assess_indirect(
    condition: Condition, indirect: tuple[_Fact, ...], records: Mapping[int, PubmedRecord]
) -> _Assessment:
    inner = _assess_body(condition, indirect, records, graded_on="indirect", set_aside=())
    related = sorted({slug for s in indirect for slug in s.conditions})
    origin = f" (direct evidence for {', '.join(related)})" if related else ""
    cap = min(0, Grade.VERY_LOW.rank - inner.grade.rank)
    reason = (
        f"No direct evidence is counted; the only evidence is from related conditions{origin}. "
        "Indirect evidence never raises a grade above very low on its own"
        + (f", so the {inner.grade.label.lower()} it would earn is taken down to very low." if cap else ".")
    )
    indirectness = Adjustment("indirectness", cap, reason, _keys(indirect))
    return _Assessment(
        grade=Grade.from_rank(inner.grade.rank + cap),
        start=inner.start,
        start_reason=inner.start_reason.replace("Starts", "Indirect evidence starts", 1),
        start_sources=inner.start_sources,
        adjustments=(*inner.adjustments, indirectness),
        body=inner.body,
        participants_randomised=inner.participants_randomised,
        graded_on="indirect",
        direction=inner.direction,
    )


def _assess_body(
    condition: Condition,
    body: tuple[_Fact, ...],
    records: Mapping[int, PubmedRecord],
    *,
    graded_on: str,
    set_aside: tuple[_Fact, ...],
) -> _Assessment:
    start = _starting_level(body)
    trials = tuple(s for s in body if s.randomised)
    reviews = tuple(s for s in body if s.rct_review)
    participants, participants_known = _participants_randomised(trials, reviews)
    voters, which = _direction_voters(body, start, trials, reviews)
    # a harm trial's direction is usually its efficacy outcome; what the harms entry's
    # sources mostly report is the better summary of which way the harm evidence points
    harm = condition.question == "harm"
    direction = _commonest_direction(body) if harm else _body_direction(voters)
    adjustments: list[Adjustment] = []
    publication = _publication_type(body, start, records)
    if publication is not None:
        adjustments.append(publication)
    randomised = start.level.rank >= Grade.MODERATE.rank
    if randomised:
        adjustments.append(_risk_of_bias(trials, body))
    if condition.question == "harm":
        adjustments.append(
            Adjustment(
                "inconsistency",
                0,
                "Not judged for harms: the curated direction describes each study's primary outcome, not its harms.",
                (),
            )
        )
    else:
        adjustments.append(_inconsistency(voters, which, direction))
    if randomised:
        adjustments.append(_imprecision(start.level, participants, participants_known, trials, reviews))
    if set_aside and graded_on == "direct":
        adjustments.append(
            Adjustment(
                "indirectness",
                0,
                f"Graded on direct evidence; related-condition sources ({len(set_aside)}) "
                "are listed but do not change the grade.",
                _keys(set_aside),
            )
        )
    inconsistent = any(a.domain == "inconsistency" and a.effect for a in adjustments)
    evidence_direction = Direction.MIXED.value if inconsistent else (direction.value if direction else None)
    total = sum(a.effect for a in adjustments)
    floor = Grade.VERY_LOW.rank if start.level is not Grade.INSUFFICIENT else Grade.INSUFFICIENT.rank
    grade = Grade.from_rank(max(floor, start.level.rank + total))
    return _Assessment(
        grade=grade,
        start=start.level,
        start_reason=start.reason,
        start_sources=start.sources,
        adjustments=tuple(adjustments),
        body=body,
        participants_randomised=participants,
        graded_on=graded_on,
        direction=evidence_direction,
    )


def _participants_randomised(trials: Sequence[_Fact], reviews: Sequence[_Fact]) -> tuple[int, bool]:
    """The larger of the curated trials' sum and the largest review of randomised trials.

    A review pools the same trials, so adding both would count people twice; taking the larger
    means that adding a trial never makes the evidence look smaller.
    """
    trial_sizes = [s.participants for s in trials if s.participants is not None]
    review_sizes = [s.participants for s in reviews if s.participants is not None]
    known = bool(trial_sizes or review_sizes)
    return max(sum(trial_sizes), max(review_sizes, default=0)), known


def _risk_of_bias(trials: Sequence[_Fact], body: Sequence[_Fact]) -> Adjustment:
    if not trials:
        reviews = [s for s in body if s.rct_review]
        return Adjustment(
            "risk_of_bias",
            -1,
            "Cannot be checked: no individual randomised trial is curated, and the reviews' own "
            "risk-of-bias judgements are not recorded, so the grade cannot show the trials were sound.",
            _keys(reviews),
        )
    unblinded = [s for s in trials if s.blinding is not Blinding.DOUBLE_BLIND]
    share, unit = _weighted_share(trials, unblinded)
    not_recorded = sum(1 for s in unblinded if s.blinding is None)
    detail = f" (blinding not recorded for {_plural(not_recorded, 'trial')})" if not_recorded else ""
    if share > RISK_OF_BIAS_SHARE:
        return Adjustment(
            "risk_of_bias",
            -1,
            f"{_percent(share)} of randomised {unit} were not shown to be double-blind "
            f"(open-label, single-blind or not recorded){detail}: more than {RISK_OF_BIAS_SHARE:.0%}.",
            _keys(unblinded),
        )
    return Adjustment(
        "risk_of_bias",
        0,
        f"No serious risk of bias: {_percent(1 - share)} of randomised {unit} were double-blind{detail}.",
        _keys(unblinded),
    )


def _percent(share: float) -> str:
    """A share as a percentage, with a decimal near the halfway mark so 50.1% does not read as 50%."""
    return f"{share:.1%}" if 0.49 < share < 0.51 else f"{share:.0%}"


def _weighted_share(population: Sequence[_Fact], part: Sequence[_Fact]) -> tuple[float, str]:
    """Share of ``part`` in ``population`` by participants where recorded, else by count."""
    sized = [s for s in population if s.participants]
    if sized:
        total = sum(s.participants for s in sized)
        part_keys = {s.key for s in part}
        return sum(s.participants for s in sized if s.key in part_keys) / total, "participants"
    return len(part) / len(population), "trials"


# Direction order only breaks ties, so that the result never depends on the order of sources.
_DIRECTION_ORDER = {d: i for i, d in enumerate(Direction)}


def _direction_voters(
    body: Sequence[_Fact], start: _Start, trials: Sequence[_Fact], reviews: Sequence[_Fact]
) -> tuple[list[_Fact], str]:
    """The sources whose directions are compared, and what to call them."""
    if start.level.rank < Grade.MODERATE.rank:
        tier = set(start.sources)
        return [s for s in body if s.key in tier and s.direction is not None], "studies that set the start"
    voters = [s for s in trials if s.direction is not None]
    if len(voters) < 2:
        reviewed = [s for s in reviews if s.direction is not None]
        if len(reviewed) >= 2 or not voters:
            return reviewed, "reviews of randomised trials"
    return voters, "randomised trials"


def _inconsistency(voters: Sequence[_Fact], which: str, reference: Direction | None) -> Adjustment:
    if len(voters) < 2 or reference is None:
        return Adjustment("inconsistency", 0, f"Not judged: fewer than two {which} state a direction.", ())
    away = [s for s in voters if s.direction is not reference]
    count_share = len(away) / len(voters)
    sized = [s for s in voters if s.participants]
    participant_share = (
        sum(s.participants for s in sized if s.direction is not reference)
        / sum(s.participants for s in sized)
        if sized
        else 0.0
    )
    tally = Counter(s.direction.value for s in voters)
    spread = ", ".join(f"{direction} {n}" for direction, n in sorted(tally.items()))
    if away and (count_share >= INCONSISTENCY_SHARE or participant_share >= INCONSISTENCY_SHARE):
        return Adjustment(
            "inconsistency",
            -1,
            f"The {which} point different ways ({spread}): {len(away)} of {len(voters)}"
            + (f", holding {participant_share:.0%} of their participants," if sized else "")
            + f" point away from the body of evidence ({reference.value}); at least a third do.",
            _keys(away),
        )
    return Adjustment(
        "inconsistency",
        0,
        f"No serious inconsistency: the {which} point mostly the same way ({spread}).",
        _keys(away),
    )


def _body_direction(voters: Sequence[_Fact]) -> Direction | None:
    """The direction holding the most participants (by count when sizes are missing)."""
    if not voters:
        return None
    weight: Counter[Direction] = Counter()
    sized = any(s.participants for s in voters)
    for s in voters:
        weight[s.direction] += (s.participants or 0) if sized else 1
    return max(weight, key=lambda d: (weight[d], -_DIRECTION_ORDER[d]))


def _commonest_direction(sources: Sequence[_Fact]) -> Direction | None:
    """The direction most sources report; a tie goes to harm, so a harm signal is never hidden."""
    tally = Counter(s.direction for s in sources if s.direction is not None)
    if not tally:
        return None
    return max(tally, key=lambda d: (tally[d], d is Direction.HARM, -_DIRECTION_ORDER[d]))


def _imprecision(
    start: Grade,
    participants: int,
    known: bool,
    trials: Sequence[_Fact],
    reviews: Sequence[_Fact],
) -> Adjustment:
    unsized = [s for s in trials if s.participants is None]
    note = f"; {_plural(len(unsized), 'trial')} did not record its size" if unsized else ""
    if not known:
        effect = min(0, Grade.LOW.rank - start.rank)
        return Adjustment(
            "imprecision",
            effect,
            "The number of randomised participants is not recorded for any trial or review, so precision "
            "cannot be shown: at most low.",
            _keys([*trials, *reviews]) if effect else (),
        )
    if participants < PARTICIPANTS_FOR_MODERATE:
        cap = Grade.LOW
    elif participants < PARTICIPANTS_FOR_HIGH:
        cap = Grade.MODERATE
    else:
        cap = Grade.HIGH
    effect = min(0, cap.rank - start.rank)
    if effect:
        limit = PARTICIPANTS_FOR_MODERATE if cap is Grade.LOW else PARTICIPANTS_FOR_HIGH
        return Adjustment(
            "imprecision",
            effect,
            f"Only {participants} randomised participants in all (fewer than {limit}){note}: "
            f"at most {cap.label.lower()}.",
            _keys([*trials, *reviews]),
        )
    return Adjustment(
        "imprecision",
        0,
        f"{participants} randomised participants in all{note}: enough for a {start.label.lower()} start.",
        (),
    )


def _publication_type(
    body: Sequence[_Fact], start: _Start, records: Mapping[int, PubmedRecord]
) -> Adjustment | None:
    if not records:
        return None
    from .hierarchy import design_disagreement

    starters = set(start.sources)
    contradicted = []
    for source in body:
        record = records.get(source.pmid) if source.pmid is not None else None
        if source.key in starters and record is not None and design_disagreement(source.source, record):
            contradicted.append(source)
    if not contradicted:
        return None
    keys = {s.key for s in contradicted}
    without = _starting_level([s for s in body if s.key not in keys])
    effect = min(0, without.level.rank - start.level.rank)
    if not effect:
        return Adjustment(
            "publication_type",
            0,
            "PubMed's publication types contradict the curated design of these sources; the start "
            "stands without them.",
            _keys(contradicted),
        )
    return Adjustment(
        "publication_type",
        effect,
        f"PubMed's publication types contradict the curated design of these sources; without them the "
        f"start would be {without.level.label.lower()}.",
        _keys(contradicted),
    )


# -- published positions --------------------------------------------------------------------


def _positions(
    slug: str,
    position_sources: Iterable[Source],
    assessment: _Assessment,
    if_verified: Grade | None,
    counted: Sequence[_Fact],
    records: Mapping[int, PubmedRecord],
) -> tuple[GuidelinePosition, ...]:
    found = []
    for source in position_sources:
        if _is_retracted(source, records):
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
                        source, implied, position.certainty, assessment, if_verified, counted
                    ),
                    verified=source.verified,
                    link=source.link,
                )
            )
    return tuple(sorted(found, key=lambda p: (-p.year, p.source_key, p.stance.value)))


def _disagreement(
    source: Source,
    implied: Grade | None,
    stated_certainty: str | None,
    assessment: _Assessment,
    if_verified: Grade | None,
    counted: Sequence[_Fact],
) -> str | None:
    computed = assessment.grade
    if implied is None or abs(computed.rank - implied.rank) <= 1:
        return None
    gap = abs(computed.rank - implied.rank)
    basis = "states" if stated_certainty else "implies"
    lines = [
        f"The computed grade ({computed.label.lower()}) is {gap} levels "
        f"{'below' if computed.rank < implied.rank else 'above'} the {implied.label.lower()} certainty "
        f"this {source.design.label.lower()} {basis}."
    ]
    newer = [s for s in counted if s.year > source.year and not s.position]
    older_or_same = [s for s in counted if s.year <= source.year and not s.position]
    if computed.rank < implied.rank:
        lines.append(assessment.start_reason)
        for adjustment in assessment.adjustments:
            if adjustment.effect < 0:
                lines.append(
                    f"Downgraded {-adjustment.effect} for {adjustment.domain.replace('_', ' ')}: {adjustment.reason}"
                )
        if if_verified is not None and if_verified.rank > computed.rank:
            lines.append(
                f"Counting the unverified sources would give {if_verified.label.lower()}: "
                "verifying them is the first step to closing the gap."
            )
        if newer:
            lines.append(
                f"{_plural(len(newer), 'counted source')} appeared after this {source.year} document."
            )
        if not stated_certainty:
            lines.append(
                "The document states no certainty of its own; the implied level is read from its stance, "
                "and a regulator or guideline also weighs need, harms and alternatives."
            )
    else:
        if newer:
            lines.append(
                f"{_plural(len(newer), 'counted source')} appeared after this {source.year} document"
                f" (it could have seen at most {len(older_or_same)})."
            )
        lines.append(
            "These rules see design, blinding, size and direction only; the document's own appraisal "
            "(risk of bias within trials, effect sizes, outcome importance) can rate certainty lower."
        )
    return " ".join(lines)


# -- the command --------------------------------------------------------------------------


def run_grade_command(args: argparse.Namespace) -> int:
    """`python -m evidence grade [--data DIR] [--condition SLUG] [--format table|json]`."""
    result = load_evidence(getattr(args, "data", None))
    base = result.base
    records = _cached_records(base)
    slug = getattr(args, "condition", None)
    grades = [grade_condition(base, slug, records)] if slug else grade_all(base, records)
    if getattr(args, "format", "table") == "json":
        print(json.dumps([g.as_dict() for g in grades], indent=2, ensure_ascii=False))
    elif slug:
        print(format_explanation(grades[0]))
    else:
        print(format_table(grades))
    if result.problems:
        print(
            f"note: {len(result.problems)} validation problems; invalid entries were left out (run 'validate')",
            file=sys.stderr,
        )
    return 0


def _cached_records(base: EvidenceBase) -> Mapping[int, PubmedRecord]:
    """PubMed records from the cache (retractions, publication types); grading works without them."""
    from .cache import PubmedCache

    return PubmedCache(base.data_dir).load()


_SHORT_DOMAIN = {
    "risk_of_bias": "bias",
    "inconsistency": "inconsistency",
    "imprecision": "imprecision",
    "indirectness": "indirect",
    "publication_type": "pubtype",
}


def format_table(grades: Sequence[ConditionGrade]) -> str:
    """One line per condition: grade, how it was reached, and the positions beside it."""
    header = (
        f"{'condition':34} {'grade':13} {'points to':16} {'start':9} {'downgrades':30} "
        f"{'RCTs':>4} {'n rand':>6}  positions"
    )
    lines = [header, "-" * len(header)]
    for g in grades:
        grade = g.grade.value + ("*" if g.is_overridden else "")
        downs = ", ".join(
            f"{_SHORT_DOMAIN.get(a.domain, a.domain)} {a.effect}" for a in g.adjustments if a.effect
        )
        if g.graded_on == "indirect":
            downs = f"indirect only; {downs}" if downs else "indirect only"
        positions = "; ".join(
            f"{p.stance.value}{'/' + p.implied_grade.value if p.implied_grade else ''}{' (!)' if p.disagreement else ''}"
            for p in g.guideline_positions
        )
        lines.append(
            f"{g.condition:34} {grade:13} {g.evidence_direction or '-':16} {g.starting_level.value:9} {downs or '-':30} "
            f"{g.counts.randomised_trials:4} {g.counts.participants_randomised:6}  {positions or '-'}"
        )
    if any(g.is_overridden for g in grades):
        lines.append("* curator override; run with --condition SLUG for the computed grade and rationale")
    flagged = [(g, p) for g in grades for p in g.disagreements]
    if flagged:
        lines.append("")
        lines.append("Differences of more than one level from published positions:")
        for g, p in flagged:
            lines.append(f"- {g.condition} vs {p.source_key} ({p.year}): {p.disagreement}")
    return "\n".join(lines)


def format_explanation(g: ConditionGrade) -> str:
    """The full explanation of one grade, as the app shows it."""
    lines = [f"{g.name or g.condition} ({g.condition}), question: {g.question}"]
    if g.override:
        lines.append(
            f"Grade: {g.grade.value} (CURATOR OVERRIDE; computed {g.computed_grade.value}). "
            f"Rationale: {g.override.rationale}"
        )
    else:
        lines.append(f"Grade: {g.grade.value}")
    lines.append(f"The graded evidence points to: {g.evidence_direction or 'no stated direction'}")
    lines.append(g.starting_reason)
    for a in g.adjustments:
        sign = f"{a.effect:+d}" if a.effect else " 0"
        sources = f" [{', '.join(a.sources)}]" if a.sources else ""
        lines.append(f"  {sign} {a.domain}: {a.reason}{sources}")
    c = g.counts
    lines.append(
        f"Counts ({g.graded_on} evidence): {c.sources} counted sources ({c.direct} direct, {c.indirect} indirect); "
        f"{c.randomised_trials} randomised trials, {c.participants_randomised} randomised participants"
    )
    if c.by_design:
        lines.append("  designs: " + ", ".join(f"{k} {v}" for k, v in c.by_design.items()))
    if c.directions:
        lines.append("  directions: " + ", ".join(f"{k} {v}" for k, v in c.directions.items()))
    for p in g.guideline_positions:
        implied = p.implied_grade.value if p.implied_grade else "no implied grade"
        flag = "" if p.verified else " (unverified citation)"
        lines.append(f"Position: {p.source_key} ({p.year}){flag}: {p.stance.value}, {implied}. {p.statement}")
        if p.disagreement:
            lines.append(f"  Disagreement: {p.disagreement}")
    for key, why in g.excluded:
        lines.append(f"Not counted: {key}: {why}")
    if g.grade_if_unverified_counted is not None:
        lines.append(f"If the unverified sources were counted: {g.grade_if_unverified_counted.value}")
    return "\n".join(lines)
