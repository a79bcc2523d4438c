"""Sources page: every curated source, filtered by facets and free text, exported as CSV, BibTeX, RIS or Markdown."""

import streamlit as st

import dashboard_ui as ui
from evidence.exports import FORMATS, MEDIA_TYPES, export_filename, export_sources
from evidence.filters import FLAG_LABELS, FLAGS, NOT_ENRICHED, RANDOMISED, SourceFilter, read_link
from evidence.models import Design, Direction, Route

ui.setup_page("Sources", "📚")
cat = ui.catalog()
base = cat.base
by_slug = base.condition_by_slug

st.title("Sources", anchor=False)
st.caption(
    "Every curated source. Filters combine (condition AND design AND …); choices within one filter are "
    "alternatives. The address bar keeps the filter, so a copied link shows the same selection."
)
ui.problems_notice(cat)

first_year, last_year = cat.year_range  # computed once per catalog, not on every filter change
if first_year == last_year:
    last_year += 1  # a slider needs two distinct ends

# -- the filter lives in the URL ---------------------------------------------------------------------
# The URL wins when it changed outside this page (a shared link); otherwise the widgets do,
# and each run writes the widgets' filter back to the URL.
url_params = {key: st.query_params.get_all(key) for key in st.query_params}
link = read_link(url_params, known_conditions=by_slug)
from_url = link.filter
if "f_text" not in st.session_state or from_url.to_query_params() != st.session_state.get("filter_written"):
    # what the link asked for and could not be used: said once, while its filter is on screen
    st.session_state["link_ignored"] = (link.ignored, None)
    year_from = min(max(from_url.year_from or first_year, first_year), last_year)
    year_to = max(min(from_url.year_to or last_year, last_year), year_from)
    st.session_state.update(
        f_conditions=list(from_url.conditions),
        f_designs=list(from_url.designs),
        f_routes=list(from_url.routes),
        f_directions=list(from_url.directions),
        f_flags=list(from_url.flags),
        f_years=(year_from, year_to),
        f_text=from_url.text,
    )

link_notice = st.container()  # filled below, once the widgets' filter is known


def _choose_randomised() -> None:
    st.session_state["f_designs"] = list(dict.fromkeys([*st.session_state.get("f_designs", []), *RANDOMISED]))


with st.container(border=True):
    text = st.text_input(
        "Search",
        key="f_text",
        placeholder="Words in the title, abstract, author, journal, outcome or notes",
        help="Every word must appear. Abstracts are searched once PubMed records are cached.",
    )
    c1, c2, c3 = st.columns(3)
    chosen_conditions = c1.multiselect(
        "Condition",
        [c.slug for c in base.conditions],
        key="f_conditions",
        format_func=lambda slug: by_slug[slug].name,
        placeholder="All conditions",
    )
    randomised = " and ".join(d.label for d in RANDOMISED)
    chosen_designs = c2.multiselect(
        "Design",
        list(Design),
        key="f_designs",
        format_func=lambda d: d.label,
        placeholder="All designs",
        help=f"Randomised trials are {len(RANDOMISED)} designs here: {randomised}. "
        "The button below chooses both.",
    )
    c2.button(
        "All randomised trials",
        key="f_all_randomised",
        icon=":material/shuffle:",
        help=f"Choose every randomised design: {randomised}.",
        on_click=_choose_randomised,
        type="tertiary",
    )
    chosen_years = c3.slider("Year published", first_year, last_year, key="f_years")
    c4, c5 = st.columns(2)
    chosen_routes = c4.multiselect(
        "Route",
        list(Route),
        key="f_routes",
        format_func=ui.route_label,
        placeholder="All routes",
    )
    chosen_directions = c5.multiselect(
        "Direction of result",
        list(Direction),
        key="f_directions",
        format_func=lambda d: d.value.replace("_", " "),
        placeholder="All directions",
    )
    chosen_flags = st.pills(  # a row of its own: four labelled pills do not fit a third of the page
        "Only flagged",
        FLAGS,
        selection_mode="multi",
        key="f_flags",
        format_func=lambda f: FLAG_LABELS[f].removesuffix(" from PubMed"),
        help="Any of the chosen flags",
    )

flt = SourceFilter(
    conditions=tuple(chosen_conditions),
    designs=tuple(chosen_designs),
    year_from=chosen_years[0] if chosen_years[0] > first_year else None,
    year_to=chosen_years[1] if chosen_years[1] < last_year else None,
    routes=tuple(chosen_routes),
    directions=tuple(chosen_directions),
    flags=tuple(chosen_flags or ()),
    text=" ".join(text.split()),
)
params = flt.to_query_params()
if {key: value if isinstance(value, list) else [value] for key, value in params.items()} != url_params:
    st.query_params.from_dict(params)  # only when it changed: each write is a message to the browser
st.session_state["filter_written"] = params
ignored, applied = st.session_state.get("link_ignored", ((), None))
if applied is None:  # the first run after reading the link: this is the filter it applied
    st.session_state["link_ignored"] = (ignored, applied := params)
if ignored and params == applied:
    link_notice.warning(
        "Part of this link could not be used; it was ignored and the rest applied:\n\n"
        + "\n".join(f"- {ui.md_text(str(item))}" for item in ignored),
        icon=":material/link_off:",
    )

selection = cat.source_index.positions(flt)  # places in the curated order

# -- results and exports --------------------------------------------------------------------------------

summary, clear = st.columns([4, 1], vertical_alignment="center")
summary.markdown(f"**{len(selection):,}** of {len(base.sources):,} sources")
if not flt.is_empty and clear.button(
    "Clear filters", icon=":material/filter_alt_off:", width="stretch", key="clear_filters"
):
    st.query_params.clear()
    st.session_state.pop("f_text", None)  # re-initialise every widget from the (empty) URL
    st.session_state["filter_written"] = None
    st.rerun()
if NOT_ENRICHED in flt.flags and not cat.is_enriched:
    st.caption("With an empty PubMed cache every PubMed-indexed source counts as not enriched.")
if not cat.is_enriched:
    ui.empty_cache_notice()

if len(selection):
    st.markdown("**Export this selection**")
    buttons = st.columns(len(FORMATS))
    labels = {"csv": "CSV", "bibtex": "BibTeX", "ris": "RIS (Zotero, EndNote)", "markdown": "Markdown list"}
    for column, fmt in zip(buttons, FORMATS, strict=True):
        column.download_button(
            labels[fmt],
            # generated when clicked, from this run's selection: 10,000 sources in four formats
            # on every filter change would slow the page for nothing
            data=lambda fmt=fmt, chosen=selection: export_sources(
                cat.source_index.sources_at(chosen), cat.records, fmt
            ),
            file_name=export_filename("ketamine-sources", fmt),
            mime=MEDIA_TYPES[fmt],
            icon=":material/download:",
            on_click="ignore",
            key=f"export_{fmt}",
            width="stretch",
        )
    shown = selection[: ui.TABLE_ROW_LIMIT]
    if len(shown) < len(selection):
        st.caption(
            f"The table shows the first {len(shown):,} of {len(selection):,} sources, in curated order; "
            "narrow the filter to see the rest. The exports above hold all of them."
        )
    # a fixed height keeps the export buttons in view on a long list; a short list takes its own height
    height = 560 if len(shown) > 15 else "auto"
    ui.show_sources_table(cat, positions=shown, key="sources_table", with_conditions=True, height=height)
else:
    st.info(
        "No source matches this filter. Remove a filter, or clear them all.", icon=":material/search_off:"
    )

ui.footer()
