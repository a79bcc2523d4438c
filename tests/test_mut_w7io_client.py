"""How the E-utilities client reaches the configured server, counts what it sends, and leaves other Bio.Entrez users alone."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest
from Bio import Entrez

from evidence.eutils import EutilsClient, EutilsSettings, EutilsUnavailable

from .fake_eutils import FakeEutils, Fault


@pytest.fixture
def fake():
    with FakeEutils() as server:
        yield server


def settings_for(base_url: str, *, max_retries: int = 2) -> EutilsSettings:
    return EutilsSettings(
        email="tests@example.org",
        api_key="test-key",
        base_url=base_url,
        timeout=2.0,
        max_retries=max_retries,
        backoff_base=0.001,
    )


def no_sleep(seconds: float) -> None:
    pass


def test_a_new_client_in_a_fresh_process_sends_to_the_configured_server_and_retries_only_as_configured(
    fake, monkeypatch
):
    """Even when Bio.Entrez is as Biopython ships it (its own urlopen, three tries), ours takes over."""
    monkeypatch.setattr(Entrez, "urlopen", urllib.request.urlopen)
    monkeypatch.setattr(Entrez, "max_tries", 3)
    fake.inject(Fault("500"), Fault("500"), Fault("500"))
    client = EutilsClient(settings_for(fake.url, max_retries=2), sleep=no_sleep)
    with pytest.raises(EutilsUnavailable) as caught:
        client.esearch("ketamine[tiab]")
    assert (
        str(caught.value) == "esearch for 'ketamine[tiab]': HTTP 500 Internal Server Error (after 3 attempts)"
    )
    assert [r.utility for r in fake.requests] == ["esearch"] * 3


def test_requests_sent_counts_every_http_attempt_from_zero_retries_included(fake):
    """The enrich summary reports this count as the requests a refresh made."""
    client = EutilsClient(settings_for(fake.url), sleep=no_sleep)
    assert client.requests_sent == 0
    client.esearch("ketamine[tiab]")
    assert client.requests_sent == 1
    fake.inject(Fault("503"), Fault("503"))
    client.esearch("ketamine[tiab]")
    assert client.requests_sent == 4
    assert len(fake.requests) == 4


@pytest.mark.parametrize("prefix", ["/mirror/ncbiX/", "/mirror/ncbiX"])
def test_a_base_url_with_a_path_keeps_that_path_whole_with_or_without_a_trailing_slash(fake, prefix):
    """A mirror or proxy address is used as given: only one slash is put between it and the utility."""
    root = fake.url.split("/entrez/", 1)[0]
    EutilsClient(settings_for(root + prefix), sleep=no_sleep).esearch("ketamine[tiab]")
    assert [r.path for r in fake.requests] == ["/mirror/ncbiX/esearch.fcgi"]


def test_a_plain_bio_entrez_request_outside_the_client_goes_where_it_was_addressed_uncounted(fake):
    """Other code in the process that uses Bio.Entrez's urlopen gets urllib's behaviour, data and all."""
    client = EutilsClient(settings_for("http://127.0.0.1:9/unused/"), sleep=no_sleep)
    query = urllib.parse.urlencode({"db": "pubmed", "term": "ketamine[tiab]"}).encode()
    with Entrez.urlopen(urllib.request.Request(fake.url + "esearch.fcgi?db=pubmed&term=x")) as handle:
        assert b"<QueryTranslation>x</QueryTranslation>" in handle.read()
    with Entrez.urlopen(urllib.request.Request(fake.url + "esearch.fcgi"), query, 5.0) as handle:
        assert b"<QueryTranslation>ketamine[tiab]</QueryTranslation>" in handle.read()
    with Entrez.urlopen(urllib.request.Request(fake.url + "esearch.fcgi"), data=query, timeout=5.0) as handle:
        assert b"<QueryTranslation>ketamine[tiab]</QueryTranslation>" in handle.read()
    assert [(r.method, r.path) for r in fake.requests] == [
        ("GET", "/entrez/eutils/esearch.fcgi"),
        ("POST", "/entrez/eutils/esearch.fcgi"),
        ("POST", "/entrez/eutils/esearch.fcgi"),
    ]
    assert client.requests_sent == 0
