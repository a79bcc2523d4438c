"""The lines validate prints for a value of the wrong kind that a curator writes by mistake.

Each test edits one valid data folder and pins every line validate prints, so the file, the
line, the field and the words a curator reads are all checked at once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidence.loading import load_evidence

BROKEN = Path(__file__).parent / "broken_data"
# one valid source and two conditions (the case's only mistake, its DOI line, is removed)
CASE = BROKEN / "malformed-doi"
DOI_LINE = "    doi: https://doi.org/10.1000/xyz\n"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid data folder, the current folder, so problems name its files as a curator sees them."""
    folder = tmp_path / "data"
    shutil.copytree(CASE, folder)
    (folder / "EXPECTED").unlink()
    citations = folder / "citations" / "main.yaml"
    citations.write_text(citations.read_text().replace(DOI_LINE, ""))
    monkeypatch.chdir(folder)
    assert load_evidence(folder).problems == ()
    return folder


def problems_after(folder: Path, name: str, old: str, new: str) -> list[str]:
    """Every line validate prints once ``old`` is replaced by ``new`` in the file ``name``."""
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return [str(p) for p in load_evidence(folder).problems]


def test_a_yes_or_no_field_given_a_list_asks_for_true_or_false(data):
    assert problems_after(
        data, "citations/main.yaml", "    participants: 30\n", "    retracted: [yes]\n"
    ) == ["citations/main.yaml:9: retracted: expected true or false, found a list"]


def test_a_long_text_where_a_number_belongs_is_quoted_only_to_its_fortieth_character(data):
    """The message stays one readable line however much was written; 40 characters say which text it was."""
    written = "thirty participants were randomised to ketamine or to saline"
    assert problems_after(data, "citations/main.yaml", "participants: 30", f"participants: {written}") == [
        "citations/main.yaml:9: participants: expected a whole number, found the text"
        " 'thirty participants were randomised to k'"
    ]
    assert len("thirty participants were randomised to k") == 40


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("harms", "conditions.yaml:6: question: 'harms' is not one of: benefit, harm; did you mean 'harm'?"),
        ("efficacy", "conditions.yaml:6: question: 'efficacy' is not one of: benefit, harm"),
    ],
)
def test_a_word_outside_a_short_fixed_list_names_every_allowed_word_and_the_closest(data, written, problem):
    """A condition's ``question`` is benefit or harm (a fixed list of words, not an enumeration of its own)."""
    assert problems_after(
        data,
        "conditions.yaml",
        "    category: pain\n    synonyms: [fibromyalgia",
        f"    category: pain\n    question: {written}\n    synonyms: [fibromyalgia",
    ) == [problem]


QUESTION = """\
condition: fibromyalgia
questions:
  - id: fm-iv-vs-saline
    title: IV ketamine vs saline
    primary: true
    primary_why: The only question in this folder.
    intervention: {form: racemic, route: [iv], INTERVENTION}
    comparator: inert_placebo
    outcomes:
      - {id: pain, name: Pain, timepoint: 1 week, critical: true, kind: continuous, favours_ketamine: lower}
    findings:
      - source: "pmid:1000001"
        outcome: pain
        read_on: https://example.org/read
"""


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        (
            "cotreatment: sertraline",
            "questions/fibromyalgia.yaml:7: intervention.cotreatment: unknown field; did you mean 'co_treatment'?",
        ),
        (
            "comparator_detail: sertraline",
            "questions/fibromyalgia.yaml:7: intervention.comparator_detail: unknown field",
        ),
    ],
)
def test_an_unknown_field_inside_a_nested_mapping_is_matched_against_that_mappings_own_fields(
    data, written, problem
):
    """The intervention's fields are offered, not the question's: comparator_detail belongs one level up."""
    (data / "questions").mkdir()
    (data / "questions" / "fibromyalgia.yaml").write_text(QUESTION.replace("INTERVENTION", written))
    assert [str(p) for p in load_evidence(data).problems] == [problem]
