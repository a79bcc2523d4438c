"""Reads a draft (plain text, Markdown or HTML) into plain text and splits it into sentences.

Claim review reports every sentence by its character offsets into the *extracted* text,
so the text this module returns is the one those offsets refer to. HTML is parsed, never
rendered: scripts, styles and other non-content elements are dropped, and block elements
become line breaks. Markdown is rendered to HTML by markdown-it and then treated the same
way. Lines are boundaries on their own (headings, list items and reference lines rarely
end in a full stop); inside a line, sentencex finds the sentence ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import sentencex
from bs4 import BeautifulSoup, Comment, NavigableString
from markdown_it import MarkdownIt

from .errors import EvidenceError

MAX_DRAFT_BYTES = 2_000_000  # a long web page is ~100 kB; 2 MB leaves room for pasted HTML
MAX_DRAFT_LABEL = "2 MB"
_SENTENCE_LANGUAGE = "en"  # the drafts are English; sentencex still splits at 。？！ and the like

_DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "head",
)
_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul", "title",
)  # fmt: skip
_PUBMED_HREF = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)\d{1,8}", re.IGNORECASE
)
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:!doctype|html|head|body|p|div|span|script|style|br|h[1-6]|ul|ol|li|a|article|section|table)\b",
    re.IGNORECASE,
)
_LOOKS_LIKE_MARKDOWN = re.compile(r"^#{1,6}\s+\S|\*\*\S[^*\n]*\*\*|^\[[^\]]+\]\(https?://", re.MULTILINE)
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MARKDOWN_SUFFIXES = {".md", ".markdown"}
_TEXT_SUFFIXES = {".txt", ".text"}
# bullets and list marks that start a line but are not part of the sentence
_LEADING_MARKS = " \t-*+•●▪◦·‣–—>#"


class DraftUnreadable(EvidenceError):
    """The draft cannot be reviewed as given: missing, binary, too large or not UTF-8."""


class DraftFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


@dataclass(frozen=True)
class Sentence:
    """One sentence of the extracted text; ``text == draft_text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Draft:
    """A draft as claim review sees it: its extracted text and the sentences of that text."""

    text: str
    format: DraftFormat
    sentences: tuple[Sentence, ...]


def format_for_name(name: str | None, text: str = "") -> DraftFormat:
    """The draft's format from its file name, else from a look at the text (pasted drafts)."""
    suffix = Path(name).suffix.lower() if name else None
    if suffix in _HTML_SUFFIXES:
        return DraftFormat.HTML
    if suffix in _MARKDOWN_SUFFIXES:
        return DraftFormat.MARKDOWN
    if suffix == "":
        raise DraftUnreadable(
            f"{name}: the file has no extension; claim review reads .txt, .md or .html drafts"
        )
    if suffix is not None and suffix not in _TEXT_SUFFIXES:
        raise DraftUnreadable(f"{name}: claim review reads .txt, .md or .html drafts, not '{suffix}' files")
    if _LOOKS_LIKE_HTML.search(text[:20_000]):
        return DraftFormat.HTML
    if suffix is None and _LOOKS_LIKE_MARKDOWN.search(text[:20_000]):
        return DraftFormat.MARKDOWN  # pasted: "## Heading" lines and "**bold**" mean Markdown
    return DraftFormat.TEXT


def check_draft_size(size: int, name: str) -> None:
    """Refuses a draft over ``MAX_DRAFT_BYTES``, saying how big it is."""
    if size > MAX_DRAFT_BYTES:
        raise DraftUnreadable(
            f"{name} is {size / 1_000_000:.1f} MB; claim review reads drafts up to {MAX_DRAFT_LABEL}. "
            "Split the draft and review the parts."
        )


def decode_draft(data: bytes, name: str = "the draft") -> str:
    """The text of an uploaded or read draft; refuses what is not a UTF-8 text file."""
    check_draft_size(len(data), name)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DraftUnreadable(f"{name} looks like a binary file, not text; give a .txt, .md or .html draft")
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DraftUnreadable(f"{name} is not UTF-8 text; save it as UTF-8 and try again")


def read_draft_file(path: str | Path) -> tuple[str, DraftFormat]:
    """Reads a draft file from disk, checking its size before reading it."""
    path = Path(path)
    if not path.exists():
        raise DraftUnreadable(f"{path}: no such file")
    if not path.is_file():
        raise DraftUnreadable(f"{path}: not a file; give a .txt, .md or .html draft")
    check_draft_size(path.stat().st_size, str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DraftUnreadable(f"{path}: cannot be read ({exc.strerror})") from exc
    text = decode_draft(data, str(path))
    return text, format_for_name(path.name, text)


def parse_draft(raw: str, draft_format: DraftFormat) -> Draft:
    """Extracts the draft's text and splits it into sentences."""
    text = extract_text(raw, draft_format)
    return Draft(text=text, format=draft_format, sentences=split_sentences(text))


def extract_text(raw: str, draft_format: DraftFormat) -> str:
    if draft_format is DraftFormat.HTML:
        return _text_of_html(raw)
    if draft_format is DraftFormat.MARKDOWN:
        return _text_of_html(MarkdownIt("commonmark").render(raw))
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def _text_of_html(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for link in soup.find_all("a", href=True):
        # a reference written as a linked name keeps its PubMed address in the text,
        # so the PMID it points to is checked like a PMID written out
        href = str(link["href"])
        if _PUBMED_HREF.search(href) and href not in link.get_text():
            link.append(NavigableString(f" ({href})"))
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before(NavigableString("\n"))
        tag.insert_after(NavigableString("\n"))
    text = soup.get_text()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences with their offsets into ``text``; every line break ends a sentence."""
    sentences: list[Sentence] = []
    line_start = 0
    for line in text.split("\n"):
        if line.strip():
            _split_line(text, line, line_start, sentences)
        line_start += len(line) + 1
    return tuple(sentences)


def _split_line(text: str, line: str, offset: int, sentences: list[Sentence]) -> None:
    first_on_line = len(sentences)
    for boundary in sentencex.get_sentence_boundaries(_SENTENCE_LANGUAGE, line):
        start, end = _trimmed(line, boundary["start_index"], boundary["end_index"])
        if start >= end:
            continue
        start, end = start + offset, end + offset
        # "(PMID 123)" or "(Smith 2014)" after a full stop belongs to the sentence before it
        if len(sentences) > first_on_line and text[start] in "([":
            start = sentences.pop().start
        sentences.append(Sentence(start, end, text[start:end]))


def _trimmed(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start] in _LEADING_MARKS:
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end
