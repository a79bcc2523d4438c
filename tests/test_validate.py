"""The curated-data checks a curator relies on: every mistake is found, located and explained."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.cli import main
from evidence.errors import DataInvalid
from evidence.loading import load_evidence, load_valid_evidence
from evidence.models import Design
from evidence.schema import json_schemas
from evidence.yamlreader import YamlProblem, parse_yaml

from .conftest import REPO_ROOT

BROKEN = Path(__file__).parent / "broken_data"
BROKEN_CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def _expected(case: str) -> tuple[str, int | None, str, str]:
    """Parse EXPECTED: 'FILE:LINE: FIELD: message' into its parts."""
    text = (BROKEN / case / "EXPECTED").read_text().strip()
    location, field, words = text.split(": ", 2)
    file, _, line = location.partition(":")
    return file, int(line) if line else None, field, words


def test_the_broken_corpus_is_large_enough():
    assert len(BROKEN_CASES) >= 25


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_each_broken_folder_reports_file_line_and_field(case: str, capsys, monkeypatch, tmp_path):
    file, line, field, words = _expected(case)
    monkeypatch.chdir(tmp_path)  # files are named inside the data folder, wherever validate is run from
    code = main(["validate", "--data", str(BROKEN / case)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    # every line has the FILE:LINE: field: message shape
    assert all(len(row.split(": ", 2)) == 3 and ":" in row.split(": ", 1)[0] for row in out), out
    matching = [row for row in out if row.split(": ", 1)[0].split(":")[0] == file]
    hits = [
        row
        for row in matching
        if (line is None or row.split(": ", 1)[0].rsplit(":", 1)[1] == str(line))
        and row.split(": ", 2)[1] == field
        and _says(row.split(": ", 2)[2], words)
    ]
    assert hits, f"expected {file}:{line}: {field}: {words} in:\n" + "\n".join(out)


def _says(message: str, expected: str) -> bool:
    """The whole message, word for word; '...' at the end stands for a part that changes (next year's number)."""
    if expected.endswith("..."):
        return message.startswith(expected.removesuffix("..."))
    return message == expected


def test_shipped_data_validates_clean(shipped_data: Path):
    result = load_evidence(shipped_data)
    assert result.problems == (), "\n".join(map(str, result.problems))
    assert len(result.base.conditions) >= 14


def test_shipped_data_meets_the_coverage_the_project_promises(shipped_data: Path):
    base = load_valid_evidence(shipped_data)
    assert len(base.sources) >= 100
    slugs = {c.slug for c in base.conditions}
    for needed in (
        "treatment-resistant-depression",
        "major-depression-suicidal-ideation",
        "bipolar-depression",
        "ptsd",
        "social-anxiety-disorder",
        "mecfs",
        "fibromyalgia",
        "crps",
        "chronic-pain",
        "ocd",
        "alcohol-use-disorder",
        "neuropathic-pain",
        "migraine",
        "perioperative-acute-pain",
        "ketamine-harms",
    ):
        assert needed in slugs
        assert base.sources_for(needed), f"no sources bear on {needed}"
    # the fibromyalgia example page cites these three; the base must hold them
    for pmid in (24737367, 29870458, 23982301):
        assert pmid in base.source_by_pmid


def test_every_pubmed_source_names_the_page_it_was_checked_on(shipped_data: Path):
    base = load_valid_evidence(shipped_data)
    for source in base.sources:
        assert source.source_url.startswith(("http://", "https://")), source.key


def test_validate_command_exit_codes(shipped_data: Path, tmp_path: Path):
    clean = subprocess.run(
        [sys.executable, "-m", "evidence", "validate", "--data", str(shipped_data)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = subprocess.run(
        [sys.executable, "-m", "evidence", "validate", "--data", str(BROKEN / "unknown-design")],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "evidence", "validate", "--data", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert missing.returncode == 2
    assert "no evidence data folder" in missing.stderr


def test_environment_variable_chooses_the_data_folder(monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.setenv("EVIDENCE_DATA_DIR", str(BROKEN / "unknown-design"))
    assert main(["validate"]) == 1
    assert "did you mean 'rct'" in capsys.readouterr().out


def test_all_problems_are_reported_in_one_run(data_copy: Path, capsys):
    path = data_copy / "citations" / "zz-two-mistakes.yaml"
    path.write_text(
        "sources:\n"
        "  - pmid: 1000001\n    title: One\n    first_author: A B\n    year: 1800\n    journal: J\n"
        "    design: rct\n    conditions: [crps]\n    source_url: https://example.org/1\n"
        "  - pmid: 1000002\n    title: Two\n    first_author: A B\n    year: 2001\n    journal: J\n"
        "    design: rct\n    conditions: [crsp]\n    source_url: https://example.org/2\n"
    )
    assert main(["validate", "--data", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "zz-two-mistakes.yaml:5: year:" in out
    assert "zz-two-mistakes.yaml:16: conditions[0]: unknown condition 'crsp'; did you mean 'crps'?" in out


def test_an_oversized_file_is_refused_without_reading_it(data_copy: Path, capsys):
    big = data_copy / "citations" / "huge.yaml"
    big.write_text("sources: []\n" + "# padding\n" * 600_000)
    assert big.stat().st_size > 5 * 1024 * 1024
    assert main(["validate", "--data", str(data_copy)]) == 1
    assert "huge.yaml:1: (file): file is 6.0 MB; curated files are limited to 5 MB" in capsys.readouterr().out


def test_valid_entries_survive_beside_broken_ones(data_copy: Path):
    """The dashboard keeps working on what is valid while it shows what is not."""
    before = len(load_valid_evidence(data_copy).sources)
    (data_copy / "citations" / "zz-broken.yaml").write_text("sources:\n  - pmid: nonsense\n")
    result = load_evidence(data_copy)
    assert len(result.base.sources) == before
    fields = {p.field for p in result.problems}
    assert {
        "pmid",
        "title",
        "first_author",
        "year",
        "journal",
        "design",
        "conditions",
        "source_url",
    } <= fields
    assert all(p.file.endswith("zz-broken.yaml") and p.line == 2 for p in result.problems)
    with pytest.raises(DataInvalid) as raised:
        load_valid_evidence(data_copy)
    assert "zz-broken.yaml:2: pmid:" in str(raised.value)


def test_source_links_are_built_from_identifiers(shipped_data: Path):
    base = load_valid_evidence(shipped_data)
    murrough = base.source_by_pmid[23982301]
    assert murrough.key == "pmid:23982301"
    assert murrough.link == "https://pubmed.ncbi.nlm.nih.gov/23982301/"
    assert "treatment-resistant-depression" in murrough.conditions


def test_design_labels_cover_every_design():
    assert all(design.label for design in Design)


def test_yaml_reader_keeps_lines_of_nested_fields():
    doc = parse_yaml("sources:\n  - pmid: 1\n    positions:\n      - condition: crps\n        stance: x\n")
    assert doc.line_of(("sources", 0, "positions", 0, "stance")) == 5
    assert doc.line_of(("sources", 0, "missing")) == 2


def test_yaml_reader_refuses_self_referencing_alias():
    with pytest.raises(YamlProblem):
        parse_yaml("a: &a [*a]\n")


def test_published_json_schema_is_in_sync_with_the_models(shipped_data: Path):
    for name, schema in json_schemas().items():
        published = json.loads((shipped_data / "schema" / name).read_text())
        assert published == schema, f"data/schema/{name} is stale: run python -m evidence schema"


def test_json_schema_accepts_the_shipped_files(shipped_data: Path):
    import jsonschema  # declared in requirements-dev.txt: a missing package fails, never skips

    schemas = json_schemas()
    for path in sorted((shipped_data / "citations").glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text()), schemas["citations.schema.json"])
    jsonschema.validate(
        yaml.safe_load((shipped_data / "conditions.yaml").read_text()), schemas["conditions.schema.json"]
    )
    for path in sorted((shipped_data / "questions").glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text()), schemas["questions.schema.json"])
    # YAML reads 2019-03-05 as a date; JSON Schema sees what a JSON tool would, the text
    facts = json.loads(
        json.dumps(yaml.safe_load((shipped_data / "regulatory.yaml").read_text()), default=str)
    )
    jsonschema.validate(facts, schemas["regulatory.schema.json"])


yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=yaml_values)
def test_any_yaml_structure_gives_problems_never_an_exception(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "citations").mkdir()
    (folder / "conditions.yaml").write_text(yaml.safe_dump({"conditions": document}))
    (folder / "citations" / "x.yaml").write_text(yaml.safe_dump({"sources": document}))
    result = load_evidence(folder)
    assert all(p.line >= 1 and p.file for p in result.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_give_problems_never_an_exception(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "citations").mkdir()
    (folder / "conditions.yaml").write_bytes(raw)
    (folder / "citations" / "x.yaml").write_bytes(b"sources:\n" + raw)
    result = load_evidence(folder)
    assert all(p.line >= 1 for p in result.problems)


def test_the_schema_command_rewrites_the_published_schemas_byte_for_byte(
    shipped_data: Path, tmp_path: Path, capsys
):
    out = tmp_path / "schema"
    assert main(["schema", "--data", str(shipped_data), "--out", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(json_schemas())
    for name in written:
        assert (out / name).read_bytes() == (shipped_data / "schema" / name).read_bytes(), name


def test_the_schema_command_rewrites_a_schema_folder_that_is_already_there(tmp_path: Path, capsys):
    """`python -m evidence schema` is run again after every model change, over the published data/schema."""
    out = tmp_path / "schema"
    out.mkdir()
    (out / "citations.schema.json").write_text("{}\n")  # stale
    assert main(["schema", "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(out / name) for name in json_schemas()]
    assert json.loads((out / "citations.schema.json").read_text()) == json_schemas()["citations.schema.json"]
