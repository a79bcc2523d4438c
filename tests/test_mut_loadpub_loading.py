"""How validate points at a source key that is not curated: the line it is written on, and a hint only when one fits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidence.loading import load_evidence

BROKEN = Path(__file__).parent / "broken_data"


def problems(folder: Path) -> list[str]:
    return [str(p) for p in load_evidence(folder).problems]


@pytest.fixture
def context_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid folder whose context file cites one uncurated source, pmid:12345678, on line 6."""
    folder = tmp_path / "data"
    shutil.copytree(BROKEN / "context-cites-unknown-source", folder)
    (folder / "EXPECTED").unlink()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize(
    "written",
    ['"pmid:12345678"', '" pmid:12345678 "', "pmid:12345678"],
    ids=["quoted", "quoted with stray spaces", "plain"],
)
def test_an_uncurated_source_cited_in_a_context_file_is_named_on_the_line_it_is_cited(context_case, written):
    """The key is read without the spaces around it; the curator is still sent to the line where it is written."""
    context = context_case / "context" / "fibromyalgia.yaml"
    text = context.read_text()
    assert text.splitlines()[5] == '    sources: ["pmid:12345678"]'
    context.write_text(text.replace('["pmid:12345678"]', f"[{written}]"))
    assert problems(context_case) == [
        "context/fibromyalgia.yaml:6: sources: cites 'pmid:12345678', which is not curated in citations/"
    ]


def test_an_uncurated_source_cited_further_down_a_context_file_is_named_on_its_own_line(context_case):
    context = context_case / "context" / "fibromyalgia.yaml"
    context.write_text(
        context.read_text().replace('["pmid:12345678"]', '["pmid:1000001"]')
        + "differs_from:\n"  # line 9
        + "  - condition: Chronic fatigue\n"
        + "    how: Fatigue without widespread pain.\n"
        + "    sources:\n"
        + '      - "pmid:1000001"\n'
        + '      - "pmid:7654321"\n'  # line 14
    )
    assert problems(context_case) == [
        "context/fibromyalgia.yaml:14: sources: cites 'pmid:7654321', which is not curated in citations/"
    ]


QUESTION = """\
condition: fibromyalgia
questions:
  - id: fm-iv-vs-saline
    title: IV ketamine vs saline
    primary: true
    primary_why: The only question in this folder.
    intervention: {form: racemic, route: [iv]}
    comparator: inert_placebo
    outcomes:
      - {id: pain, name: Pain, timepoint: 1 week, critical: true, kind: continuous, favours_ketamine: lower}
    findings:
      - source: "SOURCE"
        outcome: pain
        read_on: https://example.org/read
"""


@pytest.mark.parametrize(
    ("cited", "message"),
    [
        # one digit off the curated pmid:1000001: a typo, so the curated key is offered
        ("pmid:1000091", "unknown source 'pmid:1000091'; did you mean 'pmid:1000001'?"),
        ("pmid:2000002", "unknown source 'pmid:2000002'; did you mean 'pmid:1000001'?"),
        # another paper (Berman 2000) that shares only 'pmid:1' and some zeros: not offered as a typo
        ("pmid:10686270", "unknown source 'pmid:10686270' (curate it in citations/ first)"),
        ("pmid:1003456", "unknown source 'pmid:1003456' (curate it in citations/ first)"),
    ],
)
def test_a_finding_from_an_uncurated_source_suggests_a_curated_key_only_when_it_looks_like_a_typo(
    tmp_path, monkeypatch, cited, message
):
    folder = tmp_path / "data"
    shutil.copytree(BROKEN / "finding-arms-above-randomised", folder)
    (folder / "EXPECTED").unlink()
    (folder / "questions" / "fibromyalgia.yaml").write_text(QUESTION.replace("SOURCE", cited))
    monkeypatch.chdir(folder)
    assert problems(folder) == [f"questions/fibromyalgia.yaml:12: findings[0].source: {message}"]
