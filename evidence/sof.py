"""Summary of Findings tables and forest plots, laid out as GRADEpro and Cochrane lay them out.

One table per clinical question: each outcome with its time point, participants (studies), the
effect with its 95% CI, an illustrative absolute effect where a control-group risk exists, our
certainty with a footnote for each step down, and the published certainty beside it. The page and
``python -m evidence sof`` both print these values, so the two cannot disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .grading import OutcomeGrade, QuestionGrade
from .grading.body import StudyResult
from .models import Grade


def certainty_label(grade: Grade) -> str:
    """GRADE's words for a certainty level; 'no evidence' for an outcome nothing counted for."""
    return "no evidence" if grade is Grade.INSUFFICIENT else grade.label.lower()


def effect_text(o: OutcomeGrade) -> str:
    if o.effect is None:
        significant = [r.is_significant() for r in o.results]
        if not o.results:
            return "–"
        # estimates that could not be pooled into one (different measures, or not all with an interval)
        # are shown study by study; none published is a different thing
        missing = (
            "estimates not pooled"
            if any(r.estimate() is not None for r in o.results)
            else "no estimate published"
        )
        if any(s is True for s in significant):
            return f"significant, {missing}"
        if significant and all(s is False for s in significant):
            return f"not significant, {missing}"
        return missing
    e = o.effect
    if not e.has_interval:
        return f"{e.measure.label} {e.estimate:.2f} (no CI)"
    return f"{e.measure.label} {e.estimate:.2f} ({e.ci_low:.2f} to {e.ci_high:.2f})"


def participants_text(o: OutcomeGrade) -> str:
    if not o.results:
        return "–"
    studies = f"{o.n_studies} {'study' if o.n_studies == 1 else 'studies'}"
    return (
        f"{o.n_participants:,} ({studies})" if o.n_participants is not None else f"not reported ({studies})"
    )


def absolute_text(o: OutcomeGrade) -> str:
    if o.absolute is None or o.control_risk is None:
        return "–"
    point, low, high = o.absolute

    def words(x: float) -> str:
        return f"{abs(x):.0f} {'more' if x >= 0 else 'fewer'}"

    return f"{words(point)} per 1,000 ({words(low)} to {words(high)}); control risk {o.control_risk:.0%}"


@dataclass(frozen=True)
class SofRow:
    outcome: str
    timepoint: str
    critical: bool
    participants: str
    effect: str
    effect_from: str
    absolute: str
    certainty: Grade
    direction: str
    footnotes: tuple[int, ...]  # numbers into the table's footnotes
    published: str

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "timepoint": self.timepoint,
            "critical": self.critical,
            "participants": self.participants,
            "effect": self.effect,
            "effect_from": self.effect_from,
            "absolute": self.absolute,
            "certainty": self.certainty.value,
            "direction": self.direction,
            "footnotes": list(self.footnotes),
            "published": self.published,
        }


@dataclass(frozen=True)
class SofTable:
    question_id: str
    heading: str
    primary: bool
    certainty: Grade
    direction: str
    rows: tuple[SofRow, ...]
    footnotes: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "question": self.question_id,
            "heading": self.heading,
            "primary": self.primary,
            "certainty": self.certainty.value,
            "direction": self.direction,
            "rows": [r.as_dict() for r in self.rows],
            "footnotes": list(self.footnotes),
        }

    def as_text(self) -> str:
        lines = [
            f"{'* ' if self.primary else ''}{self.heading}: {certainty_label(self.certainty)}, {self.direction}",
        ]
        for r in self.rows:
            marks = "".join(f"[{n}]" for n in r.footnotes)
            lines.append(
                f"  - {r.outcome}, {r.timepoint} ({'critical' if r.critical else 'important'}): "
                f"{certainty_label(r.certainty)}{marks}, {r.direction}; {r.participants}; {r.effect}"
                + (f"; absolute {r.absolute}" if r.absolute != "–" else "")
                + (f"; published: {r.published}" if r.published != "–" else "")
            )
        lines += [f"    [{i}] {text}" for i, text in enumerate(self.footnotes, start=1)]
        return "\n".join(lines)


def question_heading(q: QuestionGrade) -> str:
    question = q.question
    return f"{question.title} ({question.intervention.label}; comparator: {question.comparator.label})"


def summary_of_findings(q: QuestionGrade) -> SofTable:
    """The Summary of Findings table of one question, footnotes numbered in order of first use."""
    footnotes: list[str] = []
    rows = []
    for o in q.outcomes:
        marks = []
        for adjustment in o.downgrades:
            text = f"{adjustment.domain_label.capitalize()} ({adjustment.effect:+d}): {adjustment.reason}"
            if text not in footnotes:
                footnotes.append(text)
            marks.append(footnotes.index(text) + 1)
        published = "; ".join(f"{p.rating} ({p.scale}; {p.source}, {p.year})" for p in o.published) or "–"
        rows.append(
            SofRow(
                outcome=o.outcome.name,
                timepoint=o.outcome.timepoint,
                critical=o.outcome.critical,
                participants=participants_text(o),
                effect=effect_text(o),
                effect_from=o.effect_from,
                absolute=absolute_text(o),
                certainty=o.certainty,
                direction=o.direction_label if o.results else "no evidence",
                footnotes=tuple(marks),
                published=published,
            )
        )
    return SofTable(
        question_id=q.id,
        heading=question_heading(q),
        primary=q.question.primary,
        certainty=q.certainty,
        direction=q.direction_label,
        rows=tuple(rows),
        footnotes=tuple(footnotes),
    )


# -- forest plots -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForestRow:
    label: str
    estimate: float
    ci_low: float
    ci_high: float
    kind: str  # "study", "review" or "pooled here"
    participants: int | None
    source: str | None


@dataclass(frozen=True)
class ForestPlot:
    """Each study's estimate and CI on one measure, then the review's or our pooled estimate."""

    outcome: str
    measure: str
    null: float
    log_scale: bool
    favours_ketamine: str  # "higher" or "lower"
    rows: tuple[ForestRow, ...]

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "measure": self.measure,
            "null": self.null,
            "log_scale": self.log_scale,
            "favours_ketamine": self.favours_ketamine,
            "rows": [r.__dict__ for r in self.rows],
        }


def forest_plot(o: OutcomeGrade) -> ForestPlot | None:
    """The forest plot of one outcome, or None when no estimate with a CI is curated for it."""
    measure = o.effect.measure if o.effect is not None else None
    plotted: list[tuple[StudyResult, object]] = []
    for r in o.results:
        est = r.estimate()
        if est is None or not est.has_interval:
            continue
        if measure is None:
            measure = est.measure
        if est.measure is measure:
            plotted.append((r, est))
    rows = [
        ForestRow(
            label=f"{r.label}" + (" (review)" if r.is_review else ""),
            estimate=e.estimate,
            ci_low=e.ci_low,
            ci_high=e.ci_high,
            kind="review" if r.is_review else "study",
            participants=r.n,
            source=r.key,
        )
        for r, e in sorted(plotted, key=lambda pair: (pair[0].is_review, pair[0].source.year, pair[0].key))
    ]
    if o.pooled is not None:
        p = o.pooled.estimate
        rows.append(
            ForestRow(
                label=f"Pooled here ({o.pooled.studies} trials, I² {o.pooled.i2 * 100:.0f}%)",
                estimate=p.estimate,
                ci_low=p.ci_low,
                ci_high=p.ci_high,
                kind="pooled here",
                participants=None,
                source=None,
            )  # fmt: skip
        )
    if not rows or measure is None:
        return None
    return ForestPlot(
        outcome=f"{o.outcome.name}, {o.outcome.timepoint}",
        measure=measure.label,
        null=measure.null_value,
        log_scale=measure.is_ratio,
        favours_ketamine=o.outcome.favours_ketamine,
        rows=tuple(rows),
    )


def plottable(values: list[float], log_scale: bool) -> bool:
    return (
        all(v > 0 and math.isfinite(v) for v in values)
        if log_scale
        else all(math.isfinite(v) for v in values)
    )
