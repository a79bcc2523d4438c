"""Reads one curated YAML file safely, remembering the line of every key and list item.

Curated files are edited by hand, so the reader must turn any input (binary junk, tabs,
duplicate keys, alias bombs, huge files) into a located ``DataProblem``, never a traceback.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # bounds alias expansion ("billion laughs") and absurdly large files
MAX_DEPTH = 60

try:  # the C parser is ~10x faster; marks and behaviour are the same
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=65_536)
def _plain_scalar_tag(value: str) -> str:
    # curated files repeat the same few words (designs, routes, slugs) thousands of times:
    # resolving each afresh was most of the time spent reading 10,000 sources
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))


_Loader = _BaseLoader

Path_ = tuple[Any, ...]


@dataclass
class YamlDocument:
    """The plain data of a YAML file, and the 1-based line of each path within it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of the deepest known prefix of ``path`` (a missing key: its parent's line)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class YamlProblem(Exception):
    """A file that cannot be read as YAML; ``line`` is 1-based."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


def read_yaml(path: Path) -> YamlDocument:
    """Read ``path`` into plain dicts, lists and scalars, or raise ``YamlProblem``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem(1, f"cannot read the file: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise YamlProblem(1, f"file is {size / 1e6:.1f} MB; curated files are limited to 5 MB (split it up)")
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise YamlProblem(1, "this is a binary file, not YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, "not UTF-8 text; save the file as UTF-8") from None
    return parse_yaml(text)


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document into plain data and a line map, or raise ``YamlProblem``."""
    try:
        return _EventBuilder().build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and _unclosed(exc):
            # an unclosed quote or bracket: where it was opened is where the fix goes, not the end of the file
            mark = exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlProblem(line, _describe_syntax_error(exc, text, line)) from None
    except yaml.reader.ReaderError as exc:
        # the reader stops at the first character YAML refuses, so its first occurrence is the one; the
        # text is already decoded, so the error gives the character's code point (PyYAML's check_printable)
        character = chr(exc.character)
        line = text.count("\n", 0, text.index(character)) + 1
        raise YamlProblem(
            line,
            f"the character U+{ord(character):04X} is not allowed in YAML text (it is often invisible); delete it",
        ) from None


def _unclosed(exc: yaml.MarkedYAMLError) -> bool:
    """A quote, [list] or {mapping} that the file never closes (the parser noticed only further on)."""
    return "end of stream" in (exc.problem or "") or (exc.context or "").startswith("while parsing a flow")


def _describe_syntax_error(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1]:
        return "a tab character is used for indentation; YAML needs spaces"
    problem = exc.problem or "not valid YAML"
    context = f"{exc.context} that starts here, " if exc.context and _unclosed(exc) else ""
    return f"not valid YAML: {context}{problem}"


_MISSING = object()


@dataclass
class _Frame:
    """A mapping or list being built, with where it is and what it still waits for."""

    value: dict | list
    path: Path_
    anchor: str | None
    count_at_start: int
    is_mapping: bool
    key: Any = _MISSING  # a mapping's key whose value comes next


class _EventBuilder:
    """Builds plain Python from the parser's events, checking keys, depth and expansion size.

    Working from events rather than a composed node tree skips building a node per value,
    which roughly halves the time to read a large data folder; marks give every line.
    """

    def __init__(self) -> None:
        self.lines: dict[Path_, int] = {}
        self.count = 0
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, values it stands for)
        self.stack: list[_Frame] = []
        self._scalars = yaml.constructor.SafeConstructor()

    def build(self, events: Any) -> YamlDocument:
        root: Any = None  # a file with no value in it (empty, or comments only) reads as None
        documents = 0
        stack = self.stack
        lines = self.lines
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent and stack and stack[-1].is_mapping:
                # the common case, first: a key, or a scalar value whose line is its key's
                frame = stack[-1]
                if frame.key is _MISSING:
                    self._key(event)
                    continue
                self.count += 1
                if self.count > MAX_NODES:
                    self._tick(event, 0)
                value = self._scalar(event)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                frame.value[frame.key] = value
                frame.key = _MISSING
            elif kind in (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
                if stack and stack[-1].is_mapping and stack[-1].key is _MISSING:
                    self._key(event)  # refuses anything but a scalar key
                    continue
                path = self._child_path()
                lines.setdefault(path, _line(event))
                if kind is yaml.ScalarEvent:
                    self._tick(event, 1)
                    value = self._scalar(event)
                    if event.anchor:
                        self.anchors[event.anchor] = (value, 1)
                    root = self._attach(value, root)
                elif kind is yaml.AliasEvent:
                    value, size = self._alias(event)
                    self._tick(event, size)
                    root = self._attach(value, root)
                else:
                    self._tick(event, 1)
                    if len(stack) >= MAX_DEPTH:
                        raise YamlProblem(_line(event), "nesting is too deep to be curated data")
                    if event.anchor:
                        self.anchors.pop(event.anchor, None)  # redefined: in progress until it ends
                    is_mapping = kind is yaml.MappingStartEvent
                    container: dict | list = {} if is_mapping else []
                    stack.append(_Frame(container, path, event.anchor, self.count, is_mapping))
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                frame = stack.pop()
                if frame.anchor:
                    self.anchors[frame.anchor] = (frame.value, self.count - frame.count_at_start + 1)
                root = self._attach(frame.value, root)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        _line(event), "only one YAML document per file: remove the '---' separator"
                    )
        return YamlDocument(data=root, lines=lines)

    def _tick(self, event: Any, size: int) -> None:
        self.count += size
        if self.count > MAX_NODES:
            raise YamlProblem(
                _line(event),
                f"expands to more than {MAX_NODES} values (an alias bomb?); curated files are small",
            )

    def _child_path(self) -> Path_:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.path, len(frame.value))
        return (*frame.path, frame.key)

    def _attach(self, value: Any, root: Any) -> Any:
        if not self.stack:
            return value
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            frame.value.append(value)
        else:
            frame.value[frame.key] = value
            frame.key = _MISSING
        return root

    def _key(self, event: Any) -> None:
        line = event.start_mark.line + 1
        frame = self.stack[-1]
        if type(event) is yaml.ScalarEvent and event.tag is None and event.implicit[0]:
            key = event.value
            if _plain_scalar_tag(key) == _STR_TAG and key not in frame.value:
                # the common case: a plain, new field name
                self.lines[(*frame.path, key)] = line
                frame.key = key
                return
        if type(event) is not yaml.ScalarEvent:
            raise YamlProblem(line, "a key must be a plain word, not a list, mapping or alias")
        tag = self._tag(event)
        if tag == "tag:yaml.org,2002:merge":
            raise YamlProblem(line, "merge keys ('<<') are not allowed in curated data; write fields out")
        key = self._construct(event, tag)
        if not isinstance(key, str):
            key = str(key)
        if key in frame.value:
            first = self.lines.get((*frame.path, key), line)
            raise YamlProblem(line, f"duplicate key '{key}' (first given on line {first})")
        # the key's own line is where a reader looks for a problem with its value
        self.lines[(*frame.path, key)] = line
        frame.key = key

    def _alias(self, event: Any) -> tuple[Any, int]:
        name = event.anchor
        if name in self.anchors:
            return self.anchors[name]
        if any(frame.anchor == name for frame in self.stack):
            raise YamlProblem(_line(event), "an alias refers to itself")
        raise YamlProblem(_line(event), f"the alias '*{name}' names no anchor defined before it")

    @staticmethod
    def _tag(event: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            return _plain_scalar_tag(event.value) if event.implicit[0] else _STR_TAG
        return tag

    def _scalar(self, event: Any) -> Any:
        value = event.value
        if event.tag is None:
            if not event.implicit[0]:
                return value  # quoted text
            tag = _plain_scalar_tag(value)
            if tag == _STR_TAG:
                return value  # most values: plain text, no constructor needed
            if tag == _INT_TAG and value.isdigit() and (value[0] != "0" or value == "0"):
                return int(value)  # years, PMIDs, counts (a leading 0 is YAML 1.1 octal: constructor)
        return self._construct(event, self._tag(event))

    def _construct(self, event: Any, tag: str) -> Any:
        if tag == _STR_TAG:  # most values: no constructor needed
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self._scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            # an unknown tag such as !!python/object: keep the text, the schema will judge it
            return event.value


def _line(event: Any) -> int:
    return event.start_mark.line + 1
