"""Risk of bias (study limitations), GRADE handbook 5.2.1 and Cochrane Handbook 5.1 table 12.2.d.

Each study is judged for the outcome at hand, in RoB 2's words (low, some concerns, high):

- *Blinding with the comparator.* Ketamine's dissociative effects tell patients and raters who got
  the drug. An inert placebo (saline, a placebo spray) in awake patients with a subjective outcome
  is therefore not effective blinding: high risk. An active placebo such as midazolam mimics some
  effects: some concerns. An open-label or single-blind trial with a subjective outcome: high risk.
  A drug given under general anaesthesia, or an objective outcome, is exempt.
- *Conduct.* Early stopping and high attrition are high risk; responder-enriched or
  randomised-withdrawal designs and crossover carry-over are some concerns.
- A review's own judgement, where recorded, is used when it is worse than ours.

Across the body, weighed by participants (by study when a size is missing): more than half the
weight at high risk for two or more crucial reasons is very serious (-2); more than half at high
risk, or at some concerns or worse, is serious (-1). When in doubt GRADE rates down, so a body of
reviews with no risk-of-bias judgement recorded is rated down too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Blinding, ComparatorClass, DesignFeature, Outcome, Question, RiskOfBias
from .adjustment import Adjustment
from .body import StudyResult, names, percent, plural, shares
from .rules import HANDBOOK, RISK_OF_BIAS_SERIOUS_SHARE, RISK_OF_BIAS_VERY_SERIOUS_SHARE

RULE = HANDBOOK["risk_of_bias"]

_ORDER = {RiskOfBias.LOW: 0, RiskOfBias.SOME_CONCERNS: 1, RiskOfBias.HIGH: 2}


@dataclass(frozen=True)
class StudyJudgement:
    """One study's risk of bias for one outcome, with every reason behind it."""

    level: RiskOfBias
    crucial: tuple[str, ...]  # reasons for high risk
    concerns: tuple[str, ...]  # reasons for some concerns

    @property
    def very_serious(self) -> bool:
        return len(self.crucial) >= 2

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.crucial + self.concerns


def judge_study(result: StudyResult, question: Question, outcome: Outcome) -> StudyJudgement:
    """The risk of bias of one study for one outcome (see the module's rules)."""
    source = result.source
    features = set(source.design_features)
    crucial: list[str] = []
    concerns: list[str] = []
    anaesthetised = DesignFeature.UNDER_ANAESTHESIA in features
    if outcome.subjective and not anaesthetised and not result.is_review:
        blinding = source.blinding
        if blinding in (Blinding.OPEN_LABEL, Blinding.SINGLE_BLIND):
            crucial.append(f"{blinding.value.replace('_', '-')} with a subjective outcome")
        elif question.comparator is ComparatorClass.INERT_PLACEBO:
            crucial.append("inert placebo in awake patients: dissociation unblinds patients and raters")
        elif question.comparator is ComparatorClass.ACTIVE_PLACEBO:
            concerns.append("active placebo only partly masks dissociation")
        elif (
            question.comparator in (ComparatorClass.ACTIVE_TREATMENT, ComparatorClass.USUAL_CARE)
            and blinding is not Blinding.DOUBLE_BLIND
        ):
            crucial.append("comparison with another treatment, not shown to be blinded")
        if blinding is None and question.comparator is not ComparatorClass.NO_CONTROL and not crucial:
            crucial.append("blinding not recorded")
    if result.is_review and outcome.subjective and not anaesthetised:
        if question.comparator is ComparatorClass.INERT_PLACEBO:
            crucial.append("pools trials against an inert placebo in awake patients (functional unblinding)")
        elif question.comparator is ComparatorClass.ACTIVE_PLACEBO:
            concerns.append("pools trials against an active placebo that only partly masks dissociation")
    if question.comparator is ComparatorClass.NO_CONTROL and not result.is_review:
        crucial.append("no control group")  # whatever the outcome: nothing is compared
    if DesignFeature.EARLY_STOPPING in features:
        crucial.append("stopped early")
    if DesignFeature.HIGH_ATTRITION in features:
        crucial.append("high attrition")
    if DesignFeature.ENRICHED_RESPONDERS in features:
        concerns.append("enrolled only earlier responders")
    if DesignFeature.RANDOMISED_WITHDRAWAL in features:
        concerns.append("randomised withdrawal of responders")
    if DesignFeature.CROSSOVER_CARRY_OVER in features:
        concerns.append("crossover with possible carry-over")
    if result.is_review and result.finding.risk_of_bias is None and not crucial and not concerns:
        concerns.append("no risk-of-bias judgement recorded for the pooled trials")
    level = RiskOfBias.HIGH if crucial else RiskOfBias.SOME_CONCERNS if concerns else RiskOfBias.LOW
    reviewed = result.finding.risk_of_bias
    if reviewed is not None and _ORDER[reviewed] > _ORDER[level]:
        if reviewed is RiskOfBias.HIGH:
            crucial.append("the review judged it at high risk of bias")
        else:
            concerns.append("the review judged it at some concerns")
        level = reviewed
    return StudyJudgement(level, tuple(crucial), tuple(concerns))


def assess_risk_of_bias(body: Sequence[StudyResult], question: Question, outcome: Outcome) -> Adjustment:
    """GRADE's study-limitations judgement for the body of one outcome (never empty: see ``grade_outcome``)."""
    judged = [(r, judge_study(r, question, outcome)) for r in body]
    high = [r for r, j in judged if j.level is RiskOfBias.HIGH]
    very = [r for r, j in judged if j.very_serious]
    some_or_worse = [r for r, j in judged if j.level is not RiskOfBias.LOW]
    high_share, very_share, some_share = shares(body, high), shares(body, very), shares(body, some_or_worse)
    detail = "; ".join(f"{r.label}: {', '.join(j.reasons)}" for r, j in judged if j.reasons)
    if very_share > RISK_OF_BIAS_VERY_SERIOUS_SHARE:
        return Adjustment(
            "risk_of_bias",
            -2,
            f"Very serious: {percent(very_share)} of the weight is at high risk of bias for two or more crucial "
            f"reasons ({detail}).",
            tuple(sorted(r.key for r in very)),
            RULE,
        )
    if high_share > RISK_OF_BIAS_SERIOUS_SHARE:
        return Adjustment(
            "risk_of_bias",
            -1,
            f"Serious: {percent(high_share)} of the weight is at high risk of bias ({detail}).",
            tuple(sorted(r.key for r in high)),
            RULE,
        )
    if some_share > RISK_OF_BIAS_SERIOUS_SHARE:
        return Adjustment(
            "risk_of_bias",
            -1,
            f"Serious: {percent(some_share)} of the weight has at least some concerns ({detail}); "
            "when in doubt GRADE rates down.",
            tuple(sorted(r.key for r in some_or_worse)),
            RULE,
        )
    clean = [r for r, j in judged if j.level is RiskOfBias.LOW]
    return Adjustment(
        "risk_of_bias",
        0,
        f"Not serious: {percent(1 - some_share)} of the weight is at low risk of bias "
        f"({plural(len(clean), 'study', 'studies')}: "
        f"{names(clean)})" + (f"; {detail}." if detail else "."),
        (),
        RULE,
    )
