"""The catalog behind the pages: one load with everything, the tallies the overview plots, the fingerprint.

A small hand-written data folder makes every expected number checkable by reading it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidence.cache import PubmedCache, utc_now
from evidence.catalog import (
    data_fingerprint,
    evidence_map,
    headline,
    load_catalog,
    participants_by_design,
    publications_by_year,
)
from evidence.errors import DataDirMissing
from evidence.models import Design, Grade
from tests.grading_helpers import record

CONDITIONS = """\
conditions:
  - slug: alpha
    name: Alpha disorder
    category: psychiatric
    description: A condition with two trials, a review and a retracted trial.
    pubmed_query: ketamine AND alpha
  - slug: beta
    name: Beta pain
    category: pain
    description: A condition with only a case series and indirect evidence.
    pubmed_query: ketamine AND beta
"""

SOURCES = """\
sources:
  - pmid: 1001
    title: First alpha trial
    first_author: One A
    year: 2010
    journal: Journal A
    design: rct
    conditions: [alpha]
    indirect_conditions: [beta]
    participants: 100
    blinding: double_blind
    direction: benefit
    source_url: https://example.org/1001
  - pmid: 1002
    title: Second alpha trial
    first_author: Two B
    year: 2012
    journal: Journal A
    design: crossover_rct
    conditions: [alpha]
    participants: 20
    blinding: double_blind
    direction: benefit
    source_url: https://example.org/1002
  - pmid: 1003
    title: Alpha review
    first_author: Three C
    year: 2012
    journal: Journal B
    design: meta_analysis
    conditions: [alpha]
    participants: 500
    source_url: https://example.org/1003
  - pmid: 1004
    title: Retracted alpha trial
    first_author: Four D
    year: 2014
    journal: Journal A
    design: rct
    conditions: [alpha]
    participants: 900
    retracted: true
    source_url: https://example.org/1004
  - id: beta-series-2020
    title: Beta case series
    first_author: Five E
    year: 2020
    journal: Clinic Reports
    url: https://example.org/beta
    design: case_series
    conditions: [beta]
    participants: 7
    source_url: https://example.org/beta
    verified: false
"""


QUESTIONS = """\
condition: alpha
questions:
  - id: alpha-iv-vs-active
    title: IV ketamine vs an active treatment
    primary: true
    primary_why: The only question here.
    intervention: {form: racemic, route: iv}
    comparator: active_treatment
    outcomes:
      - {id: response, name: Response, timepoint: 24 hours, critical: true, kind: dichotomous, favours_ketamine: higher}
    findings:
      - {source: "pmid:1001", outcome: response, n_ketamine: 50, n_control: 50, measure: rr, estimate: 2.0,
         ci_low: 1.4, ci_high: 2.9, read_on: "https://example.org/read"}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "citations").mkdir(parents=True)
    (root / "conditions.yaml").write_text(CONDITIONS, encoding="utf-8")
    (root / "citations" / "all.yaml").write_text(SOURCES, encoding="utf-8")
    (root / "questions").mkdir()
    (root / "questions" / "alpha.yaml").write_text(QUESTIONS, encoding="utf-8")
    return root


def test_catalog_holds_base_problems_cache_status_and_grades(small: Path) -> None:
    catalog = load_catalog(small)
    assert not catalog.problems
    assert [c.slug for c in catalog.base.conditions] == ["alpha", "beta"]
    assert catalog.records == {} and not catalog.is_enriched
    assert catalog.cache_status.last_refresh is None
    assert {n.pmid for n in catalog.cache_status.not_enriched} == {1001, 1002, 1003, 1004}
    assert set(catalog.grade_by_slug) == {"alpha", "beta"}
    assert catalog.surveillance is None
    assert [s.key for s in catalog.retracted_sources] == ["pmid:1004"]
    assert [s.key for s in catalog.unverified_sources] == ["beta-series-2020"]
    # strongest grade first
    assert catalog.grade_of("alpha").rank >= catalog.grade_of("beta").rank
    assert catalog.conditions_by_grade[0].slug == "alpha"


def test_catalog_index_agrees_with_the_evidence_base(small: Path) -> None:
    catalog = load_catalog(small)
    for slug in ("alpha", "beta"):
        for direct in (True, False):
            assert catalog.sources_for(slug, direct=direct) == catalog.base.sources_for(slug, direct=direct)


def test_headline_counts_primary_studies_and_leaves_out_retractions(small: Path) -> None:
    numbers = headline(load_catalog(small))
    # two randomised trials (the retracted one is not counted); participants 100 + 20 + 7:
    # the review pools people already counted, the retracted trial does not count
    assert numbers.as_dict() == {"conditions": 2, "sources": 5, "randomised_trials": 2, "participants": 127}


def test_evidence_map_has_one_cell_per_condition_and_design_direct_and_indirect_apart(small: Path) -> None:
    catalog = load_catalog(small)
    cells = {
        (c.condition, c.design, c.direct): (c.sources, c.participants, c.grade) for c in evidence_map(catalog)
    }
    alpha, beta = catalog.grade_of("alpha"), catalog.grade_of("beta")
    assert cells == {
        ("alpha", Design.META_ANALYSIS, True): (1, 500, alpha),
        ("alpha", Design.RCT, True): (1, 100, alpha),
        ("alpha", Design.CROSSOVER_RCT, True): (1, 20, alpha),
        ("beta", Design.CASE_SERIES, True): (1, 7, beta),
        ("beta", Design.RCT, False): (1, 100, beta),
    }
    assert alpha in (Grade.HIGH, Grade.MODERATE, Grade.LOW)


def test_tallies_by_design_and_by_year(small: Path) -> None:
    catalog = load_catalog(small)
    alpha = catalog.sources_for("alpha", direct=True)
    assert [(t.design, t.sources, t.participants) for t in participants_by_design(alpha)] == [
        (Design.META_ANALYSIS, 1, 500),
        (Design.RCT, 2, 1000),
        (Design.CROSSOVER_RCT, 1, 20),
    ]
    assert [(t.year, t.design, t.sources) for t in publications_by_year(alpha)] == [
        (2010, Design.RCT, 1),
        (2012, Design.META_ANALYSIS, 1),
        (2012, Design.CROSSOVER_RCT, 1),
        (2014, Design.RCT, 1),
    ]


def test_fingerprint_changes_when_a_data_file_changes_and_only_then(small: Path) -> None:
    first = data_fingerprint(small)
    version = load_catalog(small).version
    assert first == data_fingerprint(small)
    assert version == load_catalog(small).version
    assert {path for path, _, _ in first} == {
        "conditions.yaml",
        os.path.join("citations", "all.yaml"),
        os.path.join("questions", "alpha.yaml"),
    }
    question_file = small / "questions" / "alpha.yaml"
    question_file.write_text(QUESTIONS.replace("an active treatment", "an active drug"), encoding="utf-8")
    assert data_fingerprint(small) != first, "editing a question reloads the pages"
    first = data_fingerprint(small)
    version = load_catalog(small).version
    citations = small / "citations" / "all.yaml"
    citations.write_text(SOURCES.replace("Journal B", "Journal C"), encoding="utf-8")
    # same size ("Journal B" -> "Journal C"): only the modification time tells; make sure it moves
    written = citations.stat().st_mtime_ns + 1_000_000_000
    os.utime(citations, ns=(written, written))
    assert data_fingerprint(small) != first
    assert load_catalog(small).version != version
    (small / "pubmed" / "records").mkdir(parents=True)
    before = data_fingerprint(small)
    (small / "pubmed" / "status.json").write_text("{}", encoding="utf-8")
    assert data_fingerprint(small) != before, "a refresh (status.json) reloads the pages too"


def test_fingerprint_moves_when_a_refresh_writes_or_a_curator_removes_a_cached_record(small: Path) -> None:
    # the record files are watched through their folder, which every atomic write renames into
    cache = PubmedCache(small)
    cache.records_dir.mkdir(parents=True)
    _age(cache.records_dir)  # clocks tick coarsely: start from a time no write can reproduce
    before = data_fingerprint(small)
    cache.write(record(111), "<PubmedArticle/>\n", utc_now())
    assert set(PubmedCache(small).load()) == {111}
    written = data_fingerprint(small)
    assert written != before
    _age(cache.records_dir)
    aged = data_fingerprint(small)
    (cache.records_dir / "111.json").unlink()
    assert data_fingerprint(small) != aged, "a record taken out of the cache reloads the pages"


def _age(folder: Path) -> None:
    os.utime(folder, ns=(1_000_000_000, 1_000_000_000))


def test_a_missing_data_folder_is_the_projects_own_error(tmp_path: Path) -> None:
    with pytest.raises(DataDirMissing):
        load_catalog(tmp_path / "nowhere")
