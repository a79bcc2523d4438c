"""Grading 10,000 sources across 50 conditions, timed against loading the same sources.

The baseline is measured in the same run: loading and validating the synthetic data folder
(``evidence.synth`` writes it). Grading every condition should take a small fraction of
that, and under 100 ms in absolute terms, so the dashboard can regrade on every rerun.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from evidence.grading import grade_all
from evidence.loading import load_evidence
from evidence.synth import write_synthetic_data

SOURCES = 10_000
CONDITIONS = 50
REPEATS = 7
TARGET_SECONDS = 0.100


def _median_seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as folder:
        data = Path(folder) / "data"
        write_synthetic_data(data, sources=SOURCES, conditions=CONDITIONS, seed=4)
        load_seconds = _median_seconds(lambda: load_evidence(data), 3)
        result = load_evidence(data)
    base = result.base
    grades = grade_all(base)  # warm-up, and a check that the run graded everything
    grade_seconds = _median_seconds(lambda: grade_all(base), REPEATS)
    spread = {
        g.value: sum(1 for x in grades if x.grade is g)
        for g in sorted({x.grade for x in grades}, key=lambda g: -g.rank)
    }
    print(
        f"{len(base.sources)} sources, {len(base.conditions)} conditions ({len(result.problems)} load problems)"
    )
    print(f"load + validate (baseline): {load_seconds * 1000:8.1f} ms (median of 3)")
    print(f"grade all conditions:       {grade_seconds * 1000:8.1f} ms (median of {REPEATS})")
    print(f"grading / loading:          {grade_seconds / load_seconds:8.3f}")
    print(f"grades: {spread}")
    ok = grade_seconds < TARGET_SECONDS and len(grades) == CONDITIONS
    print(f"target grading < {TARGET_SECONDS * 1000:.0f} ms: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
