"""Condition page: one condition's grade with its full explanation, the positions beside it, and the papers behind it."""

import html

import plotly.graph_objects as go
import streamlit as st

import dashboard_ui as ui
from evidence.grading import grading_rules
from evidence.models import Design
from evidence.overview import condition_summary
from evidence.sof import certainty_label, forest_plot, summary_of_findings

ui.setup_page("Condition", "🩺")
cat = ui.catalog()
by_slug = cat.base.condition_by_slug
slugs = [c.slug for c in cat.conditions_by_grade]

if not slugs:
    st.title("Condition")
    st.warning("The data folder holds no valid conditions yet.", icon=":material/warning:")
    ui.problems_notice(cat)
    ui.footer()
    st.stop()

# The URL is the source of truth when it changed outside this page (a shared link, the
# overview); otherwise the select box is, and it writes its choice back to the URL.
requested = ui.query_value("condition")
if requested is not None and requested not in by_slug:
    st.warning(f"There is no condition '{requested}' in the evidence base; showing the first one instead.")
    requested = None
if "condition_choice" not in st.session_state or (
    requested is not None and requested != st.session_state.get("condition_written")
):
    # without a choice in the URL: the first condition of conditions.yaml, the curators' lead entry
    st.session_state["condition_choice"] = requested or cat.base.conditions[0].slug

slug = st.selectbox(
    "Condition",
    slugs,
    key="condition_choice",
    format_func=lambda s: f"{by_slug[s].name} · {certainty_label(cat.grade_of(s))}",
)
st.query_params["condition"] = slug
st.session_state["condition_written"] = slug

condition = by_slug[slug]
graded = cat.grade_by_slug[slug]
direct = cat.sources_for(slug, direct=True)
indirect = cat.sources_for(slug, direct=False)

st.title(ui.md_text(condition.name), anchor=False)
question = "Harms of ketamine (graded separately from benefit)" if condition.question == "harm" else "Benefit"
st.caption(f"{condition.category.value.capitalize()} · question: {question}")
review_status = cat.review_status_by_slug.get(slug)
if review_status is not None:
    stamp = ui.md_text(review_status.headline[:1].upper() + review_status.headline[1:])
    if review_status.stale:
        st.warning(f"**{stamp}**", icon=":material/update:")
        with st.expander(f"What changed since the review ({len(review_status.changes)})"):
            for change in review_status.changes:
                st.markdown(
                    f"- {ui.md_text(change.kind)}: {ui.md_text(change.source)} ({ui.md_text(change.when)})"
                )
    else:
        st.success(f"**{stamp}**", icon=":material/verified:")
st.markdown(ui.md_text(condition.description))
ui.problems_notice(cat)

# -- where ketamine fits in the condition's care (before the evidence) ---------------------------------

context = cat.base.context_by_slug.get(slug)
with st.container(border=True):
    st.markdown("##### Where ketamine fits in this condition's care")
    if context is None:
        st.caption("No clinical context is curated for this condition yet.")
    else:
        st.markdown(ui.md_text(context.definition) + " " + ui.cited(cat, context.definition_sources))
        if context.differs_from:
            st.markdown("**How it differs from look-alikes**")
            for difference in context.differs_from:
                name = (
                    by_slug[difference.condition].name
                    if difference.condition in by_slug
                    else difference.condition
                )
                st.markdown(
                    f"- **{ui.md_text(name)}**: {ui.md_text(difference.how)} "
                    + ui.cited(cat, difference.sources)
                )
        for title, steps in (
            ("First-line care", context.first_line),
            ("Second-line care", context.second_line),
        ):
            if steps:
                st.markdown(f"**{title}**")
                for step in steps:
                    strength = f" ({ui.md_text(step.evidence)})" if step.evidence else ""
                    st.markdown(f"- {ui.md_text(step.treatment)}{strength} " + ui.cited(cat, step.sources))
        st.markdown(
            "**Where ketamine fits:** "
            + ui.md_text(context.ketamine_fit)
            + " "
            + ui.cited(cat, context.ketamine_fit_sources)
        )

# -- the headline: the primary question's critical outcome ---------------------------------------------

primary = graded.primary
with st.container(border=True):
    st.markdown("##### Headline certainty")
    direction = primary.direction_label if primary is not None and primary.headline else "no evidence"
    if graded.override is not None:
        ui.show_html(
            ui.grade_badge(graded.grade, large=True)
            + " &nbsp;<b>curator override</b> &nbsp; computed by the rules: "
            + ui.grade_badge(graded.computed_grade)
        )
        st.markdown(
            f"**Why the curator overrode it:** {ui.md_text(graded.override.rationale)}"
            + (f" — {ui.md_text(graded.override.curator)}" if graded.override.curator else "")
        )
    else:
        ui.show_html(
            ui.grade_badge(graded.grade, text=certainty_label(graded.grade), large=True)
            + " &nbsp; "
            + ui.direction_tag(direction)
        )
    if primary is None:
        st.markdown(ui.md_text(graded.starting_reason))
    else:
        outcome = primary.headline
        st.markdown(
            f"From the primary question, **{ui.md_text(primary.question.title)}**"
            + (f", and its critical outcome **{ui.md_text(outcome.outcome.label)}**." if outcome else ".")
        )
        st.caption(f"Why this question is primary: {ui.md_text(primary.question.primary_why)}")
        if outcome is None:
            st.markdown(ui.md_text(graded.starting_reason))
    others = [q for q in graded.questions if not q.question.primary]
    if others:
        st.caption(
            "Other questions: "
            + "; ".join(
                f"{ui.md_text(q.question.title)}: {certainty_label(q.certainty)}, {ui.md_text(q.direction_label)}"
                for q in others
            )
        )
    if graded.grade_if_unverified_counted is not None:
        st.caption(
            "If the unverified sources were counted, the headline would be "
            f"{certainty_label(graded.grade_if_unverified_counted)}."
        )

# -- one Summary of Findings table per clinical question ----------------------------------------------

st.subheader("Clinical questions: Summary of Findings")
st.caption(
    "Certainty belongs to a question (ketamine form and route, comparator) and an outcome at a time point. "
    "Each table lists the question's outcomes, our certainty with a numbered note for every step down, and "
    "the certainty a published review or guideline gave, on its own scale. The same tables print with "
    f"`python -m evidence sof --condition {slug}`."
)
if not graded.questions:
    st.info("No clinical question is curated for this condition yet, so it is not graded.")
for question_grade in graded.questions:
    table = summary_of_findings(question_grade)
    label = (
        f"{'★ ' if table.primary else ''}{question_grade.question.title} — "
        f"{certainty_label(table.certainty)}, {table.direction}"
    )
    with st.expander(label, expanded=table.primary):
        q = question_grade.question
        st.caption(
            f"Intervention: {ui.md_text(q.intervention.label)} · comparator: {ui.md_text(q.comparator.label)}"
            + (f" ({ui.md_text(q.comparator_detail)})" if q.comparator_detail else "")
            + (f" · population: {ui.md_text(q.population)}" if q.population else "")
        )
        ui.show_html(ui.sof_table_html(table))
        for number, note in enumerate(table.footnotes, start=1):
            st.caption(f"{number}. {ui.md_text(note)}")
        for o in question_grade.outcomes:
            if o.graded:
                st.caption(f"{ui.md_text(o.outcome.name)}: {ui.md_text(o.start_reason)}")
            for p in o.published:
                if p.comparison:
                    st.caption(f"Beside {ui.md_text(p.source)} ({p.year}): {ui.md_text(p.comparison)}")
        plots = [f for o in question_grade.outcomes if (f := forest_plot(o)) is not None]
        if plots:
            columns = st.columns(2)
            for index, plot in enumerate(plots):
                columns[index % 2].plotly_chart(
                    ui.forest_figure(plot), config={"displaylogo": False}, key=f"forest-{q.id}-{index}"
                )
        else:
            st.caption("No finding with a confidence interval to plot for this question.")
    if question_grade is graded.questions[-1] and graded.excluded:
        with st.expander(f"Sources not counted ({len(graded.excluded)})"):
            for key, why in graded.excluded:
                st.markdown(f"- {ui.md_text(ui.source_list_text(cat, [key]))}: {ui.md_text(why)}")

# -- published positions: guidelines, consensus statements, regulators -------------------------------

st.subheader("Published positions")
documents = cat.unstated_position_documents(slug)
if not graded.guideline_positions and not documents:
    st.caption("No guideline, consensus statement or regulatory decision on this condition is curated yet.")
elif not graded.guideline_positions:
    st.caption(
        f"{len(documents)} guideline or regulatory document{'s are' if len(documents) != 1 else ' is'} curated "
        "for this condition; no position statement on its use is summarised from "
        f"{'them' if len(documents) != 1 else 'it'} yet."
    )
position_columns = st.columns(2)
for index, position in enumerate(graded.guideline_positions):
    with position_columns[index % 2], st.container(border=True):
        implied = position.implied_grade
        stance = position.stance.value.replace("_", " ")
        ui.show_html(
            f"<b>{html.escape(stance.capitalize())}</b>"
            + (f" &nbsp; implies {ui.grade_badge(implied)}" if implied is not None else "")
            + (" &nbsp; <b>⚠ unverified citation</b>" if not position.verified else "")
        )
        title = f"{ui.md_text(position.title)} ({position.year})"
        st.markdown(ui.md_link(title, position.link) if position.link else title)
        st.caption(ui.md_text(position.statement))
        if position.disagreement:
            st.warning(ui.md_text(position.disagreement), icon=":material/compare_arrows:")

if documents and graded.guideline_positions:
    st.caption("Also curated, with no position statement summarised:")
for source in documents:
    label = f"{ui.md_text(source.title)} ({ui.md_text(source.first_author)}, {source.year})"
    flags = ui.flag_text(cat, source)
    st.markdown(
        f"- {source.design.label}: {ui.md_link(label, source.link)}"
        + (f" · {ui.md_text(flags)}" if flags else "")
    )


# -- harms that matter for this condition's routes ------------------------------------------------------

harms = cat.harms_for(slug)
if condition.question != "harm":
    st.subheader("Harms that matter here")
    if not harms:
        st.caption("No graded harm matches the routes of this condition's questions.")
    else:
        st.caption(
            "From the harms entry's graded questions, for the routes this condition's questions use, and harm "
            "outcomes graded for this condition itself. Certainty is of the evidence of harm."
        )
        harm_rows = [
            {
                "Harm": f"{h.harm} ({h.timepoint})",
                "Why it matters here": h.why,
                "Certainty": h.certainty,
                "Direction": h.direction,
                "Graded in": h.question,
            }
            for h in harms
        ]
        st.dataframe(
            harm_rows,
            hide_index=True,
            width="stretch",
            key="harms_table",
            row_height=ui.WRAPPING_ROW_HEIGHT,  # long reasons wrap instead of running off to the right
            column_config={
                "Harm": st.column_config.TextColumn(width=170),
                "Why it matters here": st.column_config.TextColumn(width=290),
                "Certainty": st.column_config.TextColumn(width=80),
                "Direction": st.column_config.TextColumn(width=90),
                "Graded in": st.column_config.TextColumn(width=170),
            },
        )
        harms_slug = next((c.slug for c in cat.base.conditions if c.question == "harm"), None)
        if harms_slug:
            st.page_link(ui.CONDITION_PAGE, label="Open the harms entry", query_params={"condition": harms_slug},
                         icon=":material/arrow_forward:")  # fmt: skip

# -- case reports and case series ---------------------------------------------------------------------------

reports = [s for s in [*direct, *indirect] if s.design in (Design.CASE_REPORT, Design.CASE_SERIES)]
st.subheader(f"Case reports and case series ({len(reports)})")
if not reports:
    st.caption("None curated for this condition.")
else:
    st.caption(
        "Single patients or small uncontrolled series. In GRADE they are very low certainty: useful for rare "
        "harms and for showing that a use has no better evidence, not as proof of benefit."
    )
    ui.show_sources_table(cat, reports, key="case_reports")

# -- what patients report: kept apart from evidence ----------------------------------------------------------

experience = cat.base.experience_for(slug)
st.subheader(f"What patients report ({len(experience)})")
st.caption(
    "Patient experience, not evidence of effect: testimonials, surveys and patient-network pages describe "
    "what people felt. It never enters a grade."
)
for entry in experience:
    with st.container(border=True):
        title = f"{ui.md_text(entry.title)} — {ui.md_text(entry.publisher)} ({ui.md_text(entry.when)})"
        st.markdown(ui.md_link(title, entry.url))
        people = f"{entry.people:,} people · " if entry.people else ""
        st.caption(
            f"{people}{ui.md_text(entry.kind.replace('_', ' '))} · themes: {ui.md_text(', '.join(t.replace('_', ' ') for t in entry.themes) or '–')}"
        )
        st.markdown(ui.md_text(entry.reports))
        if entry.conflict_of_interest:
            st.caption(f":material/warning: Conflict of interest: {ui.md_text(entry.conflict_of_interest)}")

# -- key numbers -----------------------------------------------------------------------------------

counts = graded.counts
k1, k2, k3, k4, k5 = st.columns(5)
k1.metric(
    "Counted sources",
    counts.sources,
    border=True,
    help="Retracted, unverified and position documents are not counted.",
)
k2.metric("Direct / indirect", f"{counts.direct} / {counts.indirect}", border=True)
k3.metric(
    "Randomised trials",
    counts.randomised_trials,
    border=True,
    help="Curated randomised trials of the direct evidence (of the indirect when there is none).",
)
k4.metric(
    "Randomised participants",
    f"{counts.participants_randomised:,}",
    border=True,
    help="In those trials, as reported; a trial reporting participants another trial already reports adds none.",
)
k5.metric(
    "Clinical questions",
    len(graded.questions),
    border=True,
    help="Each question is graded on its own outcomes; see the Summary of Findings tables above.",
)
if not cat.is_enriched:
    ui.empty_cache_notice()

# -- the sources, direct apart from indirect -----------------------------------------------------------

tab_direct, tab_indirect, tab_charts, tab_abstracts, tab_rules = st.tabs(
    [
        f"Direct evidence ({len(direct)})",
        f"Indirect evidence ({len(indirect)})",
        "Timeline and participants",
        "Abstracts",
        "How grades are worked out",
    ]
)
with tab_direct:
    if direct:
        st.caption("Click a column header to sort. ⚠ marks retracted and unverified sources.")
        ui.show_sources_table(cat, direct, key="direct_sources")
    else:
        st.info("No source is curated as direct evidence for this condition.")
with tab_indirect:
    st.caption(
        "Evidence from related conditions. It is listed for context and is used for the grade only when "
        "there is no direct evidence at all, and then never above very low."
    )
    if indirect:
        ui.show_sources_table(cat, indirect, key="indirect_sources")
    else:
        st.info("No indirect evidence is curated for this condition.")

with tab_charts:
    figures = condition_summary(cat, slug)  # the same numbers as `python -m evidence summary --condition`
    if not figures.direct_by_design:
        st.info("No direct studies to chart.")
    else:
        left, right = st.columns(2)
        timeline = figures.timeline
        chart = go.Figure()
        for design in [d for d in Design if any(t.design is d for t in timeline)]:
            points = [t for t in timeline if t.design is design]
            chart.add_bar(
                x=[t.year for t in points],
                y=[t.sources for t in points],
                name=design.label,
                marker_color=ui.DESIGN_COLOURS[design],
            )
        chart.update_layout(
            barmode="stack",
            title={"text": "Publications by year and design (direct)", "font": {"size": 14}},
            height=380,
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            xaxis={"title": "Year", "dtick": 2},
            yaxis={"title": "Sources", "dtick": 1},
            legend={"orientation": "h", "y": -0.25},
        )
        left.plotly_chart(chart, config={"displaylogo": False})
        tallies = figures.direct_by_design
        bars = go.Figure(
            go.Bar(
                x=[t.participants for t in tallies],
                y=[t.design.label for t in tallies],
                orientation="h",
                marker_color=[ui.DESIGN_COLOURS[t.design] for t in tallies],
                text=[
                    f"{t.participants:,} in {t.sources} source{'s' if t.sources != 1 else ''}"
                    if t.participants
                    else f"not reported ({t.sources} source{'s' if t.sources != 1 else ''})"
                    for t in tallies
                ],
                textposition=["auto" if t.participants else "outside" for t in tallies],
                hovertemplate="%{y}: %{x:,} participants<extra></extra>",
            )
        )
        bars.update_layout(
            title={"text": "Participants by design (direct, as reported)", "font": {"size": 14}},
            height=380,
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            yaxis={"autorange": "reversed"},
            xaxis={"title": "Participants"},
        )
        right.plotly_chart(bars, config={"displaylogo": False})
        st.caption("Reviews report the participants they pooled, so their bars overlap with the trials'.")

with tab_abstracts:
    if not cat.is_enriched:
        st.info(
            "Abstracts appear here, under each source, after a PubMed refresh (Data quality page → "
            "Refresh from PubMed). Until then each source shows its curated summary.",
            icon=":material/cloud_off:",
        )
    everything = [*direct, *indirect]
    page_size = 20
    pages = max(1, -(-len(everything) // page_size))
    number = st.number_input("Page", 1, pages, 1, key="abstract_page") if pages > 1 else 1
    first = (number - 1) * page_size
    for index, source in enumerate(everything[first : first + page_size], start=first):
        record = cat.record_for(source)
        kind = "direct" if index < len(direct) else "indirect"  # ``everything`` lists direct first
        where = "" if kind == "direct" else " · indirect"
        with st.expander(f"{ui.md_text(ui.source_label(source))}{where} — {ui.md_text(source.title)}"):
            flags = ui.flag_text(cat, source)
            if flags:
                st.markdown(f"**{ui.md_text(flags)}**")
            st.caption(f"{source.design.label} · {kind} evidence · {ui.md_text(source.journal)}")
            if record is not None and record.abstract:
                st.caption(ui.md_text(", ".join(record.authors)))
                for label, text in record.abstract:
                    st.markdown((f"**{ui.md_text(label)}.** " if label else "") + ui.md_text(text))
                if record.mesh_terms:
                    st.caption("MeSH: " + ui.md_text("; ".join(record.mesh_terms)))
            elif record is not None:
                st.caption("PubMed holds no abstract for this record.")
            elif source.pmid is None:
                st.caption("Not indexed in PubMed, so there is no PubMed abstract.")
            else:
                st.caption("The abstract will appear here after a PubMed refresh.")
            if source.notes:
                st.markdown(f"**Curator's note:** {ui.md_text(source.notes)}")
            if source.primary_outcome:
                st.markdown(f"**Primary outcome:** {ui.md_text(source.primary_outcome)}")
            st.markdown(ui.md_link("Open the source", source.link))

with tab_rules:
    # the rules are the project's own documentation (grading.py), not curated or PubMed text
    st.markdown(grading_rules())

ui.footer()
