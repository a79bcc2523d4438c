"""What the two browser benchmarks share: the Sources page at 10,000 sources, the flag they click, the count they wait for.

``python -m benchmarks browser`` (one reader against a near-empty script) and
``python -m benchmarks load`` (1 then up to 20 readers at once) both click the "Unverified"
flag on the Sources page of synthetic data and time the change of the count of sources.
"""

from __future__ import annotations

from pathlib import Path

SOURCES = 10_000
CONDITIONS = 50
REPO_ROOT = Path(__file__).resolve().parent.parent
FLAG = "Unverified"
# the paragraph that ends in " sources" is the count of sources shown
COUNT_TEXT = "() => [...document.querySelectorAll('p')].find(p => / sources$/.test(p.innerText))?.innerText"
COUNT_CHANGED = (
    "(before) => { const p = [...document.querySelectorAll('p')].find(p => / sources$/.test(p.innerText));"
    " return p !== undefined && p.innerText !== before; }"
)


def missing_browser() -> str | None:
    """Why the browser benchmarks cannot run here (Playwright or Debian's chromium missing), or None."""
    from tests.streamlit_server import CHROMIUM

    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (requirements-dev.txt): nothing measured"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (`make browser` installs it as root): nothing measured"
    return None
