"""Overview page (the Streamlit entry point): where the evidence is strong and where it is thin, at a glance."""

import html

import plotly.graph_objects as go
import streamlit as st

import dashboard_ui as ui
from evidence.catalog import evidence_map, headline
from evidence.models import Design, Grade
from evidence.palette import GRADE_COLOURS, GRADE_TEXT_COLOURS

ui.setup_page("Overview", "📊")
cat = ui.catalog()

st.title("Ketamine and esketamine: the evidence by condition")
st.caption(
    "How certain the published evidence is for each condition ketamine or esketamine is offered for, "
    "graded with transparent GRADE-style rules. Open a condition to see how its grade was reached "
    "and the papers behind it."
)
ui.problems_notice(cat)

numbers = headline(cat)
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
    "never" if cat.cache_status.last_refresh is None else ui.last_refresh_text(cat),
    help="Abstracts, MeSH terms and PubMed's retraction flags come from the PubMed cache.",
    border=True,
)
if cat.cache_status.last_refresh is None:
    st.caption(f"PubMed data last refreshed: {ui.NOT_REFRESHED}.")

# -- the evidence map --------------------------------------------------------------------------

st.subheader("Evidence map")
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
# each condition's row label carries its grade, in the grade's colour
tick_text = [
    f"{html.escape(c.name)}  <b style='color:{GRADE_COLOURS[cat.grade_of(c.slug)]}'>"
    f"{cat.grade_of(c.slug).label}</b>"
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
            ui.show_html(badge + (f" <small>{' · '.join(marks)}</small>" if marks else ""))
            st.page_link(
                ui.CONDITION_PAGE,
                label=f"**{ui.md_text(condition.name)}**",
                query_params={"condition": condition.slug},
                icon=":material/arrow_forward:",
            )
            if graded is not None:
                counts = graded.counts
                question = "harms" if condition.question == "harm" else condition.category.value
                st.caption(
                    f"{question.capitalize()} · {counts.direct} direct, {counts.indirect} indirect sources · "
                    f"{counts.randomised_trials} randomised trials · "
                    f"{counts.participants_randomised:,} randomised participants"
                )

ui.footer()
