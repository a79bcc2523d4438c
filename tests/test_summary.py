"""`python -m evidence summary` reproduces the figures the Overview and Condition pages draw."""

from __future__ import annotations

import json

from evidence.cli import main
from evidence.loading import load_valid_evidence
from evidence.models import Design


def _summary(capsys, *args: str) -> dict:
    assert main(["summary", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_headline_counts_every_curated_source_and_trial(shipped_data, capsys):
    base = load_valid_evidence(shipped_data)
    report = _summary(capsys, "--data", str(shipped_data))
    assert report["headline"]["conditions"] == len(base.conditions)
    assert report["headline"]["sources"] == len(base.sources)
    trials = [s for s in base.sources if s.design.is_randomised and not s.retracted]
    assert report["headline"]["randomised_trials"] == len(trials)
    # the shipped cache is empty until someone refreshes with network access
    assert report["pubmed_last_refreshed"] is None


def test_evidence_map_cells_add_up_to_each_conditions_sources(shipped_data, capsys):
    base = load_valid_evidence(shipped_data)
    cells = _summary(capsys, "--data", str(shipped_data))["evidence_map"]
    for condition in base.conditions:
        mapped = sum(c["sources"] for c in cells if c["condition"] == condition.slug)
        assert mapped == len(base.sources_for(condition.slug)), condition.slug


def test_condition_figures_chart_studies_not_positions(shipped_data, capsys):
    base = load_valid_evidence(shipped_data)
    report = _summary(capsys, "--data", str(shipped_data), "--condition", "crps")
    studies = [s for s in base.sources_for("crps", direct=True) if not s.design.is_position]
    charted = report["participants_by_design"]["direct"]
    assert sum(row["sources"] for row in charted) == len(studies)
    assert sum(row["participants"] for row in charted) == sum(s.participants or 0 for s in studies)
    assert Design.GUIDELINE.value not in {row["design"] for row in charted}
    assert sum(row["sources"] for row in report["publications_by_year"]) == len(studies)


def test_unknown_condition_is_a_clear_error(shipped_data, capsys):
    assert main(["summary", "--data", str(shipped_data), "--condition", "fibromyalgai"]) == 2
    assert "unknown condition 'fibromyalgai'" in capsys.readouterr().err
