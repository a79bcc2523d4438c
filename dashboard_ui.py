"""What every dashboard page shares: the cached catalog, grade badges, safe text, source tables, the footer.

Nothing here computes a number; it only shapes what ``evidence.catalog`` loaded for
Streamlit. It lives beside ``dashboard.py`` rather than in ``pages/`` because Streamlit
would list any file there as a page.

Text from the YAML or from PubMed is shown either in widgets that never interpret it
(tables, ``st.text``) or through ``md_text`` (Markdown with every markup character escaped)
or ``html.escape`` (the coloured badges); never as raw Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import string
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

import plotly.graph_objects as go
import streamlit as st

from evidence.catalog import (
    Catalog,
    Headline,
    data_fingerprint,
    evidence_map,
    fingerprint_digest,
    headline,
    load_catalog,
)
from evidence.errors import EvidenceError
from evidence.filters import FLAG_LABELS, NOT_ENRICHED, RETRACTED, UNVERIFIED
from evidence.loading import resolve_data_dir
from evidence.models import Design, Grade, Route, Source
from evidence.palette import GRADE_COLOURS, GRADE_TEXT_COLOURS
from evidence.sof import ForestPlot, SofTable, certainty_label

if TYPE_CHECKING:
    import pyarrow as pa

OVERVIEW_PAGE = "dashboard.py"
CONDITION_PAGE = "pages/1_Condition.py"
SOURCES_PAGE = "pages/2_Sources.py"
DATA_QUALITY_PAGE = "pages/4_Data_quality.py"

DISCLAIMER = (
    "For clinicians and content reviewers. This is a summary of published evidence, not "
    "medical advice: it does not replace clinical judgement, the product information, or "
    "local guidance. Ketamine and esketamine carry risks of dissociation, misuse and "
    "bladder toxicity; decisions about treatment belong with a qualified clinician."
)
# Study designs from dark (reviews, trials) to light (reports), positions in neutral browns:
# deliberately unlike the blue-amber-orange-grey of the grades, so the two never mix up.
DESIGN_COLOURS: dict[Design, str] = {
    Design.META_ANALYSIS: "#2e1f5e",
    Design.SYSTEMATIC_REVIEW: "#4b3a8c",
    Design.RCT: "#6f4fb0",
    Design.CROSSOVER_RCT: "#9a7fd0",
    Design.NON_RANDOMISED_CONTROLLED: "#1f6b6b",
    Design.COHORT: "#2f8f86",
    Design.OPEN_LABEL_TRIAL: "#4fae9c",
    Design.CASE_CONTROL: "#7cc7b2",
    Design.CASE_SERIES: "#a9dcc9",
    Design.CASE_REPORT: "#cdeadf",
    Design.SURVEY: "#b9c7c2",
    Design.NARRATIVE_REVIEW: "#8e8e78",
    Design.GUIDELINE: "#7b5b3a",
    Design.REGULATORY: "#5c4630",
}
# A browser table of more rows than this is slow to send and nobody reads it: the Sources page
# shows the first rows of a larger selection and says so (exports always hold everything).
TABLE_ROW_LIMIT = 1_000
NOT_REFRESHED = "never — abstracts and PubMed flags appear after a refresh"


CLAIM_REVIEW_PAGE = "pages/3_Claim_review.py"

# (page file, label, icon) in the order of the navigation
NAVIGATION = (
    (OVERVIEW_PAGE, "Overview", ":material/dashboard:"),
    (CONDITION_PAGE, "Condition", ":material/stethoscope:"),
    (SOURCES_PAGE, "Sources", ":material/library_books:"),
    (CLAIM_REVIEW_PAGE, "Claim review", ":material/fact_check:"),
    (DATA_QUALITY_PAGE, "Data quality", ":material/rule:"),
)


def setup_page(title: str, icon: str) -> None:
    """Page config and the sidebar navigation (labelled for people, not file names).

    ``icon`` is an emoji: a Material icon as favicon would be fetched from Google's servers.
    """
    st.set_page_config(page_title=f"{title} · Ketamine evidence", page_icon=icon, layout="wide")
    with st.sidebar:
        st.markdown("### Ketamine evidence")
        for page, label, page_icon in NAVIGATION:
            st.page_link(page, label=label, icon=page_icon)


@st.cache_resource(show_spinner="Loading the evidence base…", max_entries=4)
def _cached_catalog(data_dir: str, version: str) -> Catalog:
    # the version is part of the key only: a changed file means a new key, i.e. a reload
    return load_catalog(data_dir)


def catalog() -> Catalog:
    """The catalog of the configured data folder, loaded once and again only when its files change.

    An unusable data folder stops the page with the reason, never a traceback.
    """
    data_dir = resolve_data_dir()
    try:
        return _cached_catalog(str(data_dir), fingerprint_digest(data_fingerprint(data_dir)))
    except EvidenceError as exc:
        st.error(f"The evidence data could not be loaded. {exc}", icon=":material/error:")
        footer()
        st.stop()
        raise  # unreachable: st.stop() ends the run


# -- safe text ------------------------------------------------------------------------------

_MARKUP = re.compile("([" + re.escape(string.punctuation) + "])")


def md_text(text: object) -> str:
    """``text`` as literal Markdown: every ASCII punctuation mark backslash-escaped.

    This defeats Markdown, inline HTML, Streamlit's :colour[...] directives and $math$.
    """
    return _MARKUP.sub(r"\\\1", str(text)).replace("\n", "  \n")


def md_link(label_markdown: str, url: str) -> str:
    """A Markdown link whose address cannot break out of its parentheses (``label_markdown`` is already safe)."""
    return f"[{label_markdown}]({quote(url, safe=_URL_SAFE)})"


_URL_SAFE = "/:?#[]@!$&*+,;=%-._~"


def grade_badge(grade: Grade, *, text: str | None = None, large: bool = False) -> str:
    """An HTML badge in the grade's colour; every piece of text in it is escaped."""
    size = "1.15rem" if large else "0.8rem"
    padding = "0.3rem 0.8rem" if large else "0.1rem 0.55rem"
    return (
        f'<span class="grade-badge" style="background:{GRADE_COLOURS[grade]};color:{GRADE_TEXT_COLOURS[grade]};'
        f"padding:{padding};border-radius:999px;font-weight:600;font-size:{size};white-space:nowrap;"
        f'display:inline-block;line-height:1.5">{html.escape(text or grade.label)}</span>'
    )


def show_html(fragment: str) -> None:
    """Render HTML built only from ``grade_badge`` and ``html.escape``d pieces."""
    st.markdown(fragment, unsafe_allow_html=True)


def grade_legend() -> None:
    show_html(
        " ".join(grade_badge(g) for g in Grade) + "&nbsp; <small>evidence grade (GRADE certainty)</small>"
    )


# -- page furniture -------------------------------------------------------------------------


def footer() -> None:
    st.divider()
    st.caption(f":material/medical_information: {DISCLAIMER}")


def last_refresh_text(cat: Catalog) -> str:
    """When PubMed data was last refreshed; a refresh that fetched nothing does not count as one."""
    when = cat.cache_status.last_refresh
    if when is None:
        return NOT_REFRESHED
    stamp = when.astimezone(dt.UTC).strftime("%d %b %Y, %H:%M UTC")
    if not cat.is_enriched:
        return f"{NOT_REFRESHED} (the last attempt, {stamp}, fetched nothing)"
    return stamp


def problems_notice(cat: Catalog) -> None:
    """A short warning on content pages when the data has validation problems."""
    if not cat.problems:
        return
    count = len(cat.problems)
    with st.container(border=True):
        st.warning(
            f"{count} problem{'s' if count != 1 else ''} in the curated data: the entries concerned are "
            "left out of what you see here.",
            icon=":material/warning:",
        )
        st.page_link(
            DATA_QUALITY_PAGE, label="See the problems on the Data quality page", icon=":material/rule:"
        )


def empty_cache_notice() -> None:
    st.info(
        "No PubMed records are cached yet, so this view uses the curated metadata only. "
        "Abstracts, MeSH terms and PubMed's retraction flags will appear here after a refresh "
        "(Data quality page → Refresh from PubMed, where NCBI is reachable).",
        icon=":material/cloud_off:",
    )


def query_value(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value else None


# -- sources as tables ----------------------------------------------------------------------


def source_label(source: Source) -> str:
    """'Murrough JW 2013' plus the PMID or id: how a source is named in lists."""
    ident = f"PMID {source.pmid}" if source.pmid is not None else str(source.id)
    flag = "" if source.verified else " (unverified)"
    return f"{source.first_author} {source.year} · {ident}{flag}"


def flag_text(cat: Catalog, source: Source) -> str:
    shown = [FLAG_LABELS[f] for f in cat.flags_of(source) if f in (RETRACTED, UNVERIFIED)]
    if NOT_ENRICHED in cat.flags_of(source) and cat.is_enriched:
        shown.append(FLAG_LABELS[NOT_ENRICHED])  # on an empty cache every source would say so
    return " · ".join(f"⚠ {s}" if s != FLAG_LABELS[NOT_ENRICHED] else s for s in shown)


def _catalog_identity(cat: Catalog) -> str:
    return f"{cat.data_dir}:{cat.version}"


@st.cache_resource(max_entries=4, hash_funcs={Catalog: _catalog_identity})
def _all_source_rows(cat: Catalog) -> pa.Table:
    """Every source as a table row, in curated order; built once per catalog (10,000 rows take a while).

    An Arrow table rather than a DataFrame: a page picks its rows by position and hands them to
    ``st.dataframe`` as they are, with no conversion on each rerun.
    """
    import pyarrow as pa  # here, not at the top: the overview never needs it, and it is slow to import

    names = cat.base.condition_by_slug
    sources = cat.base.sources

    def column(values: Iterable[object], kind: pa.DataType | None = None) -> pa.Array:
        return pa.array(list(values), type=kind or pa.string())

    def text_or_empty(value: object) -> str:
        return "" if value is None else str(value)  # a table would print a missing value as "None"

    return pa.table(
        {
            "Source": column(source_heading(s) for s in sources),
            "Design": column(s.design.label for s in sources),
            "n": column((s.participants for s in sources), pa.int64()),
            "Route": column(_route_text(s) for s in sources),
            "Direction": column(s.direction.value.replace("_", " ") if s.direction else "" for s in sources),
            "Flags": column(flag_text(cat, s) for s in sources),
            "Link": column(s.pubmed_url or s.pmc_url or s.doi_url or s.url or "" for s in sources),
            "Conditions": column(_conditions_text(s, names) for s in sources),
        }
    )


def source_rows(
    cat: Catalog, positions: Sequence[int] | None = None, *, with_conditions: bool = False
) -> pa.Table:
    """The table rows of the sources at ``positions`` in the catalog (all when None), in that order."""
    rows = _all_source_rows(cat)
    if positions is not None:
        rows = rows.take(positions)
    return rows.select(_COLUMNS + (["Conditions"] if with_conditions else []))


def _route_text(source: Source) -> str:
    return route_label(source.route) if source.route is not None else ""


def route_label(route: Route) -> str:
    """'IV', 'IM', 'intranasal': a route as clinicians write it."""
    return route.value.upper() if route.value in _UPPER_ROUTES else route.value.replace("_", " ")


_UPPER_ROUTES = {"iv", "im"}
_COLUMNS = ["Source", "Design", "n", "Route", "Direction", "Flags", "Link"]
# Widths in pixels that fit every column in the 820 px a page has at 1280 px with the sidebar
# open; the source (author, year and title) takes what is left, at least 250 px. Rows are tall
# enough for the grid to wrap text (it wraps only above 64 px): four lines of a title, and a
# design, a direction or a flag read whole. The details view below the table has the rest.
_WIDTHS = {
    "Source": 250,
    "Design": 95,
    "n": 45,
    "Route": 70,
    "Direction": 75,
    "Flags": 85,
    "Link": 75,
    "Conditions": 110,
}
WRAPPING_ROW_HEIGHT = 86  # four lines of text; the grid wraps text only in rows taller than 64 px
# what the Link column shows: a PMID for PubMed, a PMC id, else the site ("doi.org", "fda.gov")
_LINK_TEXT = r"^https?://(?:pubmed\.ncbi\.nlm\.nih\.gov/|pmc\.ncbi\.nlm\.nih\.gov/articles/|www\.)?([^/]+)"


def _surname(first_author: str) -> str:
    """'Murrough JW' reads as 'Murrough'; an organisation ('National Institute for ...') keeps its name."""
    person = re.fullmatch(r"(\S+)(?: [A-Z]{1,3}(?: Jr)?)?", first_author)
    return person.group(1) if person else first_author


def _conditions_text(source: Source, names: dict) -> str:
    """The conditions a source is direct evidence for; for indirect-only evidence, those marked so."""
    direct = [names[c].name for c in source.conditions if c in names]
    if direct:
        return ", ".join(direct)
    indirect = [names[c].name for c in source.indirect_conditions if c in names]
    return f"indirect: {', '.join(indirect)}" if indirect else ""


def source_heading(source: Source) -> str:
    """'Murrough 2013 · Antidepressant efficacy of ketamine …': a source as its table row names it."""
    return f"{_surname(source.first_author)} {source.year} · {source.title}"


def source_columns() -> dict:
    small = {name: st.column_config.Column(name, width=width) for name, width in _WIDTHS.items()}
    return {
        **small,
        "Source": st.column_config.TextColumn(
            "Source",
            width=_WIDTHS["Source"],
            help="First author, year and title; click a row to see every detail of the source",
        ),
        "n": st.column_config.NumberColumn(
            "n", width=_WIDTHS["n"], help="Participants as reported (for reviews: pooled)", format="%d"
        ),
        "Flags": st.column_config.TextColumn(
            "Flags", width=_WIDTHS["Flags"], help="Retracted and unverified sources are flagged"
        ),
        "Link": st.column_config.LinkColumn(
            "Link",
            width=_WIDTHS["Link"],
            display_text=_LINK_TEXT,
            help="PubMed (the PMID), else PMC, the DOI or the document's own page",
        ),
        "Conditions": st.column_config.TextColumn(
            "Conditions",
            width=_WIDTHS["Conditions"],
            help="The conditions it is direct evidence for ('indirect:' when it bears on them only indirectly)",
        ),
    }


def show_sources_table(
    cat: Catalog,
    sources: Sequence[Source] | None = None,
    *,
    key: str,
    positions: Sequence[int] | None = None,
    with_conditions: bool = False,
    height: int | str = "auto",
) -> None:
    """A table of ``sources``, or of the sources at ``positions`` in the catalog's curated order.

    Selecting a row shows that source's details below the table: everything the table leaves out.
    """
    if sources is not None:
        positions = cat.source_index.positions_of(sources)
    shown = list(range(len(cat.base.sources))) if positions is None else list(positions)
    event = st.dataframe(
        source_rows(cat, shown, with_conditions=with_conditions),
        column_config=source_columns(),
        hide_index=True,
        width="stretch",
        height=height,
        row_height=WRAPPING_ROW_HEIGHT,
        key=key,
        placeholder="–",  # a missing n means "not reported", not the word "None"
        on_select="rerun",
        selection_mode="single-cell",  # a click anywhere in a row; no checkbox column taking width
    )
    cells = event.selection.cells if event is not None else []
    if cells and cells[0][0] < len(shown):
        show_source_details(cat, cat.base.sources[shown[cells[0][0]]])
    else:
        st.caption("Click a row to see the source's journal, links, conditions and notes.")


def source_details(cat: Catalog, source: Source) -> list[tuple[str, str]]:
    """What the details view shows of ``source``: (label, safe Markdown) pairs, empty ones left out."""
    names = cat.base.condition_by_slug

    def conditions(slugs: Iterable[str]) -> str:
        return md_text(", ".join(names[c].name if c in names else c for c in slugs))

    links = [
        md_link(md_text(label), url)
        for label, url in (
            (f"PubMed {source.pmid}", source.pubmed_url),
            (source.pmcid or "PMC", source.pmc_url),
            (f"DOI {source.doi}", source.doi_url),
            ("The document's page", source.url if source.pmid is None else None),
        )
        if url
    ]
    flags = flag_text(cat, source)
    pairs = [
        ("Title", md_text(source.title)),
        ("First author, year", md_text(f"{source.first_author}, {source.year}")),
        ("Journal or publisher", md_text(source.journal)),
        ("Design", md_text(source.design.label)),
        ("Participants", md_text(f"{source.participants:,}") if source.participants is not None else ""),
        ("Route", md_text(_route_text(source))),
        (
            "Direction of result",
            md_text(source.direction.value.replace("_", " ")) if source.direction else "",
        ),
        ("Flags", md_text(flags)),
        ("Direct evidence for", conditions(source.conditions)),
        ("Indirect evidence for", conditions(source.indirect_conditions)),
        ("Primary outcome", md_text(source.primary_outcome or "")),
        ("Notes", md_text(source.notes or "")),
        ("Links", " · ".join(links)),
        ("Checked on", md_link(md_text(_site(source.source_url)), source.source_url)),
    ]
    return [(label, value) for label, value in pairs if value]


def show_source_details(cat: Catalog, source: Source) -> None:
    with st.container(border=True):
        st.markdown("\n".join(f"- **{label}:** {value}" for label, value in source_details(cat, source)))


def _site(url: str) -> str:
    match = re.match(r"https?://(?:www\.)?([^/]+)", url)
    return match.group(1) if match else url


def cited(cat: Catalog, keys: Iterable[str]) -> str:
    """'[Bennett 2016](link); [Cohen 2018](link)' for the keys a statement cites (safe Markdown)."""
    sources = [cat.base.source_by_key[k] for k in dict.fromkeys(keys) if k in cat.base.source_by_key]
    labels = []
    for source in sources:
        labels.append(f"{_surname(source.first_author)} {source.year}")
    links = []
    for label, source in zip(labels, sources, strict=True):
        if labels.count(label) > 1:  # two documents of one publisher in one year: say which
            label += ", " + " ".join(source.title.split()[:4]) + "…"
        links.append(md_link(md_text(label), source.link))
    return f"({'; '.join(links)})" if links else ""


def source_list_text(cat: Catalog, keys: Iterable[str]) -> str:
    """Source keys named as people recognise them, for explanations."""
    by_key = cat.base.source_by_key
    return "; ".join(source_label(by_key[k]) if k in by_key else k for k in keys)


# -- the overview's evidence map ----------------------------------------------------------------------


@st.cache_resource(max_entries=4, hash_funcs={Catalog: _catalog_identity})
def headline_numbers(cat: Catalog) -> Headline:
    """``evidence.catalog.headline``, computed once per catalog."""
    return headline(cat)


@st.cache_resource(max_entries=4, hash_funcs={Catalog: _catalog_identity})
def evidence_map_figure(cat: Catalog) -> go.Figure:
    """Conditions (strongest grade on top) against designs: a bubble per cell, sized by participants.

    Built once per catalog: with 50 conditions it is the slowest part of the overview.
    Condition names are HTML-escaped because Plotly renders a subset of HTML in its labels.
    """
    cells = evidence_map(cat)
    conditions = cat.conditions_by_grade
    # strongest grade at the top: Plotly draws the first category at the bottom
    rows = [html.escape(c.name) for c in reversed(conditions)]
    designs = [d for d in Design if any(c.design is d and c.direct for c in cells)]
    columns = [*[d.label for d in designs], "Indirect evidence"]

    figure = go.Figure()
    for grade in Grade:
        graded = [c for c in conditions if cat.grade_of(c.slug) is grade]
        if not graded:
            continue
        names = {c.slug: html.escape(c.name) for c in graded}
        direct = [c for c in cells if c.grade is grade and c.direct]
        indirect: dict[str, tuple[int, int]] = {}
        for cell in cells:
            if cell.grade is grade and not cell.direct:
                sources, participants = indirect.get(cell.condition, (0, 0))
                indirect[cell.condition] = (sources + cell.sources, participants + cell.participants)
        xs = [c.design.label for c in direct] + ["Indirect evidence"] * len(indirect)
        ys = [names[c.condition] for c in direct] + [names[slug] for slug in indirect]
        counts = [c.sources for c in direct] + [n for n, _ in indirect.values()]
        people = [c.participants for c in direct] + [p for _, p in indirect.values()]
        slugs = [c.condition for c in direct] + list(indirect)
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                marker={
                    # area grows with participants; capped so neighbouring rows never overlap
                    "size": [16 + min(22, (p**0.5) * 0.45) for p in people],
                    "color": GRADE_COLOURS[grade],
                    "line": {"width": 1, "color": "#ffffff"},
                    "opacity": 1,
                },
                text=[str(n) for n in counts],
                textfont={"size": 11, "color": GRADE_TEXT_COLOURS[grade]},
                customdata=slugs,
                hovertext=[
                    f"{n} source{'s' if n != 1 else ''} · {p:,} participants"
                    for n, p in zip(counts, people, strict=True)
                ],
                hovertemplate="%{y}<br>%{x}<br>%{hovertext}<extra></extra>",
                name=grade.label,
            )
        )

    def direction_of(slug: str) -> str:
        graded = cat.grade_by_slug.get(slug)
        primary = graded.primary if graded is not None else None
        return primary.direction_label if primary is not None and primary.headline else "not graded"

    # each row label carries the headline grade and, in words, which way it points
    tick_text = [
        f"{html.escape(c.name)}  <b style='color:{GRADE_COLOURS[cat.grade_of(c.slug)]}'>"
        f"{cat.grade_of(c.slug).label}</b> · {html.escape(direction_of(c.slug))}"
        for c in reversed(conditions)
    ]
    figure.update_layout(
        height=max(360, 44 * len(rows) + 150),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={
            "categoryorder": "array",
            "categoryarray": columns,
            "side": "top",
            "tickangle": -30,
            "showgrid": True,
        },
        yaxis={
            "categoryorder": "array",
            "categoryarray": rows,
            "tickmode": "array",
            "tickvals": rows,
            "ticktext": tick_text,
            "showgrid": True,
            "tickfont": {"size": 13},
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0, "title": {"text": "Grade"}},
        plot_bgcolor="#ffffff",
    )
    return figure


# -- Summary of Findings and forest plots -------------------------------------------------------------

DIRECTION_COLOURS = {
    "favours ketamine": "#1b5e20",
    "less harm with ketamine": "#1b5e20",
    "no clear difference": "#5f5f5f",
    "no clear difference in harm": "#5f5f5f",
    "favours the comparator": "#8a3b00",
    "more harm with ketamine": "#8a3b00",
}


def direction_tag(words: str) -> str:
    """A grade's direction in words, in a colour that never matches a grade's: certainty is not support."""
    colour = DIRECTION_COLOURS.get(words, "#5f5f5f")
    return f'<span style="color:{colour};font-weight:600;white-space:nowrap">{html.escape(words)}</span>'


def sof_table_html(table: SofTable) -> str:
    """A Summary of Findings table as escaped HTML: it wraps, so nothing needs sideways scrolling."""
    head = (
        "<tr><th>Outcome and time point</th><th>Participants (studies)</th><th>Effect (95% CI)</th>"
        "<th>Absolute effect</th><th>Certainty (ours)</th><th>Direction</th><th>Published certainty</th></tr>"
    )
    rows = []
    for r in table.rows:
        marks = f"<sup>{','.join(str(n) for n in r.footnotes)}</sup>" if r.footnotes else ""
        kind = "critical" if r.critical else "important"
        rows.append(
            "<tr>"
            f"<td><b>{html.escape(r.outcome)}</b><br><small>{html.escape(r.timepoint)} · {kind}</small></td>"
            f"<td>{html.escape(r.participants)}</td>"
            f"<td>{html.escape(r.effect)}<br><small>{html.escape(r.effect_from)}</small></td>"
            f"<td><small>{html.escape(r.absolute)}</small></td>"
            f"<td>{grade_badge(r.certainty, text=certainty_label(r.certainty))}{marks}</td>"
            f"<td>{direction_tag(r.direction)}</td>"
            f"<td><small>{html.escape(r.published)}</small></td>"
            "</tr>"
        )
    return (
        '<table class="sof-table" style="width:100%;border-collapse:collapse;font-size:0.88rem">'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
        "<style>.sof-table th,.sof-table td{border-bottom:1px solid #ddd;padding:6px 8px;"
        "vertical-align:top;text-align:left;overflow-wrap:anywhere}</style>"
    )


def forest_figure(plot: ForestPlot) -> go.Figure:
    """Each study's estimate and CI, and the pooled estimate as a diamond; labels are escaped."""
    rows = list(plot.rows)
    labels = [html.escape(r.label) for r in rows]
    figure = go.Figure()
    for kind, symbol, colour in (("study", "square", "#37474f"), ("review", "diamond", "#6f4fb0"),
                                 ("pooled here", "diamond", "#1b5e20")):  # fmt: skip
        chosen = [i for i, r in enumerate(rows) if r.kind == kind]
        if not chosen:
            continue
        figure.add_trace(
            go.Scatter(
                x=[rows[i].estimate for i in chosen],
                y=[labels[i] for i in chosen],
                mode="markers",
                marker={"symbol": symbol, "size": 13 if kind != "study" else 10, "color": colour},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": [rows[i].ci_high - rows[i].estimate for i in chosen],
                    "arrayminus": [rows[i].estimate - rows[i].ci_low for i in chosen],
                    "color": colour,
                },
                name=kind,
                hovertemplate="%{y}: %{x:.2f}<extra></extra>",
            )
        )
    better = "right" if plot.favours_ketamine == "higher" else "left"
    figure.add_vline(x=plot.null, line_dash="dash", line_color="#999")
    figure.update_layout(
        title={
            "text": "<br>".join(html.escape(line) for line in textwrap.wrap(plot.outcome, 60)),
            "font": {"size": 13},
        },
        height=160 + 34 * len(rows),
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        xaxis={
            "type": "log" if plot.log_scale else "linear",
            "title": f"{plot.measure} (ketamine is better to the {better} of {plot.null:g})",
        },
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(labels))},
        showlegend=False,
        plot_bgcolor="#ffffff",
    )
    return figure
