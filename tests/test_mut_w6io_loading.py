"""What validate says about a questions file laid out wrongly, and whose patient reports a condition page shows.

Each test edits one valid data folder and pins every line validate prints, so the file, the
line, the field and the words a curator reads are all checked at once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidence.loading import load_evidence

BROKEN = Path(__file__).parent / "broken_data"
# one valid source and two conditions, fibromyalgia and crps (the case's only mistake, its DOI line, is removed)
CASE = BROKEN / "malformed-doi"
DOI_LINE = "    doi: https://doi.org/10.1000/xyz\n"

QUESTION = """\
  - id: fm-iv-vs-saline
    title: IV ketamine vs saline
    primary: true
    primary_why: The only question in this folder.
    intervention: {form: racemic, route: [iv]}
    comparator: inert_placebo
    outcomes:
      - {id: pain, name: Pain, timepoint: 1 week, critical: true, kind: continuous, favours_ketamine: lower}
    findings:
      - source: "pmid:1000001"
        outcome: pain
        read_on: https://example.org/read
"""


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid data folder, the current folder, so problems name its files as a curator sees them."""
    folder = tmp_path / "data"
    shutil.copytree(CASE, folder)
    (folder / "EXPECTED").unlink()
    citations = folder / "citations" / "main.yaml"
    citations.write_text(citations.read_text().replace(DOI_LINE, ""))
    (folder / "questions").mkdir()
    monkeypatch.chdir(folder)
    assert load_evidence(folder).problems == ()
    return folder


def problems_with_questions(folder: Path, text: str) -> list[str]:
    """Every line validate prints once questions/fibromyalgia.yaml holds ``text``."""
    (folder / "questions" / "fibromyalgia.yaml").write_text(text)
    return [str(p) for p in load_evidence(folder).problems]


def test_a_well_formed_questions_file_gives_its_question_to_the_condition_named_at_the_top(data):
    (data / "questions" / "fibromyalgia.yaml").write_text("condition: fibromyalgia\nquestions:\n" + QUESTION)
    evidence = load_evidence(data)
    assert evidence.problems == ()
    assert [(q.id, q.condition) for q in evidence.base.questions] == [("fm-iv-vs-saline", "fibromyalgia")]


def test_a_questions_file_written_as_a_bare_list_says_it_needs_a_mapping_with_questions(data):
    assert problems_with_questions(data, QUESTION) == [
        "questions/fibromyalgia.yaml:1: (file): expected a mapping with 'questions:' at the top, found a list"
    ]


def test_a_questions_file_holding_one_word_says_what_it_found_instead(data):
    assert problems_with_questions(data, "fibromyalgia\n") == [
        "questions/fibromyalgia.yaml:1: (file): expected a mapping with 'questions:' at the top, found the text"
        " 'fibromyalgia'"
    ]


def test_an_empty_questions_file_asks_for_its_list_of_questions(data):
    assert problems_with_questions(data, "# nothing yet\n") == [
        "questions/fibromyalgia.yaml:1: (file): the file is empty; expected 'questions:' with a list of entries"
    ]


def test_a_top_level_key_other_than_condition_and_questions_is_named_on_its_own_line(data):
    text = "condition: fibromyalgia\nreviewer: A. Reviewer\nquestions:\n" + QUESTION
    assert problems_with_questions(data, text) == [
        "questions/fibromyalgia.yaml:2: reviewer: unknown top-level key; only 'questions' is allowed"
    ]


def test_questions_without_the_condition_they_belong_to_are_not_loaded_and_say_why(data):
    assert problems_with_questions(data, "questions:\n" + QUESTION) == [
        "questions/fibromyalgia.yaml:1: condition: missing 'condition:' (the slug these questions belong to)"
    ]


def test_a_condition_file_without_its_questions_key_asks_for_it(data):
    assert problems_with_questions(data, "condition: fibromyalgia\n") == [
        "questions/fibromyalgia.yaml:1: questions: missing 'questions:' (a list of entries)"
    ]


EXPERIENCE = """\
entries:
  - id: fibromyalgia-survey
    title: A made-up fibromyalgia survey
    publisher: A made-up charity
    kind: survey
    url: https://example.org/survey
    year: 2024
    conditions: [fibromyalgia]
    reports: Most say the pain eased for a week.
  - id: crps-forum
    title: A made-up CRPS forum thread
    publisher: A made-up forum
    kind: forum
    url: https://example.org/forum
    year: 2023
    conditions: [crps]
    reports: Several describe a burning limb that cooled for a few days.
  - id: both-network
    title: A made-up network page
    publisher: A made-up network
    kind: patient_network
    url: https://example.org/network
    year: 2022
    conditions: [crps, fibromyalgia]
    reports: Members with either condition describe vivid dreams during infusions.
"""


def test_a_condition_page_shows_only_the_patient_reports_that_name_that_condition_in_file_order(data):
    (data / "patient_experience.yaml").write_text(EXPERIENCE)
    evidence = load_evidence(data)
    assert evidence.problems == ()
    base = evidence.base
    assert [e.id for e in base.experience_for("fibromyalgia")] == ["fibromyalgia-survey", "both-network"]
    assert [e.id for e in base.experience_for("crps")] == ["crps-forum", "both-network"]
    assert base.experience_for("depression") == ()
