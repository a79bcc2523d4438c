"""Claim review page: paste or upload a draft, see each claim's verdict against the evidence, export the review.

Everything shown comes from ``evidence.review`` (the same review as `python -m evidence
review FILE`). Draft text is never rendered as HTML or Markdown: the highlighted draft is
built by ``highlight_html``, which escapes every character of it, and the tables show text.
"""

import html

import pandas as pd
import streamlit as st

import dashboard_ui as ui
from evidence.drafts import MAX_DRAFT_BYTES, MAX_DRAFT_LABEL, DraftUnreadable
from evidence.palette import VERDICT_COLOURS
from evidence.review import Verdict, highlight_html, review_context_for, review_text, review_upload

ui.setup_page("Claim review", "🔎")
st.title("Claim review")
st.caption(
    "Check a draft before publication: each sentence that claims something about ketamine or esketamine "
    "for a condition is compared with that condition's evidence grade, and cited PMIDs with the evidence base. "
    "The same review runs from the command line: `python -m evidence review FILE`."
)


@st.cache_resource(max_entries=4)
def _context(version: str, _catalog):
    # keyed on the catalog's version: a changed data file gives a new context, as on every page
    return review_context_for(_catalog)


cat = ui.catalog()
context = _context(cat.version, cat)

pasted = st.text_area(
    "Draft text",
    key="review_text",
    height=200,
    placeholder="Paste the draft here (plain text, Markdown or HTML), then press Ctrl+Enter.",
)
# The widget takes any file up to the server's cap (.streamlit/config.toml), and the review says
# why it refuses one: a file the widget itself refused would show its reason only on hover.
uploaded = st.file_uploader(
    f"Or upload a draft (.txt, .md or .html, up to {MAX_DRAFT_LABEL})",
    key="review_upload",
)
st.html(  # the widget's own line gives the server's cap, not the review's limit in the label above
    '<style>[data-testid="stFileUploaderDropzoneInstructions"]{display:none}</style>'
)

try:
    if uploaded is not None:
        review = review_upload(uploaded.getvalue(), uploaded.name, context)  # refuses one over the limit
        st.caption(f"Reviewing the uploaded file {uploaded.name}; clear it to review pasted text.")
    elif pasted.strip():
        if len(pasted.encode("utf-8")) > MAX_DRAFT_BYTES:
            raise DraftUnreadable(
                f"The pasted draft is over {MAX_DRAFT_LABEL}; split it and review the parts."
            )
        review = review_text(pasted, context)
    else:
        review = None
except DraftUnreadable as exc:
    st.error(f"Not reviewed: {exc}", icon=":material/block:")
    st.stop()

if review is None:
    st.info("Paste a draft or upload a file to review its claims.")
    st.stop()

counts = review.counts
columns = st.columns(5)
columns[0].metric("Claims", len(review.claims), border=True)
for column, verdict in zip(columns[1:], Verdict, strict=True):
    column.metric(verdict.label, counts[verdict.value], border=True)
for note in review.notes:
    st.caption(f"Note: {note}.")
if review.topic:
    st.caption(
        f"Topic of the draft: {context.name_of(review.topic)} (named in its title, opening and most often); "
        "sentences that name no condition are checked against it."
    )

md_export, json_export = st.columns(2)
md_export.download_button(
    "Download review as Markdown",
    data=review.to_markdown(),
    file_name="claim-review.md",
    mime="text/markdown",
    key="review_download_md",
    on_click="ignore",
)
json_export.download_button(
    "Download review as JSON",
    data=review.to_json(),
    file_name="claim-review.json",
    mime="application/json",
    key="review_download_json",
    on_click="ignore",
)

st.subheader("The draft, claims marked by verdict")
ui.show_html(
    " ".join(
        f'<span style="border-bottom:3px solid {VERDICT_COLOURS[v.value]};background:{VERDICT_COLOURS[v.value]}33;'
        f'padding:0 4px">{html.escape(v.label)}</span>'
        for v in Verdict
    )
    + " &nbsp;<small>each claim is marked in its verdict's colour and numbered as in the cards below</small>"
)
st.html(highlight_html(review))

st.subheader("Claims")
if not review.claims:
    st.success("No sentence in this draft claims anything about ketamine or esketamine for a condition.")
else:
    claims_table = pd.DataFrame(
        [
            {
                "#": number,
                "Verdict": claim.verdict.label,
                "Sentence": claim.sentence,
                "Conditions": ", ".join(context.name_of(slug) for slug in claim.conditions),
                "Asserted": claim.asserted_strength.label,
                "Evidence grade": claim.evidence_grade.label if claim.evidence_grade else "",
            }
            for number, claim in enumerate(review.claims, 1)
        ]
    )
    st.dataframe(
        claims_table,
        hide_index=True,
        width="stretch",
        key="review_claims_table",
        placeholder="–",
        column_config={
            "#": st.column_config.NumberColumn(width="small"),
            "Sentence": st.column_config.TextColumn(width="large"),
        },
    )

    flagged = [(n, c) for n, c in enumerate(review.claims, 1) if c.verdict is not Verdict.SUPPORTED]
    st.subheader(f"What to change ({len(flagged)} flagged claim{'s' if len(flagged) != 1 else ''})")
    if not flagged:
        st.success("Every claim is within the evidence.")
    for number, claim in flagged:
        with st.container(border=True):
            colour = VERDICT_COLOURS[claim.verdict.value]
            ui.show_html(
                f'<b style="color:{colour}">#{number} {html.escape(claim.verdict.label)}</b>'
                + (" &nbsp;<small>rests on patient experience</small>" if claim.anecdote else "")
            )
            st.markdown(f"> {ui.md_text(claim.sentence)}")
            if claim.triggers:
                st.caption(
                    "Words that made it a claim: " + ui.md_text(", ".join(f"“{t}”" for t in claim.triggers))
                )
            st.markdown("**Why:**  \n" + "  \n".join(f"- {ui.md_text(r)}" for r in claim.reasons))
            if claim.matched:
                st.markdown("**Judged on:**  \n" + "  \n".join(f"- {ui.md_text(m)}" for m in claim.matched))
            if claim.suggestion:
                st.markdown(f"**Suggested wording:** {ui.md_text(claim.suggestion)}")
            links = [ui.md_link(ui.md_text(f"{s.citation} ({s.relation})"), s.link) for s in claim.sources]
            if links:
                st.markdown("**Sources:** " + " · ".join(links))

    sources_table = pd.DataFrame(
        [
            {
                "Claim": number,
                "Why listed": source.relation,
                "Condition": context.name_of(source.condition) if source.condition else "",
                "Source": f"{source.citation}: {source.title}",
                "Design": source.design,
                "Link": source.link,
            }
            for number, claim in enumerate(review.claims, 1)
            for source in claim.sources
        ]
    )
    if not sources_table.empty:
        st.subheader("Sources behind the claims")
        st.dataframe(
            sources_table,
            hide_index=True,
            width="stretch",
            column_config={"Link": st.column_config.LinkColumn("Link")},
            key="review_sources_table",
            placeholder="–",
        )

st.caption(
    "A supported verdict means the wording is no stronger than the evidence, not that the treatment "
    "is right for anyone."
)
ui.footer()
