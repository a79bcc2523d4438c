"""Grades the certainty of the evidence per clinical question and outcome, the way GRADE does.

One module per GRADE domain, named as the handbook names it (``risk_of_bias``,
``inconsistency``, ``indirectness``, ``imprecision``, ``publication_bias``, ``upgrades``), each
citing its handbook section; ``body`` decides which findings count, ``pooling`` the effect
estimate, ``outcome`` and ``condition`` put the judgements together, ``rules`` holds every
threshold and ``text`` the rules as the app shows them.
"""

from __future__ import annotations

from .adjustment import Adjustment
from .command import format_explanation, format_table, run_grade_command
from .condition import (
    IMPLIED_GRADE_OF_STANCE,
    ConditionGrade,
    GradeCounts,
    GuidelinePosition,
    UnknownCondition,
    grade_all,
    grade_condition,
)
from .outcome import (
    OutcomeGrade,
    PublishedRating,
    QuestionGrade,
    direction_words,
    grade_outcome,
    grade_question,
)
from .text import GRADING_RULES, grading_rules

__all__ = [
    "GRADING_RULES",
    "IMPLIED_GRADE_OF_STANCE",
    "Adjustment",
    "ConditionGrade",
    "GradeCounts",
    "GuidelinePosition",
    "OutcomeGrade",
    "PublishedRating",
    "QuestionGrade",
    "UnknownCondition",
    "direction_words",
    "format_explanation",
    "format_table",
    "grade_all",
    "grade_condition",
    "grade_outcome",
    "grade_question",
    "grading_rules",
    "run_grade_command",
]
