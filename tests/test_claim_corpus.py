"""Claim review measured on the project's labelled drafts: recall on overclaims, false alarms on accurate claims.

The drafts (tests/claim_corpus) were written by the team in sixteen styles, from clinic marketing to
patient leaflets, and labelled sentence by sentence against the shipped evidence. The suite prints
the figures (see conftest.pytest_terminal_summary) and fails below 90% recall or above 5% false alarms.
"""

from __future__ import annotations

import pytest

from evidence.loading import SHIPPED_DATA_DIR
from evidence.review import load_review_context

from .claim_corpus_score import CORPUS, HELD_OUT, score_corpus, summary

RECALL_TARGET = 0.90
FALSE_ALARM_TARGET = 0.05
REPORTS: list[str] = []


@pytest.fixture(scope="module")
def scored():
    return score_corpus(load_review_context(SHIPPED_DATA_DIR))


def test_the_corpus_is_as_large_and_varied_as_promised(scored):
    assert len(list(CORPUS.glob("*.labels.yaml"))) >= 12
    assert len(scored) >= 300
    assert sum(s.expected == "pass" for s in scored) >= 100
    assert len({s.draft for s in scored}) >= 12


def test_recall_and_false_alarms_meet_their_targets(scored):
    recall, false_alarms, report = summary(scored)
    REPORTS.append(report)
    misses = [f"{s.draft}: {s.text}" for s in scored if s.expected == "flag" and not s.flagged]
    alarms = [f"{s.draft}: {s.text} -> {s.verdict}" for s in scored if s.expected == "pass" and s.flagged]
    assert recall >= RECALL_TARGET, "missed overclaims:\n" + "\n".join(misses)
    assert false_alarms <= FALSE_ALARM_TARGET, "false alarms:\n" + "\n".join(alarms)


def test_the_held_out_drafts_are_scored_and_reported():
    # written by a teammate who saw neither the rules nor the corpus above, and never tuned against:
    # its figures are the honest estimate for pages nobody has seen. They are printed, not asserted,
    # so that nobody is tempted to fit the rules to them.
    scored = score_corpus(load_review_context(SHIPPED_DATA_DIR), HELD_OUT)
    assert len(scored) >= 100
    REPORTS.append(summary(scored, "held-out drafts (never tuned against)")[2])
