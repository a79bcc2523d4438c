"""Curated evidence on ketamine and esketamine by condition: the dashboard's domain core.

This package never imports Streamlit; every figure a page shows can be reproduced with
``python -m evidence ...``.
"""

__version__ = "0.1.0"
