"""The published JSON Schemas (schemas/) accept what the core writes and refuse broken data.

Runs against the installed wheel (`import cchc`) and the stored record log written by the Rust
test suite (tests/reports/mini-record.json)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parents[2]


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_edition_export_fits_its_schema() -> None:
    import cchc  # the installed wheel

    export = json.loads(cchc.default_edition().to_json())
    validator = _validator("edition.schema.json")
    validator.validate(export)
    assert export["criteria"][0]["max"] == "100"
    broken = json.loads(json.dumps(export))
    broken["criteria"][0]["max"] = 100  # a number, not a decimal string
    errors = list(validator.iter_errors(broken))
    assert [e.json_path for e in errors] == ["$.criteria[0].max"]


def test_the_stored_record_log_fits_its_schema() -> None:
    log = json.loads((ROOT / "tests" / "reports" / "mini-record.json").read_text(encoding="utf-8"))
    validator = _validator("record.schema.json")
    validator.validate(log)
    assert len(log["events"]) == 18
    broken = json.loads(json.dumps(log))
    broken["events"][0]["at"] = "2018-12-20T08:00:00"  # no offset
    assert [e.json_path for e in validator.iter_errors(broken)] == ["$.events[0].at"]
