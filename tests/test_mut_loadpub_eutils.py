"""An answer cut off halfway is retried for every utility, not only efetch by id: epost, history pages, esearch."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidence.enrich import refresh_pubmed
from evidence.eutils import EutilsClient, EutilsSettings, EutilsUnavailable

from .fake_eutils import FakeEutils, Fault, settings_for

RETRIES = 2


@pytest.fixture
def fake():
    with FakeEutils() as server:
        yield server


@pytest.fixture
def settings(fake) -> EutilsSettings:
    return settings_for(fake, max_retries=RETRIES)


def paged(settings: EutilsSettings) -> EutilsSettings:
    """Above four ids, epost them and fetch history pages of two: as above 10,000 ids, but small."""
    return replace(settings, history_threshold=4, batch_size=2)


def test_a_cut_off_epost_and_a_cut_off_history_page_are_each_sent_again_and_every_record_arrives(
    fake, settings, tmp_path
):
    pmids = [1001, 1002, 1003, 1004, 1005]
    fake.add_synthetic(pmids)
    # the epost is cut, then its retry; then the first history page is cut, then its retry
    fake.inject(Fault("truncate"), Fault("ok"), Fault("truncate"))
    summary = refresh_pubmed(tmp_path / "data", paged(settings), pmids=pmids)
    assert [r.utility for r in fake.requests] == ["epost", "epost", "efetch", "efetch", "efetch", "efetch"]
    assert [r.params["retstart"] for r in fake.requests_to("efetch")] == ["0", "0", "2", "4"]
    assert summary.fetched == tuple(pmids) and summary.failed == {} and summary.ok


def test_a_history_page_cut_off_on_every_try_fails_its_records_in_words(fake, settings, tmp_path):
    pmids = [1001, 1002, 1003, 1004, 1005]
    fake.add_synthetic(pmids)
    fake.inject(Fault("ok"), *[Fault("truncate")] * (RETRIES + 1))
    summary = refresh_pubmed(tmp_path / "data", paged(settings), pmids=pmids)
    assert summary.failed == dict.fromkeys(
        pmids[:2],
        "efetch of history records 1-2: the answer was cut off before its end (truncated XML)"
        f" (after {RETRIES + 1} attempts)",
    )
    assert summary.fetched == tuple(pmids[2:])


def test_a_cut_off_search_is_sent_again_and_lists_every_id(fake, settings):
    fake.searches["ketamine[tiab]"] = (3, [39000001, 39000002, 39000003])
    fake.inject(Fault("truncate"))
    found = EutilsClient(settings).esearch("ketamine[tiab]")
    assert (found.count, found.ids, found.truncated) == (3, (39000001, 39000002, 39000003), False)
    assert len(fake.requests_to("esearch")) == 2


def test_a_search_cut_off_on_every_try_says_which_search_and_why(fake, settings):
    fake.searches["ketamine[tiab]"] = (3, [39000001, 39000002, 39000003])
    fake.inject(*[Fault("truncate")] * (RETRIES + 1))
    with pytest.raises(EutilsUnavailable) as failed:
        EutilsClient(settings).esearch("ketamine[tiab]")
    assert str(failed.value) == (
        "esearch for 'ketamine[tiab]': the answer was cut off before its end (truncated XML) (after 3 attempts)"
    )
