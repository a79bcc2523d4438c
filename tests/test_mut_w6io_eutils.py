"""The batches the PubMed client hands enrich, and which complete answers it accepts as they are."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidence.eutils import EutilsClient, EutilsSettings, FailedBatch, FetchedBatch

from .fake_eutils import FakeEutils, Fault, settings_for

RETRIES = 1


@pytest.fixture
def fake():
    with FakeEutils() as server:
        yield server


@pytest.fixture
def settings(fake) -> EutilsSettings:
    """Batches of two and the history server above three ids: as 200 and 10,000, but small."""
    return settings_for(fake, max_retries=RETRIES, batch_size=2, history_threshold=3)


def pmids_in(xml: bytes) -> list[int]:
    return [int(part.split(b"<", 1)[0]) for part in xml.split(b'<PMID Version="1">')[1:]]


def test_up_to_the_history_threshold_ids_are_fetched_by_id_in_batches_each_naming_its_ids(fake, settings):
    """Exactly at the threshold, no epost: each efetch batch says which PMIDs it asked for, repeats dropped."""
    fake.add_synthetic([1001, 1002, 1003])
    batches = list(EutilsClient(settings).fetch_pubmed_batches([1001, 1002, 1001, 1003]))
    assert [r.utility for r in fake.requests] == ["efetch", "efetch"]
    assert [type(b) for b in batches] == [FetchedBatch, FetchedBatch]
    assert [b.requested for b in batches] == [(1001, 1002), (1003,)]
    assert [pmids_in(b.xml) for b in batches] == [[1001, 1002], [1003]]


def test_a_batch_that_fails_for_good_names_its_ids_and_the_others_still_arrive(fake, settings):
    fake.add_synthetic([1001, 1002, 1003])
    fake.inject(*[Fault("500")] * (RETRIES + 1))
    batches = list(EutilsClient(settings).fetch_pubmed_batches([1001, 1002, 1003]))
    assert batches[0] == FailedBatch(
        (1001, 1002), "efetch of 2 PMIDs: HTTP 500 Internal Server Error (after 2 attempts)"
    )
    assert (batches[1].requested, pmids_in(batches[1].xml)) == ((1003,), [1003])


def test_an_epost_that_fails_for_good_fails_every_id_it_carried_in_one_batch(fake, settings):
    """Above the threshold the ids go in one epost; when it cannot be sent, all of them failed, and why."""
    pmids = [1001, 1002, 1003, 1004]
    fake.add_synthetic(pmids)
    fake.inject(*[Fault("500")] * (RETRIES + 1))
    batches = list(EutilsClient(settings).fetch_pubmed_batches([*pmids, 1002]))
    assert [r.utility for r in fake.requests] == ["epost"] * (RETRIES + 1)
    assert batches == [
        FailedBatch(
            (1001, 1002, 1003, 1004),
            "epost of 4 PMIDs: HTTP 500 Internal Server Error (after 2 attempts)",
        )
    ]


def test_asking_efetch_for_more_ids_than_a_batch_holds_is_refused_before_anything_is_sent(fake, settings):
    with pytest.raises(ValueError) as raised:
        EutilsClient(settings).efetch_pubmed([1001, 1002, 1003])
    assert str(raised.value) == "at most 2 ids per efetch, got 3"
    assert fake.requests == []


SHORT_SEARCH = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE eSearchResult SYSTEM "esearch.dtd">\n'
    b"<eSearchResult><Count>1</Count><RetMax>1</RetMax><RetStart>0</RetStart>"
    b"<IdList><Id>39000001</Id></IdList></eSearchResult>\n"
)


def test_a_complete_answer_shorter_than_its_checked_tail_is_read_not_taken_for_a_cut_off_one(fake, settings):
    """A search with one hit is answered in under 200 bytes; its closing tag is there, so it is read at once."""
    assert len(SHORT_SEARCH) < 200
    fake.inject(Fault("body", body=SHORT_SEARCH))
    found = EutilsClient(replace(settings, max_retries=0)).esearch("ketamine[tiab]")
    assert (found.count, found.ids, found.truncated) == (1, (39000001,), False)
    assert len(fake.requests) == 1
