"""Many readers at once: one `streamlit run` server on 10,000 sources, up to 20 browser sessions.

Run with ``python -m benchmarks load`` (Debian's chromium at /usr/bin/chromium and Playwright,
as for the browser tests). A clinic or a publisher serves the dashboard to a team; this is that
team arriving together. One server, started as ``make run`` starts it (``streamlit run
dashboard.py`` from the repository, so with the project's .streamlit/config.toml), reads
10,000 synthetic sources. Each session is a Playwright browser context in Debian's chromium: it
opens the Overview, a Condition page and the Sources page, then changes a Sources filter (the
"Unverified" flag, on and off) in a loop for a fixed time, pausing between changes as a reader
does to look at the result.

Printed, for 1 session and then for N sessions (20, or fewer when this machine has not the
memory for 20 browser pages; the number is printed), from the same run:

- p50 and p95 of the time from the click to the new count of sources on screen;
- the server's resident memory: with no session, with 1, with N, and what each added session
  added on average;
- errors: a timed-out step, an exception shown by the app, or an error in the browser console.

Targets (issue 13): p95 with N sessions within 3x the single-session p95; under 30 MB of server
memory per added session; no error. The exit status is 1 when a target is missed.

The browser runs on the same machine as the server, so with few cores the N-session figures
also carry the browser's own work of drawing N pages. To tell the two apart, the server's CPU
time per filter change and the share of the machine's cores busy are printed beside them.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
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

MAX_SESSIONS = 20
SESSION_MEMORY_MB = 250  # what one chromium page of this app takes, with margin, to size N
DURATION_S = 60.0  # each phase: sessions change the filter for this long
THINK_TIME_S = (1.5, 3.0)  # a reader looks at the new list before the next change (spread evenly)
STEP_TIMEOUT_MS = 120_000
# How often a waiting session looks for the new count. Not on every animation frame ("raf"): with
# 20 pages waiting at once, per-frame checks keep every page drawing and take the cores they
# measure. A 20 ms check adds at most 20 ms (10 on average) to each time, in both phases alike.
POLL_MS = 20
TARGET_P95_RATIO = 3.0
TARGET_MB_PER_SESSION = 30.0
APP_IDLE = (
    "() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
    " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
    " && app.getAttribute('data-test-connection-state') === 'CONNECTED'; }"
)


@dataclass
class Phase:
    """What one phase measured: click-to-count times, the server's memory, and the errors seen."""

    sessions: int
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_mb: float = 0.0
    server_cpu_s: float = 0.0  # the server's CPU time while the sessions changed the filter
    machine_busy: float = 0.0  # share of all cores busy meanwhile (server, browser and anything else)

    def percentile(self, q: float) -> float:
        if len(self.times) < 2:
            return self.times[0] if self.times else float("nan")
        return statistics.quantiles(self.times, n=100, method="inclusive")[round(q) - 1]


def main() -> int:
    if (why := missing_browser()) is not None:
        print(why)
        return 1
    from evidence.synth import write_synthetic_data
    from tests.streamlit_server import ServerDidNotStart, serve_process

    sessions = _sessions_this_machine_holds()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        data = Path(tmp) / "data"
        write_synthetic_data(data, sources=SOURCES, conditions=CONDITIONS, seed=1)
        condition = _first_condition(data)
        print(
            f"synthetic data: {SOURCES:,} sources, {CONDITIONS} conditions; one server; "
            f"{sessions} concurrent sessions (of {MAX_SESSIONS} asked; {os.cpu_count()} cores here)\n"
            f"each session: Overview, /Condition?condition={condition}, Sources, then the '{FLAG}' flag "
            f"on and off for {DURATION_S:.0f} s, {THINK_TIME_S[0]}-{THINK_TIME_S[1]} s between changes\n"
        )
        try:
            with serve_process(REPO_ROOT / "dashboard.py", data, Path(tmp) / "server.log") as (url, server):
                idle_mb = _rss_mb(server.pid)
                one, many = asyncio.run(_phases(url, condition, sessions, server.pid))
        except ServerDidNotStart as exc:
            print(exc)
            return 1
    return _report(idle_mb, one, many)


async def _phases(url: str, condition: str, sessions: int, pid: int) -> tuple[Phase, Phase]:
    from playwright.async_api import async_playwright

    from tests.streamlit_server import CHROMIUM, CHROMIUM_ARGS

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # a first reader loads the catalog into the server's cache; not measured
            warm = Phase(0)
            context = await browser.new_context(viewport={"width": 1440, "height": 900})
            await _open_pages(await context.new_page(), url, condition, warm)
            await context.close()
            one = await _phase(browser, url, condition, 1, pid)
            many = await _phase(browser, url, condition, sessions, pid)
        finally:
            await browser.close()
    return one, many


async def _phase(browser, url: str, condition: str, sessions: int, pid: int) -> Phase:
    """``sessions`` readers at once: all open their pages, then all change the filter until the time is up."""
    phase = Phase(sessions)
    contexts = [await browser.new_context(viewport={"width": 1440, "height": 900}) for _ in range(sessions)]
    pages = []
    for context in contexts:
        page = await context.new_page()
        _watch_errors(page, phase)
        pages.append(page)
    await asyncio.gather(*(_open_pages(page, url, condition, phase) for page in pages))
    deadline = time.monotonic() + DURATION_S
    peak = [_rss_mb(pid)]
    cpu_before, machine_before = _cpu_s(pid), _machine_ticks()

    async def sample_memory() -> None:
        while time.monotonic() < deadline:
            peak.append(_rss_mb(pid))
            await asyncio.sleep(1.0)

    await asyncio.gather(
        sample_memory(), *(_change_filter(page, phase, deadline, number) for number, page in enumerate(pages))
    )
    phase.rss_mb = max(peak)
    phase.server_cpu_s = _cpu_s(pid) - cpu_before
    busy, total = (after - before for after, before in zip(_machine_ticks(), machine_before, strict=True))
    phase.machine_busy = busy / total if total else float("nan")
    for context in contexts:
        await context.close()
    await asyncio.sleep(2.0)  # let the server drop the closed sessions before the next phase
    return phase


async def _open_pages(page, url: str, condition: str, phase: Phase) -> None:
    for path in ("/", f"/Condition?condition={condition}", "/Sources"):
        try:
            await page.goto(f"{url}{path}", timeout=STEP_TIMEOUT_MS)
            await page.wait_for_function(APP_IDLE, polling=POLL_MS, timeout=STEP_TIMEOUT_MS)
            if path == "/Sources":
                await page.wait_for_function(COUNT_TEXT, polling=POLL_MS, timeout=STEP_TIMEOUT_MS)
            await _check_no_exception(page, phase, path)
        except Exception as exc:  # a timeout or a closed page: an error of the run, counted and shown
            phase.errors.append(f"opening {path}: {_short(exc)}")


async def _change_filter(page, phase: Phase, deadline: float, number: int) -> None:
    low, high = THINK_TIME_S
    pause = low + (high - low) * ((number * 7) % 11) / 10  # spread evenly, the same in every run
    await asyncio.sleep(pause * (number % 3) / 3)  # readers do not all click in the same instant
    flag = page.get_by_role("button", name=FLAG, exact=True)
    while time.monotonic() < deadline:
        try:
            before = await page.evaluate(COUNT_TEXT)
            started = time.perf_counter()
            await flag.click(timeout=STEP_TIMEOUT_MS)
            await page.wait_for_function(COUNT_CHANGED, arg=before, polling=POLL_MS, timeout=STEP_TIMEOUT_MS)
            phase.times.append(time.perf_counter() - started)
            await page.wait_for_function(APP_IDLE, polling=POLL_MS, timeout=STEP_TIMEOUT_MS)
            await _check_no_exception(page, phase, "/Sources")
        except Exception as exc:
            phase.errors.append(f"filter change: {_short(exc)}")
            return
        await asyncio.sleep(pause)


async def _check_no_exception(page, phase: Phase, path: str) -> None:
    if await page.locator('[data-testid="stException"]').count():
        phase.errors.append(f"{path}: the app showed an exception")


def _watch_errors(page, phase: Phase) -> None:
    from tests.browser.conftest import BENIGN_CONSOLE_ERRORS

    def on_console(message) -> None:
        text = f"console: {message.text} ({message.location.get('url', '')})"
        if message.type == "error" and not any(p.search(text) for p in BENIGN_CONSOLE_ERRORS):
            phase.errors.append(text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: phase.errors.append(f"page error: {error}"))


def _report(idle_mb: float, one: Phase, many: Phase) -> int:
    print(
        f"{'sessions':>8}  {'changes':>7}  {'p50':>7}  {'p95':>7}  {'server memory':>13}  {'errors':>6}"
        f"  {'server CPU/change':>17}  {'cores busy':>10}"
    )
    for phase in (one, many):
        per_change = phase.server_cpu_s / max(len(phase.times), 1)
        print(
            f"{phase.sessions:>8}  {len(phase.times):>7}  {phase.percentile(50) * 1000:5.0f} ms"
            f"  {phase.percentile(95) * 1000:5.0f} ms  {phase.rss_mb:10.0f} MB  {len(phase.errors):>6}"
            f"  {per_change * 1000:14.0f} ms  {phase.machine_busy:10.0%}"
        )
    per_session = (many.rss_mb - one.rss_mb) / max(many.sessions - 1, 1)
    ratio = many.percentile(95) / one.percentile(95)
    errors = one.errors + many.errors
    print(
        f"\nserver memory: {idle_mb:.0f} MB before any reader, {one.rss_mb:.0f} MB with 1 session, "
        f"{many.rss_mb:.0f} MB with {many.sessions} (peak while they clicked): "
        f"{per_session:.1f} MB per added session"
    )
    for error in dict.fromkeys(errors):
        print(f"error: {error}")
    checks = [
        (
            f"p95 with {many.sessions} sessions within {TARGET_P95_RATIO:.0f}x the single-session p95",
            f"{ratio:.1f}x",
            ratio <= TARGET_P95_RATIO,
        ),
        (
            f"server memory under {TARGET_MB_PER_SESSION:.0f} MB per added session",
            f"{per_session:.1f} MB",
            per_session < TARGET_MB_PER_SESSION,
        ),
        ("no error", f"{len(errors)} error(s)", not errors),
        ("every session changed the filter", f"{len(many.times)} changes", len(many.times) >= many.sessions),
    ]
    print()
    for target, measured, met in checks:
        print(f"target: {target}: {measured} ({'ok' if met else 'MISSED'})")
    return 0 if all(met for _, _, met in checks) else 1


def _sessions_this_machine_holds() -> int:
    available_kb = 0
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("MemAvailable:"):
                available_kb = int(line.split()[1])
    by_memory = int(available_kb / 1024 * 0.6 // SESSION_MEMORY_MB)
    return max(2, min(MAX_SESSIONS, by_memory))


def _rss_mb(pid: int) -> float:
    """Resident memory of the server process, from /proc (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_s(pid: int) -> float:
    """User and system CPU time of a process so far, in seconds (Linux /proc)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return sum(ticks) - idle, sum(ticks)


def _first_condition(data: Path) -> str:
    from evidence.loading import load_evidence

    return load_evidence(data).base.conditions[0].slug


def _short(exc: Exception) -> str:
    return re.sub(r"\s+", " ", f"{type(exc).__name__}: {exc}")[:200]


if __name__ == "__main__":
    sys.exit(main())
