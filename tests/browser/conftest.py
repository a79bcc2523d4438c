"""Real-browser fixtures: the dashboard served by `streamlit run` on localhost, and Debian's chromium.

``dashboard_url`` starts one Streamlit server per test session on a copy of data/, so a test
may not change the shipped files. ``page`` opens a fresh browser page, saves a screenshot of
every test under test-output/screenshots/, and fails the test when the page or the browser
console reported an error. Playwright cannot download its own browser here, so these tests
drive Debian's chromium: without it they skip, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SHIPPED_DATA
from tests.streamlit_server import CHROMIUM, CHROMIUM_ARGS, ServerDidNotStart, serve

OUTPUT = REPO_ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
APP_TIMEOUT_MS = 60_000  # a script run on 2 busy cores; generous so the tests are not flaky
VIEWPORT = {"width": 1440, "height": 900}  # a laptop screen

# Console messages that are not errors of the dashboard, each understood (matched against
# "console: <text> (<url>)"):
BENIGN_CONSOLE_ERRORS = (
    # Opening a page's own URL (/Sources) directly, Streamlit's frontend first probes
    # /Sources/_stcore/health and /Sources/_stcore/host-config to find the server's base path,
    # gets 404, then uses /_stcore/...: streamlit/streamlit issue 7074, harmless.
    re.compile(r"status of 404 .*\(https?://[^/]+/[^/)]+(/[^/)]+)*/_stcore/(health|host-config)\)$"),
)

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = (
        f"{CHROMIUM} not found: install Debian's chromium (`make browser` does it as root, "
        "or `apt-get install chromium`) to run the real-browser tests"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The copy of data/ the served dashboard reads."""
    target = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(SHIPPED_DATA, target, ignore=shutil.ignore_patterns(".lock"))
    return target


@contextlib.contextmanager
def serve_dashboard(data_dir: Path, log_name: str = "streamlit-server.log") -> Iterator[str]:
    """Run `streamlit run dashboard.py` on a free localhost port with ``data_dir``; yield its address."""
    _require_chromium()
    OUTPUT.mkdir(exist_ok=True)
    try:
        with serve(REPO_ROOT / "dashboard.py", data_dir, OUTPUT / log_name) as url:
            yield url
    except ServerDidNotStart as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def dashboard_url(browser_data_dir: Path) -> Iterator[str]:
    """The address of the dashboard serving a copy of data/, for the whole session."""
    with serve_dashboard(browser_data_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    # expect() has its own 5 s default; a rerun on 2 busy cores can take longer
    expect.set_options(timeout=APP_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, dashboard_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A fresh page (own cookies, downloads allowed) that fails its test on any browser error."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, base_url=dashboard_url)
    context.set_default_timeout(APP_TIMEOUT_MS)
    tab = context.new_page()
    errors: list[str] = []

    def on_console(message) -> None:
        text = f"console: {message.text} ({message.location.get('url', '')})"
        if message.type == "error" and not any(p.search(text) for p in BENIGN_CONSOLE_ERRORS):
            errors.append(text)

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    try:
        yield tab
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        try:
            tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        finally:
            context.close()
    if errors:
        pytest.fail("the browser reported errors:\n" + "\n".join(errors), pytrace=False)


# -- waiting for Streamlit ------------------------------------------------------------------


def wait_for_app(page, *, timeout: float = APP_TIMEOUT_MS) -> None:
    """Wait until the script run has finished: the app is mounted and the 'Running' widget is gone."""
    # the same attributes Streamlit's own end-to-end tests wait on
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', state="attached", timeout=timeout
    )
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const status = document.querySelector('[data-testid="stStatusWidget"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && !(status && /running/i.test(status.innerText || ''))
                && !document.querySelector('[data-testid="stSkeleton"]');
        }""",
        timeout=timeout,
    )


def open_page(page, path: str = "/", **params: str | list[str]) -> None:
    """Go to a dashboard page (``/Sources``) with query parameters, and wait for its script to finish."""
    from urllib.parse import urlencode

    query = urlencode(params, doseq=True)
    page.goto(path + (f"?{query}" if query else ""))
    wait_for_app(page)
