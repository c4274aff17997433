"""The Python value classes (cchc/_values.py) against the JSON Schemas the core's types generate
(schemas/*.schema.json): every class that has a schema has exactly its keys, the required ones
without a default. So a field added to a core type fails here until the value class has it."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

cchc = pytest.importorskip("cchc")

from cchc import _values  # noqa: E402
from wheel_play import ROOT  # noqa: E402

#: Value classes named otherwise in the core.
CORE_NAME = {"CriteriaNode": "NodeView"}
#: The value class of each schema file's top-level type.
FILE_CLASS = {
    "actor": "Actor",
    "assessment": "AssessmentData",
    "criteria-view": "CriteriaView",
    "event": "Event",
    "gap-report": "GapReport",
    "given": "Given",
    "priorities": "Priorities",
    "report": "SelfAssessmentReport",
    "results": "Results",
    "scorecard": "Scorecard",
    "unit-record": "UnitRecord",
    "worth": "Worth",
}


def definitions() -> dict[str, dict[str, Any]]:
    """Every object schema, by the name of its Rust type (top-level titles and $defs)."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        for name, d in schema.get("$defs", {}).items():
            found.setdefault(name, d)
        name = path.name.removesuffix(".schema.json")
        if name in FILE_CLASS:
            found.setdefault(FILE_CLASS[name], schema)
    return found


DEFS = definitions()


def keys(schema: dict[str, Any]) -> set[str]:
    """The keys of an object schema, or of every variant of a tagged union (oneOf)."""
    if "properties" in schema:
        return set(schema["properties"])
    return set().union(*(keys(v) for v in schema.get("oneOf", [])))


CHECKED = [c for c in _values.VALUES if keys(DEFS.get(CORE_NAME.get(c.__name__, c.__name__), {}))]


def test_most_value_classes_have_a_schema() -> None:
    assert len(CHECKED) >= 20, [c.__name__ for c in CHECKED]


@pytest.mark.parametrize("cls", CHECKED, ids=[c.__name__ for c in CHECKED])
def test_value_class_has_the_keys_of_its_core_type(cls: type) -> None:
    schema = DEFS[CORE_NAME.get(cls.__name__, cls.__name__)]
    fields = {f.metadata.get("key", f.name): f for f in dataclasses.fields(cls)}
    assert set(fields) == keys(schema)
    for key in schema.get("required", []):
        f = fields[key]
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        assert not has_default, f"{cls.__name__}.{f.name} is required by the core"
