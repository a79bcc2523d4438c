"""`python -m evidence review FILE`: the exit codes a publishing pipeline gates on, and the JSON it reads.

The command grades the data folder itself, so these tests assert only what does not hang
on a grade: negations, questions and an approval on record pass whatever the grades are;
a cure claim fails against any grade; bad input exits 2 with a message.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidence.cli import main
from evidence.drafts import MAX_DRAFT_BYTES

HERE = Path(__file__).resolve().parent
REVIEW_DATA = HERE / "review_data"
DRAFTS = HERE / "drafts"
REPO_ROOT = HERE.parent


def review(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["review", *args, "--data", str(REVIEW_DATA)])
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_0_when_every_claim_is_supported(capsys):
    code, out, _ = review(capsys, str(DRAFTS / "all-supported.md"), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["summary"]["claims"] == 4 and data["summary"]["supported"] == 4


def test_exit_1_on_any_finding_with_the_json_shape_of_the_issue(capsys):
    code, out, _ = review(capsys, str(DRAFTS / "every-verdict.txt"), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert list(data) == ["claims", "summary"]
    keys = ["sentence", "start", "end", "conditions", "asserted_strength", "evidence_grade", "verdict", "reasons",
            "pmids", "suggestion"]  # fmt: skip
    text = (DRAFTS / "every-verdict.txt").read_text(encoding="utf-8")
    for claim in data["claims"]:
        assert list(claim)[: len(keys)] == keys
        assert text[claim["start"] : claim["end"]] == claim["sentence"]  # offsets into the (plain) text
    cure = next(c for c in data["claims"] if "cure" in c["sentence"])
    assert (cure["asserted_strength"], cure["verdict"]) == ("cure", "overstated")
    citation = next(c for c in data["claims"] if c["pmids"])
    assert (citation["pmids"], citation["verdict"]) == ([99999999], "citation_problem")
    summary = data["summary"]
    assert summary["claims"] == len(data["claims"]) == 5
    assert sum(summary[v] for v in ("supported", "overstated", "unsupported", "citation_problem")) == 5


def test_the_notes_on_the_data_reviewed_against_go_to_standard_error(capsys):
    # the test folder has no PubMed cache; standard output stays the report alone, for a pipeline to parse
    code, out, err = review(capsys, str(DRAFTS / "every-verdict.txt"), "--format", "json")
    assert err == "note: the PubMed cache is empty: PMIDs are checked against the curated sources only\n"
    assert json.loads(out)["summary"]["notes"] == [err.removeprefix("note: ").rstrip("\n")]


def test_markdown_is_the_default_format(capsys):
    code, out, _ = review(capsys, str(DRAFTS / "every-verdict.txt"))
    assert code == 1
    assert out.startswith("# Claim review\n") and "| # | Sentence |" in out and "Suggested wording:" in out


@pytest.mark.parametrize("text", ["", "   \n\n  ", "<html><body><script>x()</script></body></html>"])
def test_a_draft_with_no_sentence_is_not_a_clean_review_and_exits_2(capsys, tmp_path, text):
    # a publishing gate must not pass an empty export
    empty = tmp_path / ("empty.html" if text.startswith("<") else "empty.txt")
    empty.write_text(text)
    code, out, err = review(capsys, str(empty), "--format", "json")
    assert code == 2 and out == ""
    assert err.strip() == f"error: {empty}: nothing to review (no sentence in the draft)"


def test_a_draft_with_sentences_but_no_claim_is_a_clean_review(capsys, tmp_path):
    draft = tmp_path / "plain.txt"
    draft.write_text("Our clinic is open on weekdays. Parking is free.")
    code, out, _ = review(capsys, str(draft), "--format", "json")
    assert code == 0 and json.loads(out)["claims"] == []


def test_a_file_with_no_extension_exits_2(capsys, tmp_path):
    bare = tmp_path / "hostname"
    bare.write_text("Ketamine cures depression.")
    code, _, err = review(capsys, str(bare))
    assert code == 2
    assert "the file has no extension; claim review reads .txt, .md or .html drafts" in err


def test_bad_input_exits_2_with_a_message(capsys, tmp_path):
    cases = {
        tmp_path / "missing.txt": (None, "no such file"),
        tmp_path / "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        tmp_path / "latin1.txt": ("Kétamine guérit".encode("latin-1"), "not UTF-8"),
        tmp_path / "huge.txt": (b"Ketamine works. " * (MAX_DRAFT_BYTES // 16 + 1), "up to 2 MB"),
        tmp_path / "draft.pdf": (b"Ketamine works.", ".txt, .md or .html"),
    }
    for path, (content, message) in cases.items():
        if content is not None:
            path.write_bytes(content)
        code, out, err = review(capsys, str(path))
        assert code == 2, path.name
        assert out == "" and message in err and "Traceback" not in err, path.name
    code, _, err = review(capsys, str(tmp_path))
    assert code == 2 and "not a file" in err


def test_standard_input_and_html(tmp_path):
    html = (DRAFTS / "references.html").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "evidence", "review", "-", "--data", str(REVIEW_DATA), "--format", "json"],
        input=html,
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    data = json.loads(result.stdout)
    # the retracted source makes it fail, whatever the grades
    assert result.returncode == 1
    assert [c["pmids"] for c in data["claims"]] == [[11111111], [22222222], [33333333]]
    assert data["claims"][2]["verdict"] == "citation_problem"
    assert data["summary"]["format"] == "html"
    assert b"alert" not in result.stdout and b"document.write" not in result.stdout
