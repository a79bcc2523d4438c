"""`make mutation`: mutmut over the core modules, then each module group's score and its unexplained survivors.

mutmut (configured under ``[tool.mutmut]`` in pyproject.toml) copies the package and the tests into
``mutants/``, changes one thing at a time in the core modules and reruns the tests that call the
changed function. A mutant is killed when a test fails (or hangs past mutmut's limit, or crashes the
test process). A surviving mutant is a change no test noticed; each is either killed by a test that
asserts what a user relies on, or listed in ``tests/mutation_equivalents.yaml`` with why no test should
notice it. Exit status: 0 when every group kills at least 90% and every survivor is listed, 1 otherwise.

    python scripts/mutation.py                 # run what is not yet checked, then report
    python scripts/mutation.py --retest        # rerun the survivors (after adding tests), then report
    python scripts/mutation.py --report-only   # report on the last run
    python scripts/mutation.py --sample 0.06   # a quicker estimate: about 6% of the mutants of each group

A sample is chosen by a hash of each mutant's name, so the same mutants are sampled on every run and
a rerun after new tests compares like with like; its scores carry a 95% interval (Wilson).
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import hashlib
import json
import math
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
MUTANTS = REPO_ROOT / "mutants"
EQUIVALENTS = REPO_ROOT / "tests" / "mutation_equivalents.yaml"
TARGET = 0.90
FIRST_MUTANT = "evidence.schema.x_*__mutmut_1"  # a glob that names a mutant in any version of the code

# The module groups; every file in [tool.mutmut] only_mutate belongs to exactly one
GROUPS: dict[str, tuple[str, ...]] = {
    "cache": ("evidence/cache.py",),
    "E-utilities client": ("evidence/eutils.py", "evidence/pubmed.py"),
    "loading and validation": ("evidence/loading.py", "evidence/schema.py", "evidence/yamlreader.py"),
    "grading": ("evidence/grading/*.py",),
    "claim review": (
        "evidence/review.py",
        "evidence/claims.py",
        "evidence/claim_match.py",
        "evidence/claim_lexicon.py",
    ),
}

# mutmut's exit codes (mutmut.stats.status_by_exit_code), sorted into what the score counts
KILLED = {
    1: "killed",
    3: "killed",
    36: "timeout",
    24: "timeout",
    -24: "timeout",
    152: "timeout",
    255: "timeout",
}
KILLED |= {-11: "crashed", -9: "crashed", 37: "caught by type check"}
NOT_KILLED = {0: "survived", 5: "no tests", 33: "no tests", 35: "suspicious"}


@dataclass(frozen=True)
class Equivalent:
    """One entry of the equivalents file: a mutant name (or a glob over names) and why it may survive."""

    mutants: str
    why: str
    # for a single mutant, text of the line it writes, so that a renumbered mutant is not excused
    change: str | None

    def covers(self, name: str) -> bool:
        if not fnmatch.fnmatchcase(name, self.mutants):
            return False
        if self.change is None:
            return True
        diff = mutant_diff(name) or ""
        added = [
            line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")
        ]
        return any(self.change in line for line in added)


def group_of(path: str) -> str | None:
    for group, patterns in GROUPS.items():
        if any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns):
            return group
    return None


def sampled(name: str, fraction: float) -> bool:
    """Whether ``name`` is in the sample: the same answer on every run, whatever else changed."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) < fraction * 16**8


def wilson(killed: int, total: int) -> tuple[float, float]:
    """95% interval of a proportion (Wilson score)."""
    if not total:
        return 0.0, 1.0
    z, p = 1.96, killed / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return centre - half, centre + half


def run_mutmut(names: list[str], max_children: int) -> None:
    env = dict(os.environ)
    # the tests find ../shared beside the clone; from mutants/ that is one level further up
    env.setdefault("EVIDENCE_SHARED", str(REPO_ROOT.parent / "shared"))
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(max_children), *names]
    completed = subprocess.run(command, cwd=REPO_ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(f"mutmut run exited with {completed.returncode}")


def load_results() -> dict[str, dict[str, int | None]]:
    """Exit code per mutant name, per mutated file (relative to the repository), from mutmut's meta files."""
    results = {}
    for meta in sorted(MUTANTS.glob("evidence/**/*.py.meta")):
        source = str(meta.relative_to(MUTANTS))[: -len(".meta")]
        if group_of(source) is not None:
            results[source] = json.loads(meta.read_text())["exit_code_by_key"]
    return results


def load_equivalents() -> list[Equivalent]:
    entries = yaml.safe_load(EQUIVALENTS.read_text()) or []
    equivalents = []
    for entry in entries:
        single = not any(c in entry["mutants"] for c in "*?[")
        if single and not entry.get("change"):
            sys.exit(f"{EQUIVALENTS.name}: {entry['mutants']} names one mutant, so it needs 'change'")
        equivalents.append(Equivalent(entry["mutants"], entry["why"].strip(), entry.get("change")))
    return equivalents


@functools.cache
def mutant_diff(name: str) -> str | None:
    """The mutant's diff against the original function, as `mutmut show` prints it."""
    cwd = os.getcwd()
    os.chdir(REPO_ROOT)  # mutmut reads its configuration and mutants/ from the working directory
    try:
        from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant

        return get_diff_for_mutant(name, path=find_mutant(name).path)
    except FileNotFoundError:
        return None
    finally:
        os.chdir(cwd)


def survivors(results: dict[str, dict[str, int | None]]) -> list[str]:
    return [name for codes in results.values() for name, code in codes.items() if code in NOT_KILLED]


def report(
    results: dict[str, dict[str, int | None]], equivalents: list[Equivalent], sample: float | None = None
) -> int:
    if sample is not None:
        results = {
            path: {n: c for n, c in codes.items() if sampled(n, sample)} for path, codes in results.items()
        }
        print(f"\nOn the sample of {sample:.0%} of the mutants (chosen by a hash of each name):")
    unchecked = [name for codes in results.values() for name, code in codes.items() if code is None]
    unknown = {code for codes in results.values() for code in codes.values()} - set(KILLED) - set(NOT_KILLED)
    unknown.discard(None)

    explained: dict[str, Equivalent] = {}
    for name in survivors(results):
        for entry in equivalents:
            if entry.covers(name):
                explained[name] = entry
                break
    used = set(explained.values())
    stale = [e for e in equivalents if e not in used] if sample is None else []  # a sample misses some

    failed = False
    print(f"\n{'module':45} {'killed':>7} / {'total':>5}  {'score':>6}  survived (listed as equivalent)")
    for group in GROUPS:
        files = {path: codes for path, codes in results.items() if group_of(path) == group}
        group_counts: Counter[str] = Counter()
        for path, codes in files.items():
            counts = tally(codes, explained)
            group_counts.update(counts)
            print(line(path, counts))
        print(line(f"= {group}", group_counts))
        total = group_counts["total"]
        if sample is not None and total:
            low, high = wilson(group_counts["killed"], total - group_counts["unchecked"])
            print(f"{'':45} 95% interval of the score: {low:.0%} to {high:.0%}")
        if total and group_counts["killed"] / total < TARGET:
            failed = True
        print()

    unexplained = [name for name in survivors(results) if name not in explained]
    by_status = Counter(
        NOT_KILLED[code] for codes in results.values() for code in codes.values() if code in NOT_KILLED
    )
    print(
        f"Survivors: {sum(by_status.values())} ({', '.join(f'{n} {s}' for s, n in sorted(by_status.items()))}), "
        f"{len(explained)} listed in {EQUIVALENTS.relative_to(REPO_ROOT)}, {len(unexplained)} not"
    )
    for name in unexplained:
        code = next(codes[name] for codes in results.values() if name in codes)
        print(f"    {name}: {NOT_KILLED[code]}   (mutmut show {name})")
    for entry in stale:
        print(f"Listed but no longer a survivor (remove it, or mutmut renumbered it): {entry.mutants}")
    if unchecked:
        print(f"{len(unchecked)} mutants not checked yet: the run was interrupted or limited to some mutants")
    if unknown:
        print(f"mutmut exit codes this script does not know: {sorted(unknown)}")
    return 1 if failed or unexplained or unchecked or unknown else 0


def tally(codes: dict[str, int | None], explained: dict[str, Equivalent]) -> Counter[str]:
    counts: Counter[str] = Counter(total=len(codes))
    for name, code in codes.items():
        if code in KILLED:
            counts["killed"] += 1
        elif code in NOT_KILLED:
            counts["survived"] += 1
            counts["listed"] += name in explained
        elif code is None:
            counts["unchecked"] += 1
    return counts


def line(label: str, counts: Counter[str]) -> str:
    total = counts["total"]
    score = f"{counts['killed'] / total:6.1%}" if total else "     -"
    flag = "" if not total or counts["killed"] / total >= TARGET else "  below 90%"
    if counts["unchecked"]:
        flag += f"  ({counts['unchecked']} not checked yet)"
    return (
        f"{label:45} {counts['killed']:7} / {total:5}  {score}  {counts['survived']} ({counts['listed']})"
        f"{flag}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--report-only", action="store_true", help="report on the last run without running mutmut"
    )
    parser.add_argument(
        "--retest", action="store_true", help="rerun the surviving mutants (after adding tests)"
    )
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument(
        "--sample", type=float, metavar="FRACTION", help="run and report only this share of mutants"
    )
    parser.add_argument(
        "mutants", nargs="*", help="mutant names or globs to run (default: all not yet checked)"
    )
    args = parser.parse_args()

    if not args.report_only:
        names = list(args.mutants)
        if args.retest or args.sample is not None:
            if not MUTANTS.is_dir() and args.retest:
                sys.exit("--retest reruns the survivors of an earlier run: run make mutation once first")
            if not MUTANTS.is_dir():
                # mutmut names its mutants as it writes them; to sample among them it must write them first,
                # which it does only as part of a run: so run the first mutant of one small module
                print("No mutants/ yet: mutmut writes them, then checks one, before the sample is chosen")
                run_mutmut([FIRST_MUTANT], args.max_children)
            names += [
                name
                for codes in load_results().values()
                for name, code in codes.items()
                if (args.sample is None or sampled(name, args.sample))
                and ((code is None and args.sample is not None) or (args.retest and code in NOT_KILLED))
            ]
            if not names:
                print("Nothing to run: every chosen mutant is checked, and none survived.")
        if names or not (args.retest or args.sample is not None):
            run_mutmut(names, args.max_children)
    if not MUTANTS.is_dir():
        sys.exit("No mutants/ folder: run mutmut first (python scripts/mutation.py)")
    return report(load_results(), load_equivalents(), args.sample)


if __name__ == "__main__":
    sys.exit(main())
