"""PubMed enrichment against the local fake E-utilities, NCBI's 10 requests/s enforced by the server.

Measured in one run and printed as ratios:
- batched enrichment (<= 200 ids per efetch) of N = 1,000 and 10,000 PMIDs: requests and wall
  time, against fetching one PMID per request as many PubMed clients do;
- a warm re-run (everything cached): requests sent;
- parsing: records per second, and peak memory (tracemalloc) per N, batch by batch.

The one-per-request baseline runs the same production path (Bio.Entrez, our rate limiter,
the cache) with a batch size of 1. It is measured in full at N = 1,000 (about 110 s at
NCBI's 10 requests/s): the target "20 times less wall time at N = 1,000" is a measured ratio.
At N = 10,000 it would take 18 minutes, so its wall time there is extrapolated linearly from
the N = 1,000 run (its request count is exactly N by construction); the output marks that
figure "(ext)".
"""

from __future__ import annotations

import math
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

from evidence.cache import PubmedCache
from evidence.enrich import refresh_pubmed
from evidence.eutils import EutilsSettings
from evidence.pubmed import parse_pubmed_articles
from tests.fake_eutils import FOOTER, HEADER, FakeEutils, synthetic_article

SIZES = (1_000, 10_000)
BASELINE_SAMPLE = 1_000  # measured in full; larger N extrapolate from it
FIRST_PMID = 20_000_000
NCBI_LIMIT = 10  # requests per second with an API key
TARGET_REQUEST_RATIO = 50
TARGET_TIME_RATIO = 20
TARGET_PARSE_RATE = 1_000  # records per second
TARGET_MEMORY_GROWTH = 1.5  # peak at 10,000 over peak at 1,000


def main() -> int:
    checks: list[tuple[str, bool]] = []
    with (
        FakeEutils(rate_limit=NCBI_LIMIT) as fake,
        tempfile.TemporaryDirectory(prefix="bench-pubmed-") as folder,
    ):
        fake.add_synthetic(range(FIRST_PMID, FIRST_PMID + max(SIZES)))
        settings = EutilsSettings(email="bench@example.org", api_key="bench-key", base_url=fake.url)
        root = Path(folder)

        started = time.perf_counter()
        sample = list(range(FIRST_PMID, FIRST_PMID + BASELINE_SAMPLE))
        baseline = refresh_pubmed(root / "baseline", replace(settings, batch_size=1), pmids=sample)
        per_request = (time.perf_counter() - started) / baseline.requests
        print(
            f"baseline, one PMID per request: {baseline.requests} requests for {BASELINE_SAMPLE} PMIDs "
            f"in {per_request * baseline.requests:.1f} s = {per_request * 1000:.0f} ms per PMID (measured)"
        )

        print(
            f"\n{'N':>7} {'requests':>9} {'baseline':>9} {'ratio':>7} {'wall s':>8} {'baseline s':>16} {'ratio':>7} {'warm req':>9}"
        )
        for n in SIZES:
            pmids = list(range(FIRST_PMID, FIRST_PMID + n))
            data = root / f"batched-{n}"
            started = time.perf_counter()
            summary = refresh_pubmed(data, settings, pmids=pmids)
            wall = time.perf_counter() - started
            warm = refresh_pubmed(data, settings, pmids=pmids)
            measured = n <= BASELINE_SAMPLE
            baseline_wall = per_request * n  # equals the measured run at N = BASELINE_SAMPLE
            request_ratio = n / summary.requests
            time_ratio = baseline_wall / wall
            print(
                f"{n:>7,} {summary.requests:>9} {n:>9,} {request_ratio:>6.0f}x {wall:>8.1f} "
                f"{baseline_wall:>9.0f} {'(meas)' if measured else '(ext) '} {time_ratio:>6.1f}x {warm.requests:>9}"
            )
            checks.append((f"N={n:,}: all fetched", len(summary.fetched) == n and summary.ok))
            checks.append(
                (
                    f"N={n:,}: requests <= ceil(N/200) = {math.ceil(n / 200)}",
                    summary.requests <= math.ceil(n / 200),
                )
            )
            checks.append(
                (
                    f"N={n:,}: warm re-run sends 0 requests",
                    warm.requests == 0 and len(warm.already_cached) == n,
                )
            )
            if n == 1_000:
                checks.append(
                    (
                        f"N=1,000: >= {TARGET_REQUEST_RATIO}x fewer requests",
                        request_ratio >= TARGET_REQUEST_RATIO,
                    )
                )
                checks.append(
                    (
                        f"N=1,000: >= {TARGET_TIME_RATIO}x less wall time (baseline measured in full)",
                        time_ratio >= TARGET_TIME_RATIO,
                    )
                )
            assert set(PubmedCache(data).load()) == set(pmids)

        n = max(SIZES)
        history_settings = replace(settings, history_threshold=n - 1)
        fake.requests.clear()
        started = time.perf_counter()
        history = refresh_pubmed(
            root / "history", history_settings, pmids=list(range(FIRST_PMID, FIRST_PMID + n))
        )
        print(
            f"\nN={n:,} through epost + history pages instead of ids: {history.requests} requests "
            f"(1 epost + {history.requests - 1} efetch) in {time.perf_counter() - started:.1f} s; "
            "by-id batches are the default up to 10,000 ids (no server-side state to expire, one fewer request)"
        )
        checks.append(("history path fetched everything", len(history.fetched) == n))
        print(f"server-side rate-limit rejections (HTTP 429) during the whole run: {fake.rejected_for_rate}")
        checks.append(("the server never had to enforce its rate limit", fake.rejected_for_rate == 0))

    print(
        f"\n{'N':>7} {'records/s':>10} {'peak memory':>12}   (parse only, one 200-record efetch answer at a time)"
    )
    peaks = {}
    for n in SIZES:
        rate, peak = _parse_rate_and_peak(n)
        peaks[n] = peak
        print(f"{n:>7,} {rate:>10,.0f} {peak / 1e6:>9.1f} MB")
        checks.append((f"N={n:,}: parse >= {TARGET_PARSE_RATE:,} records/s", rate >= TARGET_PARSE_RATE))
    growth = peaks[max(SIZES)] / peaks[min(SIZES)]
    checks.append(
        (
            f"peak memory grows {growth:.2f}x from N=1,000 to 10,000 (<= {TARGET_MEMORY_GROWTH})",
            growth <= TARGET_MEMORY_GROWTH,
        )
    )

    print()
    for label, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label}")
    return 0 if all(passed for _, passed in checks) else 1


def _parse_rate_and_peak(n: int) -> tuple[float, int]:
    """Parse N records as enrich does, one efetch answer of 200 at a time."""
    answers = [
        HEADER + b"\n".join(synthetic_article(p) for p in range(start, min(start + 200, n))) + b"\n" + FOOTER
        for start in range(0, n, 200)
    ]
    started = time.perf_counter()
    count = sum(len(parse_pubmed_articles(a)) for a in answers)
    rate = count / (time.perf_counter() - started)
    tracemalloc.start()
    for answer in answers:
        parse_pubmed_articles(answer)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return rate, peak
