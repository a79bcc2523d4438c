"""The thresholds of every grading rule, named once, and the handbook sections they encode.

References are to the GRADE handbook (Schünemann, Brożek, Guyatt, Oxman, eds., 2013), section 5
("Quality of evidence"), and to the Cochrane Handbook 5.1, table 12.2.d (from risk of bias in
single studies to study limitations across a body of evidence).
"""

from __future__ import annotations

HANDBOOK = {
    "start": "GRADE handbook 5.1 (study design sets the starting level)",
    "risk_of_bias": "GRADE handbook 5.2.1 (study limitations); Cochrane Handbook 5.1, table 12.2.d",
    "inconsistency": "GRADE handbook 5.2.2 (inconsistency of results)",
    "indirectness": "GRADE handbook 5.2.3 (indirectness of evidence)",
    "imprecision": "GRADE handbook 5.2.4 (imprecision; optimal information size)",
    "publication_bias": "GRADE handbook 5.2.5 (publication bias)",
    "upgrades": "GRADE handbook 5.3 (factors that can increase the quality of evidence)",
    "published_rating": "GRADE handbook 5 (when in doubt, rate down); the review's own GRADE judgement",
}

# Risk of bias (5.2.1): shares of the body's weight (participants; trials when a size is missing)
RISK_OF_BIAS_SERIOUS_SHARE = 0.5  # more than this at high risk, or at some concerns or worse: -1
# more than this at high risk for two or more crucial reasons: -2 ("very serious limitations")
RISK_OF_BIAS_VERY_SERIOUS_SHARE = 0.5

# Inconsistency (5.2.2): I-squared from 50% is "substantial" heterogeneity (Cochrane Handbook 9.5.2)
I2_SUBSTANTIAL = 50.0

# Indirectness (5.2.3): more than this share of the weight indirect in some domain: -1;
# indirect in two or more domains (say population and outcome): -2
INDIRECT_SHARE = 0.5

# Imprecision (5.2.4): the optimal information size when nothing better is available
OIS_CONTINUOUS_PARTICIPANTS = 400
OIS_DICHOTOMOUS_EVENTS = 300
# events are often not reported; 300 events at a typical 40% event rate in either arm
OIS_DICHOTOMOUS_PARTICIPANTS_WITHOUT_EVENTS = 750
# appreciable benefit or harm, GRADE's default for ratio measures (a 25% relative change),
# and a small standardised effect (Cohen) for SMD: a CI crossing both is "very wide"
APPRECIABLE_RATIO_LOW = 0.75
APPRECIABLE_RATIO_HIGH = 1.25
APPRECIABLE_SMD = 0.2

# Publication bias (5.2.5): a body of only small trials that all favour ketamine
SMALL_TRIAL_PARTICIPANTS = 100

# Upgrades (5.3.1): a large and a very large effect on a ratio scale
LARGE_EFFECT_RATIO = 2.0
VERY_LARGE_EFFECT_RATIO = 5.0
