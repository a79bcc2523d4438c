"""The body of evidence for one outcome: which findings count, once each, and what each one says.

A finding counts when its source is verified, not retracted and not a position document. Sources
that share participants (``shares_participants_with``) never count the same people twice
(``once_per_participant``, applied to the evidence actually graded): where both report the
outcome, the one that declares the link is set aside (GRADE handbook 5.2.4: the information size
is the number of distinct participants).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..hierarchy import REVIEW_DESIGNS, design_disagreement, is_review_of_randomised_trials
from ..models import Design, EffectMeasure, Finding, Outcome, Question, Source
from ..pubmed import PubmedRecord

Z95 = 1.959963984540054

VERY_LOW_START = frozenset({Design.CASE_SERIES, Design.CASE_REPORT, Design.SURVEY, Design.NARRATIVE_REVIEW})


@dataclass(frozen=True)
class Estimate:
    """An effect with its 95% CI on the measure's own scale (ratios as ratios)."""

    measure: EffectMeasure
    estimate: float
    ci_low: float | None
    ci_high: float | None

    @property
    def null(self) -> float:
        return self.measure.null_value

    @property
    def has_interval(self) -> bool:
        return self.ci_low is not None and self.ci_high is not None

    def crosses_null(self) -> bool:
        return self.has_interval and self.ci_low <= self.null <= self.ci_high

    def side(self) -> str | None:
        """'higher' or 'lower' when the CI excludes no effect, else None."""
        if not self.has_interval or self.crosses_null():
            return None
        return "higher" if self.ci_low > self.null else "lower"

    def log_scale(self) -> tuple[float, float] | None:
        """(effect, standard error) on the scale meta-analysis pools on: log for ratios."""
        if not self.has_interval or self.ci_high <= self.ci_low:
            return None
        if self.measure.is_ratio:
            return math.log(self.estimate), (math.log(self.ci_high) - math.log(self.ci_low)) / (2 * Z95)
        return self.estimate, (self.ci_high - self.ci_low) / (2 * Z95)

    def as_dict(self) -> dict:
        return {
            "measure": self.measure.value,
            "estimate": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
        }


@dataclass(frozen=True)
class StudyResult:
    """One counted finding with its source and what grading needs of both."""

    finding: Finding
    source: Source
    is_review: bool
    randomised: bool
    indirect_population: bool  # the source is curated as only indirect evidence for the condition
    favoured_side: str = "higher"  # the outcome's side of no effect that favours ketamine
    effect: Estimate | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # worked out once: every domain asks for it
        object.__setattr__(self, "effect", self._estimate())

    @property
    def key(self) -> str:
        return self.source.key

    @property
    def n(self) -> int | None:
        return self.finding.n

    @property
    def label(self) -> str:
        return f"{self.source.first_author.split()[0]} {self.source.year}"

    def estimate(self) -> Estimate | None:
        """The finding's effect; events per arm become a risk ratio (0.5 added to empty cells)."""
        return self.effect

    def _estimate(self) -> Estimate | None:
        f = self.finding
        if f.measure is EffectMeasure.PROPORTIONS:
            return risk_ratio(f.events_ketamine, f.n_ketamine, f.events_control, f.n_control)
        if f.measure is None or f.estimate is None:
            return None
        return Estimate(f.measure, f.estimate, f.ci_low, f.ci_high)

    def significance_side(self) -> str | None:
        """'higher'/'lower' when only significance was published and the side is known."""
        est = self.estimate()
        if est is not None and est.has_interval:
            return est.side()
        f = self.finding
        significant = (
            f.significant
            if f.significant is not None
            else (f.p_value < 0.05 if f.p_value is not None else None)
        )
        if not significant:
            return None
        if est is not None:
            return "higher" if est.estimate > est.null else "lower" if est.estimate < est.null else None
        if f.favours is not None:
            other = "lower" if self.favoured_side == "higher" else "higher"
            return self.favoured_side if f.favours == "ketamine" else other
        return None

    def is_significant(self) -> bool | None:
        est = self.estimate()
        if est is not None and est.has_interval:
            return not est.crosses_null()
        f = self.finding
        if f.significant is not None:
            return f.significant
        if f.p_value is not None:
            return f.p_value < 0.05
        return None


def risk_ratio(events_k: int, n_k: int, events_c: int, n_c: int) -> Estimate | None:
    """Risk ratio with the usual log-scale CI; 0.5 is added to every cell when one is empty."""
    if not n_k or not n_c:
        return None
    a, b, c, d = events_k, n_k - events_k, events_c, n_c - events_c
    if 0 in (a, b, c, d):
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    # no cell is 0 now (a Finding's events lie between 0 and its arm's n), so every term is defined
    rr = (a / (a + b)) / (c / (c + d))
    se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    return Estimate(EffectMeasure.RR, rr, rr * math.exp(-Z95 * se), rr * math.exp(Z95 * se))


_POOLS_RANDOMISED: dict[str, bool] = {}


def _pools_randomised(source: Source) -> bool:
    """``is_review_of_randomised_trials``, read once per source (a regular expression over its title).

    Keyed by everything that function reads, so a source whose design is corrected is read again.
    """
    key = f"{source.key}\x00{source.design.value}\x00{source.title}\x00{source.journal}"
    known = _POOLS_RANDOMISED.get(key)
    if known is None:
        known = _POOLS_RANDOMISED[key] = is_review_of_randomised_trials(source)
    return known


def is_review(source: Source, finding: Finding) -> bool:
    return source.design in REVIEW_DESIGNS or finding.studies is not None


def counted_reason(source: Source, records: Mapping[int, PubmedRecord]) -> str | None:
    """Why a source does not count, or None when it does."""
    if source.retracted:
        return "retracted (curated flag): never counted"
    record = records.get(source.pmid) if source.pmid is not None else None
    if record is not None and record.retracted:
        return "retracted (PubMed marks it retracted): never counted"
    if source.design.is_position:
        return "position document: shown beside the grade, not counted as a study"
    if not source.verified:
        return (
            "unverified citation: not counted until a curator confirms it on a page showing its PubMed record"
        )
    return None


def outcome_body(
    question: Question,
    outcome: Outcome,
    sources: Mapping[str, Source],
    records: Mapping[int, PubmedRecord],
    *,
    count_unverified: bool,
    reasons: Mapping[str, str | None] | None,
) -> tuple[tuple[StudyResult, ...], tuple[tuple[str, str], ...]]:
    """The counted study results for one outcome, and (source, why) for each finding set aside.

    ``reasons`` (source key -> ``counted_reason``) may be worked out once for many outcomes.
    """
    kept: list[StudyResult] = []
    set_aside: list[tuple[str, str]] = []
    for finding in question.findings_for(outcome.id):
        source = sources.get(finding.source)
        if source is None:
            set_aside.append((finding.source, "source not curated (see validate)"))
            continue
        why = reasons[source.key] if reasons is not None else counted_reason(source, records)
        if why and not (count_unverified and why.startswith("unverified")):
            set_aside.append((source.key, why))
            continue
        review = is_review(source, finding)
        randomised = source.design.is_randomised or (review and _pools_randomised(source))
        record = records.get(source.pmid) if source.pmid is not None else None
        if randomised and record is not None and design_disagreement(source, record):
            # PubMed's publication types contradict the curated design: not trusted as randomised
            randomised = False
        kept.append(
            StudyResult(
                finding=finding,
                source=source,
                is_review=review,
                randomised=randomised,
                indirect_population=question.condition not in source.conditions,
                favoured_side=outcome.favours_ketamine,
            )
        )
    # sorting by key makes every judgement independent of the order findings were curated in
    return tuple(sorted(kept, key=lambda r: (r.key, r.finding.outcome))), tuple(sorted(set(set_aside)))


def once_per_participant(results: Sequence[StudyResult]) -> tuple[list[StudyResult], list[tuple[str, str]]]:
    """Keep one result per group of primary studies linked by ``shares_participants_with``.

    A link counts whichever side declares it. The source that declares no link (the original
    report) is kept first, then the larger; reviews are never dropped, since a review pools
    trials by design and its participants are never added to theirs (see ``imprecision``).
    """
    links: dict[str, set[str]] = {}
    for r in results:
        for other in r.source.shares_participants_with:
            links.setdefault(r.key, set()).add(other)
            links.setdefault(other, set()).add(r.key)
    order = sorted(results, key=lambda r: (bool(r.source.shares_participants_with), -(r.n or 0), r.key))
    kept: list[StudyResult] = []
    dropped: list[tuple[str, str]] = []
    for r in order:
        partners = [k for k in kept if not k.is_review and k.key in links.get(r.key, ())]
        if partners and not r.is_review:
            dropped.append(
                (
                    r.key,
                    f"shares participants with {', '.join(sorted(p.key for p in partners))}: counted once, there",
                )
            )
            continue
        kept.append(r)
    return kept, dropped


def weight(result: StudyResult, sized: bool) -> float:
    """A result's weight in a share: its participants, or 1 when sizes are not all known."""
    return float(result.n) if sized else 1.0


def all_sized(results: Sequence[StudyResult]) -> bool:
    return bool(results) and all(r.n for r in results)


def shares(results: Sequence[StudyResult], chosen: Sequence[StudyResult]) -> float:
    """The share of ``results``' weight that ``chosen`` holds."""
    if not results:
        return 0.0
    sized = all_sized(results)
    total = sum(weight(r, sized) for r in results)
    keys = {id(r) for r in chosen}
    return sum(weight(r, sized) for r in results if id(r) in keys) / total


def percent(share: float) -> str:
    """A share as a whole percentage; with one decimal when rounding would hide which side of a half it is on.

    The risk-of-bias rules rate down when more than half the weight is at risk: 126 of 250
    participants reads "50.4%", not "50%", beside a rating down, and exactly half reads "50%".
    """
    whole = f"{share:.0%}"
    return f"{share:.1%}" if whole == "50%" and share != 0.5 else whole


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def names(results: Sequence[StudyResult]) -> str:
    return ", ".join(r.label for r in results)
