"""A Sources filter change as a reader meets it: in a real browser, at 10,000 sources, against a near-empty script.

Run with ``python -m benchmarks browser`` (Debian's chromium at /usr/bin/chromium and Playwright,
as for the browser tests). ``python -m benchmarks pages`` times scripts inside Streamlit's
AppTest; this one times what a person waits for: from the click on the "Unverified" flag on the
Sources page to the count of sources on screen changing. The baseline is a script holding only
that same flag and the count it changes, served the same way: ``streamlit run`` from the
repository (so with the project's .streamlit/config.toml), opened in the same browser, the two
clicked in turn so that both see the same machine load.

Every run of a Streamlit script is followed by a full garbage collection (``runner.postScriptGC``),
which holds the interpreter while it walks every object, the 10,000-source catalog included, and
the reader waits for it. The project's config turns it off; the benchmark also measures both
scripts with it on, to show what that costs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.sources_rig import (
    CONDITIONS,
    COUNT_CHANGED,
    COUNT_TEXT,
    FLAG,
    REPO_ROOT,
    SOURCES,
    missing_browser,
)

CLICKS = 25
WARM_UP = 3  # the first clicks also pay for the browser's and the server's first paths
TARGET_RATIO = 3.0
PAGE_LOAD_TIMEOUT_MS = 120_000  # the first Sources render at 10,000 sources loads the catalog
# the near-empty script: the flag being clicked and the count it changes, nothing else
BASELINE_SCRIPT = """\
import streamlit as st

chosen = st.pills("Only flagged", ["Unverified"], selection_mode="multi")
st.markdown(f"**{len(chosen)}** of 1 sources")
"""


def main() -> int:
    if (why := missing_browser()) is not None:
        print(why)
        return 1
    from playwright.sync_api import sync_playwright

    from evidence.synth import write_synthetic_data
    from tests.streamlit_server import CHROMIUM, CHROMIUM_ARGS, ServerDidNotStart, serve

    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        data = Path(tmp) / "data"
        write_synthetic_data(data, sources=SOURCES, conditions=CONDITIONS, seed=1)
        baseline = Path(tmp) / "near_empty.py"
        baseline.write_text(BASELINE_SCRIPT, encoding="utf-8")
        print(f"synthetic data: {SOURCES:,} sources, {CONDITIONS} conditions; {CLICKS} clicks on each page\n")
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for gc_after_run in (False, True):
                    flags = ["--runner.postScriptGC", str(gc_after_run).lower()]
                    with (
                        serve(REPO_ROOT / "dashboard.py", data, Path(tmp) / "dashboard.log", flags) as app,
                        serve(baseline, data, Path(tmp) / "baseline.log", flags) as empty,
                    ):
                        results[gc_after_run] = _clicks(browser, f"{app}/Sources", empty)
            except ServerDidNotStart as exc:
                print(exc)
                return 1
            finally:
                browser.close()

    print(f"median of {CLICKS - WARM_UP} clicks, from the click to the new count on screen\n")
    print(f"{'after every run':34}  {'Sources page':>12}  {'near-empty':>10}  {'ratio':>5}")
    for gc_after_run, (page, empty) in results.items():
        label = "full garbage collection (default)" if gc_after_run else "none (this project's config)"
        print(f"{label:34}  {page * 1000:9.0f} ms  {empty * 1000:7.0f} ms  {page / empty:5.1f}")
    page, empty = results[False]
    ratio = page / empty
    verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
    print(
        f"\ntarget: a Sources filter change within {TARGET_RATIO:.0f}x a near-empty script, as served: "
        f"{ratio:.1f}x ({verdict})"
    )
    return 0 if ratio <= TARGET_RATIO else 1


def _clicks(browser, page_url: str, empty_url: str) -> tuple[float, float]:
    """Median click-to-new-count times on the Sources page and on the near-empty script, clicked in turn."""
    tabs = []
    for url in (page_url, empty_url):
        tab = browser.new_page(viewport={"width": 1440, "height": 900})
        tab.goto(url)
        tab.wait_for_function(COUNT_TEXT, timeout=PAGE_LOAD_TIMEOUT_MS)
        tab.wait_for_selector(
            '[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached", timeout=60_000
        )
        tabs.append(tab)
    samples: list[list[float]] = [[], []]
    for _ in range(CLICKS):
        for tab, times in zip(tabs, samples, strict=True):
            times.append(_click_and_wait(tab))
    for tab in tabs:
        tab.close()
    return statistics.median(samples[0][WARM_UP:]), statistics.median(samples[1][WARM_UP:])


def _click_and_wait(tab) -> float:
    flag = tab.get_by_role("button", name=FLAG, exact=True)
    flag.hover()
    tab.wait_for_timeout(300)  # let the previous run settle
    before = tab.evaluate(COUNT_TEXT)
    started = time.perf_counter()
    flag.click()
    tab.wait_for_function(COUNT_CHANGED, arg=before, polling="raf", timeout=60_000)
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
