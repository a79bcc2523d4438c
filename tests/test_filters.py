"""The Sources page's filter: what it selects, and its shareable query-string form."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.filters import (
    FLAGS,
    RANDOMISED,
    LinkReading,
    SourceFilter,
    SourceIndex,
    filter_sources,
    read_link,
    source_flags,
)
from evidence.loading import EvidenceBase
from evidence.models import CURRENT_YEAR, EARLIEST_YEAR, Condition, Design, Direction, Route, Source
from tests.pubmed_records import make_record


def make_source(**fields) -> Source:
    values = {
        "title": "Ketamine for something",
        "first_author": "Smith J",
        "year": 2020,
        "journal": "Journal of Tests",
        "design": "rct",
        "conditions": ["alpha"],
        "source_url": "https://example.org/checked",
    }
    values.update(fields)
    if "pmid" not in values and "id" not in values:
        values["pmid"] = 11111111
    if "id" in values and "url" not in values and "doi" not in values:
        values["url"] = "https://example.org/doc"
    return Source.model_validate(values)


def make_base(*sources: Source) -> EvidenceBase:
    conditions = tuple(
        Condition(slug=slug, name=slug.title(), category="other", description="x", pubmed_query="x")
        for slug in ("alpha", "beta", "gamma")
    )
    return EvidenceBase(data_dir=Path("."), conditions=conditions, sources=sources)


TRIAL = make_source(
    pmid=1001, title="Intranasal esketamine in alpha", route="intranasal", direction="benefit", year=2019
)
REVIEW = make_source(
    pmid=1002,
    design="meta_analysis",
    conditions=["beta"],
    indirect_conditions=["alpha"],
    year=2015,
    notes="Pooled twelve small trials; heterogeneity was HIGH.",
)
RETRACTED_CASE = make_source(pmid=1003, design="case_report", conditions=["gamma"], retracted=True, year=2010)
UNVERIFIED_DOC = make_source(
    id="agency-2021", design="regulatory", conditions=["gamma"], verified=False, year=2021
)
BASE = make_base(TRIAL, REVIEW, RETRACTED_CASE, UNVERIFIED_DOC)
RECORDS = {1001: make_record(1001, abstract=(("RESULTS", "Dissociation resolved within two hours."),))}


def keys(flt: SourceFilter, records=RECORDS) -> list[str]:
    return [s.key for s in filter_sources(BASE, records, flt)]


def test_empty_filter_selects_everything_in_curated_order():
    assert keys(SourceFilter()) == ["pmid:1001", "pmid:1002", "pmid:1003", "agency-2021"]


def test_condition_selects_direct_and_indirect_sources():
    assert keys(SourceFilter(conditions=("alpha",))) == ["pmid:1001", "pmid:1002"]
    assert keys(SourceFilter(conditions=("beta", "gamma"))) == ["pmid:1002", "pmid:1003", "agency-2021"]


def test_values_within_a_facet_are_alternatives_and_facets_combine():
    flt = SourceFilter(designs=(Design.RCT, Design.META_ANALYSIS), year_from=2016)
    assert keys(flt) == ["pmid:1001"]
    assert keys(SourceFilter(designs=(Design.RCT, Design.CASE_REPORT))) == ["pmid:1001", "pmid:1003"]


def test_year_range_is_inclusive():
    assert keys(SourceFilter(year_from=2015, year_to=2019)) == ["pmid:1001", "pmid:1002"]


def test_route_and_direction_leave_out_sources_without_them():
    assert keys(SourceFilter(routes=(Route.INTRANASAL,))) == ["pmid:1001"]
    assert keys(SourceFilter(directions=(Direction.BENEFIT,))) == ["pmid:1001"]


def test_flags_combine_curated_and_pubmed_retraction():
    records = dict(RECORDS)
    records[1002] = make_record(1002, retracted=True)
    assert keys(SourceFilter(flags=("retracted",)), records) == ["pmid:1002", "pmid:1003"]
    assert keys(SourceFilter(flags=("unverified",))) == ["agency-2021"]


def test_not_enriched_means_a_pmid_without_a_cached_record():
    # the regulatory document has no PMID, so there is nothing to enrich
    assert keys(SourceFilter(flags=("not_enriched",))) == ["pmid:1002", "pmid:1003"]
    # RETRACTED_CASE is a case report: that is a facet of its own, shown with the flags
    assert source_flags(RETRACTED_CASE, {}) == ("retracted", "not_enriched", "case_report")


def test_free_text_searches_title_notes_and_cached_abstract_case_insensitively():
    assert keys(SourceFilter(text="ESKETAMINE")) == ["pmid:1001"]
    assert keys(SourceFilter(text="heterogeneity high")) == ["pmid:1002"]
    assert keys(SourceFilter(text="dissociation resolved")) == ["pmid:1001"]
    assert keys(SourceFilter(text="dissociation resolved"), records={}) == []
    assert keys(SourceFilter(text="esketamine heterogeneity")) == []  # every word must match


def test_query_params_are_short_and_readable():
    flt = SourceFilter(
        conditions=("alpha",),
        designs=(Design.RCT, Design.COHORT),
        year_from=2010,
        flags=("retracted",),
        text="pain",
    )
    assert flt.to_query_params() == {
        "condition": ["alpha"],
        "design": ["rct", "cohort"],
        "year_from": "2010",
        "flag": ["retracted"],
        "q": "pain",
    }
    assert SourceFilter().to_query_params() == {}


def test_hand_written_and_stale_urls_keep_what_makes_sense():
    params = {
        "design": "rct,cohort,bogus",
        "year_from": "20x0",
        "year_to": ["1800", "2020"],
        "route": ["iv", "IV"],
        "flag": ["retracted", "deleted"],
        "condition": ["alpha", "no-longer-here", "<script>"],
        "unknown": "x",
        "q": ["  low   dose  "],
    }
    flt = SourceFilter.from_query_params(params, known_conditions={"alpha", "beta"})
    assert flt == SourceFilter(
        conditions=("alpha",),
        designs=(Design.RCT, Design.COHORT),
        year_to=2020,
        routes=(Route.IV,),
        flags=("retracted",),
        text="low dose",
    )


def test_a_link_names_each_part_it_ignored_and_why():
    """A reader who followed a link learns what it asked for that this page could not apply."""
    reading = read_link(
        {
            "design": "rct,rtc",
            "year_from": "20x0",
            "year_to": ["1800", "2020", "2021"],
            "route": ["iv", "IV"],
            "direction": "benefitt",
            "flag": ["retracted", "deleted"],
            "condition": ["alpha", "no-longer-here"],
            "conditon": "alpha",
        },
        known_conditions={"alpha", "beta"},
    )
    assert reading.filter == SourceFilter(
        conditions=("alpha",), designs=(Design.RCT,), year_to=2020, routes=(Route.IV,), flags=("retracted",)
    )
    assert [str(item) for item in reading.ignored] == [
        "condition=no-longer-here: not a condition in the evidence base (one of: alpha, beta)",
        "design=rtc: not a study design; did you mean 'rct'?",
        "year_from=20x0: not a year (write it as four digits, e.g. 2015)",
        f"year_to=1800: outside {EARLIEST_YEAR}–{CURRENT_YEAR + 1}",
        "year_to=2021: year_to given twice: the first, 2020, is used",
        "route=IV: not a route; did you mean 'iv'?",
        "direction=benefitt: not a direction of result; did you mean 'benefit'?",
        "flag=deleted: not a flag (one of: retracted, unverified, not_enriched, case_report)",
        "conditon: not a filter on this page; did you mean 'condition'?",
    ]


def test_a_valid_link_ignores_nothing():
    flt = SourceFilter(conditions=("alpha",), designs=(Design.RCT,), year_from=2010, text="pain")
    assert read_link(flt.to_query_params(), known_conditions={"alpha"}) == LinkReading(flt, ())


def test_randomised_in_a_link_stands_for_every_randomised_design():
    reading = read_link({"design": ["randomised", "cohort"]})
    assert set(reading.filter.designs) == {Design.RCT, Design.CROSSOVER_RCT, Design.COHORT}
    assert set(RANDOMISED) == {d for d in Design if d.is_randomised} == {Design.RCT, Design.CROSSOVER_RCT}
    assert reading.ignored == ()


def test_overlong_search_text_in_a_link_is_cut_and_says_so():
    reading = read_link({"q": "pain " * 100})
    assert len(reading.filter.text) <= 200
    assert [str(i) for i in reading.ignored] == ["q: search text cut to its first 200 characters"]


slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
filters = st.builds(
    SourceFilter,
    conditions=st.lists(slugs, unique=True, max_size=4).map(tuple),
    designs=st.lists(st.sampled_from(list(Design)), unique=True).map(tuple),
    year_from=st.none() | st.integers(EARLIEST_YEAR, CURRENT_YEAR + 1),
    year_to=st.none() | st.integers(EARLIEST_YEAR, CURRENT_YEAR + 1),
    routes=st.lists(st.sampled_from(list(Route)), unique=True).map(tuple),
    directions=st.lists(st.sampled_from(list(Direction)), unique=True).map(tuple),
    flags=st.lists(st.sampled_from(FLAGS), unique=True).map(tuple),
    text=st.text(max_size=60).map(lambda t: " ".join(t.split())),
)


@settings(max_examples=200, deadline=None)
@given(filters)
def test_query_params_round_trip(flt: SourceFilter):
    assert SourceFilter.from_query_params(flt.to_query_params()) == flt


junk_values = (
    st.none() | st.integers() | st.text() | st.lists(st.text() | st.none() | st.integers(), max_size=4)
)
junk_params = st.dictionaries(
    st.sampled_from(["condition", "design", "year_from", "year_to", "route", "direction", "flag", "q"])
    | st.text(),
    junk_values,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(junk_params)
def test_any_junk_in_a_url_gives_a_usable_filter(params):
    flt = SourceFilter.from_query_params(params, known_conditions={"alpha"})
    # whatever came in, the filter applies and survives its own URL form
    filter_sources(BASE, RECORDS, flt)
    assert SourceFilter.from_query_params(flt.to_query_params()) == flt


@pytest.mark.parametrize("flag", FLAGS)
def test_every_flag_can_be_filtered_on(flag: str):
    assert keys(SourceFilter(flags=(flag,)))


# -- the index against the rule it implements -------------------------------------------------------
# A source is selected when every facet the filter sets accepts it: any chosen condition among its
# direct or indirect ones, any chosen design, route, direction or flag, a year inside the range, and
# every word of the free text somewhere in its searchable text.


def selected_by_rule(source: Source, records, flt: SourceFilter) -> bool:
    record = records.get(source.pmid)
    text = " ".join(
        t
        for t in (
            source.title,
            source.first_author,
            source.journal,
            source.notes,
            record.title if record else None,
            record.abstract_text if record else None,
        )
        if t
    ).casefold()
    return (
        (
            not flt.conditions
            or any(c in source.conditions + source.indirect_conditions for c in flt.conditions)
        )
        and (not flt.designs or source.design in flt.designs)
        and (not flt.routes or source.route in flt.routes)
        and (not flt.directions or source.direction in flt.directions)
        and (not flt.flags or any(f in source_flags(source, records) for f in flt.flags))
        and (flt.year_from is None or source.year >= flt.year_from)
        and (flt.year_to is None or source.year <= flt.year_to)
        and all(word in text for word in flt.text.casefold().split())
    )


WORDS = ("pain", "ketamine", "dose", "trial")
generated_sources = st.builds(
    lambda number, conditions, indirect, design, route, direction, year, retracted, verified, words: (
        make_source(
            pmid=number,
            conditions=conditions,
            indirect_conditions=indirect,
            design=design.value,
            route=route.value if route else None,
            direction=direction.value if direction else None,
            year=year,
            retracted=retracted,
            verified=verified,
            title="Study of " + " ".join(words),
        )
    ),
    number=st.integers(1, 10**6),
    conditions=st.lists(st.sampled_from(["alpha", "beta", "gamma"]), min_size=1, max_size=2, unique=True),
    indirect=st.lists(st.sampled_from(["alpha", "beta", "gamma"]), max_size=2, unique=True),
    design=st.sampled_from(list(Design)),
    route=st.none() | st.sampled_from(list(Route)),
    direction=st.none() | st.sampled_from(list(Direction)),
    year=st.integers(2015, 2020),  # a narrow span, so that range ends often fall on a source's year
    retracted=st.booleans(),
    verified=st.booleans(),
    words=st.lists(st.sampled_from(WORDS), max_size=3),
)
index_filters = st.builds(
    SourceFilter,
    conditions=st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta"]), unique=True, max_size=2).map(
        tuple
    ),
    designs=st.lists(st.sampled_from(list(Design)), unique=True, max_size=3).map(tuple),
    year_from=st.none() | st.integers(2014, 2021),
    year_to=st.none() | st.integers(2014, 2021),
    routes=st.lists(st.sampled_from(list(Route)), unique=True, max_size=2).map(tuple),
    directions=st.lists(st.sampled_from(list(Direction)), unique=True, max_size=2).map(tuple),
    flags=st.lists(st.sampled_from(FLAGS), unique=True, max_size=2).map(tuple),
    text=st.lists(st.sampled_from(WORDS), max_size=2).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(generated_sources, max_size=25, unique_by=lambda s: s.pmid), index_filters, st.data())
def test_the_index_selects_exactly_what_the_rule_says_in_curated_order(sources, flt, data):
    enriched = data.draw(st.sets(st.sampled_from([s.pmid for s in sources])) if sources else st.just(set()))
    records = {pmid: make_record(pmid, retracted=pmid % 2 == 0) for pmid in enriched}
    index = SourceIndex(sources, records)
    expected = [s.key for s in sources if selected_by_rule(s, records, flt)]
    assert [s.key for s in index.sources_at(index.positions(flt))] == expected


def test_case_reports_and_case_series_have_a_facet_of_their_own():
    from evidence.filters import CASE_REPORT

    assert keys(SourceFilter(flags=(CASE_REPORT,))) == ["pmid:1003"]
