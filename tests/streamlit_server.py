"""`streamlit run` on a free localhost port and the browser to open it, for the browser tests and benchmark.

The server runs from the repository, so it reads the project's .streamlit/config.toml, as
`make run` does; ``serve`` yields its address once its health endpoint answers. The browser is
Debian's chromium (Playwright cannot download its own here), launched with ``CHROMIUM_ARGS``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT = 90  # seconds; the first import of Streamlit and pandas is slow on 2 cores


class ServerDidNotStart(RuntimeError):
    """The server exited or did not answer in time; the message ends with its log."""


@contextlib.contextmanager
def serve(script: Path, data_dir: Path, log: Path, extra_args: Sequence[str] = ()) -> Iterator[str]:
    """Serve ``script`` with ``data_dir`` as the evidence data, logging to ``log``; yield its address."""
    with serve_process(script, data_dir, log, extra_args) as (url, _server):
        yield url


@contextlib.contextmanager
def serve_process(
    script: Path, data_dir: Path, log: Path, extra_args: Sequence[str] = ()
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``serve``, also yielding the server's process (to read its memory)."""
    port = _free_port()
    env = {**os.environ, "EVIDENCE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *extra_args,
    ]  # fmt: skip
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server, log)
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServerDidNotStart(f"streamlit exited with {server.returncode}:\n{log.read_text()[-4000:]}")
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.3)
    raise ServerDidNotStart(f"streamlit did not answer within {START_TIMEOUT} s:\n{log.read_text()[-4000:]}")
