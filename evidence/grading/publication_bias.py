"""Publication bias, GRADE handbook 5.2.5.

Suspected (-1) when any of these holds:
- a curated review reports small-study effects (funnel asymmetry) or a bias-corrected effect
  near no effect (``small_study_effects``);
- a registered trial of the question is known to be missing from the published record
  (``missing_trials``);
- the body is two or more trials, every one of them small (under 100 participants), and all of
  them favour ketamine: the pattern in which negative small trials go unpublished;
- the body is two or more trials, all industry-funded and all favouring ketamine.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Funding, Outcome, Question
from .adjustment import Adjustment
from .body import StudyResult, names
from .rules import HANDBOOK, SMALL_TRIAL_PARTICIPANTS

RULE = HANDBOOK["publication_bias"]


def _favours_ketamine(result: StudyResult, outcome: Outcome) -> bool:
    return result.significance_side() == outcome.favours_ketamine


def assess_publication_bias(
    question: Question, outcome: Outcome, trials: Sequence[StudyResult], reviews: Sequence[StudyResult]
) -> Adjustment:
    flagged = [r for r in reviews if r.finding.small_study_effects]
    if flagged:
        return Adjustment(
            "publication_bias",
            -1,
            f"Suspected: {names(flagged)} reports small-study effects or a bias-corrected effect near no effect.",
            tuple(sorted(r.key for r in flagged)),
            RULE,
        )
    if question.missing_trials:
        return Adjustment(
            "publication_bias",
            -1,
            "Suspected: registered trials are missing from the published record ("
            + "; ".join(question.missing_trials)
            + ").",
            (),
            RULE,
        )
    if len(trials) >= 2 and not outcome.harm:
        positive = all(_favours_ketamine(t, outcome) for t in trials)
        small = all(t.n is not None and t.n < SMALL_TRIAL_PARTICIPANTS for t in trials)
        industry = all(t.source.funding is Funding.INDUSTRY for t in trials)
        if positive and small:
            return Adjustment(
                "publication_bias",
                -1,
                f"Suspected: every trial is small (under {SMALL_TRIAL_PARTICIPANTS} participants) and every one "
                f"favours ketamine ({names(trials)}), the pattern in which negative small trials go unpublished.",
                tuple(sorted(t.key for t in trials)),
                RULE,
            )
        if positive and industry:
            return Adjustment(
                "publication_bias",
                -1,
                f"Suspected: every trial is industry-funded and favours ketamine ({names(trials)}).",
                tuple(sorted(t.key for t in trials)),
                RULE,
            )
    return Adjustment(
        "publication_bias",
        0,
        "Not suspected: no review reports small-study effects, no registered trial is known to be missing, "
        "and the trials are not only small or only industry-funded positive ones.",
        (),
        RULE,
    )
