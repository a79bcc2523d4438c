"""The command line: ``python -m evidence COMMAND``; every figure the dashboard shows starts here.

Each command is a small function that parses nothing itself: argparse does that, the
domain modules do the work, and the function only prints and picks the exit code.
Exit codes: 0 clean, 1 findings (validation problems, mismatches, unsupported claims),
2 bad input or usage, 3 nothing could be checked (``verify`` with no PubMed record cached).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import DataProblem, EvidenceError, UnknownCondition

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except EvidenceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `python -m evidence grade | head`
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m evidence",
        description="Curated evidence on ketamine and esketamine, by condition.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--data",
            metavar="DIR",
            help="data folder laid out like data/ (default: $EVIDENCE_DATA_DIR, else the shipped data/)",
        )
        sub.set_defaults(handler=handler)
        return sub

    command("validate", _validate, "check the curated YAML: schema and cross-references")

    schema = command("schema", _schema, "write the JSON Schema of the curated YAML files")
    schema.add_argument("--out", metavar="DIR", help="folder to write to (default: DATA/schema)")

    summary = command(
        "summary",
        _summary,
        "the overview's figures: headline numbers and the evidence map, or one condition's",
    )
    summary.add_argument(
        "--condition", metavar="SLUG", help="one condition: participants by design and the timeline"
    )
    summary.add_argument("--format", choices=("table", "json"), default="table")

    _add_pubmed_commands(commands, command)
    _add_grading_commands(command)
    _add_review_commands(command)
    _add_export_commands(command)
    return parser


# -- curated data (issue 2) ---------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    from .loading import load_evidence

    result = load_evidence(args.data)
    if result.problems:
        root = result.base.data_dir
        for problem in result.problems:
            print(_inside(root, problem))
        count = len(result.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found in {root}", file=sys.stderr)
        return 1
    base = result.base
    print(f"ok: {len(base.conditions)} conditions, {len(base.sources)} sources in {base.data_dir}")
    return 0


def _inside(root: Path, problem: DataProblem) -> DataProblem:
    """``problem`` naming its file, and the file of the first of a duplicate, inside the data folder."""
    first = _FIRST_AT.search(problem.message)
    message = problem.message
    if first:
        message = message[: first.start(1)] + _within(root, first.group(1)) + message[first.end(1) :]
    return dataclasses.replace(problem, file=_within(root, problem.file), message=message)


# "duplicate PMID 1 (first curated at citations/a.yaml:2)", "duplicate question id 'x' (first at ...)"
_FIRST_AT = re.compile(r"\(first (?:curated )?at (.+):\d+\)$")


def _within(root: Path, file: str) -> str:
    """``file`` as a path inside the data folder (``citations/crps.yaml``), whatever the current folder."""
    try:
        return (Path.cwd() / file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # not under the data folder: shown as it was given
        return file


def _schema(args: argparse.Namespace) -> int:
    from .loading import resolve_data_dir
    from .schema import write_json_schemas

    out = Path(args.out) if args.out else resolve_data_dir(args.data) / "schema"
    for path in write_json_schemas(out):
        print(path)
    return 0


def _summary(args: argparse.Namespace) -> int:
    from .catalog import load_catalog
    from .overview import condition_summary, overview_summary

    catalog = load_catalog(args.data)
    if args.condition:
        if args.condition not in catalog.base.condition_by_slug:
            raise UnknownCondition(args.condition, [c.slug for c in catalog.base.conditions])
        report = condition_summary(catalog, args.condition)
    else:
        report = overview_summary(catalog)
    if args.format == "json":
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(report.as_table())
    if catalog.problems:
        print(f"note: {len(catalog.problems)} validation problems; run 'validate'", file=sys.stderr)
    return 0


# -- PubMed (issue 3) -----------------------------------------------------------------


def _add_pubmed_commands(commands: argparse._SubParsersAction, command: Callable) -> None:
    enrich = command("enrich", _enrich, "fetch PubMed records of the curated PMIDs into the cache")
    enrich.add_argument("--pmid", nargs="+", metavar="PMID", help="only these PMIDs")
    enrich.add_argument("--max-age", type=float, metavar="DAYS", help="refetch records older than this")
    enrich.add_argument("--force", action="store_true", help="refetch every record")

    pubmed = commands.add_parser("pubmed", help="PubMed utilities")
    pubmed_commands = pubmed.add_subparsers(title="pubmed commands", metavar="COMMAND")
    parse = pubmed_commands.add_parser("parse", help="normalise a saved efetch XML answer")
    parse.add_argument("file", metavar="FILE.xml")
    parse.add_argument("--format", choices=("json",), default="json")
    parse.set_defaults(handler=_pubmed_parse)

    surveil = command("surveil", _surveil, "list new PubMed records per condition not yet curated")
    surveil.add_argument("--since", metavar="DATE", help="only records published since YYYY-MM-DD")
    surveil.add_argument("--format", choices=("table", "json"), default="table")

    verify = command("verify", _verify, "check curated sources against their PubMed records")
    verify.add_argument("--format", choices=("table", "json"), default="table")


def _enrich(args: argparse.Namespace) -> int:
    from .enrich import run_enrich_command

    return run_enrich_command(args)


def _pubmed_parse(args: argparse.Namespace) -> int:
    from .pubmed import parse_command

    return parse_command(args)


def _surveil(args: argparse.Namespace) -> int:
    from .surveil import run_surveil_command

    return run_surveil_command(args)


def _verify(args: argparse.Namespace) -> int:
    from .verify import run_verify_command

    return run_verify_command(args)


# -- grading (issue 4) ----------------------------------------------------------------


def _add_grading_commands(command: Callable) -> None:
    grade = command(
        "grade", _grade, "grade the certainty of evidence per condition, clinical question and outcome"
    )
    grade.add_argument("--condition", metavar="SLUG", help="only this condition")
    grade.add_argument("--format", choices=("table", "json"), default="table")
    sof = command(
        "sof",
        _sof,
        "one condition's Summary of Findings tables and forest-plot data, as the Condition page shows them",
    )
    sof.add_argument("--condition", metavar="SLUG", required=True)
    sof.add_argument("--format", choices=("table", "json"), default="table")
    reviews = command(
        "reviews",
        _reviews,
        "who reviewed each condition, when, and what changed since (exit 1 when any is stale)",
    )
    reviews.add_argument("--format", choices=("table", "json"), default="table")
    signing = command(
        "sign-off", _sign_off, "record that conditions were reviewed, with a snapshot of what was seen"
    )
    signing.add_argument(
        "--condition", metavar="SLUG", action="append", help="a condition reviewed (repeatable)"
    )
    signing.add_argument("--all", action="store_true", help="every condition")
    signing.add_argument("--by", required=True, metavar="NAME", help="who reviewed")
    signing.add_argument("--role", required=True, help="their role, e.g. 'clinical pharmacist'")
    signing.add_argument("--on", metavar="YYYY-MM-DD", help="the review date (default: today)")


def _grade(args: argparse.Namespace) -> int:
    from .grading import run_grade_command

    return run_grade_command(args)


def _reviews(args: argparse.Namespace) -> int:
    from .signoff import run_reviews_command

    return run_reviews_command(args)


def _sign_off(args: argparse.Namespace) -> int:
    from .signoff import run_sign_off_command

    return run_sign_off_command(args)


def _sof(args: argparse.Namespace) -> int:
    from .grading import grade_condition
    from .grading.command import _cached_records
    from .loading import load_evidence
    from .sof import forest_plot, summary_of_findings

    base = load_evidence(args.data).base
    graded = grade_condition(base, args.condition, _cached_records(base))
    tables = [summary_of_findings(q) for q in graded.questions]
    if args.format == "json":
        data = [
            {**t.as_dict(), "forest_plots": [f.as_dict() for o in q.outcomes if (f := forest_plot(o))]}
            for t, q in zip(tables, graded.questions, strict=True)
        ]
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif not tables:
        print(f"{graded.name}: no clinical question is curated yet, so there is no Summary of Findings table")
    else:
        print("\n\n".join(t.as_text() for t in tables))
    return 0


# -- claim review (issue 6) -----------------------------------------------------------


def _add_review_commands(command: Callable) -> None:
    review = command("review", _review, "check a draft's claims against the evidence")
    review.add_argument("file", metavar="FILE", help="a .txt, .md or .html draft ('-' for standard input)")
    review.add_argument("--format", choices=("json", "md"), default="md")


def _review(args: argparse.Namespace) -> int:
    from .review import run_review_command

    return run_review_command(args)


# -- exports and synthetic data (issue 5) ---------------------------------------------


def _add_export_commands(command: Callable) -> None:
    export = command("export", _export, "export sources as CSV, BibTeX, RIS or Markdown")
    export.add_argument("--format", choices=("csv", "bibtex", "ris", "markdown"), default="markdown")
    export.add_argument("--condition", metavar="SLUG", help="only sources bearing on this condition")
    export.add_argument("--out", metavar="FILE", help="write here instead of standard output")

    synth = command("synth", _synth, "write a synthetic data folder for benchmarks")
    synth.add_argument("--sources", type=int, required=True, metavar="N")
    synth.add_argument("--conditions", type=int, required=True, metavar="M")
    synth.add_argument("--out", required=True, metavar="DIR")
    synth.add_argument("--seed", type=int, default=1)


def _export(args: argparse.Namespace) -> int:
    from .exports import run_export_command

    return run_export_command(args)


def _synth(args: argparse.Namespace) -> int:
    from .synth import run_synth_command

    return run_synth_command(args)
