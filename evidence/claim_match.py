"""Matches a claim to the clinical questions and outcomes that grading modelled (the *match* stage).

A claim about off-label IV ketamine must not pass on the strength of esketamine nasal spray
trials, and a claim about lasting benefit must not pass on 24-hour results. So a claim is
matched, in order, on what it says:

1. the form and route it names (esketamine or Spravato, arketamine; IV, nasal spray, lozenges,
   tablets ...) against each question's intervention;
2. the time point it speaks of ("within hours" against outcomes at hours or days, "lasting"
   against outcomes at months or in maintenance) against each outcome's time point;
3. when it names neither, the condition's headline: its primary question's critical outcome.

Only benefit outcomes that grading could grade are candidates; harm outcomes answer other claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .claims import Assertion, KetamineForm
from .models import Grade

# time points as curated ("24 hours after one infusion", "day 28", "week 12", "maintenance phase")
_SHORT_TIME = re.compile(
    r"\b(?:minutes?|min|hours?|h|during\s+the\s+infusion|end\s+of\s+(?:the\s+)?infusion|day\s*[1-3]\b|"
    r"(?:one|two|three|1|2|3)\s+days?|24|48|72|90)\b",
    re.IGNORECASE,
)
_LONG_TIME = re.compile(
    r"\b(?:months?|maintenance|relapse|follow[\s-]?up|year|week\s*(?:1[2-9]|[2-9]\d)|(?:1[2-9]|[2-9]\d)\s*weeks?)\b",
    re.IGNORECASE,
)


def time_class(timepoint: str) -> str:
    """'short' (hours to three days), 'long' (twelve weeks or more, maintenance) or 'medium'."""
    if _LONG_TIME.search(timepoint):
        return "long"
    if _SHORT_TIME.search(timepoint):
        return "short"
    return "medium"


@dataclass(frozen=True)
class OutcomeEvidence:
    """One graded benefit outcome of one question, as claim review needs it."""

    question_id: str
    question_title: str
    primary: bool
    form: str  # racemic, esketamine, arketamine
    routes: tuple[str, ...]
    intervention: str  # "IV ketamine", "intranasal esketamine with ..."
    comparator: str  # "saline placebo", "inert placebo"
    comparator_class: str  # a ComparatorClass value
    outcome_id: str
    outcome: str  # "Response (50% or greater fall ...)"
    timepoint: str
    time: str  # short, medium, long
    critical: bool
    certainty: Grade
    direction: str | None  # favours_ketamine, no_clear_difference, favours_comparator
    n_studies: int = 0
    n_participants: int | None = None
    response_rate: float | None = None  # the highest ketamine-arm share of responders in its findings
    headline: bool = False  # the outcome that sets the condition's headline grade
    indirect: bool = False  # every study behind it is evidence for a related condition only

    @property
    def favours_ketamine(self) -> bool:
        return self.direction == "favours_ketamine"

    @property
    def label(self) -> str:
        return f"'{self.question_title}', outcome '{self.outcome}, {self.timepoint}'"


@dataclass(frozen=True)
class Match:
    """The evidence a claim is judged on, and what it was matched by."""

    outcome: OutcomeEvidence | None  # None: nothing graded for what the claim speaks of
    basis: str  # a sentence saying how it was matched
    mismatch: str | None = None  # "route", "time": the claim speaks of something nothing answers
    favouring: tuple[OutcomeEvidence, ...] = ()  # every candidate that favours ketamine


def outcomes_of(grade: object) -> tuple[OutcomeEvidence, ...]:
    """The graded benefit outcomes of a ``ConditionGrade`` (``evidence.grading``)."""
    found = []
    primary = getattr(grade, "primary", None)
    headline = primary.headline if primary is not None else None
    for q in getattr(grade, "questions", ()):
        question = q.question
        for o in q.outcomes:
            if o.outcome.harm or not o.graded:
                continue
            rates = [
                r.finding.events_ketamine / r.finding.n_ketamine
                for r in o.results
                if r.finding.events_ketamine is not None and r.finding.n_ketamine
            ]
            found.append(
                OutcomeEvidence(
                    question_id=question.id,
                    question_title=question.title,
                    primary=question.primary,
                    form=question.intervention.form.value,
                    routes=tuple(r.value for r in question.intervention.route),
                    intervention=question.intervention.label,
                    comparator=question.comparator_detail or question.comparator.label,
                    comparator_class=question.comparator.value,
                    outcome_id=o.outcome.id,
                    outcome=o.outcome.name,
                    timepoint=o.outcome.timepoint,
                    time=time_class(o.outcome.timepoint),
                    critical=o.outcome.critical,
                    certainty=o.certainty,
                    direction=o.direction,
                    n_studies=o.n_studies,
                    n_participants=o.n_participants,
                    response_rate=max(rates) if rates and o.outcome.kind.value == "dichotomous" else None,
                    headline=o is headline,
                    indirect=all(r.indirect_population for r in o.results),
                )
            )
    return tuple(found)


def match_claim(
    assertion: Assertion, forms: frozenset[KetamineForm], outcomes: Sequence[OutcomeEvidence]
) -> Match:
    """The outcome a claim is judged on (see the module's rules)."""
    if not outcomes:
        return Match(None, "no graded benefit outcome is curated for this condition")
    candidates = list(outcomes)
    said = []
    if forms and KetamineForm.RACEMIC not in forms:  # esketamine or arketamine only: its own trials
        named = sorted(f.value for f in forms)
        candidates = [o for o in candidates if o.form in named]
        said.append(" or ".join(named))
    routes = set(assertion.routes)
    if routes:
        by_route = [o for o in candidates if routes & set(o.routes)]
        said.append("route " + "/".join(sorted(routes)))
        candidates = by_route
    if not candidates:
        return Match(
            None,
            f"the claim names {' and '.join(said)}, and no graded question of this condition tests it",
            mismatch="route",
        )
    if assertion.time is not None:
        wanted = {"short": ("short",), "long": ("long",)}[assertion.time]
        by_time = [o for o in candidates if o.time in wanted]
        said.append(f"time '{assertion.time_words}'")
        if not by_time:
            longest = max(candidates, key=lambda o: ("short", "medium", "long").index(o.time))
            return Match(
                None,
                f"the claim speaks of {'lasting' if assertion.time == 'long' else 'rapid'} benefit "
                f"('{assertion.time_words}'), and no graded outcome is at that time point "
                f"(the latest is {longest.outcome}, {longest.timepoint})",
                mismatch="time",
                favouring=tuple(o for o in candidates if o.favours_ketamine),
            )
        candidates = by_time
    favouring = tuple(o for o in candidates if o.favours_ketamine)
    if not said:
        headline = next((o for o in outcomes if o.headline), None)
        if headline is not None:
            return Match(
                headline,
                f"the claim names no form, route or time point, so it is judged on the condition's headline: "
                f"{headline.label}",
                favouring=tuple(o for o in outcomes if o.favours_ketamine),
            )
    best = _best(favouring) or _best(candidates)
    return Match(best, f"matched on {', '.join(said) or 'the condition'}: {best.label}", favouring=favouring)


_PLACEBO = ("inert_placebo", "active_placebo")


def _best(outcomes: Iterable[OutcomeEvidence]) -> OutcomeEvidence | None:
    """The outcome a claim of benefit is judged on.

    A claim that names no comparator says the drug works, which placebo-controlled questions answer;
    a comparison with another treatment answers a different question. Among those, the most certain,
    then critical and primary ones.
    """
    chosen = list(outcomes)
    if not chosen:
        return None
    return max(
        chosen,
        key=lambda o: (
            o.comparator_class in _PLACEBO,
            o.certainty.rank,
            o.critical,
            o.primary,
            o.n_participants or 0,
        ),
    )
