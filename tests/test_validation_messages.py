"""How validate words a value of the wrong shape: which field, what the value was, what a right one looks like."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

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


def test_a_related_condition_not_written_as_a_slug_says_what_a_slug_looks_like(tmp_path):
    found = problems_with(
        tmp_path, (DOI_LINE, ""), conditions=("related: [crps]", "related: [Complex Regional Pain]")
    )
    assert found == [
        ("related[0]", "'Complex Regional Pain' is not a condition slug (lowercase words joined by hyphens)")
    ]


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
        (
            "a: [1\n",
            1,
            "not valid YAML: while parsing a flow sequence that starts here, did not find expected ',' or ']'",
        ),
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


# -- the full line validate prints for a value of the wrong kind ------------------------------------


def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> list[str]:
    """Every line validate prints for the valid source with ``old`` replaced by ``new``."""
    data = tmp_path / "data"
    shutil.copytree(CASE, data)
    path = data / "citations" / "main.yaml"
    text = path.read_text().replace(DOI_LINE, "")
    assert old in text
    path.write_text(text.replace(old, new))
    monkeypatch.chdir(data)
    return [str(p) for p in load_evidence(data).problems]


PARTICIPANTS = "    participants: 30\n"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "    source_url: https://example.org/record/1000001\n", "",
            "citations/main.yaml:2: source_url: required field is missing"
            " (the public page on which the PMID, title and authors were checked)",
        ),
        ('    title: "A made-up trial of ketamine in fibromyalgia"\n', "", "citations/main.yaml:2: title: required field is missing"),
        (PARTICIPANTS, "    participants: thirty\n", "citations/main.yaml:9: participants: expected a whole number, found the text 'thirty'"),
        (PARTICIPANTS, "    participants: [30]\n", "citations/main.yaml:9: participants: expected a whole number, found a list"),
        (PARTICIPANTS, "    participants: -3\n", "citations/main.yaml:9: participants: must not be negative (found -3)"),
        (PARTICIPANTS, "    retracted: maybe\n", "citations/main.yaml:9: retracted: expected true or false, found the text 'maybe'"),
        (PARTICIPANTS, "    retracted: 2\n", "citations/main.yaml:9: retracted: expected true or false, found the value 2"),
        (PARTICIPANTS, "    notes: [one, two]\n", "citations/main.yaml:9: notes: expected text, found a list"),
        (
            PARTICIPANTS, "    positions: [Recommends it]\n",
            "citations/main.yaml:9: positions[0]: expected a mapping of fields, found the text 'Recommends it'",
        ),
        ("[fibromyalgia]", "fibromyalgia", "citations/main.yaml:8: conditions: expected a list, found the text 'fibromyalgia'"),
        (
            "[fibromyalgia]", "[Fibromyalgia]",
            "citations/main.yaml:8: conditions[0]: 'Fibromyalgia' is not a condition slug (lowercase words joined by hyphens)",
        ),
        ("    blinding: double_blind\n", "    blindign: double_blind\n", "citations/main.yaml:10: blindign: unknown field; did you mean 'blinding'?"),
        ("    blinding: double_blind\n", "    sponsor: a company\n", "citations/main.yaml:10: sponsor: unknown field"),
        ("    journal: Journal of Examples\n", "    journal:\n", "citations/main.yaml:6: journal: expected text, found nothing"),
        ("    journal: Journal of Examples\n", "    journal: yes\n", "citations/main.yaml:6: journal: expected text, found the value True"),
        ("    journal: Journal of Examples\n", '    journal: ""\n', "citations/main.yaml:6: journal: must not be empty"),
        (
            "[fibromyalgia]", "[A condition written out as a whole sentence by mistake]",
            "citations/main.yaml:8: conditions[0]: 'A condition written out as a whole sentence by mistake'"
            " is not a condition slug (lowercase words joined by hyphens)",
        ),
        (
            "[fibromyalgia]", "{fibromyalgia: yes}",
            "citations/main.yaml:8: conditions: expected a list, found a mapping",
        ),
        (
            "    direction: benefit\n", "    direction: A long sentence on what the trial found, far too long to show\n",
            "citations/main.yaml:12: direction: 'A long sentence on what the trial found, far too long to show'"
            " is not one of: benefit, no_clear_benefit, mixed, harm",
        ),
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_kind_is_reported_with_its_file_line_field_and_what_was_found(
    tmp_path, monkeypatch, old, new, problem
):
    assert report(tmp_path, monkeypatch, old, new) == [problem]


def test_a_position_on_a_condition_not_written_as_a_slug_says_what_a_slug_looks_like(tmp_path, monkeypatch):
    position = (
        "    design: guideline\n"
        "    positions:\n"
        "      - stance: supports\n"
        "        condition: Fibro Myalgia\n"
        "        statement: Supports a trial of ketamine.\n"
    )
    assert report(tmp_path, monkeypatch, "    design: rct\n", position) == [
        "citations/main.yaml:10: positions[0].condition: 'Fibro Myalgia' is not a condition slug"
        " (lowercase words joined by hyphens)"
    ]


def review_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scope: str, snapshot: str) -> list[str]:
    """Every line validate prints for one sign-off in reviews.yaml (scope on line 6, snapshot on line 7)."""
    report(tmp_path, monkeypatch, PARTICIPANTS, PARTICIPANTS)
    (tmp_path / "data" / "reviews.yaml").write_text(
        "reviews:\n  - condition: fibromyalgia\n    reviewed_by: A. Reviewer\n    role: clinical pharmacist\n"
        f"    reviewed_on: 2025-01-10\n    scope: {scope}\n    snapshot: {snapshot}\n"
    )
    return [str(p) for p in load_evidence(tmp_path / "data").problems]


def test_a_review_snapshot_that_is_not_a_mapping_says_what_it_found(tmp_path, monkeypatch):
    assert review_problems(tmp_path, monkeypatch, "[sources]", "[pmid:1000001]") == [
        "reviews.yaml:7: snapshot: expected a mapping of fields, found a list"
    ]


@pytest.mark.parametrize(
    ("scope", "problem"),
    [
        # the list is empty: say what it needs
        ("[]", "reviews.yaml:6: scope: list at least 1 item, found none"),
        # an item was given but is misspelt: name that item only, not an empty list
        (
            "[source]",
            "reviews.yaml:6: scope[0]: 'source' is not one of: sources, questions, grade, context, harms;"
            " did you mean 'sources'?",
        ),
    ],
)
def test_a_list_that_needs_an_item_says_so_only_when_none_is_given(tmp_path, monkeypatch, scope, problem):
    assert review_problems(tmp_path, monkeypatch, scope, "{}") == [problem]


def test_a_misspelt_list_item_does_not_hide_the_problems_after_it(tmp_path, monkeypatch):
    assert review_problems(tmp_path, monkeypatch, "[source]", "[pmid:1000001]") == [
        "reviews.yaml:6: scope[0]: 'source' is not one of: sources, questions, grade, context, harms;"
        " did you mean 'sources'?",
        "reviews.yaml:7: snapshot: expected a mapping of fields, found a list",
    ]


@pytest.mark.parametrize(("least", "wording"), [(1, "list at least 1 item"), (2, "list at least 2 items")])
def test_an_empty_list_says_how_many_items_it_needs(least, wording):
    """Every list in today's schema needs one item; a field that needs more is worded in the plural."""
    from pydantic import BaseModel, Field

    from evidence.loading import _validate_entry
    from evidence.yamlreader import parse_yaml

    class Entry(BaseModel):
        routes: tuple[str, ...] = Field(min_length=least)

    problems: list = []
    doc = parse_yaml("note: a comment line\nroutes: []\n")
    assert _validate_entry(Entry, {"routes": []}, doc, (), "made-up.yaml", problems) is None
    assert [str(p) for p in problems] == [f"made-up.yaml:2: routes: {wording}, found none"]


def test_a_data_folder_that_is_not_there_is_named_with_where_to_point_instead(tmp_path, capsys):
    from evidence.cli import main

    nowhere = tmp_path / "nowhere"
    assert main(["validate", "--data", str(nowhere)]) == 2
    assert capsys.readouterr().err == (
        f"error: {nowhere.resolve()}: no evidence data folder here (expected conditions.yaml and citations/)."
        " Point --data or EVIDENCE_DATA_DIR at a folder laid out like data/.\n"
    )


# -- files the YAML reader refuses, as validate reports them ----------------------------------------


def test_a_questions_file_that_cannot_be_opened_is_reported_not_raised(tmp_path, monkeypatch):
    """A link left pointing at a moved file, say."""
    report(tmp_path, monkeypatch, PARTICIPANTS, PARTICIPANTS)
    (tmp_path / "data" / "questions").mkdir()
    (tmp_path / "data" / "questions" / "moved.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert [str(p) for p in load_evidence(tmp_path / "data").problems] == [
        "questions/moved.yaml:1: (file): cannot read the file: No such file or directory"
    ]


def test_an_oversized_file_gives_its_size_to_a_tenth_of_a_megabyte(tmp_path, monkeypatch):
    report(tmp_path, monkeypatch, PARTICIPANTS, PARTICIPANTS)
    with (tmp_path / "data" / "citations" / "huge.yaml").open("wb") as huge:
        huge.truncate(5_450_001)  # 5.45 MB, above the 5 MiB limit: never read, so its content does not matter
    assert [str(p) for p in load_evidence(tmp_path / "data").problems] == [
        "citations/huge.yaml:1: (file): file is 5.5 MB; curated files are limited to 5 MB (split it up)"
    ]


def test_a_file_of_exactly_5_mib_is_read(tmp_path):
    """The limit is 5 MiB: a file of that size is still curated data, one byte more is not."""
    from evidence.yamlreader import MAX_FILE_BYTES, YamlProblem, read_yaml

    path = tmp_path / "big.yaml"
    head = b"a: 1\n#"
    path.write_bytes(head + b"x" * (MAX_FILE_BYTES - len(head)))  # one long comment fills the file
    assert read_yaml(path).data == {"a": 1}
    with path.open("ab") as grown:
        grown.write(b"x")
    with pytest.raises(YamlProblem, match="file is 5.2 MB; curated files are limited to 5 MB"):
        read_yaml(path)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "    journal: Journal of Examples\n", "    journal: Journal of\x07Examples\n",
            "citations/main.yaml:6: (file): the character U+0007 is not allowed in YAML text (it is often invisible);"
            " delete it",
        ),
        (
            "sources:\n  - pmid: 1000001\n", "defaults: &trial {design: rct}\nsources:\n  - <<: *trial\n    pmid: 1000001\n",
            "citations/main.yaml:3: (file): merge keys ('<<') are not allowed in curated data; write fields out",
        ),
    ],
)  # fmt: skip
def test_yaml_the_reader_refuses_is_reported_on_its_line_in_one_line(
    tmp_path, monkeypatch, old, new, problem
):
    assert report(tmp_path, monkeypatch, old, new) == [problem]


def test_plain_values_are_read_as_the_yaml_types_curators_write():
    from datetime import date

    from evidence.yamlreader import parse_yaml

    text = "a: true\nb: 1.5\nc: ~\nd: 2025-01-10\ne:\nf: 0x1F\ng: 2025-02-30\n2025: year as a key\n"
    assert parse_yaml(text).data == {
        "a": True,
        "b": 1.5,
        "c": None,
        "d": date(2025, 1, 10),
        "e": None,
        "f": 31,
        "g": "2025-02-30",  # no such day: kept as written, for the schema to refuse
        "2025": "year as a key",
    }


def test_an_alias_repeats_a_single_value_its_anchor_holds():
    from evidence.yamlreader import parse_yaml

    assert parse_yaml("a: &x text\nb: *x\nc: [*x]\n").data == {"a": "text", "b": "text", "c": ["text"]}


def test_an_anchor_named_again_refers_to_its_new_value_even_inside_it():
    from evidence.yamlreader import YamlProblem, parse_yaml

    assert parse_yaml("a: &x 1\nb: &x 2\nc: *x\n").data == {"a": 1, "b": 2, "c": 2}
    with pytest.raises(YamlProblem) as problem:
        parse_yaml("a: &x 1\nb: &x [*x]\n")
    assert (problem.value.line, problem.value.message) == (2, "an alias refers to itself")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("# nothing curated yet\n", "citations/main.yaml:1: (file): the file is empty; expected 'sources:' with a list of entries"),
        ("sources: 12\n", "citations/main.yaml:1: sources: expected a list of entries, found the value 12"),
        ("just a sentence\n", "citations/main.yaml:1: (file): expected a mapping with 'sources:' at the top, found the text 'just a sentence'"),
        ("sources: []\n---\nsources: []\n", "citations/main.yaml:2: (file): only one YAML document per file: remove the '---' separator"),
        ("sources: []\n? [a, b]\n: c\n", "citations/main.yaml:2: (file): a key must be a plain word, not a list, mapping or alias"),
        ('"sources": []\n"sources": []\n', "citations/main.yaml:2: (file): duplicate key 'sources' (first given on line 1)"),
        ("sources:\n" + "  - " * 70 + "x\n", "citations/main.yaml:2: (file): nesting is too deep to be curated data"),
    ],
)  # fmt: skip
def test_a_citations_file_of_the_wrong_shape_says_what_was_expected(tmp_path, monkeypatch, text, problem):
    report(tmp_path, monkeypatch, PARTICIPANTS, PARTICIPANTS)
    (tmp_path / "data" / "citations" / "main.yaml").write_text(text)
    assert [str(p) for p in load_evidence(tmp_path / "data").problems] == [problem]


def test_a_misspelt_top_level_key_is_named_and_the_missing_one_asked_for(tmp_path, monkeypatch):
    report(tmp_path, monkeypatch, PARTICIPANTS, PARTICIPANTS)
    (tmp_path / "data" / "citations" / "main.yaml").write_text("source:\n  - pmid: 1\n")
    assert [str(p) for p in load_evidence(tmp_path / "data").problems] == [
        "citations/main.yaml:1: source: unknown top-level key; only 'sources' is allowed",
        "citations/main.yaml:1: sources: missing 'sources:' (a list of entries)",
    ]


def test_a_folder_without_citations_says_where_they_go(tmp_path, monkeypatch):
    report(tmp_path, monkeypatch, PARTICIPANTS, PARTICIPANTS)
    shutil.rmtree(tmp_path / "data" / "citations")
    assert [str(p) for p in load_evidence(tmp_path / "data").problems] == [
        "citations:1: (folder): missing: put citation files in citations/*.yaml"
    ]


@pytest.mark.parametrize(
    ("use", "message"),
    [
        ("anaesthesia", None),
        ("fibromyalgia", None),
        ("anesthesia", "unknown condition 'anesthesia'; did you mean 'anaesthesia'?"),
        ("fibromyalgai", "unknown condition 'fibromyalgai'; did you mean 'fibromyalgia'?"),
    ],
)
def test_a_regulatory_use_is_anaesthesia_or_a_curated_condition(tmp_path, monkeypatch, use, message):
    report(tmp_path, monkeypatch, PARTICIPANTS, PARTICIPANTS)
    (tmp_path / "data" / "regulatory.yaml").write_text(
        "facts:\n  - id: made-up-approval\n    agency: A made-up agency\n    kind: approved\n"
        "    product: Ketamine injection\n    form: racemic\n    routes: [iv]\n"
        f"    use: {use}\n    indication: A made-up use.\n    year: 1970\n    read_on: https://example.org/label\n"
    )
    expected = [] if message is None else [f"regulatory.yaml:8: use: {message}"]
    assert [str(p) for p in load_evidence(tmp_path / "data").problems] == expected


# -- the YAML reader's size limit and the numbers it reads ------------------------------------------

SMALL_FILE = """\
trial:
  arms: [ketamine, saline]
  pmids:
    - 1000001
    - 1000002
"""  # 8 values: the top mapping, trial, arms and pmids, and the four words and numbers in them


@pytest.mark.parametrize(
    ("added", "what"),
    [
        ("    - 1000003\n", "a list item"),
        ("  year: 2015\n", "a field's value"),
        ("  notes: []\n", "an empty list"),
    ],
)
def test_every_list_mapping_and_value_counts_towards_the_limit_and_the_first_past_it_is_located(
    monkeypatch, added, what
):
    from evidence import yamlreader
    from evidence.yamlreader import YamlProblem, parse_yaml

    monkeypatch.setattr(yamlreader, "MAX_NODES", 8)
    assert parse_yaml(SMALL_FILE).data == {
        "trial": {"arms": ["ketamine", "saline"], "pmids": [1000001, 1000002]}
    }
    with pytest.raises(YamlProblem) as problem:
        parse_yaml(SMALL_FILE + added)
    assert (problem.value.line, problem.value.message) == (
        6,
        "expands to more than 8 values (an alias bomb?); curated files are small",
    ), what


@pytest.mark.parametrize(
    "added",
    ["    - 1000003\n", "  year: 2015\n", "  notes: []\n"],
    ids=["list item", "field's value", "empty list"],
)
def test_a_file_of_exactly_the_limit_is_read(monkeypatch, added):
    from evidence import yamlreader
    from evidence.yamlreader import parse_yaml

    monkeypatch.setattr(yamlreader, "MAX_NODES", 9)  # the 8 values of SMALL_FILE and the one added
    assert parse_yaml(SMALL_FILE + added).data["trial"]["arms"] == ["ketamine", "saline"]


@pytest.mark.parametrize(
    "text", ["a: &x ketamine\nb: *x\n", "- &x ketamine\n- *x\n"], ids=["in a mapping", "in a list"]
)
def test_an_alias_to_a_single_value_counts_as_one_value(monkeypatch, text):
    from evidence import yamlreader
    from evidence.yamlreader import YamlProblem, parse_yaml

    monkeypatch.setattr(yamlreader, "MAX_NODES", 3)  # the top mapping or list, the value, the alias
    assert parse_yaml(text).data == yaml.safe_load(text)
    monkeypatch.setattr(yamlreader, "MAX_NODES", 2)
    with pytest.raises(YamlProblem, match="expands to more than 2 values"):
        parse_yaml(text)


def test_nesting_is_allowed_to_the_depth_limit_and_refused_one_level_below(monkeypatch):
    from evidence import yamlreader
    from evidence.yamlreader import YamlProblem, parse_yaml

    monkeypatch.setattr(yamlreader, "MAX_DEPTH", 3)
    assert parse_yaml("a:\n  b:\n    c: 1\n").data == {"a": {"b": {"c": 1}}}  # three mappings
    with pytest.raises(YamlProblem) as problem:
        parse_yaml("a:\n  b:\n    c:\n      d: 1\n")
    assert (problem.value.line, problem.value.message) == (4, "nesting is too deep to be curated data")


def test_an_alias_counts_as_every_value_its_anchor_holds(monkeypatch):
    from evidence import yamlreader
    from evidence.yamlreader import YamlProblem, parse_yaml

    text = "a: &arms [ketamine, saline]\nb: *arms\n"  # the top mapping, a (3 values) and b (the same 3)
    monkeypatch.setattr(yamlreader, "MAX_NODES", 7)
    assert parse_yaml(text).data == {"a": ["ketamine", "saline"], "b": ["ketamine", "saline"]}
    monkeypatch.setattr(yamlreader, "MAX_NODES", 6)
    with pytest.raises(YamlProblem) as problem:
        parse_yaml(text)
    assert (problem.value.line, problem.value.message) == (
        2,
        "expands to more than 6 values (an alias bomb?); curated files are small",
    )


@pytest.mark.parametrize(
    "text", ["0", "7", "2015", "010", "0o17", "0x1F", "1_000", "+12", "-3", "08", "1:30", "1.5", "1e3", ".inf", "0.5"]
)  # fmt: skip
def test_a_number_is_read_as_pyyaml_reads_it(text):
    """The dashboard sees the values a curator sees with PyYAML (and the JSON Schema check reads with it).

    YAML 1.1 included: a leading 0 makes a number octal, so 010 is 8.
    """
    from evidence.yamlreader import parse_yaml

    as_read = parse_yaml(f"value: {text}\nlist: [{text}]\n").data
    assert as_read == yaml.safe_load(f"value: {text}\nlist: [{text}]\n")
    assert [type(as_read["value"]), type(as_read["list"][0])] == [type(yaml.safe_load(text))] * 2


@pytest.mark.parametrize(
    "text",
    [
        'year: !!int "2015"\n',  # an explicit tag is obeyed, even on quoted text
        "share: !!float 1\n",
        "pmid: !!str 123\n",
        "count: ! 123\n",  # the non-specific tag, as PyYAML resolves it
        '"null": 1\n"on": 2\n"12": 3\n',  # a quoted key stays text
        "!!str 7: seven\n",
    ],
)
def test_tags_and_quoted_keys_are_read_as_pyyaml_reads_them(text):
    from evidence.yamlreader import parse_yaml

    assert parse_yaml(text).data == yaml.safe_load(text)


@pytest.mark.parametrize("tag", ["!!seq", "!!map", "!!set", "!!omap"])
def test_a_collection_tag_on_a_single_value_keeps_the_text_for_the_schema_to_judge(tag):
    """PyYAML refuses these outright; the reader keeps the text so the check names the field."""
    from evidence.yamlreader import parse_yaml

    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.safe_load(f"title: {tag} ketamine\n")
    assert parse_yaml(f"title: {tag} ketamine\n").data == {"title": "ketamine"}


def test_a_document_with_nothing_in_it_puts_every_path_on_line_1():
    from evidence.yamlreader import parse_yaml

    empty = parse_yaml("# only a comment\n\n")
    assert empty.data is None
    assert [empty.line_of(()), empty.line_of(("sources", 0, "pmid"))] == [1, 1]


def test_a_key_is_read_as_pyyaml_reads_it_then_kept_as_text():
    """Field names are text; a key YAML reads as a number, a boolean or null keeps PyYAML's reading of it."""
    from evidence.yamlreader import parse_yaml

    text = "12: a\nyes: b\nnull: c\n0x1F: d\nname: e\n"
    assert parse_yaml(text).data == {str(key): value for key, value in yaml.safe_load(text).items()}
    assert list(parse_yaml(text).data) == ["12", "True", "None", "31", "name"]
