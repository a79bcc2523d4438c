"""Runs the benchmarks: `python -m benchmarks [NAME ...]`, NAME one of the modules below.

Each benchmark measures its baseline in the same run and prints ratios against it, so the
figures mean the same on any machine.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "pubmed": "benchmarks.bench_pubmed",
    "grading": "benchmarks.bench_grading",
    "pages": "benchmarks.bench_pages",
    "review": "benchmarks.bench_review",
    "browser": "benchmarks.bench_browser",
    "load": "benchmarks.bench_load",
}


def main(names: list[str]) -> int:
    chosen = names or list(BENCHMARKS)
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    failed = 0
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        module = importlib.import_module(BENCHMARKS[name])
        failed += 0 if module.main() == 0 else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
