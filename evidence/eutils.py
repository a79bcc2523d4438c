"""The E-utilities client: the one place that knows NCBI's address and how requests are sent.

Bio.Entrez builds every request and reads the answers. This module supplies what it
lacks for a well-behaved client (see Bio/Entrez/__init__.py): a configurable base URL
(Biopython hard-codes NCBI's), a timeout on every request, one thread-safe rate limit
for the whole process (3 requests/s, 10 with an API key), and bounded retries with
exponential backoff that honours Retry-After on HTTP 429, 5xx, timeouts and resets.
It does so by routing ``Bio.Entrez.urlopen`` through ``_send``, the seam Biopython's
own tests use; nothing else in the package knows the address.
"""

from __future__ import annotations

import collections
import contextvars
import email.utils
import http.client
import os
import re
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.error import HTTPError, URLError

import tenacity
from Bio import Entrez

from .errors import EvidenceError

NCBI_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
# what Bio.Entrez 1.88 writes in front of every utility name; rewritten in _send
_BIOPYTHON_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL_NAME = "ketamine-evidence-dashboard"
EFETCH_BATCH_LIMIT = 200  # NCBI: about 200 ids per efetch request
ESEARCH_LIMIT = 10_000  # PubMed's esearch cannot page past the 10,000th id


class EmailMissing(EvidenceError):
    def __init__(self) -> None:
        super().__init__(
            "NCBI asks every E-utilities client for a contact email, and none is set. "
            "Set NCBI_EMAIL (and NCBI_API_KEY if you have one) in the environment, or "
            "ncbi_email in .streamlit/secrets.toml for the dashboard. Nothing was fetched "
            "or changed; the cache is as it was."
        )


class EutilsUnavailable(EvidenceError):
    """A request failed for good: retries exhausted, or an error retrying cannot fix."""

    def __init__(self, what: str, reason: str, attempts: int):
        super().__init__(f"{what}: {reason} (after {attempts} attempt{'s' if attempts != 1 else ''})")


class BadAnswer(Exception):
    """An answer that came back whole-looking but is not what was asked (HTML page, cut XML)."""


@dataclass(frozen=True)
class EutilsSettings:
    """Who we are to NCBI and how patient to be; read from the environment or given by a page."""

    email: str | None
    api_key: str | None = None
    tool: str = TOOL_NAME
    base_url: str = NCBI_BASE_URL
    timeout: float = 30.0  # seconds per socket operation
    max_retries: int = 4  # retries after the first attempt
    backoff_base: float = 1.0  # first wait; doubles each retry
    backoff_max: float = 30.0
    retry_after_max: float = 60.0  # never sleep longer than this on a server's say-so
    batch_size: int = EFETCH_BATCH_LIMIT
    # above this many ids, epost them once and page through the history server
    history_threshold: int = ESEARCH_LIMIT

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, email: str | None = None, api_key: str | None = None
    ) -> EutilsSettings:
        """Settings from NCBI_EMAIL / NCBI_API_KEY / EVIDENCE_EUTILS_*; explicit arguments win."""
        env = os.environ if environ is None else environ
        settings = cls(
            email=(email or env.get("NCBI_EMAIL") or "").strip() or None,
            api_key=(api_key or env.get("NCBI_API_KEY") or "").strip() or None,
            base_url=env.get("EVIDENCE_EUTILS_URL") or NCBI_BASE_URL,
        )
        numbers = {
            "timeout": "EVIDENCE_EUTILS_TIMEOUT",
            "max_retries": "EVIDENCE_EUTILS_RETRIES",
            "backoff_base": "EVIDENCE_EUTILS_BACKOFF",
            "history_threshold": "EVIDENCE_EUTILS_HISTORY_THRESHOLD",
        }
        changes: dict[str, float | int] = {}
        for field, name in numbers.items():
            if env.get(name):
                whole = field in ("max_retries", "history_threshold")
                try:
                    changes[field] = int(env[name]) if whole else float(env[name])
                except ValueError:
                    number = "a whole number" if whole else "a number"
                    raise EvidenceError(f"{name}={env[name]!r} is not {number}") from None
        return replace(settings, **changes)

    @property
    def requests_per_second(self) -> int:
        return 10 if self.api_key else 3

    def require_email(self) -> None:
        if not self.email:
            raise EmailMissing()


@dataclass(frozen=True)
class HistoryKey:
    webenv: str
    query_key: str


@dataclass(frozen=True)
class SearchResult:
    """An esearch answer: ``count`` is PubMed's total, ``ids`` what could be listed."""

    term: str
    count: int
    ids: tuple[int, ...]

    @property
    def truncated(self) -> bool:
        return self.count > len(self.ids)


@dataclass(frozen=True)
class FetchedBatch:
    """One efetch answer; ``requested`` is None for a history page (its ids are not known)."""

    requested: tuple[int, ...] | None
    xml: bytes


@dataclass(frozen=True)
class FailedBatch:
    requested: tuple[int, ...] | None
    reason: str


_NEGLIGIBLE = 1e-6  # seconds: a shorter wait is rounding, not a limit


class RateLimiter:
    """At most ``per_second`` requests in any sliding window, across every thread of the process.

    NCBI counts arrivals per rolling second. Two things make a plain "one slot every 1/rate"
    schedule trip that count now and then: a sleep that overshoots (the late request lands
    close to the next one, whose slot was fixed in advance) and arrival jitter. So the window
    is measured from when requests really left, and it is 10% longer than NCBI's second
    (Biopython pads 1/3 s to 0.37 s for the same reason).
    """

    WINDOW = 1.1  # seconds

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ):
        # the clock and the sleep are seams: a test drives them to force two threads in at once
        self._lock = threading.Lock()
        self._sent: collections.deque[float] = collections.deque()
        self._clock = clock
        self._sleep = sleep

    def wait(self, per_second: float) -> None:
        limit = max(1, int(per_second))
        spacing = 1.0 / per_second  # and never a burst: at most one request per 1/rate
        with self._lock:  # held while sleeping: senders queue up, in order
            while True:
                now = self._clock()
                while self._sent and now - self._sent[0] >= self.WINDOW:
                    self._sent.popleft()
                waits = []
                if len(self._sent) >= limit:
                    waits.append(self.WINDOW - (now - self._sent[0]))
                if self._sent:
                    waits.append(spacing - (now - self._sent[-1]))
                delay = max(waits, default=0.0)
                if delay <= _NEGLIGIBLE:  # float rounding can leave a wait too small to pass any time
                    break
                self._sleep(delay)
            self._sent.append(self._clock())  # when it really leaves, not when it was planned


RATE_LIMITER = RateLimiter()
_active_client: contextvars.ContextVar[EutilsClient | None] = contextvars.ContextVar(
    "eutils_client", default=None
)
_install_lock = threading.Lock()


def _send(request: urllib.request.Request, *args: object, **kwargs: object) -> http.client.HTTPResponse:
    """Bio.Entrez's urlopen: to the configured address, rate-limited, with a timeout."""
    client = _active_client.get()
    if client is None:  # a plain Bio.Entrez call made outside this module: leave it alone
        return urllib.request.urlopen(request, *args, **kwargs)  # type: ignore[arg-type]
    return client._open(request)


def _install_router() -> None:
    with _install_lock:
        if Entrez.urlopen is not _send:
            Entrez.urlopen = _send
        # Biopython's own retry re-sends 429/5xx at once without sleeping; ours replaces it
        Entrez.max_tries = 1


class EutilsClient:
    """Sends E-utilities requests through Bio.Entrez with this project's limits and retries."""

    def __init__(
        self,
        settings: EutilsSettings,
        *,
        limiter: RateLimiter = RATE_LIMITER,
        sleep: Callable[[float], None] = time.sleep,
    ):
        settings.require_email()
        self.settings = settings
        self._limiter = limiter
        self._sleep = sleep  # between retries; a seam, like the limiter's clock, for tests
        self._count_lock = threading.Lock()
        self.requests_sent = 0  # every HTTP attempt, retries included
        _install_router()

    # -- the HTTP seam ------------------------------------------------------------

    def _open(self, request: urllib.request.Request) -> http.client.HTTPResponse:
        url = request.full_url
        if url.startswith(_BIOPYTHON_BASE_URL):
            request.full_url = self.settings.base_url.rstrip("/") + "/" + url[len(_BIOPYTHON_BASE_URL) :]
        self._limiter.wait(self.settings.requests_per_second)
        with self._count_lock:
            self.requests_sent += 1
        return urllib.request.urlopen(request, timeout=self.settings.timeout)

    def _call(self, what: str, utility: str, expect_end: bytes | None, **params: object) -> bytes:
        """One utility call, retried on transient failures; returns the complete answer."""
        identity = {
            "email": self.settings.email,
            "tool": self.settings.tool,
            "api_key": self.settings.api_key,
        }
        send = getattr(Entrez, utility)

        def attempt() -> bytes:
            token = _active_client.set(self)
            try:
                handle = send(**params, **identity)
                try:
                    data = handle.read()
                finally:
                    handle.close()
            finally:
                _active_client.reset(token)
            body = data.encode() if isinstance(data, str) else data
            _check_answer(body, expect_end)
            return body

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception(_is_transient),
            stop=tenacity.stop_after_attempt(self.settings.max_retries + 1),
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except Exception as exc:
            if not isinstance(exc, (HTTPError, URLError, OSError, http.client.HTTPException, BadAnswer)):
                raise
            attempts = retrying.statistics.get("attempt_number", 1)
            raise EutilsUnavailable(what, describe_failure(exc), attempts) from exc

    def _wait(self, state: tenacity.RetryCallState) -> float:
        s = self.settings
        backoff = min(s.backoff_max, s.backoff_base * 2 ** (state.attempt_number - 1))
        exc = state.outcome.exception() if state.outcome else None
        asked = _retry_after(exc)
        return max(backoff, min(asked, s.retry_after_max)) if asked is not None else backoff

    # -- the utilities ------------------------------------------------------------

    def efetch_pubmed(self, pmids: Sequence[int]) -> bytes:
        """efetch of at most ``batch_size`` PMIDs (Bio.Entrez posts when there are 200)."""
        if len(pmids) > self.settings.batch_size:
            raise ValueError(f"at most {self.settings.batch_size} ids per efetch, got {len(pmids)}")
        ids = ",".join(str(p) for p in pmids)
        return self._call(
            f"efetch of {len(pmids)} PMIDs",
            "efetch",
            b"</PubmedArticleSet>",
            db="pubmed",
            id=ids,
            retmode="xml",
        )

    def epost(self, pmids: Sequence[int]) -> HistoryKey:
        body = self._call(
            f"epost of {len(pmids)} PMIDs",
            "epost",
            b"</ePostResult>",
            db="pubmed",
            id=",".join(map(str, pmids)),
        )
        record = Entrez.read(_stream(body))
        return HistoryKey(webenv=str(record["WebEnv"]), query_key=str(record["QueryKey"]))

    def efetch_history(self, key: HistoryKey, retstart: int, retmax: int) -> bytes:
        return self._call(
            f"efetch of history records {retstart + 1}-{retstart + retmax}",
            "efetch",
            b"</PubmedArticleSet>",
            db="pubmed",
            retmode="xml",
            WebEnv=key.webenv,
            query_key=key.query_key,
            retstart=retstart,
            retmax=retmax,
        )

    def esearch(self, term: str, *, mindate: str | None = None) -> SearchResult:
        """All ids PubMed lists for ``term``, up to esearch's 10,000; ``truncated`` says if more exist."""
        dates = {}
        if mindate:
            # NCBI needs both ends of a date range: from mindate to any date to come
            dates = {"datetype": "pdat", "mindate": mindate.replace("-", "/"), "maxdate": "3000"}
        body = self._call(
            f"esearch for {term!r}",
            "esearch",
            b"</eSearchResult>",
            db="pubmed",
            term=term,
            retmax=ESEARCH_LIMIT,
            **dates,
        )
        record = Entrez.read(_stream(body))
        return SearchResult(
            term=term, count=int(record["Count"]), ids=tuple(int(i) for i in record["IdList"])
        )

    def fetch_pubmed_batches(self, pmids: Sequence[int]) -> Iterator[FetchedBatch | FailedBatch]:
        """efetch answers covering ``pmids``: by id in batches, or via epost and history pages.

        A batch that fails for good is yielded as ``FailedBatch`` and the rest go on, so one
        bad batch never costs the others.
        """
        size = self.settings.batch_size
        ids = list(dict.fromkeys(pmids))
        if len(ids) <= self.settings.history_threshold:
            for start in range(0, len(ids), size):
                chunk = tuple(ids[start : start + size])
                try:
                    yield FetchedBatch(chunk, self.efetch_pubmed(chunk))
                except EutilsUnavailable as exc:
                    yield FailedBatch(chunk, str(exc))
            return
        try:
            key = self.epost(ids)
        except EutilsUnavailable as exc:
            yield FailedBatch(tuple(ids), str(exc))
            return
        for start in range(0, len(ids), size):
            try:
                yield FetchedBatch(None, self.efetch_history(key, start, size))
            except EutilsUnavailable as exc:
                yield FailedBatch(None, str(exc))


def _stream(body: bytes):
    import io

    return io.BytesIO(body)


def _check_answer(body: bytes, expect_end: bytes | None) -> None:
    head = body[:200].lstrip().lower()
    if not head.startswith(b"<?xml"):
        kind = (
            "an HTML page"
            if b"<html" in body[:2000].lower() or head.startswith(b"<!doctype html")
            else "not XML"
        )
        raise BadAnswer(f"the answer was {kind}, not E-utilities XML")
    if expect_end is not None and expect_end not in body[-200:]:
        raise BadAnswer("the answer was cut off before its end (truncated XML)")


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, HTTPError):
        return exc.code == 429 or exc.code >= 500
    return isinstance(
        exc, (URLError, TimeoutError, ConnectionError, http.client.HTTPException, BadAnswer, OSError)
    )


def _retry_after(exc: BaseException | None) -> float | None:
    if not isinstance(exc, HTTPError) or exc.headers is None:
        return None
    value = exc.headers.get("Retry-After")
    if not value:
        return None
    if re.fullmatch(r"\s*\d+(\.\d+)?\s*", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def describe_failure(exc: BaseException) -> str:
    """A reason a curator can read, for the enrich summary."""
    if isinstance(exc, HTTPError):
        if exc.code == 429:
            return "HTTP 429: NCBI's rate limit was exceeded"
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, URLError):
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return "timed out waiting for E-utilities"
        return f"could not reach E-utilities ({reason})"
    if isinstance(exc, TimeoutError):
        return "timed out waiting for E-utilities"
    if isinstance(exc, ConnectionError | http.client.RemoteDisconnected):
        return "the connection was reset"
    if isinstance(exc, http.client.IncompleteRead):
        return "the answer was cut off before its end (truncated)"
    if isinstance(exc, BadAnswer):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
