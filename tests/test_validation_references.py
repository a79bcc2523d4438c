"""How validate words a reference between files that does not hold: the file, line and field to fix, and how.

Each test starts from a small valid folder (conditions fibromyalgia and crps, one RCT of 30 participants,
one question on it), makes one mistake a curator could make, and compares every line validate prints.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidence.loading import load_evidence

BASE = Path(__file__).parent / "broken_data" / "finding-arms-above-randomised"

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
      - source: "pmid:1000001"
        outcome: pain
        n_ketamine: 15
        n_control: 15
        read_on: https://example.org/read
"""

GUIDELINE = """\
  - id: made-up-guideline
    title: A made-up guideline
    first_author: Guideline Group
    year: 2020
    journal: A made-up society
    design: guideline
    conditions: [fibromyalgia]
    url: https://example.org/guideline
    source_url: https://example.org/guideline
"""


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The valid folder, with validate run from inside it so files are named as in the folder."""
    folder = tmp_path / "data"
    shutil.copytree(BASE, folder)
    (folder / "EXPECTED").unlink()
    (folder / "questions" / "fibromyalgia.yaml").write_text(QUESTION)
    monkeypatch.chdir(folder)
    return folder


def problems(folder: Path) -> list[str]:
    return [str(p) for p in load_evidence(folder).problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def test_the_starting_folder_is_valid(data):
    assert problems(data) == []


# -- conditions.yaml and citations/ --------------------------------------------------------------


def test_a_duplicate_condition_slug_points_at_both_slug_lines(data):
    """Each slug is written below its entry's first line, so the lines named are the slugs' own."""
    edit(data / "conditions.yaml", "  - slug: fibromyalgia\n    name: Fibromyalgia\n",
         "  - name: Fibromyalgia\n    slug: fibromyalgia\n")  # fmt: skip
    with (data / "conditions.yaml").open("a") as conditions:
        conditions.write(
            "  - name: Fibromyalgia again\n"  # line 17
            "    slug: fibromyalgia\n"
            "    category: pain\n"
            "    description: The same condition, curated twice.\n"
            "    pubmed_query: ketamine AND fibromyalgia\n"
        )
    assert problems(data) == [
        "conditions.yaml:18: slug: duplicate condition slug 'fibromyalgia' (first on line 4)",
    ]


def test_an_unknown_condition_in_a_list_written_one_per_line_points_at_its_own_line(data):
    edit(
        data / "citations" / "main.yaml",
        "conditions: [fibromyalgia]",
        "conditions:\n      - fibromyalgia\n      - crsp",
    )
    assert problems(data) == [
        "citations/main.yaml:10: conditions[1]: unknown condition 'crsp'; did you mean 'crps'?",
    ]


def test_an_unknown_related_condition_written_one_per_line_points_at_its_own_line(data):
    edit(data / "conditions.yaml", "related: [crps]", "related:\n      - crps\n      - cprs")
    assert problems(data) == [
        "conditions.yaml:10: related[1]: unknown condition 'cprs'; did you mean 'crps'?",
    ]


def test_an_unknown_condition_of_a_guideline_position_points_at_its_condition_line(data):
    with (data / "citations" / "main.yaml").open("a") as citations:
        citations.write(
            GUIDELINE + "    positions:\n"
            "      - stance: supports\n"  # line 24
            "        condition: fibromyalgai\n"
            "        statement: Supports a trial of ketamine.\n"
        )
    assert problems(data) == [
        "citations/main.yaml:25: positions[0].condition: unknown condition 'fibromyalgai';"
        " did you mean 'fibromyalgia'?",
    ]


def test_conditions_listed_both_direct_and_indirect_are_all_named_in_order_on_the_indirect_line(data):
    edit(
        data / "citations" / "main.yaml",
        "conditions: [fibromyalgia]",
        "conditions: [fibromyalgia, crps]\n    indirect_conditions: [crps, fibromyalgia]",
    )
    assert problems(data) == [
        "citations/main.yaml:9: indirect_conditions: crps, fibromyalgia listed as both direct and indirect; keep one",
    ]


def test_an_unknown_top_level_key_is_named_on_its_line(data):
    edit(data / "citations" / "main.yaml", "sources:\n", "# a typo below\nsource:\nsources:\n")
    assert problems(data) == [
        "citations/main.yaml:2: source: unknown top-level key; only 'sources' is allowed"
    ]


def test_a_duplicate_pmid_points_at_both_pmid_lines(data):
    """Each PMID is written below its entry's first line, so the lines named are the PMIDs' own."""
    path = data / "citations" / "main.yaml"
    edit(path, "  - pmid: 1000001\n    title:", "  - title:")
    edit(path, "    first_author:", "    pmid: 1000001\n    first_author:")
    with path.open("a") as citations:
        citations.write(
            "  - title: The same trial, curated twice\n"  # line 14
            "    pmid: 1000001\n"
            "    first_author: Example AB\n"
            "    year: 2015\n"
            "    journal: Journal of Examples\n"
            "    design: rct\n"
            "    conditions: [fibromyalgia]\n"
            "    source_url: https://example.org/record/1000001\n"
        )
    assert problems(data) == [
        "citations/main.yaml:15: pmid: duplicate PMID 1000001 (first curated at citations/main.yaml:3)",
    ]


# -- sources sharing participants ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ("pmid:1000002", "unknown source 'pmid:1000002'; did you mean 'pmid:1000001'?"),
        ("gout-trial", "unknown source 'gout-trial' (curate it in citations/ first)"),
        ("pmid:1000001", "a source cannot share participants with itself"),
    ],
)
def test_shared_participants_name_another_curated_source(data, shares, message):
    edit(
        data / "citations" / "main.yaml",
        "    direction: benefit\n",
        f"    direction: benefit\n    shares_participants_with:\n      - made-up-guideline\n      - {shares}\n",
    )
    with (data / "citations" / "main.yaml").open("a") as citations:
        citations.write(GUIDELINE)
    assert problems(data) == [f"citations/main.yaml:15: shares_participants_with[1]: {message}"]


# -- questions -------------------------------------------------------------------------------------


def test_a_questions_file_without_its_condition_says_what_the_condition_is_for(data):
    edit(data / "questions" / "fibromyalgia.yaml", "condition: fibromyalgia\n", "")
    assert problems(data) == [
        "questions/fibromyalgia.yaml:1: condition: missing 'condition:' (the slug these questions belong to)",
    ]


def test_an_unknown_condition_of_the_file_points_at_the_top_of_the_file(data):
    edit(data / "questions" / "fibromyalgia.yaml", "condition: fibromyalgia", "condition: fibromyalgai")
    assert problems(data) == [
        "questions/fibromyalgia.yaml:1: condition: unknown condition 'fibromyalgai'; did you mean 'fibromyalgia'?",
    ]


def test_an_unknown_condition_of_one_question_points_at_that_question(data):
    edit(
        data / "questions" / "fibromyalgia.yaml",
        "    primary: true\n",
        "    primary: true\n    condition: crsp\n",
    )
    assert problems(data) == [
        "questions/fibromyalgia.yaml:6: condition: unknown condition 'crsp'; did you mean 'crps'?",
    ]


def second_question(question_id: str, *, primary: bool = False) -> str:
    return (
        f"  - id: {question_id}\n"
        "    title: Another question\n"
        + ("    primary: true\n    primary_why: Marked by mistake.\n" if primary else "")
        + "    intervention: {form: racemic, route: iv}\n"
        "    comparator: inert_placebo\n"
        "    outcomes:\n"
        "      - {id: pain, name: Pain, timepoint: 4 weeks, critical: true, kind: continuous, favours_ketamine: lower}\n"
    )


def test_a_duplicate_question_id_says_where_the_first_one_is(data):
    """Each id is written below its question's first line, so the lines named are the ids' own."""
    path = data / "questions" / "fibromyalgia.yaml"
    edit(path, "  - id: fm-iv-vs-saline\n    title: IV ketamine vs saline\n",
         "  - title: IV ketamine vs saline\n    id: fm-iv-vs-saline\n")  # fmt: skip
    with path.open("a") as questions:
        questions.write(
            second_question("fm-iv-vs-saline").replace(
                "  - id: fm-iv-vs-saline\n    title: Another question\n",
                "  - title: Another question\n    id: fm-iv-vs-saline\n",
            )
        )
    assert problems(data) == [
        "questions/fibromyalgia.yaml:18: id: duplicate question id 'fm-iv-vs-saline'"
        " (first at questions/fibromyalgia.yaml:4)",
    ]


def test_questions_files_are_read_in_name_order_for_which_id_came_first(data):
    (data / "questions" / "crps.yaml").write_text(
        "condition: crps\nquestions:\n" + second_question("fm-iv-vs-saline", primary=True)
    )
    assert problems(data) == [
        "questions/fibromyalgia.yaml:3: id: duplicate question id 'fm-iv-vs-saline' (first at questions/crps.yaml:3)",
    ]


def test_a_second_primary_question_names_the_first(data):
    with (data / "questions" / "fibromyalgia.yaml").open("a") as questions:
        questions.write(second_question("fm-later", primary=True))
    assert problems(data) == [
        "questions/fibromyalgia.yaml:19: primary: 'fibromyalgia' already has a primary question (fm-iv-vs-saline);"
        " mark only one",
    ]


def test_a_condition_with_no_primary_question_points_at_its_first_questions_id(data):
    edit(
        data / "questions" / "fibromyalgia.yaml",
        "  - id: fm-iv-vs-saline\n    title: IV ketamine vs saline\n"
        "    primary: true\n    primary_why: The only question in this folder.\n",
        "  - title: IV ketamine vs saline\n    id: fm-iv-vs-saline\n",
    )
    assert problems(data) == [
        "questions/fibromyalgia.yaml:4: primary: no question of 'fibromyalgia' is marked primary:"
        " mark the one its headline grade should come from",
    ]


@pytest.mark.parametrize("folder", ["citations", "questions"])
def test_a_citations_or_questions_file_ending_in_yml_is_read(data, folder):
    path = data / folder / ("main.yaml" if folder == "citations" else "fibromyalgia.yaml")
    path.rename(path.with_suffix(".yml"))
    result = load_evidence(data)
    assert result.problems == ()
    assert [s.key for s in result.base.sources] == ["pmid:1000001"]
    assert [q.id for q in result.base.questions] == ["fm-iv-vs-saline"]


def test_a_finding_from_an_unknown_source_points_at_its_source_line(data):
    edit(
        data / "questions" / "fibromyalgia.yaml",
        '      - source: "pmid:1000001"\n        outcome: pain\n',
        '      - outcome: pain\n        source: "pmid:1000009"\n',
    )
    assert problems(data) == [
        "questions/fibromyalgia.yaml:13: findings[0].source: unknown source 'pmid:1000009';"
        " did you mean 'pmid:1000001'?",
    ]


def test_a_finding_from_a_guideline_is_sent_to_published_certainty(data):
    with (data / "citations" / "main.yaml").open("a") as citations:
        citations.write(GUIDELINE)
    edit(
        data / "questions" / "fibromyalgia.yaml",
        '      - source: "pmid:1000001"\n        outcome: pain\n',
        "      - outcome: pain\n        source: made-up-guideline\n",
    )
    assert problems(data) == [
        "questions/fibromyalgia.yaml:13: findings[0].source: 'made-up-guideline' is a guideline or consensus:"
        " a position, not a study; record it under published_certainty",
    ]


def test_every_finding_from_an_unknown_source_is_named_not_only_the_first(data):
    path = data / "questions" / "fibromyalgia.yaml"
    edit(path, '"pmid:1000001"', '"pmid:1000008"')
    with path.open("a") as questions:
        questions.write(
            '      - source: "pmid:1000009"\n        outcome: pain\n        read_on: https://example.org/b\n'
        )
    assert problems(data) == [
        "questions/fibromyalgia.yaml:12: findings[0].source: unknown source 'pmid:1000008';"
        " did you mean 'pmid:1000001'?",
        "questions/fibromyalgia.yaml:17: findings[1].source: unknown source 'pmid:1000009';"
        " did you mean 'pmid:1000001'?",
    ]


def test_an_unknown_condition_of_the_file_given_at_its_end_points_at_that_line(data):
    path = data / "questions" / "fibromyalgia.yaml"
    edit(path, "condition: fibromyalgia\n", "")
    with path.open("a") as questions:
        questions.write("condition: fibromyalgai\n")  # line 16
    assert problems(data) == [
        "questions/fibromyalgia.yaml:16: condition: unknown condition 'fibromyalgai'; did you mean 'fibromyalgia'?",
    ]


def test_a_control_arm_larger_than_the_trial_points_at_the_control_arm(data):
    """With no ketamine arm given, the curator is sent to the number that is written: n_control."""
    edit(
        data / "questions" / "fibromyalgia.yaml",
        "        n_ketamine: 15\n        n_control: 15\n",
        "        n_control: 31\n",
    )
    assert problems(data) == [
        "questions/fibromyalgia.yaml:14: findings[0].n_control:"
        " 31 analysed is more than the 30 participants recorded for pmid:1000001",
    ]


@pytest.mark.parametrize(("design", "arms", "expected"), [("rct", 16, 32), ("crossover_rct", 31, 31)])
def test_arms_are_added_up_in_a_parallel_trial_but_not_in_a_crossover(data, design, arms, expected):
    """In a crossover trial everyone is in both arms, so only an arm above the total is a mistake."""
    edit(data / "citations" / "main.yaml", "design: rct", f"design: {design}")
    edit(data / "questions" / "fibromyalgia.yaml", "n_control: 15", f"n_control: {arms}")
    edit(data / "questions" / "fibromyalgia.yaml", "n_ketamine: 15", f"n_ketamine: {arms}")
    assert problems(data) == [
        "questions/fibromyalgia.yaml:14: findings[0].n_ketamine:"
        f" {expected} analysed is more than the 30 participants recorded for pmid:1000001",
    ]


@pytest.mark.parametrize("design", ["rct", "crossover_rct"])
def test_arms_within_the_trial_are_accepted(data, design):
    edit(data / "citations" / "main.yaml", "design: rct", f"design: {design}")
    if design == "crossover_rct":
        edit(data / "questions" / "fibromyalgia.yaml", "n_control: 15", "n_control: 30")
        edit(data / "questions" / "fibromyalgia.yaml", "n_ketamine: 15", "n_ketamine: 30")
    assert problems(data) == []


def test_a_published_rating_from_an_unknown_source_points_at_its_source_line(data):
    with (data / "questions" / "fibromyalgia.yaml").open("a") as questions:
        questions.write(
            "    published_certainty:\n"
            "      - rating: low\n"  # line 18
            "        scale: GRADE\n"
            "        source: made-up-review\n"
            "        read_on: https://example.org/review\n"
        )
    assert problems(data) == [
        "questions/fibromyalgia.yaml:20: published_certainty[0].source: unknown source 'made-up-review'"
        " (curate it in citations/ first)",
    ]


# -- context, patient experience and reviews -----------------------------------------------------

CONTEXT = """\
condition: fibromyalgia
definition: Chronic widespread pain with fatigue and poor sleep.
definition_sources: ["pmid:1000001"]
ketamine_fit: No guideline places ketamine in fibromyalgia care.
ketamine_fit_sources: ["pmid:1000001"]
"""


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_a_context_file_is_read_whether_it_ends_in_yaml_or_yml(data, suffix):
    (data / "context").mkdir()
    (data / "context" / f"fibromyalgia{suffix}").write_text(CONTEXT)
    result = load_evidence(data)
    assert result.problems == ()
    assert [c.condition for c in result.base.context] == ["fibromyalgia"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# where ketamine fits\n" + CONTEXT.replace("fibromyalgia\n", "fibromyalgai\n", 1), 2),
        (CONTEXT.replace("condition: fibromyalgia\n", "") + "condition: fibromyalgai\n", 5),
    ],
    ids=["below a comment", "written last"],
)
def test_a_context_file_with_an_unknown_condition_points_at_its_condition(data, text, line):
    (data / "context").mkdir()
    (data / "context" / "fibromyalgia.yaml").write_text(text)
    assert problems(data) == [
        f"context/fibromyalgia.yaml:{line}: condition: unknown condition 'fibromyalgai'; did you mean 'fibromyalgia'?",
    ]


def test_a_mistake_inside_a_context_file_is_located_like_any_other(data):
    (data / "context").mkdir()
    (data / "context" / "fibromyalgia.yaml").write_text(
        CONTEXT + "first_line:\n  - treatment: Exercise\n    sourcess: ['pmid:1000001']\n"
    )
    assert problems(data) == [
        "context/fibromyalgia.yaml:7: first_line[0].sources: required field is missing",
        "context/fibromyalgia.yaml:8: first_line[0].sourcess: unknown field; did you mean 'sources'?",
    ]


def test_every_context_file_is_checked_after_one_that_cannot_be_read_or_is_invalid(data):
    folder = data / "context"
    folder.mkdir()
    (folder / "a-unreadable.yaml").write_text("condition: [fibromyalgia\n")
    (folder / "a-wrong-shape.yaml").write_text("- condition: fibromyalgia\n")
    (folder / "b-invalid.yaml").write_text(CONTEXT.replace("definition: ", "defintion: "))
    (folder / "c-unknown.yaml").write_text(CONTEXT.replace("fibromyalgia\n", "fibromyalgai\n", 1))
    assert problems(data) == [
        "context/a-unreadable.yaml:1: (file): not valid YAML: while parsing a flow sequence that starts here,"
        " did not find expected ',' or ']'",
        "context/a-wrong-shape.yaml:1: (file): expected a mapping of fields, found a list",
        "context/b-invalid.yaml:1: definition: required field is missing",
        "context/b-invalid.yaml:2: defintion: unknown field; did you mean 'definition'?",
        "context/c-unknown.yaml:1: condition: unknown condition 'fibromyalgai'; did you mean 'fibromyalgia'?",
    ]


def test_a_context_file_that_is_not_a_mapping_says_what_it_found(data):
    (data / "context").mkdir()
    (data / "context" / "fibromyalgia.yaml").write_text("- condition: fibromyalgia\n")
    assert problems(data) == [
        "context/fibromyalgia.yaml:1: (file): expected a mapping of fields, found a list"
    ]


EXPERIENCE = """\
entries:
  - id: made-up-survey
    title: A made-up survey
    publisher: A made-up charity
    kind: survey
    url: https://example.org/survey
    year: 2024
    conditions:
      - fibromyalgia
      - crsp
    reports: Most say the pain eased for a week.
"""


def test_patient_experience_for_an_unknown_condition_points_at_that_condition(data):
    (data / "patient_experience.yaml").write_text(EXPERIENCE)
    assert problems(data) == [
        "patient_experience.yaml:10: conditions[1]: unknown condition 'crsp'; did you mean 'crps'?",
    ]


def test_a_review_of_an_unknown_condition_points_at_its_condition(data):
    (data / "reviews.yaml").write_text(
        "reviews:\n"
        "  - reviewed_by: A. Reviewer\n"
        "    condition: fibromyalgai\n"
        "    role: clinical pharmacist\n"
        "    reviewed_on: 2025-01-10\n"
        "    scope: [sources]\n"
    )
    assert problems(data) == [
        "reviews.yaml:3: condition: unknown condition 'fibromyalgai'; did you mean 'fibromyalgia'?",
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "        outcome: pain\n",
            "        outcome: Pain score\n",
            "questions/fibromyalgia.yaml:13: findings[0].outcome: 'Pain score' is malformed:"
            " an outcome id uses lowercase letters, digits and hyphens, e.g. response-24h",
        ),
        (
            '      - source: "pmid:1000001"\n',
            '      - source: "PMID 1000001"\n',
            "questions/fibromyalgia.yaml:12: findings[0].source: 'PMID 1000001' is malformed:"
            " a source is pmid:<digits> or the id of a source outside PubMed, e.g. pmid:23982301",
        ),
    ],
)
def test_a_finding_naming_its_outcome_or_source_in_the_wrong_form_says_what_the_form_is(
    data, old, new, problem
):
    path = data / "questions" / "fibromyalgia.yaml"
    path.write_text(path.read_text().replace(old, new))
    assert problems(data) == [problem]


def test_a_regulatory_use_in_the_wrong_form_says_what_a_use_is(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(Path(__file__).parent.parent / "data", folder, ignore=shutil.ignore_patterns(".lock"))
    regulatory = folder / "regulatory.yaml"
    text = regulatory.read_text()
    assert text.splitlines()[13] == "    use: anaesthesia"
    regulatory.write_text(text.replace("    use: anaesthesia\n", "    use: General anaesthesia\n", 1))
    monkeypatch.chdir(folder)
    assert problems(folder) == [
        "regulatory.yaml:14: use: 'General anaesthesia' is malformed:"
        " a use is anaesthesia or a condition slug, e.g. treatment-resistant-depression"
    ]
