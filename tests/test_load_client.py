"""The load benchmark's browserless reader measures what a reader sees: the count of sources after a flag.

``python -m benchmarks load`` times 20 sessions that speak Streamlit's websocket protocol
(benchmarks/streamlit_protocol.py). Its figures mean something only if such a session gets the
pages a browser gets and its flag change filters the list as a click does; this checks both on the
shipped data, against the counts the evidence package computes.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.streamlit_protocol import ProtocolError, ProtocolSession
from evidence.loading import load_evidence
from tests.conftest import REPO_ROOT, SHIPPED_DATA
from tests.streamlit_server import serve

COUNT = re.compile(r" sources$")


def run(coroutine):
    """Run ``coroutine`` to its end on a thread of its own: the browser tests' Playwright keeps an event
    loop running on the main thread, where asyncio.run cannot start another."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    with serve(
        REPO_ROOT / "dashboard.py", SHIPPED_DATA, tmp_path_factory.mktemp("load") / "server.log"
    ) as url:
        yield url


def test_a_protocol_session_changes_the_flag_as_a_click_does(server_url):
    sources = load_evidence(SHIPPED_DATA).base.sources
    unverified = sum(not source.verified for source in sources)
    assert 0 < unverified < len(sources)  # else the flag would not change the count

    async def session_counts() -> list[str]:
        session = ProtocolSession()
        try:
            await session.open(server_url)
            shown = await session.show("Sources")
            counts = [next(text for text in shown.texts if COUNT.search(text))]
            for chosen in (["Unverified"], []):
                seconds, text = await session.set_pills("f_flags", chosen, awaited=COUNT, unlike=counts[-1])
                assert seconds > 0
                counts.append(text)
            return counts
        finally:
            await session.close()

    assert run(session_counts()) == [
        f"**{len(sources)}** of {len(sources)} sources",
        f"**{unverified}** of {len(sources)} sources",
        f"**{len(sources)}** of {len(sources)} sources",
    ]


def test_a_page_the_server_does_not_list_is_named(server_url):
    async def open_missing() -> None:
        session = ProtocolSession()
        try:
            await session.open(server_url)
            await session.show("Nowhere")
        finally:
            await session.close()

    with pytest.raises(
        ProtocolError, match=r"no page at /Nowhere \(it lists \['', 'Claim_review', 'Condition'"
    ):
        run(open_missing())
