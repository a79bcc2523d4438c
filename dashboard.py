"""Overview page of the ketamine evidence dashboard (Streamlit entry point)."""

import pandas as pd
import streamlit as st

from evidence.loading import load_evidence
from evidence.summary import condition_counts

st.set_page_config(page_title="Ketamine evidence", layout="wide")
st.title("Ketamine evidence by condition")

result = load_evidence()
if result.problems:
    st.warning(f"{len(result.problems)} problems in the curated data; entries with problems are left out.")
rows = condition_counts(result.base)
table = pd.DataFrame(
    [{"Condition": r.name, "Category": r.category, "Sources": r.total, "Direct": r.direct} for r in rows]
)
st.dataframe(table, hide_index=True, use_container_width=True)
