"""Loads and validates the curated data folder into an ``EvidenceBase``.

Every problem is collected in one run and reported as ``FILE:LINE: field: message``:
first the schema of each entry, then the cross-references between files (unknown
condition slugs, duplicate PMIDs or ids).
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import DataDirMissing, DataInvalid, DataProblem, closest
from .models import (
    Condition,
    ConditionContext,
    PatientExperience,
    Question,
    RegulatoryFact,
    ReviewSignOff,
    Source,
)
from .yamlreader import YamlDocument, YamlProblem, read_yaml

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA_DIR = PACKAGE_ROOT / "data"
CONDITIONS_FILE = "conditions.yaml"
CITATIONS_DIR = "citations"
QUESTIONS_DIR = "questions"
REGULATORY_FILE = "regulatory.yaml"
CONTEXT_DIR = "context"
PATIENT_EXPERIENCE_FILE = "patient_experience.yaml"
REVIEWS_FILE = "reviews.yaml"
ANAESTHESIA = "anaesthesia"  # the one regulatory use that is not a condition of the base


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--data, else EVIDENCE_DATA_DIR, else the shipped data/ folder."""
    chosen = explicit or os.environ.get("EVIDENCE_DATA_DIR") or SHIPPED_DATA_DIR
    return Path(chosen).expanduser().resolve()


@dataclass(frozen=True)
class EvidenceBase:
    """All conditions and sources of one data folder, validated and cross-checked."""

    data_dir: Path
    conditions: tuple[Condition, ...]
    sources: tuple[Source, ...]
    # where each source was curated, for messages and the data-quality page
    origins: tuple[tuple[str, str, int], ...] = ()  # (source key, file, line)
    # the clinical questions, with their outcomes and findings (data/questions/*.yaml)
    questions: tuple[Question, ...] = ()
    # who approved which product for what (data/regulatory.yaml)
    regulatory: tuple[RegulatoryFact, ...] = ()
    # where ketamine fits in each condition's care (data/context/*.yaml)
    context: tuple[ConditionContext, ...] = ()
    # what patients report, kept apart from evidence (data/patient_experience.yaml)
    patient_experience: tuple[PatientExperience, ...] = ()
    # who reviewed each condition's evidence view, and when (data/reviews.yaml)
    reviews: tuple[ReviewSignOff, ...] = ()

    @cached_property
    def context_by_slug(self) -> dict[str, ConditionContext]:
        return {c.condition: c for c in self.context}

    @cached_property
    def review_by_slug(self) -> dict[str, ReviewSignOff]:
        return {r.condition: r for r in self.reviews}

    def experience_for(self, slug: str) -> tuple[PatientExperience, ...]:
        return tuple(e for e in self.patient_experience if slug in e.conditions)

    @cached_property
    def condition_by_slug(self) -> dict[str, Condition]:
        return {c.slug: c for c in self.conditions}

    @cached_property
    def source_by_key(self) -> dict[str, Source]:
        return {s.key: s for s in self.sources}

    @cached_property
    def source_by_pmid(self) -> dict[int, Source]:
        return {s.pmid: s for s in self.sources if s.pmid is not None}

    @cached_property
    def origin_by_key(self) -> dict[str, tuple[str, int]]:
        return {key: (file, line) for key, file, line in self.origins}

    def condition(self, slug: str) -> Condition:
        return self.condition_by_slug[slug]

    def sources_for(self, slug: str, *, direct: bool | None = None) -> tuple[Source, ...]:
        """Sources bearing on ``slug``: all, only direct (True) or only indirect (False)."""
        if direct is None:
            return tuple(s for s in self.sources if s.bears_on(slug))
        if direct:
            return tuple(s for s in self.sources if slug in s.conditions)
        return tuple(s for s in self.sources if slug in s.indirect_conditions)

    @cached_property
    def questions_by_condition(self) -> dict[str, tuple[Question, ...]]:
        index: dict[str, list[Question]] = {}
        for question in self.questions:
            index.setdefault(question.condition, []).append(question)
        return {slug: tuple(found) for slug, found in index.items()}

    def questions_for(self, slug: str) -> tuple[Question, ...]:
        """The questions of one condition, primary first, then in the order curated."""
        found = self.questions_by_condition.get(slug, ())
        return tuple(sorted(found, key=lambda q: not q.primary))

    @property
    def pmids(self) -> tuple[int, ...]:
        return tuple(sorted(self.source_by_pmid))


@dataclass(frozen=True)
class _Located:
    """A validated entry and where it was written, for cross-reference messages."""

    entry: Any
    doc: YamlDocument
    where: tuple
    file: str

    def line(self, *path: Any) -> int:
        return self.doc.line_of(self.where + path)


@dataclass(frozen=True)
class LoadResult:
    """What a load produced: the valid part of the data, and every problem found."""

    base: EvidenceBase
    problems: tuple[DataProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def load_evidence(data_dir: str | os.PathLike[str] | None = None) -> LoadResult:
    """Load a data folder, keeping every valid entry and listing every problem.

    The dashboard uses the valid part and shows the problems; ``validate`` fails on any.
    """
    root = resolve_data_dir(data_dir)
    if not root.is_dir():
        raise DataDirMissing(root)
    problems: list[DataProblem] = []
    declared: list[Any] = []
    conditions = _load_entries(root / CONDITIONS_FILE, "conditions", Condition, problems, declared)
    sources: list[_Located] = []
    folder = root / CITATIONS_DIR
    if folder.is_dir():
        for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
            sources += _load_entries(path, "sources", Source, problems)
    else:
        problems.append(
            DataProblem(_display(folder), 1, "(folder)", "missing: put citation files in citations/*.yaml")
        )
    questions: list[_Located] = []
    question_folder = root / QUESTIONS_DIR
    if question_folder.is_dir():
        for path in sorted(p for p in question_folder.iterdir() if p.suffix in (".yaml", ".yml")):
            questions += _load_questions(path, problems)
    # slugs of conditions that failed validation still count as declared: their own problems
    # are reported, and every source naming them should not fail a second time
    slugs = {raw["slug"] for raw in declared if isinstance(raw, dict) and isinstance(raw.get("slug"), str)}
    _check_cross_references(conditions, sources, slugs, problems)
    _check_questions(questions, sources, slugs, problems)
    facts: list[_Located] = []
    if (root / REGULATORY_FILE).is_file():
        facts = _load_entries(root / REGULATORY_FILE, "facts", RegulatoryFact, problems)
        for fact in facts:
            if slugs and fact.entry.use != ANAESTHESIA and fact.entry.use not in slugs:
                problems.append(
                    DataProblem(
                        fact.file,
                        fact.line("use"),
                        "use",
                        _unknown_slug(fact.entry.use, slugs | {ANAESTHESIA}),
                    )
                )
    context, experience, reviews = _load_curation(root, sources, slugs, problems)
    base = EvidenceBase(
        data_dir=root,
        conditions=tuple(c.entry for c in conditions),
        sources=tuple(s.entry for s in sources),
        origins=tuple((s.entry.key, s.file, s.line()) for s in sources),
        questions=tuple(q.entry for q in questions),
        regulatory=tuple(f.entry for f in facts),
        context=context,
        patient_experience=experience,
        reviews=reviews,
    )
    return LoadResult(base=base, problems=tuple(sorted(set(problems))))


def load_valid_evidence(data_dir: str | os.PathLike[str] | None = None) -> EvidenceBase:
    """Load a data folder and raise ``DataInvalid`` if anything is wrong."""
    result = load_evidence(data_dir)
    if result.problems:
        raise DataInvalid(list(result.problems))
    return result.base


# -- files ------------------------------------------------------------------------


def _display(path: Path) -> str:
    """The path a user recognises: relative to the current folder when it can be."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def _read(path: Path, file: str, problems: list[DataProblem]) -> YamlDocument | None:
    try:
        return read_yaml(path)
    except YamlProblem as exc:
        problems.append(DataProblem(file, exc.line, "(file)", exc.message))
        return None


def _top_level_list(
    doc: YamlDocument, key: str, file: str, problems: list[DataProblem], allowed: tuple[str, ...] = ()
) -> list[tuple[int, Any]]:
    """The entries under the file's top-level ``key``, or a problem saying what is wrong."""
    data = doc.data
    if data is None:
        problems.append(
            DataProblem(file, 1, "(file)", f"the file is empty; expected '{key}:' with a list of entries")
        )
        return []
    if not isinstance(data, dict):
        problems.append(
            DataProblem(
                file, 1, "(file)", f"expected a mapping with '{key}:' at the top, found {_kind(data)}"
            )
        )
        return []
    for extra in data:
        if extra != key and extra not in allowed:
            problems.append(
                DataProblem(
                    file, doc.line_of((extra,)), str(extra), f"unknown top-level key; only '{key}' is allowed"
                )
            )
    if key not in data:
        problems.append(DataProblem(file, 1, key, f"missing '{key}:' (a list of entries)"))
        return []
    entries = data[key]
    if not isinstance(entries, list):
        problems.append(
            DataProblem(file, doc.line_of((key,)), key, f"expected a list of entries, found {_kind(entries)}")
        )
        return []
    return list(enumerate(entries))


def _load_entries(
    path: Path,
    key: str,
    model: type[BaseModel],
    problems: list[DataProblem],
    raw_entries: list[Any] | None = None,
) -> list[_Located]:
    """Validate every entry under ``key`` in one file; invalid entries become problems."""
    file = _display(path)
    if not path.is_file():
        problems.append(DataProblem(file, 1, "(file)", f"missing: every data folder needs {path.name}"))
        return []
    doc = _read(path, file, problems)
    if doc is None:
        return []
    located = []
    for index, raw in _top_level_list(doc, key, file, problems):
        if raw_entries is not None:
            raw_entries.append(raw)
        where = (key, index)
        entry = _validate_entry(model, raw, doc, where, file, problems)
        if entry is not None:
            located.append(_Located(entry, doc, where, file))
    return located


def _load_questions(path: Path, problems: list[DataProblem]) -> list[_Located]:
    """One data/questions/*.yaml file: ``condition:`` once at the top, then ``questions:``."""
    file = _display(path)
    doc = _read(path, file, problems)
    if doc is None:
        return []
    entries = _top_level_list(doc, "questions", file, problems, allowed=("condition",))
    slug = doc.data.get("condition") if isinstance(doc.data, dict) else None
    if entries and not isinstance(slug, str):
        problems.append(
            DataProblem(file, 1, "condition", "missing 'condition:' (the slug these questions belong to)")
        )
        return []
    located = []
    for index, raw in entries:
        where = ("questions", index)
        if isinstance(raw, dict) and "condition" not in raw:
            raw = {**raw, "condition": slug}
        entry = _validate_entry(Question, raw, doc, where, file, problems)
        if entry is not None:
            located.append(_Located(entry, doc, where, file))
    return located


# -- schema -----------------------------------------------------------------------


def _validate_entry(
    model: type[BaseModel],
    raw: Any,
    doc: YamlDocument,
    where: tuple,
    file: str,
    problems: list[DataProblem],
) -> Any:
    if not isinstance(raw, dict):
        problems.append(
            DataProblem(
                file,
                doc.line_of(where),
                _field_name(where),
                f"expected a mapping of fields, found {_kind(raw)}",
            )
        )
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in errors:
            if error["type"] == "too_short" and _items_failed(error["loc"], errors):
                continue  # the list's items were given but are wrong, and each says so: not "0 items"
            problems.append(_problem_from_error(model, error, raw, doc, where, file))
        return None


def _items_failed(loc: tuple, errors: list) -> bool:
    """Whether another error is about an item inside the list at ``loc``."""
    return any(len(e["loc"]) > len(loc) and tuple(e["loc"][: len(loc)]) == tuple(loc) for e in errors)


def _problem_from_error(
    model: type[BaseModel], error: dict, raw: dict, doc: YamlDocument, where: tuple, file: str
) -> DataProblem:
    loc = tuple(error["loc"])
    kind = error["type"]
    # pydantic adds the tagged-union member or function name to loc for some errors; keep data keys
    loc = tuple(
        part for part in loc if isinstance(part, int) or part in _all_field_names(model) or _in_raw(raw, part)
    )
    field = _field_name(loc)  # "(entry)" for a check on the whole entry
    line = doc.line_of(where + loc)
    if kind == "missing":
        # the line of the mapping the field is missing from
        return DataProblem(
            file,
            doc.line_of(where + loc[:-1]),
            field,
            f"required field is missing{_hint_missing(loc)}",
        )
    if kind == "extra_forbidden":
        name = str(loc[-1])
        suggestion = closest(name, _field_names_at(model, loc[:-1]))
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        return DataProblem(file, line, field, f"unknown field{hint}")
    if kind in ("enum", "literal_error"):
        expected = error["ctx"]["expected"]  # pydantic words the choices: "'a', 'b' or 'c'"
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        return DataProblem(file, line, field, _enum_message(error.get("input"), choices))
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
        # an entry-level check that names the nested field it is about: "findings[2].measure: ..."
        pointed = _POINTED.match(message)
        if pointed:
            name, index, leaf, rest = pointed.groups()
            inner = (*loc, name, int(index), leaf)
            return DataProblem(file, doc.line_of(where + inner), _field_name(inner), rest)
        named = _NAMED_FIELD.match(message)
        if named and isinstance(raw, dict) and named.group(1) in raw:
            field_name, rest = named.groups()
            return DataProblem(file, doc.line_of(where + (field_name,)), field_name, rest)
    elif kind == "string_pattern_mismatch":
        message = _pattern_message(field, error.get("input"))
    elif kind == "too_short":
        least = error["ctx"]["min_length"]
        message = f"list at least {least} item{'s' if least != 1 else ''}, found none"
    elif kind == "tuple_type":  # every list of the models is a tuple
        message = f"expected a list, found {_kind(error.get('input'))}"
    elif kind == "model_type" or kind == "dict_type":
        message = f"expected a mapping of fields, found {_kind(error.get('input'))}"
    elif kind == "string_type":
        message = f"expected text, found {_kind(error.get('input'))}"
    elif kind == "bool_type" or kind == "bool_parsing":
        message = f"expected true or false, found {_kind(error.get('input'))}"
    elif kind == "int_parsing" or kind == "int_type":
        message = f"expected a whole number, found {_kind(error.get('input'))}"
    elif kind == "greater_than_equal":
        message = f"must not be negative (found {error.get('input')!r})"
    elif kind == "string_too_short":
        message = (
            "must not be empty"
            if "rationale" not in field
            else "give a written rationale of at least 20 characters"
        )
    return DataProblem(file, line, field, message)


_NAMED_FIELD = re.compile(r"^(\w+)(?:, \w+)*: (.*)$", re.DOTALL)
_POINTED = re.compile(r"^(\w+)\[(\d+)\]\.(\w+): (.*)$", re.DOTALL)


def _enum_message(value: Any, choices: list[str]) -> str:
    choices = [c.strip() for c in choices if c.strip()]
    suggestion = closest(str(value), choices)
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    return f"'{value}' is not one of: {', '.join(choices)}{hint}"


def _pattern_message(field: str, value: Any) -> str:
    name = field.rsplit(".", 1)[-1].split("[", 1)[0]
    shapes = {
        "doi": "a DOI looks like 10.1176/appi.ajp.2013.13030392 (no https://doi.org/ prefix)",
        "pmcid": "a PMCID looks like PMC6447473",
        "id": "an id uses lowercase letters, digits and hyphens, e.g. fda-spravato-2019",
        "slug": "a slug uses lowercase letters, digits and hyphens, e.g. treatment-resistant-depression",
        "source_url": "give a full http(s):// address",
        "url": "give a full http(s):// address",
        "also_checked": "give full http(s):// addresses",
        "outcome": "an outcome id uses lowercase letters, digits and hyphens, e.g. response-24h",
        "source": "a source is pmid:<digits> or the id of a source outside PubMed, e.g. pmid:23982301",
        "use": "a use is anaesthesia or a condition slug, e.g. treatment-resistant-depression",
    }
    for key, text in shapes.items():
        if name == key:
            return f"{value!r} is malformed: {text}"
    if name in ("conditions", "indirect_conditions", "related", "condition"):
        return f"{value!r} is not a condition slug (lowercase words joined by hyphens)"
    return f"{value!r} has the wrong form"


def _hint_missing(loc: tuple) -> str:
    """What a missing field is for, when its name alone does not say."""
    if loc == ("source_url",):  # a source's own field; no model nests one
        return " (the public page on which the PMID, title and authors were checked)"
    return ""


def _field_names_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at ``loc`` inside ``model`` (for 'did you mean')."""
    # an unknown field is found only inside a model, so every name on the way to it is a field
    # holding a model (or a list of them)
    current: Any = model
    for part in loc:
        if isinstance(part, str):
            current = _inner_model(current.model_fields[part].annotation)
    return list(current.model_fields)


def _inner_model(annotation: Any) -> Any:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _all_field_names(model: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    stack = [model]
    while stack:
        current = stack.pop()
        for name, info in current.model_fields.items():
            names.add(name)
            inner = _inner_model(info.annotation)
            if inner is not None and inner is not current:
                stack.append(inner)
    return names


def _in_raw(raw: Any, part: Any) -> bool:
    """True when ``part`` is a key the user wrote (an unknown field, say)."""
    return isinstance(part, str) and _contains_key(raw, part)


def _contains_key(value: Any, key: str) -> bool:
    if isinstance(value, dict):
        return key in value or any(_contains_key(v, key) for v in value.values())
    if isinstance(value, list):
        return any(_contains_key(v, key) for v in value)
    return False


def _field_name(loc: tuple) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "(entry)"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, bool):
        return f"the value {value}"
    if isinstance(value, Enum):
        return f"the value {value.value}"
    return f"the value {value!r}"


# -- cross-references ---------------------------------------------------------------


def _check_cross_references(
    conditions: list[_Located], sources: list[_Located], slugs: set[str], problems: list[DataProblem]
) -> None:
    first_slug: dict[str, int] = {}
    for c in conditions:
        slug = c.entry.slug
        if slug in first_slug:
            problems.append(
                DataProblem(
                    c.file,
                    c.line("slug"),
                    "slug",
                    f"duplicate condition slug '{slug}' (first on line {first_slug[slug]})",
                )
            )
        first_slug.setdefault(slug, c.line("slug"))
        for i, related in enumerate(c.entry.related):
            if related not in slugs:
                problems.append(
                    DataProblem(c.file, c.line("related", i), f"related[{i}]", _unknown_slug(related, slugs))
                )
    first_key: dict[str, str] = {}
    for s in sources:
        source: Source = s.entry
        if slugs:
            for field in ("conditions", "indirect_conditions"):
                for i, slug in enumerate(getattr(source, field)):
                    if slug not in slugs:
                        problems.append(
                            DataProblem(s.file, s.line(field, i), f"{field}[{i}]", _unknown_slug(slug, slugs))
                        )
            for i, position in enumerate(source.positions):
                if position.condition not in slugs:
                    problems.append(
                        DataProblem(
                            s.file,
                            s.line("positions", i, "condition"),
                            f"positions[{i}].condition",
                            _unknown_slug(position.condition, slugs),
                        )
                    )
        overlap = set(source.conditions) & set(source.indirect_conditions)
        if overlap:
            problems.append(
                DataProblem(
                    s.file,
                    s.line("indirect_conditions"),
                    "indirect_conditions",
                    f"{', '.join(sorted(overlap))} listed as both direct and indirect; keep one",
                )
            )
        field = "pmid" if source.pmid is not None else "id"
        if source.key in first_key:
            name = f"PMID {source.pmid}" if source.pmid is not None else f"id '{source.id}'"
            problems.append(
                DataProblem(
                    s.file,
                    s.line(field),
                    field,
                    f"duplicate {name} (first curated at {first_key[source.key]})",
                )
            )
        else:
            first_key[source.key] = f"{s.file}:{s.line(field)}"


def _load_curation(
    root: Path, sources: list[_Located], slugs: set[str], problems: list[DataProblem]
) -> tuple[tuple[ConditionContext, ...], tuple[PatientExperience, ...], tuple[ReviewSignOff, ...]]:
    """Condition context, patient experience and review sign-offs, each checked against the base."""
    keys = {s.entry.key for s in sources}
    contexts: list[ConditionContext] = []
    folder = root / CONTEXT_DIR
    if folder.is_dir():
        for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
            file = _display(path)
            doc = _read(path, file, problems)
            if doc is None:
                continue
            if not isinstance(doc.data, dict):
                problems.append(
                    DataProblem(file, 1, "(file)", f"expected a mapping of fields, found {_kind(doc.data)}")
                )
                continue
            entry = _validate_entry(ConditionContext, doc.data, doc, (), file, problems)
            if entry is None:
                continue
            if slugs and entry.condition not in slugs:
                problems.append(
                    DataProblem(
                        file, doc.line_of(("condition",)), "condition", _unknown_slug(entry.condition, slugs)
                    )
                )
            for key in entry.cited:
                if key not in keys:
                    problems.append(
                        DataProblem(
                            file,
                            _line_of_value(doc, key),
                            "sources",
                            f"cites '{key}', which is not curated in citations/",
                        )
                    )
            contexts.append(entry)
    experience: list[PatientExperience] = []
    if (root / PATIENT_EXPERIENCE_FILE).is_file():
        for located in _load_entries(root / PATIENT_EXPERIENCE_FILE, "entries", PatientExperience, problems):
            for i, slug in enumerate(located.entry.conditions):
                if slugs and slug not in slugs:
                    problems.append(
                        DataProblem(
                            located.file,
                            located.line("conditions", i),
                            f"conditions[{i}]",
                            _unknown_slug(slug, slugs),
                        )
                    )
            experience.append(located.entry)
    reviews: list[ReviewSignOff] = []
    if (root / REVIEWS_FILE).is_file():
        for located in _load_entries(root / REVIEWS_FILE, "reviews", ReviewSignOff, problems):
            if slugs and located.entry.condition not in slugs:
                problems.append(
                    DataProblem(
                        located.file,
                        located.line("condition"),
                        "condition",
                        _unknown_slug(located.entry.condition, slugs),
                    )
                )
            reviews.append(located.entry)
    return tuple(contexts), tuple(experience), tuple(reviews)


def _line_of_value(doc: YamlDocument, value: str) -> int:
    """The line where ``value`` is written (a cited key deep inside a context file)."""

    def find(node: Any, path: tuple) -> tuple | None:
        if isinstance(node, str) and node.strip() == value:  # the model strips the key as written
            return path
        children = (
            node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        )
        for key, child in children:
            found = find(child, (*path, key))
            if found is not None:
                return found
        return None

    return doc.line_of(find(doc.data, ()) or ())


def _check_questions(
    questions: list[_Located], sources: list[_Located], slugs: set[str], problems: list[DataProblem]
) -> None:
    """Questions name known conditions and sources, once each, with one primary per condition."""
    by_key: dict[str, Source] = {s.entry.key: s.entry for s in sources}
    for s in sources:
        for i, key in enumerate(s.entry.shares_participants_with):
            if key not in by_key:
                problems.append(
                    DataProblem(
                        s.file,
                        s.line("shares_participants_with", i),
                        f"shares_participants_with[{i}]",
                        _unknown_source(key, by_key),
                    )
                )
            elif key == s.entry.key:
                problems.append(
                    DataProblem(
                        s.file,
                        s.line("shares_participants_with", i),
                        f"shares_participants_with[{i}]",
                        "a source cannot share participants with itself",
                    )
                )
    first_id: dict[str, str] = {}
    primaries: dict[str, list[_Located]] = {}
    for q in questions:
        question: Question = q.entry
        if slugs and question.condition not in slugs:
            field = "condition"
            line = (
                q.line("condition")
                if "condition" in (q.doc.data["questions"][q.where[1]] or {})
                else q.doc.line_of(("condition",))
            )
            problems.append(DataProblem(q.file, line, field, _unknown_slug(question.condition, slugs)))
        if question.id in first_id:
            problems.append(
                DataProblem(
                    q.file,
                    q.line("id"),
                    "id",
                    f"duplicate question id '{question.id}' (first at {first_id[question.id]})",
                )
            )
        first_id.setdefault(question.id, f"{q.file}:{q.line('id')}")
        if question.primary:
            primaries.setdefault(question.condition, []).append(q)
        for i, finding in enumerate(question.findings):
            source = by_key.get(finding.source)
            if source is None:
                problems.append(
                    DataProblem(
                        q.file,
                        q.line("findings", i, "source"),
                        f"findings[{i}].source",
                        _unknown_source(finding.source, by_key),
                    )
                )
                continue
            if source.design.is_position:
                problems.append(
                    DataProblem(
                        q.file,
                        q.line("findings", i, "source"),
                        f"findings[{i}].source",
                        f"'{finding.source}' is a {source.design.label.lower()}: a position, not a study; record it under published_certainty",
                    )
                )
            randomised = source.participants
            arms = [n for n in (finding.n_ketamine, finding.n_control) if n is not None]
            if randomised is not None and source.design.value in ("rct", "crossover_rct") and arms:
                # a crossover trial's participants are in both arms; a parallel trial's split between them
                total = max(arms) if source.design.value == "crossover_rct" else sum(arms)
                if total > randomised:
                    arm = "n_ketamine" if finding.n_ketamine is not None else "n_control"
                    problems.append(
                        DataProblem(
                            q.file,
                            q.line("findings", i, arm),
                            f"findings[{i}].{arm}",
                            f"{total} analysed is more than the {randomised} participants recorded for {finding.source}",
                        )
                    )
        for i, rating in enumerate(question.published_certainty):
            if rating.source not in by_key:
                problems.append(
                    DataProblem(
                        q.file,
                        q.line("published_certainty", i, "source"),
                        f"published_certainty[{i}].source",
                        _unknown_source(rating.source, by_key),
                    )
                )
    for slug, found in primaries.items():
        for q in found[1:]:
            problems.append(
                DataProblem(
                    q.file,
                    q.line("primary"),
                    "primary",
                    f"'{slug}' already has a primary question ({found[0].entry.id}); mark only one",
                )
            )
    conditions_with_questions = {q.entry.condition for q in questions}
    for slug in sorted(conditions_with_questions - set(primaries)):
        q = next(q for q in questions if q.entry.condition == slug)
        problems.append(
            DataProblem(
                q.file,
                q.line("id"),
                "primary",
                f"no question of '{slug}' is marked primary: mark the one its headline grade should come from",
            )
        )


def _unknown_source(key: str, by_key: dict[str, Source]) -> str:
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.8)
    hint = f"; did you mean '{close[0]}'?" if close else " (curate it in citations/ first)"
    return f"unknown source '{key}'{hint}"


def _unknown_slug(slug: str, slugs: set[str]) -> str:
    suggestion = closest(slug, sorted(slugs))
    hint = f"; did you mean '{suggestion}'?" if suggestion else " (add it to conditions.yaml first)"
    return f"unknown condition '{slug}'{hint}"
