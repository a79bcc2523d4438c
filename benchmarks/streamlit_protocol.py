"""A reader without a browser: a session that speaks Streamlit's websocket protocol to the server.

``python -m benchmarks load`` uses it to measure the server alone. A browser session also draws
every page it receives; on a machine with few cores, twenty browsers drawing the Sources page take
the cores the server needs, and the times then measure the browsers. This client asks for pages and
changes widgets as the browser does (the same ``BackMsg`` protobufs over ``/_stcore/stream``), and
reads what the server sends back (``ForwardMsg``), but draws nothing.

What the server does for it is what it does for a browser: it runs the page's script, serialises
every element (the 10,000-row table too: a client that reports no cached messages is sent each one
whole) and sends them. Only the work of the browser is left out.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState


class ProtocolError(RuntimeError):
    """The server closed the session, showed an exception, or sent something this client cannot follow."""


@dataclass
class Rendered:
    """What one run of a page's script sent: its Markdown texts, its widgets by key, and any exception."""

    texts: list[str] = field(default_factory=list)
    widget_ids: dict[str, str] = field(default_factory=dict)  # user key -> the widget's id on the wire
    exception: str | None = None
    awaited_at: float | None = None  # perf_counter when the awaited text arrived


class ProtocolSession:
    """One reader's session: ``await open(url)``, then ``show(page)`` and ``set_pills(...)`` in turn."""

    def __init__(self) -> None:
        self._socket = None
        self._pages: dict[str, tuple[str, str]] = {}  # url path ("" for the entry page) -> (hash, name)
        self._page = ""
        self._query = ""
        self._widget_ids: dict[str, str] = {}  # of the page on screen

    async def open(self, url: str) -> Rendered:
        """Connect to the server at ``url`` (http://host:port) and run its entry page."""
        address = re.sub(r"^http", "ws", url.rstrip("/")) + "/_stcore/stream"
        self._socket = await websockets.connect(address, subprotocols=["streamlit"], max_size=None)
        await self._rerun([])
        return await self._read_run()

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def show(self, path: str, query: str = "") -> Rendered:
        """Open a page by its URL path ("" for the Overview, "Sources", ...) with a query string."""
        if path not in self._pages:
            raise ProtocolError(f"the server lists no page at /{path} (it lists {sorted(self._pages)})")
        self._page, self._query = path, query
        await self._rerun([])
        return await self._read_run()

    async def set_pills(
        self, key: str, chosen: list[str], *, awaited: re.Pattern[str], unlike: str | None
    ) -> tuple[float, str]:
        """Choose ``chosen`` in the pills widget ``key`` as a click does; seconds until a new ``awaited`` text, and it.

        The time runs from sending the change to receiving the first text element that matches
        ``awaited`` and differs from ``unlike`` (the count of sources before the change). The rest of
        the run is then read to its end, so the session is ready for its next change.
        """
        if key not in self._widget_ids:
            raise ProtocolError(f"the page on screen has no widget {key!r}")
        state = WidgetState(id=self._widget_ids[key])
        state.string_array_value.data.extend(chosen)
        started = time.perf_counter()
        await self._rerun([state])
        rendered = await self._read_run(awaited=awaited, unlike=unlike)
        if rendered.awaited_at is None:
            raise ProtocolError(f"the page finished without a new text matching {awaited.pattern!r}")
        text = next(t for t in rendered.texts if awaited.search(t) and t != unlike)
        return rendered.awaited_at - started, text

    async def _rerun(self, widgets: list[WidgetState]) -> None:
        page_hash, page_name = self._pages.get(self._page, ("", ""))
        message = BackMsg()
        message.rerun_script.page_script_hash = page_hash
        message.rerun_script.page_name = page_name
        message.rerun_script.query_string = self._query
        message.rerun_script.widget_states.widgets.extend(widgets)
        await self._socket.send(message.SerializeToString())

    async def _read_run(self, awaited: re.Pattern[str] | None = None, unlike: str | None = None) -> Rendered:
        """Read the server's messages until the script run ends; what it sent."""
        rendered = Rendered()
        while True:
            message = await self._receive()
            kind = message.WhichOneof("type")
            if kind == "navigation":
                self._pages = {
                    p.url_pathname: (p.page_script_hash, p.page_name) for p in message.navigation.app_pages
                }
            elif kind == "delta" and message.delta.HasField("new_element"):
                element = message.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    rendered.exception = element.exception.message or element.exception.type
                elif which == "markdown":
                    text = element.markdown.body
                    rendered.texts.append(text)
                    if (
                        awaited is not None
                        and rendered.awaited_at is None
                        and awaited.search(text)
                        and text != unlike
                    ):
                        rendered.awaited_at = time.perf_counter()
                elif which is not None and (widget_id := getattr(getattr(element, which), "id", "")):
                    rendered.widget_ids[_user_key(widget_id)] = widget_id
            elif kind == "script_finished":
                if rendered.exception is not None:
                    raise ProtocolError(f"the page showed an exception: {rendered.exception}")
                self._widget_ids = rendered.widget_ids
                return rendered

    async def _receive(self) -> ForwardMsg:
        try:
            raw = await self._socket.recv()
        except websockets.ConnectionClosed as exc:
            raise ProtocolError(f"the server closed the session ({exc})") from exc
        message = ForwardMsg()
        message.ParseFromString(raw)
        return message


def _user_key(widget_id: str) -> str:
    """The key a page gave a widget, from its id on the wire ("$$ID-<hash>-<key>"), else the id itself."""
    prefix, _, rest = widget_id.partition("-")
    if prefix != "$$ID" or "-" not in rest:
        return widget_id
    return rest.split("-", 1)[1]
