"""The synthetic data folder the benchmarks use: valid, realistic in its mix, and reproducible."""

from __future__ import annotations

import filecmp
from collections import Counter
from pathlib import Path

from evidence.cli import main
from evidence.loading import load_evidence
from evidence.models import Design
from evidence.synth import SYNTHETIC_PMID_START


def _same_tree(left: Path, right: Path) -> bool:
    files = sorted(p.relative_to(left) for p in left.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(right) for p in right.rglob("*") if p.is_file()):
        return False
    return all(filecmp.cmp(left / f, right / f, shallow=False) for f in files)


def test_thousand_synthetic_sources_validate_clean(tmp_path: Path, capsys):
    out = tmp_path / "synthetic"
    assert main(["synth", "--sources", "1000", "--conditions", "12", "--out", str(out)]) == 0
    assert main(["validate", "--data", str(out)]) == 0
    assert "ok: 12 conditions, 1000 sources" in capsys.readouterr().out


def test_synthetic_sources_are_clearly_fake_and_mix_designs_like_the_literature(tmp_path: Path):
    main(["synth", "--sources", "1000", "--conditions", "5", "--out", str(tmp_path)])
    base = load_evidence(tmp_path).base
    assert all(s.pmid >= SYNTHETIC_PMID_START for s in base.sources if s.pmid is not None)
    assert all(s.source_url.startswith("https://example.org/") for s in base.sources)
    designs = Counter(s.design for s in base.sources)
    assert designs[Design.RCT] > 5 * designs[Design.META_ANALYSIS] > 0
    assert designs[Design.CASE_REPORT] > designs[Design.GUIDELINE] > 0
    assert any(s.retracted for s in base.sources) and any(not s.verified for s in base.sources)


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path):
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        main(
            ["synth", "--sources", "300", "--conditions", "4", "--out", str(tmp_path / name), "--seed", seed]
        )
    assert _same_tree(tmp_path / "a", tmp_path / "b")
    assert not _same_tree(tmp_path / "a", tmp_path / "c")


def test_synth_refuses_zero_conditions(tmp_path: Path, capsys):
    assert main(["synth", "--sources", "10", "--conditions", "0", "--out", str(tmp_path)]) == 2
    assert "at least 1 condition" in capsys.readouterr().err
