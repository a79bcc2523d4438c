"""Everything the dashboard shows about one data folder, loaded in one call, and the tallies its pages plot.

``load_catalog`` reads the curated YAML (keeping its validation problems), the PubMed cache
and its status, grades every condition and cross-checks designs against PubMed. The pages
cache the result keyed on ``data_fingerprint``, so data is read once and read again only
when a file under the data folder changes. The tallies below (headline numbers, the
evidence map, the per-condition timeline) are computed here, not in the pages, so the
same numbers come out of ``python -m evidence grade --format json`` and the dashboard.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .cache import CacheStatus, PubmedCache
from .errors import DataProblem
from .filters import NOT_ENRICHED, RETRACTED, UNVERIFIED, SourceIndex, source_flags
from .grading import ConditionGrade, grade_all
from .hierarchy import DesignDisagreement, design_disagreements
from .loading import (
    CITATIONS_DIR,
    CONDITIONS_FILE,
    CONTEXT_DIR,
    PATIENT_EXPERIENCE_FILE,
    QUESTIONS_DIR,
    REGULATORY_FILE,
    REVIEWS_FILE,
    EvidenceBase,
    load_evidence,
    resolve_data_dir,
)
from .models import Condition, Design, Grade, Source
from .pubmed import PubmedRecord
from .surveil import SurveillanceReport, load_surveillance
from .verify import VerifyReport, verify_sources

Fingerprint = tuple[tuple[str, int, int], ...]  # (path relative to the data folder, mtime_ns, size)

# Reviews pool the trials already counted and position documents hold no participants, so
# only primary studies add to the participant total (the rest would count people twice).
_NOT_PRIMARY = frozenset(
    {
        Design.META_ANALYSIS,
        Design.SYSTEMATIC_REVIEW,
        Design.NARRATIVE_REVIEW,
        Design.GUIDELINE,
        Design.REGULATORY,
    }
)


def data_fingerprint(data_dir: str | os.PathLike[str] | None = None) -> Fingerprint:
    """The size and modification time of what the catalog reads; it changes when any of it does.

    Every curated file is watched, since people edit those in place. The PubMed record files
    are watched through their folder instead: the cache only ever writes them by renaming a
    finished file into place (``evidence.cache``), which moves the folder's modification time,
    and a run with 10,000 cached records would otherwise stat 10,000 files on every rerun.
    """
    root = resolve_data_dir(data_dir)
    cache = PubmedCache(root)
    found: list[tuple[str, int, int]] = []
    _stat_into(found, root, [CONDITIONS_FILE, REGULATORY_FILE, PATIENT_EXPERIENCE_FILE, REVIEWS_FILE])
    _stat_into(found, root, _names_in(root / CONTEXT_DIR, CONTEXT_DIR, (".yaml", ".yml")))
    _stat_into(found, root, _names_in(root / CITATIONS_DIR, CITATIONS_DIR, (".yaml", ".yml")))
    _stat_into(found, root, _names_in(root / QUESTIONS_DIR, QUESTIONS_DIR, (".yaml", ".yml")))
    cache_folder = os.path.relpath(cache.root, root)
    _stat_into(found, root, _names_in(cache.root, cache_folder, (".json",)))  # status, surveillance
    _stat_into(found, root, [os.path.relpath(cache.records_dir, root)])
    return tuple(sorted(found))


def fingerprint_digest(fingerprint: Fingerprint) -> str:
    """A short stable text for a fingerprint: cheap to use as a cache key."""
    return hashlib.blake2b(repr(fingerprint).encode(), digest_size=16).hexdigest()


def _names_in(folder: Path, relative: str, suffixes: tuple[str, ...]) -> list[str]:
    """The files in ``folder`` ending in ``suffixes``, as paths relative to the data folder."""
    try:
        with os.scandir(folder) as entries:
            return [os.path.join(relative, e.name) for e in entries if e.name.endswith(suffixes)]
    except OSError:
        return []


def _stat_into(found: list[tuple[str, int, int]], root: Path, names: Iterable[str]) -> None:
    prefix = str(root)
    for name in names:
        try:
            stat = os.stat(os.path.join(prefix, name))
        except OSError:
            continue  # a missing file is part of the fingerprint by its absence
        found.append((name, stat.st_mtime_ns, stat.st_size))


@dataclass(frozen=True)
class Catalog:
    """The validated evidence base with its PubMed records, cache status, grades and findings."""

    fingerprint: Fingerprint  # of the files as they were just before loading
    base: EvidenceBase
    problems: tuple[DataProblem, ...]
    records: Mapping[int, PubmedRecord]
    cache_status: CacheStatus
    grades: tuple[ConditionGrade, ...]
    design_disagreements: tuple[DesignDisagreement, ...]
    verification: VerifyReport  # curated sources against their cached PubMed records
    surveillance: SurveillanceReport | None  # the last saved literature search, if any

    @cached_property
    def version(self) -> str:
        """Changes whenever a file the catalog was loaded from changes (``fingerprint_digest``)."""
        return fingerprint_digest(self.fingerprint)

    @property
    def data_dir(self) -> Path:
        return self.base.data_dir

    @cached_property
    def grade_by_slug(self) -> dict[str, ConditionGrade]:
        return {g.condition: g for g in self.grades}

    def grade_of(self, slug: str) -> Grade:
        graded = self.grade_by_slug.get(slug)
        return graded.grade if graded is not None else Grade.INSUFFICIENT

    @cached_property
    def conditions_by_grade(self) -> tuple[Condition, ...]:
        """Strongest evidence first; within a grade, in the order of conditions.yaml."""
        order = {c.slug: i for i, c in enumerate(self.base.conditions)}
        return tuple(sorted(self.base.conditions, key=lambda c: (-self.grade_of(c.slug).rank, order[c.slug])))

    @cached_property
    def _sources_by_condition(self) -> dict[tuple[str, bool], tuple[Source, ...]]:
        # one pass over the sources instead of one per condition: 50 conditions x 10,000 sources add up
        index: dict[tuple[str, bool], list[Source]] = {}
        for source in self.base.sources:
            for slug in dict.fromkeys(source.conditions):
                index.setdefault((slug, True), []).append(source)
            for slug in dict.fromkeys(source.indirect_conditions):
                index.setdefault((slug, False), []).append(source)
        return {key: tuple(found) for key, found in index.items()}

    def sources_for(self, slug: str, *, direct: bool) -> tuple[Source, ...]:
        """Same as ``EvidenceBase.sources_for`` with ``direct`` given, from an index built once."""
        return self._sources_by_condition.get((slug, direct), ())

    @cached_property
    def year_range(self) -> tuple[int, int]:
        """The first and last publication year in the base (this year twice when it is empty)."""
        years = [s.year for s in self.base.sources]
        if not years:
            this_year = dt.date.today().year
            return this_year, this_year
        return min(years), max(years)

    @cached_property
    def source_index(self) -> SourceIndex:
        """The sources laid out for filtering: the Sources page filters all of them on every change."""
        return SourceIndex(self.base.sources, self.records)

    def record_for(self, source: Source) -> PubmedRecord | None:
        return self.records.get(source.pmid) if source.pmid is not None else None

    def flags_of(self, source: Source) -> tuple[str, ...]:
        """retracted / unverified / not_enriched, as the Sources page filters on them."""
        return source_flags(source, self.records)

    @cached_property
    def review_status_by_slug(self) -> dict:
        """Each condition's sign-off and what changed since (``evidence.signoff``), worked out once."""
        from .signoff import review_statuses

        return {s.condition: s for s in review_statuses(self.base, self.records, self.surveillance)}

    def unstated_position_documents(self, slug: str) -> tuple[Source, ...]:
        """Guideline and regulatory documents curated for ``slug`` whose position on it is not summarised.

        The Condition page lists them beside the summarised positions, so that its "Published
        positions" never says none is curated while its source tables list one.
        """
        stated = {p.source_key for p in self.grade_by_slug[slug].guideline_positions}
        return tuple(
            s
            for s in (*self.sources_for(slug, direct=True), *self.sources_for(slug, direct=False))
            if s.design.is_position and s.key not in stated
        )

    def harms_for(self, slug: str) -> tuple:
        """The harms that matter for the condition's routes (``evidence.harms``)."""
        from .harms import relevant_harms

        return relevant_harms(self.grades, slug)

    @property
    def is_enriched(self) -> bool:
        """True once any PubMed record is cached: abstracts and PubMed flags exist."""
        return bool(self.records)

    @cached_property
    def retracted_sources(self) -> tuple[Source, ...]:
        return tuple(s for s in self.base.sources if RETRACTED in self.flags_of(s))

    @cached_property
    def retracted_keys(self) -> frozenset[str]:
        return frozenset(s.key for s in self.retracted_sources)

    @cached_property
    def unverified_sources(self) -> tuple[Source, ...]:
        return tuple(s for s in self.base.sources if UNVERIFIED in self.flags_of(s))

    @cached_property
    def not_enriched_sources(self) -> tuple[Source, ...]:
        return tuple(s for s in self.base.sources if NOT_ENRICHED in self.flags_of(s))


def load_catalog(data_dir: str | os.PathLike[str] | None = None) -> Catalog:
    """Load, validate, read the PubMed cache and grade: all a page needs, from files only.

    Raises ``DataDirMissing`` when there is no data folder at all; every other problem
    with the data is collected in ``problems`` and the valid part is still graded.
    """
    fingerprint = data_fingerprint(data_dir)
    result = load_evidence(data_dir)
    base = result.base
    cache = PubmedCache(base.data_dir)
    loaded = cache.load_entries()  # read once: the status and the records both come from it
    status = cache.status(base.pmids, loaded)
    records = {pmid: entry.record for pmid, entry in loaded[0].items()}
    denied = [int(p) for p in cache.read_status_file().get("not_found", {})]
    verification = verify_sources(
        base.sources,
        records,
        not_found=denied,
        unverified_reasons={n.pmid: n.reason for n in status.not_enriched},
    )
    return Catalog(
        fingerprint=fingerprint,
        base=base,
        problems=result.problems,
        records=records,
        cache_status=status,
        grades=tuple(grade_all(base, records)),
        design_disagreements=tuple(design_disagreements(base.sources, records)),
        verification=verification,
        surveillance=load_surveillance(base.data_dir),
    )


# -- tallies the pages plot ---------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The four numbers at the top of the overview."""

    conditions: int
    sources: int
    randomised_trials: int
    participants: int  # in primary studies (not reviews or positions), retracted sources left out

    def as_dict(self) -> dict[str, int]:
        return {
            "conditions": self.conditions,
            "sources": self.sources,
            "randomised_trials": self.randomised_trials,
            "participants": self.participants,
        }


def headline(catalog: Catalog) -> Headline:
    counted = [s for s in catalog.base.sources if s.key not in catalog.retracted_keys]
    return Headline(
        conditions=len(catalog.base.conditions),
        sources=len(catalog.base.sources),
        randomised_trials=sum(1 for s in counted if s.design.is_randomised),
        participants=sum(s.participants or 0 for s in counted if s.design not in _NOT_PRIMARY),
    )


@dataclass(frozen=True)
class MapCell:
    """One condition x design cell of the evidence map."""

    condition: str
    condition_name: str
    grade: Grade
    design: Design
    direct: bool
    sources: int
    participants: int  # summed as reported; for reviews this is the people they pooled


def evidence_map(catalog: Catalog) -> tuple[MapCell, ...]:
    """Source counts and participants per condition and design, direct and indirect apart.

    Conditions come strongest grade first; designs in the order of the design hierarchy.
    Retracted sources are left out, as they are from grading.
    """
    cells = []
    for condition in catalog.conditions_by_grade:
        grade = catalog.grade_of(condition.slug)
        for direct in (True, False):
            sources = [
                s
                for s in catalog.sources_for(condition.slug, direct=direct)
                if s.key not in catalog.retracted_keys
            ]
            for design, group in _by_design(sources):
                cells.append(
                    MapCell(
                        condition=condition.slug,
                        condition_name=condition.name,
                        grade=grade,
                        design=design,
                        direct=direct,
                        sources=len(group),
                        participants=sum(s.participants or 0 for s in group),
                    )
                )
    return tuple(cells)


@dataclass(frozen=True)
class DesignTally:
    design: Design
    sources: int
    participants: int


def participants_by_design(sources: Iterable[Source]) -> tuple[DesignTally, ...]:
    """Sources and reported participants per design, in hierarchy order (designs with none left out)."""
    return tuple(
        DesignTally(design, len(group), sum(s.participants or 0 for s in group))
        for design, group in _by_design(sources)
    )


@dataclass(frozen=True)
class YearTally:
    year: int
    design: Design
    sources: int


def publications_by_year(sources: Iterable[Source]) -> tuple[YearTally, ...]:
    """How many sources of each design were published each year, oldest first."""
    counts = Counter((s.year, s.design) for s in sources)
    order = {d: i for i, d in enumerate(Design)}
    return tuple(
        YearTally(year, design, n)
        for (year, design), n in sorted(counts.items(), key=lambda kv: (kv[0][0], order[kv[0][1]]))
    )


def _by_design(sources: Iterable[Source]) -> list[tuple[Design, list[Source]]]:
    groups: dict[Design, list[Source]] = {}
    for source in sources:
        groups.setdefault(source.design, []).append(source)
    return [(d, groups[d]) for d in Design if d in groups]
