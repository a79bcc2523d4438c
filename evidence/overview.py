"""The figures of the Overview and Condition pages as plain reports, for `python -m evidence summary`.

The pages draw these same numbers from ``evidence.catalog``; this module only gathers them
into one report per page and prints it, so any figure on screen can be checked from a shell.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import (
    Catalog,
    DesignTally,
    Headline,
    MapCell,
    YearTally,
    evidence_map,
    headline,
    participants_by_design,
    publications_by_year,
)


@dataclass(frozen=True)
class OverviewSummary:
    headline: Headline
    last_refresh: str | None  # ISO time of the last PubMed refresh, None when never
    cells: tuple[MapCell, ...]

    def as_dict(self) -> dict:
        return {
            "headline": self.headline.as_dict(),
            "pubmed_last_refreshed": self.last_refresh,
            "evidence_map": [
                {
                    "condition": c.condition,
                    "grade": c.grade.value,
                    "design": c.design.value,
                    "evidence": "direct" if c.direct else "indirect",
                    "sources": c.sources,
                    "participants": c.participants,
                }
                for c in self.cells
            ],
        }

    def as_table(self) -> str:
        h = self.headline
        lines = [
            f"conditions {h.conditions}  sources {h.sources}  randomised trials {h.randomised_trials}  "
            f"participants {h.participants:,}  PubMed last refreshed: {self.last_refresh or 'never'}",
            "",
            f"{'condition':36} {'grade':12} {'design':28} {'evidence':9} {'sources':>7} {'participants':>12}",
        ]
        for c in self.cells:
            lines.append(
                f"{c.condition:36} {c.grade.value:12} {c.design.value:28} "
                f"{'direct' if c.direct else 'indirect':9} {c.sources:7} {c.participants:12,}"
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class ConditionSummary:
    condition: str
    grade: str
    evidence_direction: str | None
    direct_by_design: tuple[DesignTally, ...]
    indirect_by_design: tuple[DesignTally, ...]
    timeline: tuple[YearTally, ...]  # direct studies, as the page plots them

    def as_dict(self) -> dict:
        def tallies(rows: tuple[DesignTally, ...]) -> list[dict]:
            return [
                {"design": t.design.value, "sources": t.sources, "participants": t.participants} for t in rows
            ]

        return {
            "condition": self.condition,
            "grade": self.grade,
            "evidence_direction": self.evidence_direction,
            "participants_by_design": {
                "direct": tallies(self.direct_by_design),
                "indirect": tallies(self.indirect_by_design),
            },
            "publications_by_year": [
                {"year": t.year, "design": t.design.value, "sources": t.sources} for t in self.timeline
            ],
        }

    def as_table(self) -> str:
        lines = [f"{self.condition}: grade {self.grade}, evidence points to {self.evidence_direction or '-'}"]
        for label, rows in (("direct", self.direct_by_design), ("indirect", self.indirect_by_design)):
            lines.append(f"\n{label} evidence by design:")
            lines += [
                f"  {t.design.value:28} {t.sources:3} sources {t.participants:8,} participants" for t in rows
            ]
            if not rows:
                lines.append("  none")
        lines.append("\npublications by year (direct studies):")
        lines += [f"  {t.year}  {t.design.value:28} {t.sources}" for t in self.timeline]
        return "\n".join(lines)


def overview_summary(catalog: Catalog) -> OverviewSummary:
    when = catalog.cache_status.last_refresh if catalog.is_enriched else None
    return OverviewSummary(
        headline=headline(catalog),
        last_refresh=when.isoformat() if when else None,
        cells=evidence_map(catalog),
    )


def condition_summary(catalog: Catalog, slug: str) -> ConditionSummary:
    """The Condition page's charts: studies only, since positions are not data."""
    direct = [s for s in catalog.sources_for(slug, direct=True) if not s.design.is_position]
    indirect = [s for s in catalog.sources_for(slug, direct=False) if not s.design.is_position]
    graded = catalog.grade_by_slug.get(slug)
    return ConditionSummary(
        condition=slug,
        grade=catalog.grade_of(slug).value,
        evidence_direction=graded.evidence_direction if graded else None,
        direct_by_design=participants_by_design(direct),
        indirect_by_design=participants_by_design(indirect),
        timeline=publications_by_year(direct),
    )
