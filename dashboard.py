"""Overview page (the Streamlit entry point): where the evidence is strong and where it is thin, at a glance."""

import html

import streamlit as st

import dashboard_ui as ui
from evidence.sof import certainty_label

ui.setup_page("Overview", "📊")
cat = ui.catalog()

st.title("Ketamine and esketamine: the evidence by condition")
st.caption(
    "How certain the published evidence is for each condition ketamine or esketamine is offered for, "
    "graded with transparent GRADE-style rules. Open a condition to see how its grade was reached "
    "and the papers behind it."
)
ui.problems_notice(cat)

numbers = ui.headline_numbers(cat)
c1, c2, c3, c4, c5 = st.columns([1, 1, 1, 1, 1.6])
c1.metric("Conditions", numbers.conditions, border=True)
c2.metric("Sources", numbers.sources, border=True)
c3.metric("Randomised trials", numbers.randomised_trials, border=True)
c4.metric(
    "Participants",
    f"{numbers.participants:,}",
    help="People in primary studies, as reported. Reviews and guidelines are not added, "
    "because they pool the same people; retracted sources are left out.",
    border=True,
)
c5.metric(
    "PubMed data last refreshed",
    ui.last_refresh_text(cat) if cat.is_enriched else "never",
    help="Abstracts, MeSH terms and PubMed's retraction flags come from the PubMed cache.",
    border=True,
)
if not cat.is_enriched:  # the card says "never"; say what that means, not "never" again
    st.caption(f"Not refreshed yet: {ui.last_refresh_text(cat).removeprefix('never — ')}.")

# -- the evidence map --------------------------------------------------------------------------

st.subheader("Evidence map")
figure = ui.evidence_map_figure(cat)
st.caption(
    "Each bubble is the number of sources of one design for one condition (direct evidence); its size grows "
    "with the participants they report. Conditions are ordered and coloured by grade. The last column sums "
    "the indirect evidence (from related conditions). Click a bubble to open the condition."
)
chosen = st.plotly_chart(
    figure, key="evidence_map", on_select="rerun", selection_mode="points", config={"displaylogo": False}
)
points = chosen.selection.points if chosen else []
if points:
    slug = points[0].get("customdata")
    if slug in cat.base.condition_by_slug:
        st.switch_page(ui.CONDITION_PAGE, query_params={"condition": slug})

# -- grade badges, one card per condition --------------------------------------------------------

st.subheader("Conditions by grade")
ui.grade_legend()
per_row = 3
conditions = cat.conditions_by_grade
for start in range(0, len(conditions), per_row):
    for column, condition in zip(st.columns(per_row), conditions[start : start + per_row], strict=False):
        graded = cat.grade_by_slug.get(condition.slug)
        grade = cat.grade_of(condition.slug)
        with column.container(border=True):
            badge = ui.grade_badge(grade)
            marks = []
            if graded is not None and graded.is_overridden:
                marks.append(
                    html.escape(f"curator override (computed: {graded.computed_grade.label.lower()})")
                )
            if graded is not None and graded.disagreements:
                marks.append("differs from a published position")
            direction = (
                graded.primary.direction_label if graded is not None and graded.primary else "not graded"
            )
            ui.show_html(
                badge
                + " "
                + ui.direction_tag(direction)
                + (f" <small>{' · '.join(marks)}</small>" if marks else "")
            )
            st.page_link(
                ui.CONDITION_PAGE,
                label=f"**{ui.md_text(condition.name)}**",
                query_params={"condition": condition.slug},
                icon=":material/arrow_forward:",
            )
            if graded is not None:
                counts = graded.counts
                question = "harms" if condition.question == "harm" else condition.category.value
                # a grade is certainty, not support: every question says which way it points
                lines = [
                    f"{'★ ' if q.question.primary else '· '}{ui.md_text(q.question.title)}: "
                    f"**{certainty_label(q.certainty)}**, {ui.md_text(q.direction_label)}"
                    for q in graded.questions
                ] or ["No clinical question curated yet: not graded."]
                st.markdown("  \n".join(lines))
                status = cat.review_status_by_slug.get(condition.slug)
                if status is not None:
                    icon = ":material/update:" if status.stale else ":material/verified:"
                    st.caption(f"{icon} {ui.md_text(status.headline[:1].upper() + status.headline[1:])}")
                st.caption(
                    f"{question.capitalize()} · {counts.direct} direct, {counts.indirect} indirect sources · "
                    f"{counts.randomised_trials} randomised trials · "
                    f"{counts.participants_randomised:,} randomised participants"
                )

ui.footer()
