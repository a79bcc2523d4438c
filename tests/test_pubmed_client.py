"""The PubMed client against a local fake E-utilities server: batching, faults, retries, rate limit."""

from __future__ import annotations

import contextlib
import http.client
import threading
from pathlib import Path
from urllib.error import HTTPError, URLError

import pytest

from evidence.cache import PubmedCache
from evidence.cli import main
from evidence.enrich import refresh_pubmed
from evidence.eutils import EutilsClient, EutilsSettings, EutilsUnavailable, RateLimiter, describe_failure

from .conftest import NCBI_FIXTURES
from .fake_eutils import FakeEutils, Fault, settings_for

KNOWN = [10686270, 16894061, 23982301]
RETRIES = 3


@pytest.fixture
def fake():
    with FakeEutils(ncbi_fixtures=NCBI_FIXTURES) as server:
        yield server


@pytest.fixture
def settings(fake) -> EutilsSettings:
    return settings_for(fake, max_retries=RETRIES, backoff_base=0.01)


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


def cached_files(data: Path) -> dict[str, bytes]:
    folder = data / "pubmed" / "records"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_requests_identify_the_client_to_ncbi(fake, settings, data):
    refresh_pubmed(data, settings, pmids=KNOWN)
    (request,) = fake.requests
    assert request.params["email"] == "tests@example.org"
    assert request.params["tool"] == settings.tool
    assert request.params["api_key"] == "test-key"
    assert request.params["db"] == "pubmed" and request.params["retmode"] == "xml"


@pytest.mark.parametrize("fault", ["429", "500", "502", "503", "reset", "truncate", "html", "delay"])
def test_one_transient_fault_is_retried_once_and_everything_is_fetched(fake, settings, data, fault):
    fake.inject(Fault(fault, seconds=settings.timeout + 1))
    summary = refresh_pubmed(data, settings, pmids=KNOWN)
    assert len(fake.requests_to("efetch")) == 2
    assert summary.fetched == tuple(sorted(KNOWN)) and summary.ok
    assert set(PubmedCache(data).load()) == set(KNOWN)


def test_persistent_failure_stops_after_the_retry_bound_and_leaves_the_cache_intact(fake, settings, data):
    refresh_pubmed(data, settings, pmids=KNOWN)
    before = cached_files(data)
    fake.requests.clear()
    fake.inject(*[Fault("503")] * (RETRIES + 1))
    summary = refresh_pubmed(data, settings, pmids=KNOWN, force=True)
    assert len(fake.requests) == RETRIES + 1
    assert summary.fetched == () and set(summary.failed) == set(KNOWN)
    assert (
        "HTTP 503" in summary.failed[KNOWN[0]] and f"after {RETRIES + 1} attempts" in summary.failed[KNOWN[0]]
    )
    assert cached_files(data) == before
    status = PubmedCache(data).status(KNOWN)
    assert status.enriched == tuple(sorted(KNOWN))  # still served from the cache


def test_client_errors_other_than_429_are_not_retried(fake, settings, data):
    fake.inject(Fault("400"))
    summary = refresh_pubmed(data, settings, pmids=KNOWN)
    assert len(fake.requests) == 1
    assert all("HTTP 400" in reason for reason in summary.failed.values())


def test_retry_after_is_honoured(fake, settings, data):
    fake.inject(Fault("429", retry_after="1"))
    refresh_pubmed(data, settings, pmids=KNOWN)
    first, second = fake.requests
    # the client's own backoff would be 0.01 s: the gap comes from Retry-After
    assert second.at - first.at >= 0.95


def test_ids_missing_from_the_answer_are_reported_not_found(fake, settings, data):
    summary = refresh_pubmed(data, settings, pmids=[*KNOWN, 11111111, 22222222])
    assert summary.not_found == (11111111, 22222222)
    assert summary.fetched == tuple(sorted(KNOWN))
    reasons = {n.pmid: n.reason for n in PubmedCache(data).status([11111111]).not_enriched}
    assert "PubMed does not know this PMID" in reasons[11111111]


def test_large_sets_go_in_batches_of_at_most_200(fake, settings, data):
    pmids = list(range(1000, 1450))
    fake.add_synthetic(pmids)
    summary = refresh_pubmed(data, settings, pmids=pmids)
    efetches = fake.requests_to("efetch")
    assert [len(r.ids) for r in efetches] == [200, 200, 50]
    assert efetches[0].method == "POST"  # 200 ids do not fit a GET
    assert len(summary.fetched) == 450


def test_very_large_sets_use_epost_and_history_pages(fake, settings, data):
    pmids = list(range(1000, 1450))
    fake.add_synthetic(pmids[:-5])
    from dataclasses import replace

    summary = refresh_pubmed(data, replace(settings, history_threshold=300), pmids=pmids)
    assert [r.utility for r in fake.requests] == ["epost", "efetch", "efetch", "efetch"]
    assert [r.params["retstart"] for r in fake.requests_to("efetch")] == ["0", "200", "400"]
    assert len(summary.fetched) == 445 and summary.not_found == tuple(pmids[-5:])
    # what NCBI is asked: the ids posted once, then pages of that history, as XML
    (post,) = fake.requests_to("epost")
    assert (post.params["db"], post.ids) == ("pubmed", pmids)
    pages = [
        {k: r.params[k] for k in ("db", "retmode", "WebEnv", "query_key", "retmax")}
        for r in fake.requests_to("efetch")
    ]
    assert (
        pages
        == [{"db": "pubmed", "retmode": "xml", "WebEnv": "MCID_fake_1", "query_key": "1", "retmax": "200"}]
        * 3
    )


def test_a_search_since_a_date_asks_pubmed_for_publication_dates_from_then_on(fake, settings):
    from evidence.eutils import ESEARCH_LIMIT, EutilsClient

    fake.searches["ketamine[tiab]"] = (2, [39000001, 39000002])
    found = EutilsClient(settings).esearch("ketamine[tiab]", mindate="2024-01-15")
    assert (found.term, found.count, found.ids) == ("ketamine[tiab]", 2, (39000001, 39000002))
    (search,) = fake.requests_to("esearch")
    assert {k: v for k, v in search.params.items() if k not in ("tool", "email", "api_key")} == {
        "db": "pubmed",
        "term": "ketamine[tiab]",
        "retmax": str(ESEARCH_LIMIT),
        "datetype": "pdat",
        "mindate": "2024/01/15",
        "maxdate": "3000",
    }


def test_a_search_that_fails_says_which_search_and_why(fake, settings):
    from evidence.eutils import EutilsClient, EutilsUnavailable

    fake.inject(Fault("400"))  # a client error: not retried
    with pytest.raises(EutilsUnavailable) as failed:
        EutilsClient(settings).esearch("ketamine[tiab] AND fibromyalgia")
    assert (
        str(failed.value)
        == "esearch for 'ketamine[tiab] AND fibromyalgia': HTTP 400 Bad Request (after 1 attempt)"
    )


def test_a_failed_batch_does_not_cost_the_others(fake, settings, data):
    pmids = list(range(1000, 1450))
    fake.add_synthetic(pmids)
    fake.inject(Fault("ok"), *[Fault("502")] * (RETRIES + 1))
    summary = refresh_pubmed(data, settings, pmids=pmids)
    assert len(summary.fetched) == 250
    assert sorted(summary.failed) == pmids[200:400]
    assert len(fake.requests) == 1 + (RETRIES + 1) + 1


class _ForcedTogether:
    """A fake clock that holds each thread at the moment it would record its request as sent.

    The limiter reads the clock once to decide and once more to record the send. Holding that
    second reading until the other thread gets there too means, without the limiter's lock, that
    both threads decided on an empty window before either recorded anything: they leave at the
    same instant, a violation every time. With the lock the other thread cannot get in, the
    barrier times out (a short fixed wait) and the requests are spaced. No real time is slept:
    ``sleep`` moves the clock.
    """

    def __init__(self) -> None:
        self.now = 0.0
        self.barrier = threading.Barrier(2, timeout=0.5)
        self.calls = threading.local()
        self.lock = threading.Lock()

    def clock(self) -> float:
        self.calls.n = getattr(self.calls, "n", 0) + 1
        if self.calls.n == 2:  # the first thread's "sent" reading, or the second thread's
            with contextlib.suppress(threading.BrokenBarrierError):
                self.barrier.wait()
        with self.lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


@pytest.mark.parametrize("per_second", [3, 10])
def test_two_threads_forced_into_the_limiter_at_once_still_leave_spaced(per_second):
    from evidence.eutils import RateLimiter

    forced = _ForcedTogether()
    limiter = RateLimiter(clock=forced.clock, sleep=forced.sleep)
    threads = [threading.Thread(target=limiter.wait, args=(per_second,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    sent = sorted(limiter._sent)
    assert len(sent) == 2
    assert sent[1] - sent[0] >= 1 / per_second, "two requests left together: the limiter let both in"


def test_the_limiter_never_lets_more_than_the_rate_into_its_window():
    from evidence.eutils import RateLimiter

    now = [0.0]
    limiter = RateLimiter(clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    for _ in range(25):
        limiter.wait(10)
    sent = list(limiter._sent)
    for i, t in enumerate(sent):
        inside = [u for u in sent[i:] if u - t < RateLimiter.WINDOW]
        assert len(inside) <= 10
    assert all(b - a >= 0.1 - 1e-9 for a, b in zip(sent, sent[1:], strict=False))


def test_enrich_without_email_says_so_and_changes_nothing(monkeypatch, data_copy, capsys):
    monkeypatch.delenv("NCBI_EMAIL", raising=False)
    before = sorted(p.relative_to(data_copy) for p in data_copy.rglob("*"))
    assert main(["enrich", "--data", str(data_copy)]) == 2
    assert capsys.readouterr().err == (
        "error: NCBI asks every E-utilities client for a contact email, and none is set. Set NCBI_EMAIL (and"
        " NCBI_API_KEY if you have one) in the environment, or ncbi_email in .streamlit/secrets.toml for the"
        " dashboard. Nothing was fetched or changed; the cache is as it was.\n"
    )
    assert sorted(p.relative_to(data_copy) for p in data_copy.rglob("*")) == before


def test_enrich_command_prints_the_summary(fake, data, monkeypatch, capsys):
    monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
    monkeypatch.setenv("EVIDENCE_EUTILS_URL", fake.url)
    monkeypatch.setenv("EVIDENCE_EUTILS_BACKOFF", "0.01")
    code = main(["enrich", "--data", str(data), "--pmid", *map(str, KNOWN), "99999998"])
    out = capsys.readouterr().out
    assert code == 1  # one PMID is not found
    assert "fetched 3, already cached 0, not found 1, failed 0" in out
    assert "not found in PubMed: 99999998" in out
    assert main(["enrich", "--data", str(data), "--pmid", *map(str, KNOWN)]) == 0
    assert "fetched 0, already cached 3" in capsys.readouterr().out
    assert main(["enrich", "--data", str(data), "--pmid", *map(str, KNOWN), "--max-age", "0"]) == 0
    assert "fetched 3, already cached 0" in capsys.readouterr().out
    assert main(["enrich", "--data", str(data), "--pmid", str(KNOWN[0]), "--force"]) == 0
    assert "fetched 1, already cached 0" in capsys.readouterr().out


# -- settings, waits and the reasons a curator reads -------------------------------------------------


def test_every_setting_the_readme_names_comes_from_its_environment_variable():
    environ = {
        "NCBI_EMAIL": " curator@example.org ",
        "NCBI_API_KEY": "the-key",
        "EVIDENCE_EUTILS_URL": "http://127.0.0.1:9/entrez/eutils/",
        "EVIDENCE_EUTILS_TIMEOUT": "2.5",
        "EVIDENCE_EUTILS_RETRIES": "2",
        "EVIDENCE_EUTILS_BACKOFF": "0.25",
        "EVIDENCE_EUTILS_HISTORY_THRESHOLD": "500",
    }
    assert EutilsSettings.from_env(environ) == EutilsSettings(
        email="curator@example.org",
        api_key="the-key",
        base_url="http://127.0.0.1:9/entrez/eutils/",
        timeout=2.5,
        max_retries=2,
        backoff_base=0.25,
        history_threshold=500,
    )
    # unset or empty variables leave the defaults; an email or key given by a page wins
    assert EutilsSettings.from_env({"NCBI_EMAIL": "", "EVIDENCE_EUTILS_TIMEOUT": ""}) == EutilsSettings(
        email=None
    )
    given = EutilsSettings.from_env(environ, email="page@example.org", api_key="page-key")
    assert (given.email, given.api_key) == ("page@example.org", "page-key")


def instant_limiter() -> RateLimiter:
    """A rate limiter on a clock of its own: it spaces requests without real waiting."""
    now = [0.0]
    return RateLimiter(clock=lambda: now[0], sleep=lambda seconds: now.__setitem__(0, now[0] + seconds))


def test_retries_wait_twice_as_long_each_time_up_to_the_cap(fake):
    settings = EutilsSettings(
        email="tests@example.org",
        api_key="test-key",
        base_url=fake.url,
        max_retries=5,
        backoff_base=0.5,
        backoff_max=3.0,
    )
    slept: list[float] = []
    client = EutilsClient(settings, limiter=instant_limiter(), sleep=slept.append)
    fake.inject(*[Fault("503")] * 6)
    with pytest.raises(EutilsUnavailable) as failed:
        client.efetch_pubmed(KNOWN)
    assert slept == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert str(failed.value) == "efetch of 3 PMIDs: HTTP 503 Service Unavailable (after 6 attempts)"


@pytest.mark.parametrize(
    ("retry_after", "waited"),
    [
        ("2", 2.0),
        ("0", 0.5),
        ("120", 60.0),
        ("Fri, 01 Jan 2100 00:00:00 GMT", 60.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.5),
        ("soon", 0.5),
    ],
    ids=[
        "longer than the backoff",
        "shorter than the backoff",
        "longer than the client waits",
        "a date far ahead",
        "a date gone by",
        "not a time",
    ],
)
def test_a_429_waits_as_long_as_ncbi_asks_within_bounds(fake, retry_after, waited):
    settings = EutilsSettings(
        email="tests@example.org", api_key="test-key", base_url=fake.url, backoff_base=0.5
    )
    slept: list[float] = []
    client = EutilsClient(settings, limiter=instant_limiter(), sleep=slept.append)
    fake.inject(Fault("429", retry_after=retry_after))
    client.efetch_pubmed(KNOWN)
    assert slept == [waited]


@pytest.mark.parametrize(
    ("per_second", "sent"),
    [
        (3, [0, 1 / 3, 2 / 3, 1.1, 1.1 + 1 / 3, 1.1 + 2 / 3, 2.2]),
        (10, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.1, 1.2]),
    ],
)
def test_the_limiter_sends_as_soon_as_the_rate_allows(per_second, sent):
    """One request per 1/rate, and at most the rate in any 1.1 s: no slower than that either."""
    now = [0.0]
    limiter = RateLimiter(clock=lambda: now[0], sleep=lambda seconds: now.__setitem__(0, now[0] + seconds))
    left = []
    for _ in sent:
        limiter.wait(per_second)
        left.append(now[0])
    assert left == pytest.approx(sent)


def test_each_failed_batch_gives_its_own_pmids_its_own_reason(fake, settings, data):
    pmids = list(range(1000, 1400))
    fake.add_synthetic(pmids)
    fake.inject(Fault("400"), *[Fault("503")] * (RETRIES + 1))
    summary = refresh_pubmed(data, settings, pmids=pmids)
    assert summary.failed == {
        **dict.fromkeys(pmids[:200], "efetch of 200 PMIDs: HTTP 400 Bad Request (after 1 attempt)"),
        **dict.fromkeys(pmids[200:], "efetch of 200 PMIDs: HTTP 503 Service Unavailable (after 4 attempts)"),
    }
    assert summary.fetched == () and summary.not_found == ()


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (Fault("html"), "the answer was an HTML page, not E-utilities XML"),
        (Fault("body", body=b"<html><body>Proxy error</body></html>"), "the answer was an HTML page, not E-utilities XML"),
        (Fault("body", body=b"\n <!DOCTYPE HTML><title>Down</title>"), "the answer was an HTML page, not E-utilities XML"),
        (Fault("body", body=b'{"error":"API rate limit exceeded"}'), "the answer was not XML, not E-utilities XML"),
        (Fault("truncate"), "the answer was cut off before its end (truncated XML)"),
        (Fault("reset"), "the connection was reset"),
        (Fault("429", retry_after=None), "HTTP 429: NCBI's rate limit was exceeded"),
        (Fault("502"), "HTTP 502 Bad Gateway"),
    ],
    ids=["html page", "html without doctype", "doctype only", "json", "truncated", "reset", "429", "502"],
)  # fmt: skip
def test_the_summary_says_in_words_why_a_batch_failed(fake, settings, data, fault, reason):
    fake.inject(*[fault] * (RETRIES + 1))
    summary = refresh_pubmed(data, settings, pmids=KNOWN)
    assert summary.failed == dict.fromkeys(
        KNOWN, f"efetch of 3 PMIDs: {reason} (after {RETRIES + 1} attempts)"
    )
    assert PubmedCache(data).status(KNOWN).not_enriched[0].reason == (
        f"last refresh failed: efetch of 3 PMIDs: {reason} (after {RETRIES + 1} attempts)"
    )


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (HTTPError("u", 429, "Too Many Requests", None, None), "HTTP 429: NCBI's rate limit was exceeded"),
        (HTTPError("u", 500, "Internal Server Error", None, None), "HTTP 500 Internal Server Error"),
        (URLError(TimeoutError("read")), "timed out waiting for E-utilities"),
        (URLError("_ssl.c:990: The handshake operation timed out"), "timed out waiting for E-utilities"),
        (URLError(ConnectionRefusedError(111, "Connection refused")),
         "could not reach E-utilities ([Errno 111] Connection refused)"),
        (TimeoutError("timed out"), "timed out waiting for E-utilities"),
        (ConnectionResetError(104, "Connection reset by peer"), "the connection was reset"),
        (http.client.RemoteDisconnected("Remote end closed connection"), "the connection was reset"),
        (http.client.IncompleteRead(b"<?xml", 100), "the answer was cut off before its end (truncated)"),
        (http.client.BadStatusLine("HELLO"), "BadStatusLine: HELLO"),
        (OSError(28, "No space left on device"), "OSError: [Errno 28] No space left on device"),
    ],
)  # fmt: skip
def test_every_kind_of_failure_has_a_reason_a_curator_can_read(error, reason):
    assert describe_failure(error) == reason


def test_when_the_history_server_fails_the_pmids_it_held_are_failed_with_its_reason(fake, settings, data):
    from dataclasses import replace

    pmids = list(range(1000, 1450))
    fake.add_synthetic(pmids)
    paged = replace(settings, history_threshold=300)
    fake.inject(Fault("400"))  # the epost
    summary = refresh_pubmed(data, paged, pmids=pmids)
    assert summary.failed == dict.fromkeys(
        pmids, "epost of 450 PMIDs: HTTP 400 Bad Request (after 1 attempt)"
    )
    fake.inject(Fault("ok"), Fault("ok"), Fault("400"))  # the epost, the first page, the second page
    summary = refresh_pubmed(data, paged, pmids=pmids)
    assert len(summary.fetched) == 250
    assert summary.failed == dict.fromkeys(
        pmids[200:400], "efetch of history records 201-400: HTTP 400 Bad Request (after 1 attempt)"
    )


@pytest.mark.parametrize("trailing_slash", [True, False], ids=["with trailing slash", "without"])
def test_the_eutils_address_may_be_given_with_or_without_its_trailing_slash(
    fake, settings, data, trailing_slash
):
    """EVIDENCE_EUTILS_URL names a mirror or proxy; both spellings must reach the same utility URL."""
    from dataclasses import replace

    assert fake.url.endswith("/entrez/eutils/")
    base_url = fake.url if trailing_slash else fake.url.rstrip("/")
    summary = refresh_pubmed(data, replace(settings, base_url=base_url), pmids=KNOWN)
    assert summary.fetched == tuple(sorted(KNOWN))
    assert [r.path for r in fake.requests] == ["/entrez/eutils/efetch.fcgi"]


CORRUPTED_ANSWER = (
    b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
    b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    b"<PubmedArticleSet><PubmedArticle></PubmedArticleSet>\n"
)


def test_an_answer_that_looks_whole_but_is_not_readable_pubmed_xml_fails_its_batch_in_words(
    fake, settings, data
):
    """It starts as XML and ends as a PubmedArticleSet, so it is not retried; the reason says what broke."""
    fake.inject(Fault("body", body=CORRUPTED_ANSWER))
    summary = refresh_pubmed(data, settings, pmids=KNOWN)
    reason = (
        "the answer could not be read: efetch answer: not a readable PubMed efetch answer (CorruptedXMLError:"
        " Failed to parse the XML data (mismatched tag: line 3, column 35). Please make sure that the input"
        " data are not corrupted.)"
    )
    assert summary.failed == dict.fromkeys(KNOWN, reason)
    assert (summary.fetched, summary.not_found, len(fake.requests)) == ((), (), 1)
    assert {n.pmid: n.reason for n in PubmedCache(data).status(KNOWN).not_enriched} == dict.fromkeys(
        KNOWN, f"last refresh failed: {reason}"
    )
