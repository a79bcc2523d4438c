"""How validate words a value of the wrong shape: which field, what the value was, what a right one looks like."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidence.loading import load_evidence

# one valid source (the broken case's only mistake, its DOI line, is replaced by each test)
CASE = Path(__file__).parent / "broken_data" / "malformed-doi"
DOI_LINE = "    doi: https://doi.org/10.1000/xyz\n"
ADDRESS = "give a full http(s):// address"


def problems_with(tmp_path: Path, citations: tuple[str, str], conditions: tuple[str, str] = ("", "")):
    data = tmp_path / "data"
    shutil.copytree(CASE, data)
    for name, (old, new) in (("citations/main.yaml", citations), ("conditions.yaml", conditions)):
        path = data / name
        path.write_text(path.read_text().replace(old, new))
    return [(p.field, p.message) for p in load_evidence(data).problems]


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (
            DOI_LINE,
            "doi",
            "'https://doi.org/10.1000/xyz' is malformed: a DOI looks like 10.1176/appi.ajp.2013.13030392"
            " (no https://doi.org/ prefix)",
        ),
        ('    pmcid: "6447473"\n', "pmcid", "'6447473' is malformed: a PMCID looks like PMC6447473"),
        (
            "    also_checked: [example.org/x]\n",
            "also_checked[0]",
            "'example.org/x' is malformed: give full http(s):// addresses",
        ),
        (
            "    indirect_conditions: [Fibro Myalgia]\n",
            "indirect_conditions[0]",
            "'Fibro Myalgia' is not a condition slug (lowercase words joined by hyphens)",
        ),
    ],
)
def test_a_malformed_value_in_a_source_says_what_the_field_should_look_like(tmp_path, line, field, message):
    assert problems_with(tmp_path, (DOI_LINE, line)) == [(field, message)]


def test_a_malformed_checked_on_page_asks_for_a_full_address(tmp_path):
    page = (f"source_url: https://example.org/record/1000001\n{DOI_LINE}", "source_url: example.org/record\n")
    assert problems_with(tmp_path, page) == [("source_url", f"'example.org/record' is malformed: {ADDRESS}")]


def test_a_source_without_a_pmid_needs_an_id_of_lowercase_words_and_a_full_address(tmp_path):
    identity = ("  - pmid: 1000001\n", "  - id: Fda Spravato\n    url: example.org\n")
    without_doi = (DOI_LINE, "")
    data = tmp_path / "data"
    shutil.copytree(CASE, data)
    path = data / "citations" / "main.yaml"
    path.write_text(path.read_text().replace(*without_doi).replace(*identity))
    assert [(p.field, p.message) for p in load_evidence(data).problems] == [
        (
            "id",
            "'Fda Spravato' is malformed: an id uses lowercase letters, digits and hyphens, e.g. fda-spravato-2019",
        ),
        ("url", f"'example.org' is malformed: {ADDRESS}"),
    ]


def test_a_malformed_condition_slug_shows_what_a_slug_looks_like(tmp_path):
    found = problems_with(tmp_path, (DOI_LINE, ""), conditions=("  - slug: crps", "  - slug: CRPS!"))
    assert (
        "slug",
        "'CRPS!' is malformed: a slug uses lowercase letters, digits and hyphens, e.g. treatment-resistant-depression",
    ) in found


BROKEN = Path(__file__).parent / "broken_data"
DESIGNS = (
    "meta_analysis, systematic_review, rct, crossover_rct, non_randomised_controlled, open_label_trial, cohort,"
    " case_control, case_series, case_report, survey, guideline, narrative_review, regulatory"
)


@pytest.mark.parametrize(
    ("case", "file", "old", "new", "field", "message"),
    [
        (
            "finding-unknown-source", "questions/fibromyalgia.yaml", "", "", "findings[0].source",
            "unknown source 'pmid:1000002'; did you mean 'pmid:1000001'?",
        ),
        (
            "finding-unknown-source", "questions/fibromyalgia.yaml", '"pmid:1000002"', '"pmid:7"',
            "findings[0].source", "unknown source 'pmid:7' (curate it in citations/ first)",
        ),
        (
            "unknown-condition-slug", "citations/main.yaml", "", "", "conditions[0]",
            "unknown condition 'fibromyalgai'; did you mean 'fibromyalgia'?",
        ),
        (
            "unknown-condition-slug", "citations/main.yaml", "[fibromyalgai]", "[gout]", "conditions[0]",
            "unknown condition 'gout' (add it to conditions.yaml first)",
        ),
        ("unknown-design", "citations/main.yaml", "", "", "design", f"'rtc' is not one of: {DESIGNS}; did you mean 'rct'?"),
        ("unknown-design", "citations/main.yaml", "design: rtc", "design: poll", "design", f"'poll' is not one of: {DESIGNS}"),
        ("tab-indentation", "citations/main.yaml", "", "", "(file)", "a tab character is used for indentation; YAML needs spaces"),
    ],
)  # fmt: skip
def test_an_unknown_name_is_suggested_its_closest_known_one_or_told_where_to_add_it(
    tmp_path, case, file, old, new, field, message
):
    data = tmp_path / case
    shutil.copytree(BROKEN / case, data)
    path = data / file
    path.write_text(path.read_text().replace(old, new) if old else path.read_text())
    assert [(p.field, p.message) for p in load_evidence(data).problems] == [(field, message)]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: *nope\n", 1, "the alias '*nope' names no anchor defined before it"),
        ("a: &x\n  b: *x\n", 2, "an alias refers to itself"),
        ("a:\n\t- b\n", 2, "a tab character is used for indentation; YAML needs spaces"),
        ("a: [1\n", 2, "not valid YAML: did not find expected ',' or ']'"),
    ],
)
def test_yaml_a_curator_cannot_load_is_located_and_explained(text, line, message):
    from evidence.yamlreader import YamlProblem, parse_yaml

    with pytest.raises(YamlProblem) as problem:
        parse_yaml(text)
    assert (problem.value.line, problem.value.message, str(problem.value)) == (line, message, message)


def test_an_alias_repeats_what_its_anchor_holds():
    from evidence.yamlreader import parse_yaml

    assert parse_yaml("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}
