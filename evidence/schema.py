"""Publishes the curated YAML format as JSON Schema, generated from the models themselves."""

from __future__ import annotations

import json
from pathlib import Path

from .models import (
    CitationsFile,
    ConditionsFile,
    ContextFile,
    PatientExperienceFile,
    QuestionsFile,
    RegulatoryFile,
    ReviewsFile,
)

SCHEMAS = {
    "citations.schema.json": (CitationsFile, "A data/citations/*.yaml file: curated sources on ketamine."),
    "conditions.schema.json": (
        ConditionsFile,
        "data/conditions.yaml: the conditions ketamine is offered for.",
    ),
    "regulatory.schema.json": (
        RegulatoryFile,
        "data/regulatory.yaml: who approved which ketamine product for what, each fact verified on a page.",
    ),
    "context.schema.json": (
        ContextFile,
        "A data/context/*.yaml file: where ketamine fits in one condition's care.",
    ),
    "patient_experience.schema.json": (
        PatientExperienceFile,
        "data/patient_experience.yaml: what patients report, kept apart from evidence.",
    ),
    "reviews.schema.json": (
        ReviewsFile,
        "data/reviews.yaml: who reviewed each condition's evidence view, and when.",
    ),
    "questions.schema.json": (
        QuestionsFile,
        "A data/questions/*.yaml file: one condition's clinical questions, outcomes and findings.",
    ),
}


def json_schemas() -> dict[str, dict]:
    """File name -> JSON Schema (draft 2020-12) for each kind of curated file."""
    result = {}
    for name, (model, description) in SCHEMAS.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = name
        schema["description"] = description
        result[name] = schema
    return result


def write_json_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written
