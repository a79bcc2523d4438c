"""Many readers at once: one `streamlit run` server on 10,000 sources, 20 sessions at once.

Run with ``python -m benchmarks load`` (Debian's chromium at /usr/bin/chromium and Playwright,
as for the browser tests). A clinic or a publisher serves the dashboard to a team; this is that
team arriving together. One server, started as ``make run`` starts it (``streamlit run
dashboard.py`` from the repository, so with the project's .streamlit/config.toml), reads
10,000 synthetic sources. Each session opens the Overview, a Condition page and the Sources page,
then changes a Sources filter (the "Unverified" flag, on and off) in a loop for a fixed time,
pausing between changes as a reader does to look at the result.

The sessions come in two kinds, each measured with 1 session and then with many, in one run:

- **Server** (20 sessions): each session speaks Streamlit's websocket protocol itself
  (``benchmarks/streamlit_protocol.py``): the server does for it all it does for a browser, but
  nothing draws the pages. This measures how the server holds 20 readers. The time runs from
  sending the change to receiving the new count.
- **Browser** (N sessions): Playwright contexts in Debian's chromium, on this same machine. N is
  20, or fewer when this machine cannot hold 20: by memory (about 250 MB per page) and by CPU.
  The 1-session browser phase measures the CPU the readers' side takes per change (this process,
  the Playwright driver and chromium, read from /proc); N is the number of readers whose browsers take at most half of the
  machine's cores, leaving the rest to the server. The number and why are printed. The time runs
  from the click to the new count on screen.

Printed for each phase: p50 and p95 of those times, the server's resident memory (peak), its CPU
time per change, the readers' side's CPU time per change, the share of the machine's cores busy,
and errors (a timed-out step, an exception
shown by the app, an error in the browser console, a closed session).

Targets (issue 13), checked on the 20 server sessions: p95 within 3x the 1-session p95; under
30 MB of server memory per added session (from 1 to 20 sessions); and, over every phase, no error
and every session changing the filter. The exit status is 1 when one is missed. The browser
sessions' p95 ratio is printed but is not a target: on this machine the browsers draw on the
server's own cores, which no team of readers, each at a machine of their own, does; their 1-session
phase shows what one reader's browser adds.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
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
BROWSER_SHARE_OF_CORES = 0.5  # the browsers may take half the cores; the server and the system keep the rest
DURATION_S = 60.0  # each phase: sessions change the filter for this long
THINK_TIME_S = (1.5, 3.0)  # a reader looks at the new list before the next change (spread evenly)
STEP_TIMEOUT_MS = 120_000
# How often a waiting browser session looks for the new count. Not on every animation frame
# ("raf"): with many pages waiting at once, per-frame checks keep every page drawing and take the
# cores they measure. A 20 ms check adds at most 20 ms (10 on average) to each time, in both
# browser phases alike.
POLL_MS = 20
TARGET_P95_RATIO = 3.0
TARGET_MB_PER_SESSION = 30.0
APP_IDLE = (
    "() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
    " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
    " && app.getAttribute('data-test-connection-state') === 'CONNECTED'; }"
)
COUNT = re.compile(r" sources$")  # the Markdown text of the count of sources shown (as COUNT_TEXT finds it)
FLAGS_KEY = "f_flags"  # the key the Sources page gives its flag pills


@dataclass
class Phase:
    """What one phase measured: change-to-count times, the server's memory and CPU, and the errors seen."""

    client: str  # "server" (protocol sessions) or "browser"
    sessions: int
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_mb: float = 0.0
    server_cpu_s: float = 0.0  # the server's CPU time while the sessions changed the filter
    machine_cpu_s: float = 0.0  # CPU time of the whole machine meanwhile (server, browser, anything else)
    client_cpu_s: float = 0.0  # CPU time of the readers' side: this process, the browser and its driver
    wall_s: float = 0.0

    def percentile(self, q: float) -> float:
        if len(self.times) < 2:
            return self.times[0] if self.times else float("nan")
        return statistics.quantiles(self.times, n=100, method="inclusive")[round(q) - 1]

    @property
    def machine_busy(self) -> float:
        """Share of all the machine's cores busy during the phase."""
        return self.machine_cpu_s / (self.wall_s * (os.cpu_count() or 1)) if self.wall_s else float("nan")

    def per_change(self, cpu_s: float) -> float:
        return cpu_s / len(self.times) if self.times else float("nan")


def main() -> int:
    if (why := missing_browser()) is not None:
        print(why)
        return 1
    from evidence.synth import write_synthetic_data
    from tests.streamlit_server import ServerDidNotStart, serve_process

    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        data = Path(tmp) / "data"
        write_synthetic_data(data, sources=SOURCES, conditions=CONDITIONS, seed=1)
        condition = _first_condition(data)
        print(
            f"synthetic data: {SOURCES:,} sources, {CONDITIONS} conditions; one server; {os.cpu_count()} cores here\n"
            f"each session: Overview, /Condition?condition={condition}, Sources, then the '{FLAG}' flag "
            f"on and off for {DURATION_S:.0f} s, {THINK_TIME_S[0]}-{THINK_TIME_S[1]} s between changes\n",
            flush=True,
        )
        try:
            with serve_process(REPO_ROOT / "dashboard.py", data, Path(tmp) / "server.log") as (url, server):
                idle_mb = _rss_mb(server.pid)
                phases = asyncio.run(_phases(url, condition, server.pid))
        except ServerDidNotStart as exc:
            print(exc)
            return 1
    return _report(idle_mb, phases)


async def _phases(url: str, condition: str, pid: int) -> list[Phase]:
    from playwright.async_api import async_playwright

    from tests.streamlit_server import CHROMIUM, CHROMIUM_ARGS

    def protocol_reader(phase: Phase) -> Awaitable[Reader | None]:
        return _protocol_reader(url, condition, phase)

    # a first reader loads the catalog into the server's cache; not measured
    warm = await protocol_reader(Phase("server", 0))
    if warm is not None:
        await warm.close()
    server_one = await _phase("server", 1, pid, protocol_reader)
    server_many = await _phase("server", MAX_SESSIONS, pid, protocol_reader)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:

            def browser_reader(phase: Phase) -> Awaitable[Reader | None]:
                return _browser_reader(browser, url, condition, phase)

            browser_one = await _phase("browser", 1, pid, browser_reader)
            sessions, why = _browsers_this_machine_holds(browser_one)
            print(f"browser sessions: {sessions} ({why})", flush=True)
            browser_many = await _phase("browser", sessions, pid, browser_reader)
        finally:
            await browser.close()
    return [server_one, server_many, browser_one, browser_many]


@dataclass
class Reader:
    """One session with its pages open: ``change()`` flips the filter and returns the seconds to the new count."""

    change: Callable[[], Awaitable[float]]
    close: Callable[[], Awaitable[None]]


async def _phase(
    client: str, sessions: int, pid: int, open_reader: Callable[[Phase], Awaitable[Reader | None]]
) -> Phase:
    """``sessions`` readers at once: all open their pages, then all change the filter until the time is up."""
    phase = Phase(client, sessions)
    opened = await asyncio.gather(*(open_reader(phase) for _ in range(sessions)))
    readers = [reader for reader in opened if reader is not None]
    deadline = time.monotonic() + DURATION_S
    peak = [_rss_mb(pid)]
    cpu_before, machine_before, client_before = _cpu_s(pid), _machine_cpu_s(), _client_cpu_s(pid)
    started = time.monotonic()

    async def sample_memory() -> None:
        while time.monotonic() < deadline:
            peak.append(_rss_mb(pid))
            await asyncio.sleep(1.0)

    await asyncio.gather(
        sample_memory(), *(_changes(phase, deadline, number, reader) for number, reader in enumerate(readers))
    )
    phase.rss_mb = max(peak)
    phase.server_cpu_s = _cpu_s(pid) - cpu_before
    phase.machine_cpu_s = _machine_cpu_s() - machine_before
    phase.client_cpu_s = _client_cpu_s(pid) - client_before
    phase.wall_s = time.monotonic() - started
    for reader in readers:
        await reader.close()
    print(f"  {client} phase, {sessions} session(s): {len(phase.times)} changes", flush=True)
    await asyncio.sleep(2.0)  # let the server drop the closed sessions before the next phase
    return phase


def _pause(number: int) -> float:
    """The pause of reader ``number`` between changes: spread evenly, the same in every run."""
    low, high = THINK_TIME_S
    return low + (high - low) * ((number * 7) % 11) / 10


async def _changes(phase: Phase, deadline: float, number: int, reader: Reader) -> None:
    """Change the filter until ``deadline``, recording each change's time; stop at the first error."""
    pause = _pause(number)
    await asyncio.sleep(pause * (number % 3) / 3)  # readers do not all click in the same instant
    while time.monotonic() < deadline:
        try:
            phase.times.append(await reader.change())
        except Exception as exc:  # a timeout, a closed session, an exception in the app: counted and shown
            phase.errors.append(f"{phase.client} filter change: {_short(exc)}")
            return
        await asyncio.sleep(pause)


async def _protocol_reader(url: str, condition: str, phase: Phase) -> Reader | None:
    from benchmarks.streamlit_protocol import ProtocolSession

    session = ProtocolSession()
    try:
        await session.open(url)
        await session.show("Condition", f"condition={condition}")
        shown = await session.show("Sources")
    except Exception as exc:
        phase.errors.append(f"server opening pages: {_short(exc)}")
        await session.close()
        return None
    count = next((t for t in shown.texts if COUNT.search(t)), None)
    flag_on = False

    async def change() -> float:
        nonlocal count, flag_on
        flag_on = not flag_on
        seconds, count = await asyncio.wait_for(
            session.set_pills(FLAGS_KEY, [FLAG] if flag_on else [], awaited=COUNT, unlike=count),
            STEP_TIMEOUT_MS / 1000,
        )
        return seconds

    return Reader(change, session.close)


async def _browser_reader(browser, url: str, condition: str, phase: Phase) -> Reader | None:
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    page = await context.new_page()
    _watch_errors(page, phase)
    if not await _open_pages(page, url, condition, phase):
        await context.close()
        return None
    flag = page.get_by_role("button", name=FLAG, exact=True)

    async def change() -> float:
        before = await page.evaluate(COUNT_TEXT)
        started = time.perf_counter()
        await flag.click(timeout=STEP_TIMEOUT_MS)
        await page.wait_for_function(COUNT_CHANGED, arg=before, polling=POLL_MS, timeout=STEP_TIMEOUT_MS)
        seconds = time.perf_counter() - started
        await page.wait_for_function(APP_IDLE, polling=POLL_MS, timeout=STEP_TIMEOUT_MS)
        await _check_no_exception(page, phase, "/Sources")
        return seconds

    return Reader(change, context.close)


async def _open_pages(page, url: str, condition: str, phase: Phase) -> bool:
    for path in ("/", f"/Condition?condition={condition}", "/Sources"):
        try:
            await page.goto(f"{url}{path}", timeout=STEP_TIMEOUT_MS)
            await page.wait_for_function(APP_IDLE, polling=POLL_MS, timeout=STEP_TIMEOUT_MS)
            if path == "/Sources":
                await page.wait_for_function(COUNT_TEXT, polling=POLL_MS, timeout=STEP_TIMEOUT_MS)
            await _check_no_exception(page, phase, path)
        except Exception as exc:  # a timeout or a closed page: an error of the run, counted and shown
            phase.errors.append(f"browser opening {path}: {_short(exc)}")
            return False
    return True


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


def _browsers_this_machine_holds(one: Phase) -> tuple[int, str]:
    """How many browser readers this machine holds, and why: by memory, and by the CPU one reader's browser took."""
    available_kb = 0
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("MemAvailable:"):
                available_kb = int(line.split()[1])
    by_memory = int(available_kb / 1024 * 0.6 // SESSION_MEMORY_MB)
    browser_cpu = one.per_change(
        one.client_cpu_s
    )  # CPU-seconds per change: drawing, the driver, this process
    cycle = _mean_pause() + one.percentile(50)  # seconds between one reader's changes
    cores = os.cpu_count() or 1
    by_cpu = int(BROWSER_SHARE_OF_CORES * cores * cycle // browser_cpu) if browser_cpu > 0 else MAX_SESSIONS
    sessions = max(2, min(MAX_SESSIONS, by_memory, by_cpu))
    why = (
        f"of {MAX_SESSIONS} asked; memory holds {by_memory}; with {browser_cpu:.2f} CPU-s of browser work per change "
        f"every {cycle:.1f} s, {BROWSER_SHARE_OF_CORES:.0%} of {cores} cores holds {by_cpu}"
    )
    return sessions, why


def _mean_pause() -> float:
    return statistics.fmean(_pause(number) for number in range(11))


def _report(idle_mb: float, phases: list[Phase]) -> int:
    print(
        f"\n{'readers':>8}  {'sessions':>8}  {'changes':>7}  {'p50':>7}  {'p95':>7}  {'server memory':>13}"
        f"  {'errors':>6}  {'server CPU/change':>17}  {'reader CPU/change':>17}  {'cores busy':>10}"
    )
    for phase in phases:
        print(
            f"{phase.client:>8}  {phase.sessions:>8}  {len(phase.times):>7}  {phase.percentile(50) * 1000:5.0f} ms"
            f"  {phase.percentile(95) * 1000:5.0f} ms  {phase.rss_mb:10.0f} MB  {len(phase.errors):>6}"
            f"  {phase.per_change(phase.server_cpu_s) * 1000:14.0f} ms"
            f"  {phase.per_change(phase.client_cpu_s) * 1000:14.0f} ms  {phase.machine_busy:10.0%}"
        )
    print(f"\nserver memory before any reader: {idle_mb:.0f} MB")
    errors = [error for phase in phases for error in phase.errors]
    for error in dict.fromkeys(errors):
        print(f"error: {error}")
    server_one, server_many, browser_one, browser_many = phases
    ratio = server_many.percentile(95) / server_one.percentile(95)
    per_session = (server_many.rss_mb - server_one.rss_mb) / max(server_many.sessions - 1, 1)
    checks = [
        (
            f"p95 with {server_many.sessions} server sessions within {TARGET_P95_RATIO:.0f}x the 1-session p95",
            f"{ratio:.1f}x",
            ratio <= TARGET_P95_RATIO,
        ),
        (
            f"server memory under {TARGET_MB_PER_SESSION:.0f} MB per added session",
            f"{per_session:.1f} MB ({server_one.rss_mb:.0f} MB with 1 session, "
            f"{server_many.rss_mb:.0f} MB with {server_many.sessions})",
            per_session < TARGET_MB_PER_SESSION,
        ),
        ("no error", f"{len(errors)} error(s)", not errors),
    ] + [
        (
            f"every {phase.client} session changed the filter",
            f"{len(phase.times)} changes",
            len(phase.times) >= phase.sessions,
        )
        for phase in phases
    ]
    print()
    for target, measured, met in checks:
        print(f"target: {target}: {measured} ({'ok' if met else 'MISSED'})")
    browser_ratio = browser_many.percentile(95) / browser_one.percentile(95)
    print(
        f"browsers on this machine: p95 with {browser_many.sessions} sessions {browser_ratio:.1f}x the 1-session p95, "
        f"with the cores {browser_many.machine_busy:.0%} busy. Not a target: every reader of a real team draws "
        "pages on a machine of their own, while these share the server's."
    )
    return 0 if all(met for _, _, met in checks) else 1


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


def _client_cpu_s(server_pid: int) -> float:
    """CPU time so far of this process and every process it started except the server (the browser, its driver)."""
    parent_of: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii") as stat:
                    parent_of[int(entry.name)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                continue  # the process ended meanwhile
    me, total = os.getpid(), 0.0
    for pid in parent_of:
        ancestor = pid
        while ancestor not in (me, server_pid, 0, 1) and ancestor in parent_of:
            ancestor = parent_of[ancestor]
        if (ancestor == me or pid == me) and pid != server_pid:
            try:
                total += _cpu_s(pid)
            except (OSError, ValueError):
                continue
    return total


def _machine_cpu_s() -> float:
    """CPU time the whole machine has spent busy so far (all cores), in seconds, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def _first_condition(data: Path) -> str:
    from evidence.loading import load_evidence

    return load_evidence(data).base.conditions[0].slug


def _short(exc: Exception) -> str:
    return re.sub(r"\s+", " ", f"{type(exc).__name__}: {exc}")[:200]


if __name__ == "__main__":
    sys.exit(main())
