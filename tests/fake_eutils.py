"""A local fake of NCBI's E-utilities for tests and benchmarks: loopback only, with fault injection.

It serves efetch (by id, GET or POST, or from the history server), epost and esearch,
from article XML it is given: the hand-written files in tests/fixtures/pubmed/, the
recorded NCBI answers in ../shared/fixtures/ncbi/ when present, and synthetic articles
for the benchmark. Faults are queued and each is spent on the next request. It can also
enforce NCBI's rate limit the way NCBI does: HTTP 429 with a small JSON body.
"""

from __future__ import annotations

import collections
import re
import socket
import struct
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from evidence.eutils import EutilsSettings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pubmed"
HEADER = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n'
)
FOOTER = b"</PubmedArticleSet>\n"
_ARTICLE = re.compile(rb"<(PubmedArticle|PubmedBookArticle)>.*?</\1>", re.DOTALL)
_FIRST_PMID = re.compile(rb"<PMID[^>]*>\s*(\d+)\s*</PMID>")
NCBI_429_BODY = b'{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"11","limit":"10"}\n'
HTML_ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><title>Service unavailable</title></head>"
    b"<body><h1>Temporarily unavailable</h1><p>Please try again later.</p></body></html>"
)


@dataclass(frozen=True)
class Fault:
    """What the next request gets instead of a good answer.

    kind: "429" (NCBI's JSON body, Retry-After ``retry_after``), any other status code such
    as "500", "502", "503" or "400", "delay" (sleep ``seconds`` first), "reset" (drop the
    connection), "truncate" (half the XML, then close), "html" (200 with an HTML error
    page), "body" (200 with ``body`` as it is, e.g. what a proxy answers), "ok" (a normal
    answer: lets a later request take the next fault).
    """

    kind: str
    retry_after: str | None = "1"
    seconds: float = 0.0
    body: bytes = b""


@dataclass
class Request:
    utility: str
    method: str
    params: dict[str, str]
    at: float
    path: str = ""  # the URL's path, e.g. /entrez/eutils/efetch.fcgi

    @property
    def ids(self) -> list[int]:
        return [int(i) for i in self.params.get("id", "").split(",") if i.strip()]


@dataclass
class _History:
    ids: list[int] = field(default_factory=list)


def synthetic_article(pmid: int) -> bytes:
    """A small valid PubmedArticle for volume tests and the benchmark."""
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f'<Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print"><Volume>{pmid % 90 + 1}</Volume>'
        f"<Issue>{pmid % 12 + 1}</Issue><PubDate><Year>{2000 + pmid % 25}</Year><Month>Mar</Month></PubDate>"
        "</JournalIssue><Title>Journal of synthetic records</Title><ISOAbbreviation>J Synth Rec</ISOAbbreviation>"
        f"</Journal><ArticleTitle>Synthetic record {pmid}: ketamine and <i>something</i> measured.</ArticleTitle>"
        f"<Pagination><MedlinePgn>{pmid % 500}-{pmid % 500 + 9}</MedlinePgn></Pagination><Abstract>"
        '<AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">A synthetic background sentence for load.</AbstractText>'
        '<AbstractText Label="RESULTS" NlmCategory="RESULTS">A synthetic results sentence, long enough to weigh '
        "something like a real abstract section does when it is parsed.</AbstractText></Abstract>"
        '<AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>Synth</LastName><ForeName>Sam</ForeName>'
        '<Initials>S</Initials></Author><Author ValidYN="Y"><LastName>Other</LastName><ForeName>Olga</ForeName>'
        "<Initials>O</Initials></Author></AuthorList><Language>eng</Language><PublicationTypeList>"
        '<PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList></Article>'
        "<MedlineJournalInfo><MedlineTA>J Synth Rec</MedlineTA></MedlineJournalInfo><MeshHeadingList><MeshHeading>"
        '<DescriptorName UI="D007649" MajorTopicYN="N">Ketamine</DescriptorName></MeshHeading></MeshHeadingList>'
        "</MedlineCitation><PubmedData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId IdType="doi">10.9999/synth.{pmid}</ArticleId>'
        "</ArticleIdList></PubmedData></PubmedArticle>"
    ).encode()


def split_articles(xml: bytes) -> dict[int, bytes]:
    articles = {}
    for match in _ARTICLE.finditer(xml):
        pmid = _FIRST_PMID.search(match.group(0))
        if pmid:
            articles[int(pmid.group(1))] = match.group(0)
    return articles


class FakeEutils:
    """Start with ``with FakeEutils() as server:``; point the client at ``server.url``."""

    def __init__(self, *, rate_limit: int | None = None, ncbi_fixtures: Path | None = None):
        self.articles: dict[int, bytes] = {}
        for path in sorted(FIXTURES.glob("*.xml")):
            self.articles.update(split_articles(path.read_bytes()))
        if ncbi_fixtures is not None and ncbi_fixtures.is_dir():
            for path in sorted(ncbi_fixtures.glob("pubmed*.xml")):
                self.articles.update(split_articles(path.read_bytes()))
        self.searches: dict[str, tuple[int, list[int]]] = {}  # term -> (count, ids)
        self.faults: collections.deque[Fault] = collections.deque()
        self.requests: list[Request] = []
        self.rate_limit = rate_limit  # requests per rolling second, as NCBI enforces
        self.rejected_for_rate = 0
        self.slow_seconds = 0.0  # delay before every answer (to catch a client mid-run)
        self._lock = threading.Lock()
        self._recent: collections.deque[float] = collections.deque()
        self._histories: dict[str, _History] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- control ----------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/entrez/eutils/"

    def inject(self, *faults: Fault) -> None:
        self.faults.extend(faults)

    def add_synthetic(self, pmids) -> None:
        for pmid in pmids:
            self.articles[pmid] = synthetic_article(pmid)

    def requests_to(self, utility: str) -> list[Request]:
        return [r for r in self.requests if r.utility == utility]

    def start(self) -> FakeEutils:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )  # a short poll: stop() returns within 50 ms, not 500
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeEutils:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- answers ----------------------------------------------------------------------

    def _over_rate(self, now: float) -> bool:
        if self.rate_limit is None:
            return False
        with self._lock:
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            if len(self._recent) >= self.rate_limit:
                self.rejected_for_rate += 1
                return True
            self._recent.append(now)
            return False

    def efetch_body(self, params: dict[str, str]) -> bytes:
        if "WebEnv" in params:
            history = self._histories.get(params["WebEnv"])
            ids = history.ids if history else []
            start, count = int(params.get("retstart", 0)), int(params.get("retmax", 20))
            ids = ids[start : start + count]
        else:
            ids = [int(i) for i in params.get("id", "").split(",") if i.strip()]
        return HEADER + b"\n".join(self.articles[i] for i in ids if i in self.articles) + b"\n" + FOOTER

    def epost_body(self, params: dict[str, str]) -> bytes:
        ids = [int(i) for i in params.get("id", "").split(",") if i.strip()]
        webenv = f"MCID_fake_{len(self._histories) + 1}"
        self._histories[webenv] = _History(ids)
        return (
            b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE ePostResult PUBLIC "-//NLM//DTD epost 20090526//EN" '
            b'"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20090526/epost.dtd"><ePostResult>\n'
            b"<QueryKey>1</QueryKey><WebEnv>" + webenv.encode() + b"</WebEnv>\n</ePostResult>\n"
        )

    def esearch_body(self, params: dict[str, str]) -> bytes:
        count, ids = self.searches.get(params.get("term", ""), (0, []))
        shown = ids[: int(params.get("retmax", 20))]
        listing = "".join(f"<Id>{i}</Id>\n" for i in shown)
        return (
            '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
            '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
            f"<eSearchResult><Count>{count}</Count><RetMax>{len(shown)}</RetMax><RetStart>0</RetStart>"
            f"<IdList>\n{listing}</IdList><TranslationSet/><QueryTranslation>{params.get('term', '')}"
            "</QueryTranslation></eSearchResult>\n"
        ).encode()


class _Handler(BaseHTTPRequestHandler):
    fake: FakeEutils
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        query = urllib.parse.urlsplit(self.path).query
        self._answer("GET", query)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._answer("POST", self.rfile.read(length).decode())

    def _answer(self, method: str, query: str) -> None:
        fake = self.fake
        now = time.monotonic()
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(query, keep_blank_values=True).items()}
        path = urllib.parse.urlsplit(self.path).path
        utility = path.rsplit("/", 1)[-1].split(".", 1)[0]
        with fake._lock:
            fake.requests.append(Request(utility, method, params, now, path))
            fault = fake.faults.popleft() if fake.faults else None
        if fake.slow_seconds:
            time.sleep(fake.slow_seconds)
        if fake._over_rate(now):
            self._send(429, NCBI_429_BODY, "application/json", {"Retry-After": "1"})
            return
        if fault is not None and self._fault(fault):
            return
        if utility == "efetch":
            body = fake.efetch_body(params)
        elif utility == "epost":
            body = fake.epost_body(params)
        elif utility == "esearch":
            body = fake.esearch_body(params)
        else:
            self._send(400, b"unknown utility", "text/plain")
            return
        if fault is not None and fault.kind == "truncate":
            self._send_truncated(body)
            return
        self._send(200, body, "text/xml; charset=UTF-8")

    def _fault(self, fault: Fault) -> bool:
        """Serve the fault; False when the normal answer should follow (delay, truncate)."""
        if fault.kind == "429":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(429, NCBI_429_BODY, "application/json", headers)
        elif fault.kind == "html":
            self._send(200, HTML_ERROR_PAGE, "text/html")
        elif fault.kind == "body":
            self._send(200, fault.body, "text/plain")
        elif fault.kind == "reset":
            # RST instead of FIN: the client sees "connection reset by peer"
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif fault.kind == "delay":
            time.sleep(fault.seconds)
            return False
        elif fault.kind in ("truncate", "ok"):
            return False
        elif fault.kind.isdigit():
            self._send(int(fault.kind), b"<html><body>Error</body></html>", "text/html")
        else:
            raise ValueError(f"unknown fault {fault.kind!r}")
        return True

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout): fine
            self.close_connection = True

    def _send_truncated(self, body: bytes) -> None:
        """Half the XML, no Content-Length, then close: as when a proxy cuts an answer."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=UTF-8")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


def settings_for(server: FakeEutils, **overrides: Any) -> EutilsSettings:
    """Client settings pointed at ``server``, with short timeouts and back-off; ``overrides`` change any field."""
    fields: dict[str, Any] = {
        "email": "tests@example.org",
        "api_key": "test-key",
        "base_url": server.url,
        "timeout": 1.0,
        "backoff_base": 0.001,
    }
    return EutilsSettings(**(fields | overrides))


def write_data_dir(root: Path, sources: list[dict], *, query: str = "ketamine[tiab] AND test[tiab]") -> Path:
    """A minimal valid data folder (one condition) holding ``sources``, for PubMed tests."""
    import yaml

    (root / "citations").mkdir(parents=True, exist_ok=True)
    condition = {
        "slug": "treatment-resistant-depression",
        "name": "Treatment-resistant depression",
        "category": "psychiatric",
        "description": "A condition for the PubMed tests.",
        "pubmed_query": query,
    }
    (root / "conditions.yaml").write_text(yaml.safe_dump({"conditions": [condition]}, sort_keys=False))
    entries = []
    for source in sources:
        entry = {
            "design": "rct",
            "conditions": ["treatment-resistant-depression"],
            "source_url": "https://example.org/checked",
            **source,
        }
        entries.append(entry)
    (root / "citations" / "test.yaml").write_text(yaml.safe_dump({"sources": entries}, sort_keys=False))
    return root
