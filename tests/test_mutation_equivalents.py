"""`make mutation` reads tests/mutation_equivalents.yaml: a broken entry there would fail the run, not a test."""

from __future__ import annotations

import fnmatch
import importlib.util
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mutation_script():
    spec = importlib.util.spec_from_file_location("mutation_script", ROOT / "scripts" / "mutation.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_equivalent_names_a_mutated_module_once_and_says_why():
    script = mutation_script()
    entries = (
        script.load_equivalents()
    )  # exits with the entry's name if one mutant is listed without 'change'
    assert entries, "the equivalents file reads as empty"
    assert [name for name, n in Counter(e.mutants for e in entries).items() if n > 1] == []
    for entry in entries:
        module = entry.mutants.split(".x")[0]  # evidence.grading.outcome.x_grade_outcome__mutmut_26
        path = module.replace(".", "/") + ".py"
        assert (ROOT / path).is_file(), f"{entry.mutants}: no module {path}"
        assert script.group_of(path) is not None, f"{entry.mutants}: {path} is not in a mutated group"
        assert len(entry.why) > 20, f"{entry.mutants}: say why no test should notice it"
        if not any(c in entry.mutants for c in "*?["):
            assert fnmatch.fnmatchcase(entry.mutants, "*__mutmut_[0-9]*"), entry.mutants
