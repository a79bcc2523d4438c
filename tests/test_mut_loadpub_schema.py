"""`python -m evidence schema --out FOLDER` publishes the JSON Schemas wherever it is pointed."""

from __future__ import annotations

import json

from evidence.cli import main
from evidence.schema import json_schemas


def test_the_schema_command_creates_a_folder_that_does_not_exist_yet_with_its_parents(tmp_path, capsys):
    out = tmp_path / "site" / "published" / "schema"
    assert main(["schema", "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(out / name) for name in json_schemas()]
    for name, schema in json_schemas().items():
        text = (out / name).read_text(encoding="utf-8")
        assert text == json.dumps(schema, indent=2, sort_keys=True) + "\n"
