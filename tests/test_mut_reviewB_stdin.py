"""`python -m evidence review -`: a draft piped in is read whole up to the size limit, and refused past it.

Standard input may never end and its size is not known before it is read, so the command reads one
byte over the limit at most; what it refuses it names "standard input" for the person at the terminal.
These tests run the command in-process through ``main``.
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from evidence.cli import main
from evidence.drafts import MAX_DRAFT_BYTES, DraftFormat
from evidence.review import read_draft_argument

from .test_review import REVIEW_DATA

TOO_LARGE = (
    "error: standard input holds more than 2 MB; claim review reads drafts up to 2 MB."
    " Split the draft and review the parts.\n"
)


def feed_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def review_stdin(monkeypatch, capsys, data: bytes) -> tuple[int, str, str]:
    feed_stdin(monkeypatch, data)
    code = main(["review", "-", "--data", str(REVIEW_DATA), "--format", "json"])
    out, err = capsys.readouterr()
    return code, out, err


def test_standard_input_of_exactly_the_size_limit_is_read_whole(monkeypatch):
    draft = (b"Ketamine may help some people with fibromyalgia.\n" * (MAX_DRAFT_BYTES // 49 + 1))[
        :MAX_DRAFT_BYTES
    ]
    feed_stdin(monkeypatch, draft)
    text, draft_format = read_draft_argument("-")
    assert (len(text), draft_format) == (MAX_DRAFT_BYTES, DraftFormat.TEXT)
    assert text == draft.decode()


def test_standard_input_over_the_size_limit_is_refused_not_cut_short(monkeypatch, capsys):
    code, out, err = review_stdin(monkeypatch, capsys, b"Ketamine cures fibromyalgia. " * 70_000)
    assert (code, out, err) == (2, "", TOO_LARGE)
    # one byte over is over: the review of a draft cut short would pass a gate it should not
    code, out, err = review_stdin(monkeypatch, capsys, b"x" * (MAX_DRAFT_BYTES + 1))
    assert (code, out, err) == (2, "", TOO_LARGE)


class EndlessInput:
    """Standard input that never ends, like ``python -m evidence review - < /dev/zero``."""

    class buffer:  # noqa: N801 - the attribute sys.stdin has
        @staticmethod
        def read(size: int | None = -1) -> bytes:
            if size is None or size < 0:
                raise AssertionError("read to the end of an endless input: the command would never finish")
            return b"a" * size


def test_standard_input_that_never_ends_is_refused_after_the_size_limit(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", EndlessInput())
    assert main(["review", "-", "--data", str(REVIEW_DATA)]) == 2
    assert capsys.readouterr() == ("", TOO_LARGE)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Kétamine guérit".encode("latin-1"), "standard input is not UTF-8 text; save it as UTF-8 and try again"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "standard input looks like a binary file, not text; give a .txt, .md or .html draft"),
    ],
)  # fmt: skip
def test_standard_input_that_is_not_text_exits_2_naming_standard_input(monkeypatch, capsys, data, message):
    assert review_stdin(monkeypatch, capsys, data) == (2, "", f"error: {message}\n")


@pytest.mark.parametrize(
    ("pasted", "draft_format"),
    [
        (
            "<p>Ketamine may help some people with fibromyalgia.</p><script>alert('cured')</script>",
            DraftFormat.HTML,
        ),
        ("## Fibromyalgia\n\nKetamine **may help** some people.", DraftFormat.MARKDOWN),
        ("Ketamine may help some people with fibromyalgia.", DraftFormat.TEXT),
    ],
)
def test_a_draft_piped_in_is_read_in_the_format_its_text_shows(monkeypatch, capsys, pasted, draft_format):
    feed_stdin(monkeypatch, pasted.encode())
    assert read_draft_argument("-") == (pasted, draft_format)
    feed_stdin(monkeypatch, pasted.encode())
    main(["review", "-", "--data", str(REVIEW_DATA), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["summary"]["format"] == draft_format.value


def test_a_web_page_piped_in_is_reviewed_without_its_markup_and_scripts(monkeypatch, capsys):
    feed_stdin(
        monkeypatch, b"<p>Ketamine cures fibromyalgia.</p><script>document.write('Ketamine works.')</script>"
    )
    assert main(["review", "-", "--data", str(REVIEW_DATA), "--format", "json"]) == 1
    review = json.loads(capsys.readouterr().out)
    assert [c["sentence"] for c in review["claims"]] == ["Ketamine cures fibromyalgia."]
    assert review["summary"]["characters"] == len("Ketamine cures fibromyalgia.")
