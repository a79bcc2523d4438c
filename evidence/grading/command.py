"""`python -m evidence grade`: the grades as a table (one line per question), an explanation, or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence

from ..loading import EvidenceBase, load_evidence
from ..pubmed import PubmedRecord
from .body import plural
from .condition import ConditionGrade, grade_all, grade_condition
from .outcome import OutcomeGrade, QuestionGrade


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
    """PubMed records from the cache (retractions); grading works without them."""
    from ..cache import PubmedCache

    return PubmedCache(base.data_dir).load()


def certainty_words(grade) -> str:
    return grade.label.lower() if grade.value != "insufficient" else "not graded"


def _effect_text(o: OutcomeGrade | None) -> str:
    if o is None or o.effect is None:
        return "-"
    e = o.effect
    if not e.has_interval:
        return f"{e.measure.label} {e.estimate:.2f}"
    return f"{e.measure.label} {e.estimate:.2f} ({e.ci_low:.2f} to {e.ci_high:.2f})"


def _published_text(o: OutcomeGrade | None) -> str:
    if o is None or not o.published:
        return "-"
    return "; ".join(f"{p.rating} ({p.scale}, {p.year})" for p in o.published)


def format_table(grades: Sequence[ConditionGrade]) -> str:
    """One line per question: certainty of its critical outcome, direction, effect, published rating."""
    columns = (
        ("condition", 30), ("question", 44), ("certainty", 10), ("direction", 24),
        ("studies", 7), ("n", 6), ("effect (95% CI)", 30),
    )  # fmt: skip
    header = " ".join(f"{name:{width}}" for name, width in columns) + " published rating"
    lines = [header, "-" * len(header)]
    for g in grades:
        if not g.questions:
            lines.append(f"{g.condition:30} {'(no question curated)':44} {'not graded':10}")
            continue
        for q in g.questions:
            o = q.headline
            cells = (
                g.condition if q is g.questions[0] else "",
                ("* " if q.question.primary else "  ") + q.question.title,
                certainty_words(q.certainty),
                q.direction_label if o else "-",
                str(o.n_studies) if o else "-",
                f"{o.n_participants:,}" if o and o.n_participants else "-",
                _effect_text(o),
            )
            line = " ".join(
                f"{_fit(cell, width):{width}}" for cell, (_, width) in zip(cells, columns, strict=True)
            )
            lines.append(f"{line} {_published_text(o)}")
    lines.append("* the condition's primary question: its certainty is the condition's headline grade")
    overridden = [g for g in grades if g.is_overridden]
    for g in overridden:
        lines.append(f"{g.condition}: headline overridden by a curator to {g.grade.label.lower()}")
    return "\n".join(lines)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_explanation(g: ConditionGrade) -> str:
    """Everything behind one condition's grades, as the Condition page shows it."""
    lines = [f"{g.name or g.condition} ({g.condition})"]
    if g.override:
        lines.append(
            f"Headline: {certainty_words(g.grade)} (curator override; computed {certainty_words(g.computed_grade)}). "
            f"Rationale: {g.override.rationale}"
        )
    else:
        lines.append(f"Headline: {certainty_words(g.grade)}, from the primary question's critical outcome")
    if not g.questions:
        lines.append(g.starting_reason)
    for q in g.questions:
        lines += ["", _question_heading(q)]
        if q.question.primary:
            lines.append(f"  primary: {q.question.primary_why}")
        for o in q.outcomes:
            lines += ["  " + line for line in _outcome_lines(o)]
    for p in g.guideline_positions:
        implied = p.implied_grade.label.lower() if p.implied_grade else "no certainty implied"
        lines.append(
            f"Position: {p.source_key} ({p.year}): {p.stance.value.replace('_', ' ')}, {implied}. {p.statement}"
        )
        if p.disagreement:
            lines.append(f"  Differs: {p.disagreement}")
    for key, why in g.excluded:
        lines.append(f"Not counted: {key}: {why}")
    if g.grade_if_unverified_counted is not None:
        lines.append(
            f"If the unverified sources were counted: {certainty_words(g.grade_if_unverified_counted)}"
        )
    return "\n".join(lines)


def _question_heading(q: QuestionGrade) -> str:
    qq = q.question
    return (
        f"Question {qq.id}: {qq.intervention.label} vs {qq.comparator.label}"
        + (f" ({qq.comparator_detail})" if qq.comparator_detail else "")
        + f". Certainty {certainty_words(q.certainty)}, {q.direction_label}."
    )


def _outcome_lines(o: OutcomeGrade) -> list[str]:
    kind = "critical" if o.outcome.critical else "important"
    lines = [
        f"- {o.outcome.label} ({kind}): {certainty_words(o.certainty)}, {o.direction_label}; "
        f"{plural(o.n_studies, 'study', 'studies')}, "
        f"{o.n_participants if o.n_participants is not None else 'participants not reported'}"
        f"{' participants' if o.n_participants is not None else ''}; effect {_effect_text(o)} ({o.effect_from})"
    ]
    if o.graded:
        lines.append(f"    {o.start_reason}")
    for a in o.adjustments:
        sign = f"{a.effect:+d}" if a.effect else " 0"
        lines.append(f"    {sign} {a.domain_label}: {a.reason}")
    for p in o.published:
        lines.append(
            f"    Published: {p.rating} ({p.scale}), {p.source} ({p.year})"
            + (f". {p.comparison}" if p.comparison else "")
        )
    for key, why in o.set_aside:
        lines.append(f"    Set aside: {key}: {why}")
    return lines
