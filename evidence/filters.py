"""Which sources a reader is looking at: a filter, its query-string form, and applying it.

The Sources page keeps its filter in the URL so a copied link reproduces the view;
``SourceFilter.to_query_params`` and ``SourceFilter.from_query_params`` are that URL form.
A URL is user input: unknown keys and values are dropped, never an error, and ``read_link``
says which were dropped and why, so the page can tell the reader.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np

from .errors import closest
from .loading import EvidenceBase
from .models import CURRENT_YEAR, EARLIEST_YEAR, SLUG_PATTERN, Design, Direction, Route, Source
from .pubmed import PubmedRecord

RETRACTED = "retracted"
UNVERIFIED = "unverified"
NOT_ENRICHED = "not_enriched"
CASE_REPORT = "case_report"  # a case report or small case series: its own facet, never a warning
FLAGS = (RETRACTED, UNVERIFIED, NOT_ENRICHED, CASE_REPORT)
FLAG_LABELS = {
    RETRACTED: "Retracted",
    UNVERIFIED: "Unverified",
    NOT_ENRICHED: "Not enriched from PubMed",
    CASE_REPORT: "Case report or case series",
}

# query-string keys; multi-valued facets repeat their key (?design=rct&design=cohort)
_MULTI_KEYS = {
    "conditions": "condition",
    "designs": "design",
    "routes": "route",
    "directions": "direction",
    "flags": "flag",
}
_SLUG = re.compile(SLUG_PATTERN)
_MAX_TEXT = 200
_LISTED_CHOICES = 10  # a note names the valid values when there are no more than this  # longer free text in a URL is junk, not a search


@dataclass(frozen=True)
class SourceFilter:
    """A selection of sources. Empty facets select everything.

    Values within one facet are alternatives (design rct OR cohort); facets combine with AND.
    ``text`` matches when every word appears, case-insensitively, in the source's title,
    abstract (from its cached PubMed record), first author, journal, primary outcome,
    adverse effects or notes.
    """

    conditions: tuple[str, ...] = ()
    designs: tuple[Design, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    routes: tuple[Route, ...] = ()
    directions: tuple[Direction, ...] = ()
    flags: tuple[str, ...] = ()
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self == SourceFilter()

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The filter as query parameters, leaving out what is not set (for a short, shareable URL)."""
        params: dict[str, str | list[str]] = {}
        for field, key in _MULTI_KEYS.items():
            values = [v.value if hasattr(v, "value") else v for v in getattr(self, field)]
            if values:
                params[key] = values
        if self.year_from is not None:
            params["year_from"] = str(self.year_from)
        if self.year_to is not None:
            params["year_to"] = str(self.year_to)
        if self.text:
            params["q"] = self.text
        return params

    @classmethod
    def from_query_params(
        cls,
        params: Mapping[str, object],
        *,
        known_conditions: Collection[str] | None = None,
    ) -> SourceFilter:
        """The filter a URL describes. Values may be strings or lists of strings; junk is ignored.

        With ``known_conditions``, condition slugs not in it are dropped too, so a stale link
        shows every source rather than none. ``read_link`` also says what was ignored.
        """
        return read_link(params, known_conditions=known_conditions).filter


@dataclass(frozen=True)
class IgnoredParam:
    """One part of a link the Sources page could not use, and why, in words for the reader."""

    key: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.key}={self.value}: {self.reason}" if self.value else f"{self.key}: {self.reason}"


@dataclass(frozen=True)
class LinkReading:
    """What a link selects (the valid parts, kept) and what it asked for that was ignored."""

    filter: SourceFilter
    ignored: tuple[IgnoredParam, ...] = ()


RANDOMISED = tuple(d for d in Design if d.is_randomised)
# ?design=randomised stands for every randomised design, as the page's "All randomised" button does
RANDOMISED_ALIAS = "randomised"
YEAR_KEYS = ("year_from", "year_to")
TEXT_KEY = "q"
KNOWN_KEYS = (*_MULTI_KEYS.values(), *YEAR_KEYS, TEXT_KEY)


def read_link(
    params: Mapping[str, object], *, known_conditions: Collection[str] | None = None
) -> LinkReading:
    """The filter a URL describes, keeping every valid part and naming each part it ignored.

    A link is user input (typed, edited, pasted from an old version): nothing in it is an
    error, but a reader who followed it must learn that ``design=rtc`` selected nothing, rather
    than see every design and believe the link was applied.
    """
    ignored: list[IgnoredParam] = []

    def values(key: str) -> list[str]:
        raw = params.get(key)
        items = raw if isinstance(raw, list | tuple) else [raw]
        # a hand-written URL may also say ?design=rct,cohort
        return [
            part.strip()
            for item in items
            if isinstance(item, str)
            for part in item.split(",")
            if part.strip()
        ]

    def choose(key: str, choices: Mapping[str, object], what: str) -> tuple:
        chosen = []
        for value in values(key):
            if value in choices:
                chosen.append(choices[value])
                continue
            close = closest(value, choices)
            if close:
                hint = f"; did you mean '{close}'?"
            elif len(choices) <= _LISTED_CHOICES:
                hint = f" (one of: {', '.join(choices)})"
            else:
                hint = " (the filters above list the choices)"
            ignored.append(IgnoredParam(key, value, f"not {what}{hint}"))
        return tuple(dict.fromkeys(chosen))

    if known_conditions is None:  # no list to check against: any well-formed slug is kept
        known_conditions = [v for v in values("condition") if _SLUG.fullmatch(v)]
    elif isinstance(known_conditions, AbstractSet):
        known_conditions = sorted(known_conditions)  # a set has no order of its own to list them in
    conditions = choose(
        "condition", {slug: slug for slug in known_conditions}, "a condition in the evidence base"
    )
    designs = choose(
        "design", {**{d.value: d for d in Design}, RANDOMISED_ALIAS: RANDOMISED}, "a study design"
    )
    flt = SourceFilter(
        conditions=conditions,
        designs=tuple(
            dict.fromkeys(d for chosen in designs for d in (chosen if chosen == RANDOMISED else (chosen,)))
        ),
        year_from=_read_year("year_from", values("year_from"), ignored),
        year_to=_read_year("year_to", values("year_to"), ignored),
        routes=choose("route", {r.value: r for r in Route}, "a route"),
        directions=choose("direction", {d.value: d for d in Direction}, "a direction of result"),
        flags=choose("flag", {f: f for f in FLAGS}, "a flag"),
        text=_text(params.get(TEXT_KEY)),
    )
    raw_text = _text(params.get(TEXT_KEY), limit=None)
    if len(raw_text) > _MAX_TEXT:
        ignored.append(IgnoredParam(TEXT_KEY, "", f"search text cut to its first {_MAX_TEXT} characters"))
    for key in params:
        if key not in KNOWN_KEYS:
            close = closest(str(key), KNOWN_KEYS)
            hint = f"; did you mean '{close}'?" if close else ""
            ignored.append(IgnoredParam(str(key), "", f"not a filter on this page{hint}"))
    return LinkReading(flt, tuple(ignored))


def _read_year(key: str, values: list[str], ignored: list[IgnoredParam]) -> int | None:
    year = None
    for value in values:
        if not (value.isascii() and value.isdigit()):
            ignored.append(IgnoredParam(key, value, "not a year (write it as four digits, e.g. 2015)"))
        elif not EARLIEST_YEAR <= int(value) <= CURRENT_YEAR + 1:
            ignored.append(IgnoredParam(key, value, f"outside {EARLIEST_YEAR}–{CURRENT_YEAR + 1}"))
        elif year is None:
            year = int(value)
        else:
            ignored.append(IgnoredParam(key, value, f"{key} given twice: the first, {year}, is used"))
    return year


def source_flags(source: Source, records: Mapping[int, PubmedRecord]) -> tuple[str, ...]:
    """The flags a reader should see on a source, in the order of ``FLAGS``."""
    record = records.get(source.pmid) if source.pmid is not None else None
    flags = []
    if source.retracted or (record is not None and record.retracted):
        flags.append(RETRACTED)
    if not source.verified:
        flags.append(UNVERIFIED)
    if source.pmid is not None and record is None:
        flags.append(NOT_ENRICHED)
    if source.design in (Design.CASE_REPORT, Design.CASE_SERIES):
        flags.append(CASE_REPORT)
    return tuple(flags)


def filter_sources(
    base: EvidenceBase, records: Mapping[int, PubmedRecord], flt: SourceFilter
) -> tuple[Source, ...]:
    """The sources of ``base`` that ``flt`` selects, in curated order."""
    index = SourceIndex(base.sources, records)
    return index.sources_at(index.positions(flt))


class SourceIndex:
    """Sources laid out facet by facet, so that a filter picks among 10,000 of them in a millisecond.

    For each facet value (a design, a condition, a flag, ...) the index holds which sources have
    it, as a boolean column; a filter is then a few column operations instead of a Python loop
    over every source. Only free text still looks at each remaining source, through text
    prepared once. Positions are places in ``sources``, so they stay in curated order.
    """

    def __init__(self, sources: Sequence[Source], records: Mapping[int, PubmedRecord]) -> None:
        self.sources = tuple(sources)
        self._records = records
        self._years = np.fromiter((s.year for s in self.sources), dtype=np.int32, count=len(self.sources))
        members: dict[str, dict[object, list[int]]] = {facet: {} for facet in _FACETS}
        for position, source in enumerate(self.sources):
            for facet, values in _facet_values(source, records).items():
                for value in values:
                    members[facet].setdefault(value, []).append(position)
        self._columns = {
            facet: {value: self._column(positions) for value, positions in by_value.items()}
            for facet, by_value in members.items()
        }
        self._text: list[str] | None = None  # built on the first text search
        self._position_of: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.sources)

    def positions(self, flt: SourceFilter) -> np.ndarray:
        """Where in ``sources`` the sources that ``flt`` selects are, in ascending order."""
        selected = np.ones(len(self.sources), dtype=bool)
        for facet, chosen in (
            ("conditions", flt.conditions),
            ("designs", flt.designs),
            ("routes", flt.routes),
            ("directions", flt.directions),
            ("flags", flt.flags),
        ):
            if chosen:  # values within a facet are alternatives; facets combine
                columns = self._columns[facet]
                selected &= np.logical_or.reduce([columns.get(v, self._column(())) for v in chosen])
        if flt.year_from is not None:
            selected &= self._years >= flt.year_from
        if flt.year_to is not None:
            selected &= self._years <= flt.year_to
        positions = np.flatnonzero(selected)
        words = flt.text.casefold().split()
        if words:
            text = self._searchable()
            candidates = positions.tolist()  # plain ints: indexing a list with numpy ints is slow
            for word in words:  # each word narrows the candidates the next one must search
                candidates = [p for p in candidates if word in text[p]]
            positions = np.array(candidates, dtype=np.intp)
        return positions

    def sources_at(self, positions: Iterable[int]) -> tuple[Source, ...]:
        return tuple(self.sources[p] for p in positions)

    def positions_of(self, sources: Iterable[Source]) -> list[int]:
        """Where each of ``sources`` is in ``sources`` (they must be among them)."""
        if self._position_of is None:
            self._position_of = {s.key: p for p, s in enumerate(self.sources)}
        return [self._position_of[s.key] for s in sources]

    def _column(self, positions: Sequence[int]) -> np.ndarray:
        column = np.zeros(len(self.sources), dtype=bool)
        column[list(positions)] = True
        return column

    def _searchable(self) -> list[str]:
        if self._text is None:
            self._text = [_searchable_text(s, self._records).casefold() for s in self.sources]
        return self._text


_FACETS = ("conditions", "designs", "routes", "directions", "flags")


def _facet_values(source: Source, records: Mapping[int, PubmedRecord]) -> dict[str, Iterable[object]]:
    """The values a source has in each facet: a filter on a facet selects it by any of them."""
    return {
        # a condition selects its direct and its indirect evidence
        "conditions": dict.fromkeys(source.conditions + source.indirect_conditions),
        "designs": (source.design,),
        "routes": (source.route,) if source.route is not None else (),
        "directions": (source.direction,) if source.direction is not None else (),
        "flags": source_flags(source, records),
    }


def _searchable_text(source: Source, records: Mapping[int, PubmedRecord]) -> str:
    record = records.get(source.pmid) if source.pmid is not None else None
    parts = [
        source.title,
        source.first_author,
        source.journal,
        source.primary_outcome,
        source.adverse_effects,
        source.notes,
    ]
    if record is not None:
        parts += [record.title, record.abstract_text]
    return "\n".join(p for p in parts if p)


def _text(raw: object, limit: int | None = _MAX_TEXT) -> str:
    if isinstance(raw, list | tuple):
        raw = next((item for item in raw if isinstance(item, str)), "")
    if not isinstance(raw, str):
        return ""
    return " ".join(raw.split())[:limit].rstrip()
