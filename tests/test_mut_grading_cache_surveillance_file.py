"""surveillance.json is committed with the PubMed cache, so a reviewer reads it as text in a diff."""

from __future__ import annotations

import pytest

from evidence.cli import main
from evidence.surveil import load_surveillance

from .fake_eutils import FakeEutils, synthetic_article, write_data_dir

QUERY = "ketamine[tiab] AND test[tiab]"
NEW_PMID = 39000099
TITLE = "Kétamine intranasale et dépression résistante : essai randomisé (score ≥ 20)"


@pytest.fixture
def ncbi_env(monkeypatch):
    with FakeEutils() as server:
        monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
        monkeypatch.setenv("EVIDENCE_EUTILS_URL", server.url)
        monkeypatch.setenv("EVIDENCE_EUTILS_BACKOFF", "0.01")
        yield server


def test_the_saved_surveillance_list_is_indented_json_with_titles_as_pubmed_wrote_them(
    ncbi_env, tmp_path, capsys
):
    article = synthetic_article(NEW_PMID)
    ncbi_env.articles[NEW_PMID] = article.replace(
        f"Synthetic record {NEW_PMID}: ketamine and <i>something</i> measured.".encode(), TITLE.encode()
    )
    ncbi_env.searches[QUERY] = (1, [NEW_PMID])
    data = write_data_dir(tmp_path / "data", [], query=QUERY)  # no pubmed/ folder yet
    assert main(["surveil", "--data", str(data)]) == 0
    capsys.readouterr()
    text = (data / "pubmed" / "surveillance.json").read_text(encoding="utf-8")
    assert text.startswith('{\n  "ran_at": "')
    assert '\n  "conditions": [\n    {\n      "slug": "treatment-resistant-depression",\n' in text
    assert f'\n          "title": "{TITLE}",\n' in text  # not \u00e9 escapes
    assert text.endswith("\n}\n")
    assert load_surveillance(data).conditions[0].new[0].title == TITLE
