"""Data quality page: what needs a curator's attention, and the "Refresh from PubMed" action."""

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

import dashboard_ui as ui
from evidence.cache import CacheBusy
from evidence.enrich import refresh_pubmed
from evidence.errors import EvidenceError
from evidence.eutils import EmailMissing, EutilsSettings

ui.setup_page("Data quality", "🧪")
cat = ui.catalog()
base = cat.base
origin = base.origin_by_key


def where(key: str) -> str:
    file, line = origin.get(key, ("", 0))
    return f"{file}:{line}" if file else ""


def secret(*names: str) -> str | None:
    """A value from .streamlit/secrets.toml, if the file exists and holds it (never required)."""
    try:
        for name in names:
            value = st.secrets.get(name)
            if value:
                return str(value)
    except StreamlitSecretNotFoundError:
        return None
    return None


st.title("Data quality", anchor=False)
st.caption(
    "Everything a curator should look at before the evidence is relied on. Counts are reproducible with "
    "`python -m evidence validate`, `verify` and `grade`."
)

mismatches = cat.verification.mismatches
# with no PubMed record cached, the checks against PubMed never ran: say so, never "0" or a green box
checked = cat.is_enriched
NOT_CHECKED = "not checked"
NOT_CHECKED_WHY = (
    "Not checked: no PubMed records are cached, so nothing could be compared with PubMed. "
    "Refresh from PubMed above, or run `python -m evidence enrich` where NCBI is reachable."
)


def checked_count(n: int) -> int | str:
    return n if checked else NOT_CHECKED


m = st.columns(3) + st.columns(3)
m[0].metric("Validation problems", len(cat.problems), border=True)
m[1].metric(
    "Not enriched from PubMed",
    len(cat.cache_status.not_enriched),
    border=True,
    help="Curated PMIDs without a cached PubMed record",
)
m[2].metric("PubMed mismatches", checked_count(len(mismatches)), border=True)
m[3].metric("Design disagreements", checked_count(len(cat.design_disagreements)), border=True)
m[4].metric(
    "Retracted",
    len(cat.retracted_sources),
    border=True,
    help=None
    if checked
    else "Curated retraction flags only: PubMed's notices are known once records are cached",
)
m[5].metric("Unverified", len(cat.unverified_sources), border=True)

# -- refresh from PubMed ----------------------------------------------------------------------------

with st.container(border=True):
    st.subheader("PubMed records", anchor=False)
    status = cat.cache_status
    summary_line = ""
    if status.last_refresh is not None and status.last_summary:
        summary_line = (
            " (" + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in status.last_summary.items()) + ")"
        )
    st.markdown(
        f"**{len(status.enriched)}** of {len(base.pmids)} curated PMIDs have a cached PubMed record. "
        f"Last refresh: {ui.last_refresh_text(cat)}{ui.md_text(summary_line)}."
    )
    st.caption(
        "A refresh fetches missing records from NCBI's E-utilities into data/pubmed/. It needs network "
        "access to NCBI and a contact email (the `NCBI_EMAIL` environment variable, or `ncbi_email` in "
        "`.streamlit/secrets.toml`). "
        "A failed refresh never changes what is already cached."
    )
    if st.button("Refresh from PubMed", icon=":material/sync:", type="primary", key="refresh"):
        bar = st.progress(0.0, text="Contacting PubMed…")

        def show_progress(done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0, text=f"{done} of {total} PMIDs")

        # messages are Markdown: text from errors and NCBI is escaped, our own words are not
        try:
            settings = EutilsSettings.from_env(
                email=secret("ncbi_email", "NCBI_EMAIL"), api_key=secret("ncbi_api_key", "NCBI_API_KEY")
            )
            # a command-line enrich may hold the cache: say so within seconds rather than wait for it
            result = refresh_pubmed(cat.data_dir, settings, progress=show_progress, lock_timeout=5)
        except (EmailMissing, CacheBusy) as exc:
            outcome = ("info", ui.md_text(exc))
        except EvidenceError as exc:
            outcome = ("warning", "The refresh stopped: " + ui.md_text(exc))
        else:
            if result.failed and not result.fetched:
                reasons = "; ".join(sorted(set(result.failed.values())))
                outcome = (
                    "info",
                    f"PubMed could not be reached from here, so nothing was fetched ({ui.md_text(reasons)}). "
                    "The cache is as it was, and every page keeps working from the curated data. Try again "
                    "where NCBI is reachable, or run `python -m evidence enrich` there and commit data/pubmed/.",
                )
            else:
                outcome = ("success", "Refresh finished: " + ui.md_text("; ".join(result.report_lines())))
        st.session_state["refresh_outcome"] = outcome
        st.rerun()  # show the new counts, read from the refreshed cache
    kind, message = st.session_state.get("refresh_outcome", (None, None))
    if message:
        icons = {
            "info": ":material/cloud_off:",
            "warning": ":material/warning:",
            "success": ":material/check_circle:",
        }
        getattr(st, kind)(message, icon=icons[kind])

# -- findings, one tab each ------------------------------------------------------------------------------


def table(rows: list[dict], empty: str) -> None:
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", placeholder="–")
    else:
        st.success(empty, icon=":material/check_circle:")


tabs = st.tabs(
    [
        f"Validation problems ({len(cat.problems)})",
        f"Not enriched ({len(status.not_enriched)})",
        f"PubMed mismatches ({checked_count(len(mismatches))})",
        f"Design disagreements ({checked_count(len(cat.design_disagreements))})",
        f"Retractions ({len(cat.retracted_sources)})",
        f"Unverified ({len(cat.unverified_sources)})",
        "New in PubMed",
    ]
)
with tabs[0]:
    st.caption(
        "Entries with problems are left out of every page until they are fixed. Run `python -m evidence validate`."
    )
    table(
        [{"File": p.file, "Line": p.line, "Field": p.field, "Problem": p.message} for p in cat.problems],
        "The curated data validates cleanly.",
    )
with tabs[1]:
    st.caption("Curated PMIDs with no cached PubMed record, and why. Sources outside PubMed are not listed.")
    pmid_sources = base.source_by_pmid
    table(
        [
            {
                "PMID": n.pmid,
                "Source": ui.source_label(pmid_sources[n.pmid]) if n.pmid in pmid_sources else "",
                "Why": n.reason,
            }
            for n in status.not_enriched
        ],
        "Every curated PMID has a cached PubMed record.",
    )
    for problem in status.problems:
        st.warning(ui.md_text(str(problem)), icon=":material/warning:")
with tabs[2]:
    st.caption("Curated titles, authors, years and journals are checked against their cached PubMed records.")
    if not checked:
        st.warning(NOT_CHECKED_WHY, icon=":material/pending:")
    else:
        table(
            [
                {
                    "PMID": f.pmid,
                    "What": f.kind.replace("_", " "),
                    "Curated": f.curated,
                    "PubMed": f.pubmed,
                    "Finding": f.message,
                }
                for f in mismatches
            ],
            "No mismatch between the curated sources and their cached PubMed records.",
        )
with tabs[3]:
    st.caption("Curated designs are cross-checked with PubMed's publication types.")
    if not checked:
        st.warning(NOT_CHECKED_WHY, icon=":material/pending:")
    else:
        table(
            [
                {
                    "Source": ui.source_list_text(cat, [d.source_key]),
                    "Curated design": d.curated_design.label,
                    "PubMed type": d.deciding_type,
                    "Finding": d.message,
                    "Curated at": where(d.source_key),
                }
                for d in cat.design_disagreements
            ],
            "No curated design is contradicted by PubMed's publication types.",
        )
with tabs[4]:
    st.caption("Retracted sources never count towards a grade.")
    if not cat.is_enriched:
        st.caption("Only curated retraction flags are known until PubMed records are cached.")
    table(
        [
            {
                "Source": ui.source_label(s),
                "Title": s.title,
                "Flag from": "curated" if s.retracted else "PubMed",
                "Curated at": where(s.key),
            }
            for s in cat.retracted_sources
        ]
        + [
            {
                "Source": f"PMID {f.pmid}",
                "Title": "",
                "Flag from": f.message,
                "Curated at": where(f.source_key),
            }
            for f in cat.verification.findings
            if f.kind == "expression_of_concern"
        ],
        "No curated source is retracted.",
    )
with tabs[5]:
    st.caption(
        "Sources a curator has not yet matched to a public page showing their PubMed record (marked unverified "
        "in their citations file). "
        "They are flagged wherever they appear and do not count towards a grade."
    )
    table(
        [
            {
                "Source": ui.source_label(s),
                "Title": s.title,
                "Design": s.design.label,
                "Curated at": where(s.key),
            }
            for s in cat.unverified_sources
        ],
        "Every curated source is verified.",
    )
with tabs[6]:
    report = cat.surveillance
    if report is None:
        st.info(
            "No literature surveillance has been run yet. `python -m evidence surveil` lists, for each condition, "
            "PubMed records matching its search that are not yet curated; they appear here afterwards.",
            icon=":material/travel_explore:",
        )
    else:
        st.caption(
            f"Searched {ui.md_text(report.ran_at)}"
            + (f", since {ui.md_text(report.since)}" if report.since else "")
        )
        names = base.condition_by_slug
        for entry in report.conditions:
            name = names[entry.slug].name if entry.slug in names else entry.slug
            with st.expander(f"{ui.md_text(name)}: {len(entry.new)} new of {entry.count} found"):
                if entry.error:
                    st.warning(ui.md_text(entry.error), icon=":material/warning:")
                if entry.note:
                    st.caption(ui.md_text(entry.note))
                table(
                    [
                        {
                            "PMID": n.pmid,
                            "Title": n.title,
                            "Year": n.year,
                            "Journal": n.journal,
                            "Types": ", ".join(n.publication_types),
                        }
                        for n in entry.new
                    ],
                    "Nothing new: every record found is curated.",
                )

ui.footer()
