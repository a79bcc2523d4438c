"""The harms that matter for a condition's use of ketamine, from the harms entry's graded questions.

A condition's questions say which routes it is given by; the harms entry (the condition whose
question is 'harm') grades harms per question too. Each harms question whose routes meet the
condition's, and every question about repeated dosing (urological toxicity, misuse), is shown
with its outcomes' certainty; harm outcomes graded within the condition's own questions are
shown too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .grading import ConditionGrade


@dataclass(frozen=True)
class HarmRow:
    harm: str  # the outcome: "Dissociation", "Urinary tract damage"
    timepoint: str
    question: str  # the question it was graded in
    certainty: str  # certainty words
    direction: str  # "more harm with ketamine" ...
    why: (
        str  # why it matters here: "IV and intranasal dosing", "repeated dosing", "graded for this condition"
    )
    condition: str  # the slug whose page grades it

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def relevant_harms(grades: Iterable[ConditionGrade], slug: str) -> tuple[HarmRow, ...]:
    by_slug = {g.condition: g for g in grades}
    graded = by_slug.get(slug)
    if graded is None:
        return ()
    routes = {r.value for q in graded.questions for r in q.question.intervention.route}
    rows: list[HarmRow] = []
    for harms in (g for g in by_slug.values() if g.question == "harm" and g.condition != slug):
        for q in harms.questions:
            question_routes = {r.value for r in q.question.intervention.route}
            repeated = "repeat" in q.question.title.lower() or "recreational" in q.question.title.lower()
            shared = sorted(routes & question_routes)
            if not shared and not repeated:
                continue
            why = (
                "repeated dosing"
                if repeated
                else " and ".join(_ROUTE_WORDS.get(r, r) for r in shared) + " dosing"
            )
            rows += _rows(q, why, harms.condition)
    for q in graded.questions:
        rows += [r for r in _rows(q, f"graded for {graded.name or slug}", slug, harms_only=True)]
    return tuple(rows)


_ROUTE_WORDS = {
    "iv": "IV",
    "intranasal": "intranasal",
    "oral": "oral",
    "sublingual": "sublingual",
    "im": "intramuscular",
}


def _rows(q, why: str, condition: str, *, harms_only: bool = False) -> list[HarmRow]:
    found = []
    for o in q.outcomes:
        if harms_only and not o.outcome.harm:
            continue
        if not o.outcome.harm and not harms_only and q.question.condition != condition:
            continue
        certainty = "no evidence" if not o.graded else o.certainty.label.lower()
        found.append(
            HarmRow(
                o.outcome.name,
                o.outcome.timepoint,
                q.question.title,
                certainty,
                o.direction_label,
                why,
                condition,
            )
        )
    return found
