"""One colour per grade and per review verdict, shared by every page, chart and export.

Colours are chosen to stay distinguishable for the common colour-vision deficiencies
(a blue-to-orange scale rather than green-to-red) and to keep text on them readable.
"""

from __future__ import annotations

from .models import Grade

GRADE_COLOURS: dict[Grade, str] = {
    Grade.HIGH: "#1a5e9a",  # deep blue
    Grade.MODERATE: "#4f9bd1",  # light blue
    Grade.LOW: "#e3b448",  # amber
    Grade.VERY_LOW: "#d9782d",  # orange
    Grade.INSUFFICIENT: "#9aa3ad",  # grey: no direct evidence
}

# text colour that stays readable on each grade's background
GRADE_TEXT_COLOURS: dict[Grade, str] = {
    Grade.HIGH: "#ffffff",
    Grade.MODERATE: "#0b1f33",
    Grade.LOW: "#1b1300",
    Grade.VERY_LOW: "#1b0d00",
    Grade.INSUFFICIENT: "#111111",
}

VERDICT_COLOURS: dict[str, str] = {
    "supported": "#1a5e9a",
    "overstated": "#d9782d",
    "unsupported": "#b3261e",
    "citation_problem": "#7b3fa0",
}
