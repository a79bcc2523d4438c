"""`verify` and `surveil`: curated sources against PubMed records, and new literature per condition."""

from __future__ import annotations

import json

import pytest

from evidence.cli import main
from evidence.surveil import load_surveillance
from evidence.verify import Finding, VerifyReport

from .fake_eutils import FakeEutils, Fault, write_data_dir

QUERY = "ketamine[tiab] AND test[tiab]"
MATCHING = [
    {"pmid": 10686270, "title": "Antidepressant effects of ketamine in depressed patients", "first_author": "Berman RM",
     "year": 2000, "journal": "Biological Psychiatry"},
    {"pmid": 16894061, "title": "A randomized trial of an N-methyl-D-aspartate antagonist in treatment-resistant "
     "major depression", "first_author": "Zarate CA Jr", "year": 2006, "journal": "Archives of General Psychiatry",
     "doi": "10.1001/archpsyc.63.8.856"},
]  # fmt: skip
WRONG = [
    {"pmid": 23982301, "title": "Esketamine nasal spray for suicidal ideation", "first_author": "Smith AB",
     "year": 2014, "journal": "Lancet Psychiatry"},
    {"pmid": 9500320, "title": "Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive "
     "developmental disorder in children", "first_author": "Wakefield AJ", "year": 1998, "journal": "Lancet"},
    {"pmid": 11111111, "title": "A paper that does not exist", "first_author": "Nobody N", "year": 2020,
     "journal": "Nowhere"},
]  # fmt: skip


@pytest.fixture
def fake():
    with FakeEutils() as server:
        yield server


@pytest.fixture
def ncbi_env(fake, monkeypatch):
    monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
    monkeypatch.setenv("NCBI_API_KEY", "test-key")
    monkeypatch.setenv("EVIDENCE_EUTILS_URL", fake.url)
    monkeypatch.setenv("EVIDENCE_EUTILS_BACKOFF", "0.01")
    return fake


def verify_json(data, capsys) -> tuple[int, dict]:
    code = main(["verify", "--data", str(data), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_matching_sources_verify_clean(ncbi_env, tmp_path, capsys):
    data = write_data_dir(tmp_path / "data", MATCHING)
    assert main(["enrich", "--data", str(data)]) == 0
    capsys.readouterr()
    code, report = verify_json(data, capsys)
    assert (code, report["checked"], report["findings"], report["unverified"]) == (0, 2, [], [])


def test_mismatches_unknown_pmids_and_retractions_are_findings(ncbi_env, tmp_path, capsys):
    data = write_data_dir(tmp_path / "data", MATCHING + WRONG)
    main(["enrich", "--data", str(data)])
    capsys.readouterr()
    code, report = verify_json(data, capsys)
    assert code == 1
    kinds = {(f["pmid"], f["kind"]) for f in report["findings"]}
    assert kinds == {
        (23982301, "title"),
        (23982301, "first_author"),
        (23982301, "year"),
        (23982301, "journal"),
        (9500320, "retracted"),
        (11111111, "unknown_pmid"),
    }
    retraction = next(f for f in report["findings"] if f["kind"] == "retracted")
    assert "20137807" in retraction["message"]
    assert main(["verify", "--data", str(data)]) == 1
    table = capsys.readouterr().out
    assert "PMID 9500320" in table and "4 sources checked against PubMed, 6 findings" in table


def test_without_a_cache_nothing_is_verified_and_the_reason_is_given(tmp_path, capsys):
    data = write_data_dir(tmp_path / "data", MATCHING)
    code, report = verify_json(data, capsys)
    assert code == 3 and report["checked"] == 0
    assert [u["pmid"] for u in report["unverified"]] == [10686270, 16894061]
    assert "never fetched" in report["unverified"][0]["reason"]


def test_surveil_lists_uncurated_records_with_titles_and_types(ncbi_env, tmp_path, capsys):
    data = write_data_dir(tmp_path / "data", MATCHING, query=QUERY)
    ncbi_env.searches[QUERY] = (4, [39000001, 23982301, 16894061, 10686270])
    assert main(["surveil", "--data", str(data), "--format", "json"]) == 0
    (condition,) = json.loads(capsys.readouterr().out)["conditions"]
    assert [n["pmid"] for n in condition["new"]] == [39000001, 23982301]
    assert condition["new"][1]["publication_types"] == ["Randomized Controlled Trial", "Journal Article"]
    assert condition["new"][0]["title"].startswith("Sub-anaesthetic S-ketamine")
    assert condition["truncated"] is False
    saved = load_surveillance(data)  # what the data-quality page shows
    assert [n.pmid for n in saved.conditions[0].new] == [39000001, 23982301]


def test_surveil_says_when_pubmed_has_more_than_esearch_can_list(ncbi_env, tmp_path, capsys):
    data = write_data_dir(tmp_path / "data", MATCHING, query=QUERY)
    ncbi_env.searches[QUERY] = (12_000, [39000001])
    assert main(["surveil", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "PubMed found 12000 records but esearch lists at most 10000" in out


def test_a_failed_search_keeps_the_previous_list(ncbi_env, tmp_path, capsys):
    data = write_data_dir(tmp_path / "data", MATCHING, query=QUERY)
    ncbi_env.searches[QUERY] = (1, [39000001])
    main(["surveil", "--data", str(data)])
    ncbi_env.inject(*[Fault("503")] * 5)
    assert main(["surveil", "--data", str(data)]) == 1
    assert "HTTP 503" in capsys.readouterr().out
    assert [n.pmid for n in load_surveillance(data).conditions[0].new] == [39000001]


def test_surveil_and_enrich_need_an_email(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("NCBI_EMAIL", raising=False)
    data = write_data_dir(tmp_path / "data", MATCHING)
    assert main(["surveil", "--data", str(data)]) == 2
    assert "NCBI_EMAIL" in capsys.readouterr().err
    assert not (data / "pubmed").exists()


def test_mismatches_are_the_disagreements_not_pubmeds_notices():
    def finding(kind: str) -> Finding:
        return Finding("pmid:1", 1, kind, None, None, kind)

    report = VerifyReport(
        checked=(1,),
        findings=tuple(finding(k) for k in ("retracted", "title", "expression_of_concern", "year")),
        unverified=(),
    )
    assert [f.kind for f in report.mismatches] == ["title", "year"]


def test_nothing_cached_is_not_a_clean_run(tmp_path, capsys):
    """With no PubMed record cached nothing was checked: exit 3, said plainly, not 0."""
    data = write_data_dir(tmp_path / "data", MATCHING)
    assert main(["verify", "--data", str(data)]) == 3
    captured = capsys.readouterr()
    assert "0 sources checked against PubMed, 0 findings, 2 not verifiable" in captured.out
    assert captured.err.startswith("nothing verified: no curated PMID has a cached PubMed record")


def test_a_second_surveillance_run_replaces_the_saved_list(ncbi_env, tmp_path, capsys):
    data = write_data_dir(tmp_path / "data", MATCHING, query=QUERY)
    ncbi_env.searches[QUERY] = (1, [39000001])
    assert main(["surveil", "--data", str(data)]) == 0
    ncbi_env.searches[QUERY] = (2, [39000001, 23982301])
    assert main(["surveil", "--data", str(data)]) == 0
    assert [n.pmid for n in load_surveillance(data).conditions[0].new] == [39000001, 23982301]


@pytest.mark.parametrize(
    ("notices", "types", "shown"),
    [
        ((39000099, 39000098), ("Journal Article",), "PMID 39000099, PMID 39000098"),
        ((), ("Journal Article", "Retracted Publication"), "PublicationType"),
        # PubMed links a notice it does not index by its reference alone
        ((), ("Journal Article",), "linked, with no PMID"),
    ],
)
def test_a_retraction_finding_says_how_pubmed_marks_it(notices, types, shown):
    from evidence.models import Design
    from evidence.verify import compare_source

    from .grading_helpers import source
    from .pubmed_records import make_record

    cited = source("trial", Design.RCT, pmid=39000022, title="A PubMed title", year=2020)
    record = make_record(39000022, retracted=True, retraction_notice_pmids=notices, publication_types=types)
    found = [f for f in compare_source(cited, record) if f.kind == "retracted"]
    assert [(f.pubmed, f.message) for f in found] == [
        (shown, f"PubMed marks this article as retracted (notice: {shown})")
    ]
