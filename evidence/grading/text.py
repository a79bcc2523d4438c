"""The grading rules as the app and the README show them, built from the thresholds in ``rules``."""

from __future__ import annotations

from .rules import (
    APPRECIABLE_RATIO_HIGH,
    APPRECIABLE_RATIO_LOW,
    APPRECIABLE_SMD,
    HANDBOOK,
    I2_SUBSTANTIAL,
    INDIRECT_SHARE,
    LARGE_EFFECT_RATIO,
    OIS_CONTINUOUS_PARTICIPANTS,
    OIS_DICHOTOMOUS_EVENTS,
    OIS_DICHOTOMOUS_PARTICIPANTS_WITHOUT_EVENTS,
    RISK_OF_BIAS_SERIOUS_SHARE,
    SMALL_TRIAL_PARTICIPANTS,
    VERY_LARGE_EFFECT_RATIO,
)


def _rules_text() -> str:
    return f"""\
## How a grade is reached

Certainty belongs to a **clinical question** (population, ketamine form and route, comparator)
and an **outcome at a time point**, as in GRADE and Cochrane reviews. A condition's headline
grade is the certainty of its **primary question's critical outcome**; its other questions are
always shown beside it. A grade is certainty, not support: each one carries its direction
(favours ketamine, no clear difference, favours the comparator).

### Which findings count
- Each finding is curated under the question it answers, with the page its numbers were read on.
- Retracted sources, unverified citations and position documents (guidelines, regulators) never
  count. Sources that report the same participants count once.
- Where randomised evidence answers an outcome, non-randomised evidence is set aside.

### Starting level ({HANDBOOK["start"]})
Randomised evidence starts **high**, non-randomised evidence **low**, case reports, case series
and surveys alone **very low**, whatever the number of studies.

### Risk of bias ({HANDBOOK["risk_of_bias"]})
Each study is judged for the outcome: an inert placebo in awake patients with a subjective
outcome is high risk (ketamine's dissociation unblinds patients and raters); an active placebo
such as midazolam is some concerns; open-label or single-blind with a subjective outcome is high
risk; under general anaesthesia or with an objective outcome, blinding is not at issue. Early
stopping and high attrition are high risk; responder-enriched or randomised-withdrawal designs
and crossover carry-over are some concerns. A review's own judgement is used when it is worse.
-1 when more than {RISK_OF_BIAS_SERIOUS_SHARE:.0%} of the weight (participants) is at high risk, or at
some concerns or worse; -2 when more than {RISK_OF_BIAS_SERIOUS_SHARE:.0%} is at high risk for two or
more crucial reasons.

### Inconsistency ({HANDBOOK["inconsistency"]})
Judged within one comparison and across independent studies only: -1 when a review reports
I² of {I2_SUBSTANTIAL:g}% or more, when the trials pooled here give that, or when two trials'
confidence intervals do not overlap or exclude no effect on opposite sides. A single study is
not judged.

### Pooling
Where no curated review pooled an outcome but two or more trials report it on a common measure
with a confidence interval, they are pooled here with a random-effects model (statsmodels,
Paule-Mandel tau²), and the table says so.

### Imprecision ({HANDBOOK["imprecision"]})
Optimal information size: {OIS_CONTINUOUS_PARTICIPANTS} participants (continuous outcome), {OIS_DICHOTOMOUS_EVENTS} events
(dichotomous; {OIS_DICHOTOMOUS_PARTICIPANTS_WITHOUT_EVENTS} participants when events are not reported). Only the
question's own ketamine and control participants count, each person once. -1 when the
information size is not met or the 95% CI includes no effect, -2 when both; -2 when the CI is
very wide (a ratio from {APPRECIABLE_RATIO_LOW} to {APPRECIABLE_RATIO_HIGH}, an SMD from -{APPRECIABLE_SMD} to {APPRECIABLE_SMD}), -3 when it is
very wide and the information size is not met. With no CI at all, -1 to start.

### Indirectness ({HANDBOOK["indirectness"]})
-1 when more than {INDIRECT_SHARE:.0%} of the weight is indirect in population, intervention,
comparator or outcome (including a related condition's trials); -2 when in two or more.

### Publication bias ({HANDBOOK["publication_bias"]})
-1 when a review reports small-study effects, when a registered trial is known to be missing,
or when the body is two or more trials that all favour ketamine and are all small (under
{SMALL_TRIAL_PARTICIPANTS} participants) or all industry-funded.

### Rating up ({HANDBOOK["upgrades"]})
Only non-randomised evidence with no other downgrade: +1 for a ratio of {LARGE_EFFECT_RATIO:g} or more
(or {1 / LARGE_EFFECT_RATIO:g} or less) at the interval's nearer end, +2 for {VERY_LARGE_EFFECT_RATIO:g} (or {1 / VERY_LARGE_EFFECT_RATIO:g}).

### Published ratings ({HANDBOOK["published_rating"]})
A review's or guideline's own rating of the same question and outcome is shown beside ours, on
its own scale. Where a verified source rated the outcome with GRADE and rated it lower than our
domains do, ours is capped at its rating, and the cap is shown as its own step. A regulatory
approval is a position, not a certainty level.

### A question's certainty
The lowest certainty among its critical outcomes (GRADE handbook 5.4). A curator may override a
condition's headline in `conditions.yaml` only with a written rationale; both are shown.
"""


GRADING_RULES: str = _rules_text()


def grading_rules() -> str:
    """The documented grading rules as Markdown, for the README and the app."""
    return GRADING_RULES
