"""Certainty of one outcome of one question, and of the question as a whole (GRADE handbook 5).

Stages, each handing the next a complete value: the counted body (``body``) -> its starting
level (randomised evidence starts high, non-randomised low, case reports and series very low) ->
the effect estimate (``pooling``) -> one judgement per domain -> the certainty, never below very
low. Where a curated review rated the same outcome with GRADE and rated it lower, its rating
caps ours: the review saw trial-level detail we do not curate, and GRADE rates down when in doubt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..models import Grade, Outcome, PublishedCertainty, Question, Source
from ..pubmed import PubmedRecord
from .adjustment import Adjustment
from .body import VERY_LOW_START, Estimate, StudyResult, once_per_participant, outcome_body, plural
from .imprecision import assess_imprecision
from .inconsistency import assess_inconsistency
from .indirectness import assess_indirectness
from .pooling import PooledEffect, absolute_per_1000, pool_trials, proportion_control
from .publication_bias import assess_publication_bias
from .risk_of_bias import assess_risk_of_bias
from .rules import HANDBOOK
from .upgrades import assess_upgrades

FAVOURS_KETAMINE = "favours_ketamine"
NO_CLEAR_DIFFERENCE = "no_clear_difference"
FAVOURS_COMPARATOR = "favours_comparator"


def direction_words(direction: str | None, outcome: Outcome | None = None) -> str:
    """The direction as a clinician says it; for a harm outcome, whether ketamine harms more."""
    if direction is None:
        return "no effect estimate"
    if outcome is not None and outcome.harm:
        return {
            FAVOURS_KETAMINE: "less harm with ketamine",
            NO_CLEAR_DIFFERENCE: "no clear difference in harm",
            FAVOURS_COMPARATOR: "more harm with ketamine",
        }[direction]
    return {
        FAVOURS_KETAMINE: "favours ketamine",
        NO_CLEAR_DIFFERENCE: "no clear difference",
        FAVOURS_COMPARATOR: "favours the comparator",
    }[direction]


@dataclass(frozen=True)
class PublishedRating:
    """A review's or guideline's rating of the same question and outcome, beside ours."""

    source: str
    year: int
    rating: str
    scale: str
    grade: Grade | None
    read_on: str
    comparison: str | None  # why ours differs, when it does

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "rating": self.rating,
            "scale": self.scale,
            "grade": self.grade.value if self.grade else None,
            "year": self.year,
            "read_on": self.read_on,
            "comparison": self.comparison,
        }


@dataclass(frozen=True)
class OutcomeGrade:
    """The certainty of one outcome at one time point, with everything that decided it."""

    outcome: Outcome
    certainty: Grade
    start: Grade
    start_reason: str
    adjustments: tuple[Adjustment, ...]
    n_studies: int
    n_participants: int | None
    effect: Estimate | None
    effect_from: str  # which estimate is shown: a review's, pooled here, or one study's
    pooled: PooledEffect | None
    direction: str | None
    results: tuple[StudyResult, ...]  # the graded studies and reviews, for the forest plot
    set_aside: tuple[tuple[str, str], ...]
    published: tuple[PublishedRating, ...]
    absolute: tuple[float, float, float] | None = None  # per 1,000, with its CI
    control_risk: float | None = None

    @property
    def graded(self) -> bool:
        return self.certainty is not Grade.INSUFFICIENT

    @property
    def direction_label(self) -> str:
        if self.direction is None and self.effect is not None:
            # an estimate without an interval (and no stated significance) cannot say which way it points
            return "direction unclear: no confidence interval"
        return direction_words(self.direction, self.outcome)

    @property
    def downgrades(self) -> tuple[Adjustment, ...]:
        return tuple(a for a in self.adjustments if a.effect)

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome.name,
            "outcome_id": self.outcome.id,
            "timepoint": self.outcome.timepoint,
            "critical": self.outcome.critical,
            "harm": self.outcome.harm,
            "certainty": self.certainty.value,
            "starting_level": self.start.value,
            "adjustments": [a.as_dict() for a in self.adjustments],
            "n_studies": self.n_studies,
            "n_participants": self.n_participants,
            "effect": self.effect.as_dict() if self.effect else None,
            "effect_from": self.effect_from,
            "pooled": self.pooled.as_dict() if self.pooled else None,
            "direction": self.direction,
            "absolute_per_1000": list(self.absolute) if self.absolute else None,
            "published_certainty": [p.as_dict() for p in self.published],
            "set_aside": [{"source": k, "reason": why} for k, why in self.set_aside],
        }


@dataclass(frozen=True)
class QuestionGrade:
    """A question's certainty: that of its lowest-rated critical outcome (GRADE handbook 5.4)."""

    question: Question
    certainty: Grade
    outcomes: tuple[OutcomeGrade, ...]
    headline: OutcomeGrade | None  # the critical outcome that set the certainty

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def direction(self) -> str | None:
        return self.headline.direction if self.headline else None

    @property
    def direction_label(self) -> str:
        return self.headline.direction_label if self.headline else "no effect estimate"

    def as_dict(self) -> dict:
        q = self.question
        routes = [r.value for r in q.intervention.route]
        return {
            "id": q.id,
            "title": q.title,
            "primary": q.primary,
            "primary_why": q.primary_why,
            "intervention": {
                "form": q.intervention.form.value,
                "route": routes[0] if len(routes) == 1 else routes,
                "co_treatment": q.intervention.co_treatment,
            },
            "comparator": q.comparator.value,
            "comparator_detail": q.comparator_detail,
            "population": q.population,
            "certainty": self.certainty.value,
            "direction": self.direction,
            "headline_outcome": self.headline.outcome.id if self.headline else None,
            "outcomes": [o.as_dict() for o in self.outcomes],
        }


def grade_question(
    question: Question,
    sources: Mapping[str, Source],
    records: Mapping[int, PubmedRecord],
    *,
    count_unverified: bool = False,
    reasons: Mapping[str, str | None] | None = None,
) -> QuestionGrade:
    """Grade every outcome of ``question``; ``reasons`` may be worked out once per run (``body``)."""
    outcomes = tuple(
        grade_outcome(question, o, sources, records, count_unverified=count_unverified, reasons=reasons)
        for o in question.outcomes
    )
    critical = [g for g in outcomes if g.outcome.critical and g.graded]
    if not critical:
        return QuestionGrade(question, Grade.INSUFFICIENT, outcomes, None)
    # the lowest critical outcome; among equals, the first curated
    headline = min(critical, key=lambda g: g.certainty.rank)
    return QuestionGrade(question, headline.certainty, outcomes, headline)


def grade_outcome(
    question: Question,
    outcome: Outcome,
    sources: Mapping[str, Source],
    records: Mapping[int, PubmedRecord],
    *,
    count_unverified: bool = False,
    reasons: Mapping[str, str | None] | None = None,
) -> OutcomeGrade:
    body, set_aside = outcome_body(
        question, outcome, sources, records, count_unverified=count_unverified, reasons=reasons
    )
    published = _published(question, outcome, sources)
    if not body:
        return OutcomeGrade(
            outcome, Grade.INSUFFICIENT, Grade.INSUFFICIENT,
            "No counted finding for this outcome.", (), 0, None, None, "none", None, None, (), set_aside,
            _compare(published, Grade.INSUFFICIENT, Grade.INSUFFICIENT, ()),
        )  # fmt: skip
    randomised = [r for r in body if r.randomised]
    if randomised:
        randomised, duplicates = once_per_participant(randomised)
        set_aside += tuple(duplicates)
        graded = randomised
        others = [r for r in body if not r.randomised]
        set_aside += tuple(
            (r.key, "non-randomised: set aside because randomised evidence answers this outcome")
            for r in others
        )
        start = Grade.HIGH
        start_reason = f"Starts high: randomised evidence ({_describe(graded)})."
    else:
        graded, duplicates = once_per_participant(body)
        set_aside += tuple(duplicates)
        if all(r.source.design in VERY_LOW_START for r in graded):
            start = Grade.VERY_LOW
            start_reason = (
                f"Starts very low: only case reports, case series or surveys ({_describe(graded)})."
            )
        else:
            start = Grade.LOW
            start_reason = f"Starts low: non-randomised evidence only ({_describe(graded)})."
    start_reason += f" [{HANDBOOK['start']}]"

    reviews = [r for r in graded if r.is_review]
    trials = [r for r in graded if not r.is_review]
    review = _chosen_review(reviews)
    pooled = None
    if review is not None and review.estimate() is not None:
        effect, effect_from = review.estimate(), f"pooled by {review.label} ({review.key})"
    else:
        pooled = pool_trials(trials)
        if pooled is not None:
            effect, effect_from = (
                pooled.estimate,
                f"pooled here from {plural(pooled.studies, 'trial')} (random effects)",
            )
        else:
            with_effect = [t for t in trials if t.estimate() is not None]
            # one study's estimate stands for the outcome only when no other study has one
            single = with_effect[0] if len(with_effect) == 1 else None
            effect = single.estimate() if single else None
            effect_from = f"one study ({single.label})" if single else "none"

    trial_n = [t.n for t in trials if t.n is not None]
    review_n = review.n if review is not None else None
    candidates = [n for n in (review_n, sum(trial_n) if trial_n else None) if n is not None]
    n_participants = max(candidates) if candidates else None
    n_studies = max(len(trials), review.finding.studies or 1 if review else 0)
    events = _events(review, trials)

    keys = tuple(sorted(r.key for r in graded))
    significant = _significance(effect, trials, review)
    adjustments = [
        assess_risk_of_bias(trials or reviews, question, outcome),
        assess_inconsistency(trials, review, pooled),
        assess_indirectness(graded),
        assess_imprecision(
            outcome,
            effect,
            n_participants,
            events,
            significant,
            keys,
            unpooled=()
            if effect is not None
            else [e for t in trials if (e := t.estimate()) and e.has_interval],
        ),  # fmt: skip
        assess_publication_bias(question, outcome, trials, reviews),
    ]
    up = assess_upgrades(bool(randomised), effect, adjustments, keys)
    if up is not None:
        adjustments.append(up)
    rank = start.rank + sum(a.effect for a in adjustments)
    certainty = Grade.from_rank(max(Grade.VERY_LOW.rank, min(Grade.HIGH.rank, rank)))
    cap = _published_cap(published, outcome, certainty, records)
    if cap is not None:
        adjustments.append(cap)
        certainty = Grade.from_rank(certainty.rank + cap.effect)

    direction = _direction(effect, trials, outcome)
    control_risk = proportion_control(trials) if effect is not None else None
    absolute = absolute_per_1000(effect, control_risk) if effect is not None and control_risk else None
    return OutcomeGrade(
        outcome=outcome,
        certainty=certainty,
        start=start,
        start_reason=start_reason,
        adjustments=tuple(adjustments),
        n_studies=n_studies,
        n_participants=n_participants,
        effect=effect,
        effect_from=effect_from,
        pooled=pooled,
        direction=direction,
        results=tuple(graded),
        set_aside=tuple(sorted(set(set_aside))),
        published=_compare(published, certainty, start, tuple(adjustments)),
        absolute=absolute,
        control_risk=control_risk,
    )


def _describe(results: Sequence[StudyResult]) -> str:
    reviews = [r for r in results if r.is_review]
    trials = [r for r in results if not r.is_review]
    parts = []
    if reviews:
        parts.append(plural(len(reviews), "review"))
    if trials:
        kinds = sorted({r.source.design.label.lower() for r in trials})
        parts.append(f"{plural(len(trials), 'study', 'studies')}: {', '.join(kinds)}")
    return "; ".join(parts)


def _chosen_review(reviews: Sequence[StudyResult]) -> StudyResult | None:
    """The review whose estimate is shown: one with an estimate, the most participants, the newest."""
    if not reviews:
        return None
    return max(
        reviews,
        key=lambda r: (r.estimate() is not None, r.n or 0, r.finding.studies or 0, r.source.year, r.key),
    )


def _events(review: StudyResult | None, trials: Sequence[StudyResult]) -> int | None:
    def total(r: StudyResult) -> int | None:
        f = r.finding
        if f.events_ketamine is None or f.events_control is None:
            return None
        return f.events_ketamine + f.events_control

    if review is not None and review.estimate() is not None:
        return total(review)
    counts = [total(t) for t in trials]
    return sum(counts) if counts and None not in counts else None


def _significance(
    effect: Estimate | None, trials: Sequence[StudyResult], review: StudyResult | None
) -> bool | None:
    if effect is not None and effect.has_interval:
        return not effect.crosses_null()
    judged = [r.is_significant() for r in ([review] if review else []) + list(trials)]
    if not judged or None in judged:
        return None if not any(j is False for j in judged) else False
    return all(judged)


def _direction(effect: Estimate | None, trials: Sequence[StudyResult], outcome: Outcome) -> str | None:
    if effect is not None and effect.has_interval:
        side = effect.side()
    else:
        sides = {t.significance_side() for t in trials}
        if not trials or any(t.is_significant() is None for t in trials):
            return None
        sides.discard(None)
        if len(sides) > 1:
            return None
        side = next(iter(sides), None)
    if side is None:
        return NO_CLEAR_DIFFERENCE
    return FAVOURS_KETAMINE if side == outcome.favours_ketamine else FAVOURS_COMPARATOR


# -- published ratings ------------------------------------------------------------------------


def _published(
    question: Question, outcome: Outcome, sources: Mapping[str, Source]
) -> tuple[tuple[PublishedCertainty, Source | None], ...]:
    found = []
    for rating in question.published_certainty:
        # a rating of the question as a whole speaks to its critical outcomes
        if rating.outcome != outcome.id and not (rating.outcome is None and outcome.critical):
            continue
        found.append((rating, sources.get(rating.source)))
    return tuple(found)


def _published_cap(
    published: Sequence[tuple[PublishedCertainty, Source | None]],
    outcome: Outcome,
    certainty: Grade,
    records: Mapping[int, PubmedRecord],
) -> Adjustment | None:
    """Rate down to a lower GRADE rating that a verified, unretracted review or guideline gave this outcome.

    A rating of the question as a whole (no outcome named) caps its critical outcomes. A source is
    retracted when curated so or when its PubMed record says so, as for the findings counted.
    """
    lower = [
        (Grade(r.grade), r, s)
        for r, s in published
        if r.grade is not None
        and (r.outcome is not None or outcome.critical)
        and s is not None
        and s.verified
        and not s.retracted
        and not (s.pmid in records and records[s.pmid].retracted)
        and Grade(r.grade).rank < certainty.rank
    ]
    if not lower:
        return None
    grade, rating, source = min(lower, key=lambda t: (t[0].rank, t[1].source))
    return Adjustment(
        "published_rating",
        grade.rank - certainty.rank,
        f"Capped at {grade.label.lower()}: {source.first_author.split()[0]} {source.year} rated this "
        f"{'outcome' if rating.outcome else 'question'} {rating.rating} ({rating.scale}). Its judgement rests on "
        f"trial-level detail not curated here, and GRADE rates down when in doubt; our own domains gave "
        f"{certainty.label.lower()}.",
        (rating.source,),
        HANDBOOK["published_rating"],
    )


def _compare(
    published: Sequence[tuple[PublishedCertainty, Source | None]],
    certainty: Grade,
    start: Grade,
    adjustments: Sequence[Adjustment],
) -> tuple[PublishedRating, ...]:
    rated = []
    for rating, source in published:
        comparison = None
        if rating.grade is not None and certainty is not Grade.INSUFFICIENT:
            theirs = Grade(rating.grade)
            gap = certainty.rank - theirs.rank
            if gap < 0:
                # ours is below theirs only from where it started, what it was rated down for, or both
                why = []
                if start is not Grade.HIGH:
                    why.append(f"ours starts {start.label.lower()} because no randomised evidence is counted")
                downs = [f"{a.domain_label} {a.effect:+d}" for a in adjustments if a.effect < 0]
                if downs:
                    why.append(
                        f"we rated down for {', '.join(downs)}; our rules rate down whenever a domain is in doubt"
                    )
                comparison = f"Ours is {plural(-gap, 'level')} lower: {'; '.join(why)}."
            elif gap > 0:
                # only a rating that could not cap ours is below it (``_published`` gives a rating of
                # the question as a whole to critical outcomes only, and those it caps)
                comparison = (
                    f"Ours is {plural(gap, 'level')} higher: the rating comes from an unverified or retracted "
                    "source, so it did not cap ours."
                )
        elif rating.grade is None:
            comparison = "Not a GRADE certainty rating: shown on its own scale, not compared level for level."
        rated.append(
            PublishedRating(
                source=rating.source,
                year=source.year if source else 0,
                rating=rating.rating,
                scale=rating.scale,
                grade=Grade(rating.grade) if rating.grade else None,
                read_on=rating.read_on,
                comparison=comparison,
            )
        )
    return tuple(rated)
