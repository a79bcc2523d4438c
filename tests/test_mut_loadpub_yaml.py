"""YAML a curator cannot load: the line to look at and what is wrong there, in words."""

from __future__ import annotations

import pytest

from evidence.yamlreader import YamlProblem, parse_yaml


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("\tsources: []\n", 1, "a tab character is used for indentation; YAML needs spaces"),
        ("sources:\n\t- pmid: 1\n", 2, "a tab character is used for indentation; YAML needs spaces"),
        # a tab inside a quoted value is allowed; the mistake is the unclosed bracket further down
        (
            'note: "a\tb"\nkey: [1\n',
            2,
            "not valid YAML: while parsing a flow sequence that starts here, did not find expected ',' or ']'",
        ),
        ("a: 1\n b: 2\n", 2, "not valid YAML: mapping values are not allowed in this context"),
        (
            'title: "unclosed\nyear: 2020\n',
            1,
            "not valid YAML: while scanning a quoted scalar that starts here, found unexpected end of stream",
        ),
        # the bracket is opened on line 1, and the parser notices only on line 3
        (
            "a: {b: 1,\n  c: 2\nd: 3\n",
            1,
            "not valid YAML: while parsing a flow mapping that starts here, did not find expected ',' or '}'",
        ),
    ],
    ids=[
        "tab on the first line",
        "tab on a later line",
        "tab elsewhere",
        "bad indentation",
        "unclosed quote",
        "unclosed mapping over lines",
    ],
)
def test_a_syntax_error_names_its_line_and_says_what_is_wrong(text, line, message):
    with pytest.raises(YamlProblem) as problem:
        parse_yaml(text)
    assert (problem.value.line, problem.value.message) == (line, message)


def test_a_block_mistake_is_located_where_it_is_found_not_where_its_block_starts():
    """Unlike an unclosed bracket, a wrongly indented line is the line to fix."""
    with pytest.raises(YamlProblem) as problem:
        parse_yaml("a:\n  - b\n c: d\n")
    assert (problem.value.line, problem.value.message) == (3, "not valid YAML: did not find expected key")


@pytest.mark.parametrize(
    ("text", "line"),
    [("\nnote: a\x07b\n", 2), ("note: a\x07b\nyear: 2020\nother: c\x07d\n", 1)],
    ids=["after a blank first line", "the first of two"],
)
def test_a_forbidden_character_is_located_on_its_own_line(text, line):
    with pytest.raises(YamlProblem) as problem:
        parse_yaml(text)
    assert (problem.value.line, problem.value.message) == (
        line,
        "the character U+0007 is not allowed in YAML text (it is often invisible); delete it",
    )
