"""Reads one curated YAML file safely, remembering the line of every key and list item.

Curated files are edited by hand, so the reader must turn any input (binary junk, tabs,
duplicate keys, alias bombs, huge files) into a located ``DataProblem``, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # bounds alias expansion ("billion laughs") and absurdly large files
MAX_DEPTH = 60

try:  # the C parser is ~10x faster; marks and behaviour are the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

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
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            # an unclosed quote or bracket: where it was opened is where the fix goes
            mark = exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlProblem(line, _describe_syntax_error(exc, text, line)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(1, "nesting is too deep to be curated data") from None
    if node is None:
        return YamlDocument(data=None, lines={(): 1})
    builder = _Builder()
    data = builder.build(node, (), depth=0, active=frozenset())
    return YamlDocument(data=data, lines=builder.lines)


def _describe_syntax_error(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1]:
        return "a tab character is used for indentation; YAML needs spaces"
    problem = exc.problem or "not valid YAML"
    context = f"{exc.context} that starts here, " if exc.context and "end of stream" in problem else ""
    return f"not valid YAML: {context}{problem}"


class _Builder:
    """Turns composed nodes into plain Python, checking keys, depth and expansion size."""

    def __init__(self) -> None:
        self.lines: dict[Path_, int] = {}
        self.count = 0
        self._scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path_, depth: int, active: frozenset[int]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                node.start_mark.line + 1,
                f"expands to more than {MAX_NODES} values (an alias bomb?); curated files are small",
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(node.start_mark.line + 1, "nesting is too deep to be curated data")
        if id(node) in active:
            raise YamlProblem(node.start_mark.line + 1, "an alias refers to itself")
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        inner = active | {id(node)}
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, index), depth + 1, inner) for index, item in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth, inner)
        raise YamlProblem(node.start_mark.line + 1, "unsupported YAML node")  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int, active: frozenset[int]) -> dict:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(line, "merge keys ('<<') are not allowed in curated data; write fields out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(line, "a key must be a plain word, not a list or mapping")
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                first = self.lines.get((*path, key), line)
                raise YamlProblem(line, f"duplicate key '{key}' (first given on line {first})")
            self.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key), depth + 1, active)
            # the key's own line is where a reader looks for a problem with its value
            self.lines[(*path, key)] = line
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self._scalars.construct_object(node, deep=True)
        except yaml.YAMLError:
            # an unknown tag such as !!python/object: keep the text, the schema will judge it
            return node.value
        except ValueError:
            return node.value
