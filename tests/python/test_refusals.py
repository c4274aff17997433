"""The shared corpus of bad inputs (tests/refusals/*.json) through the installed `cchc` wheel.

The same files the Rust and Node runners read: each case gives its input to the binding as a
Python value (a dict for an answer, a float for a JSON number) and expects the same error object
-- code, category, unit, criterion, method, limit, items, problems -- as every other binding.
The message is not compared, but must not be empty.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

cchc = pytest.importorskip("cchc")

from wheel_play import TESTS, load_edition  # noqa: E402  (after the importorskip)

CASES = sorted((TESTS / "refusals").glob("*.json"))
FIELDS = ("code", "category", "unit", "criterion", "method", "limit", "items", "problems")


def edition_of(case: dict[str, Any]) -> Any:
    spec = case.get("edition", "default")
    return cchc.default_edition() if spec == "default" else load_edition(spec)


def toml_files(dirs: list[str]) -> dict[str, str]:
    """The TOML files of several folders, a later folder's file replacing an earlier one's."""
    files: dict[str, str] = {}
    for d in dirs:
        for path in sorted((TESTS / d).glob("*.toml")):
            files[path.name] = path.read_text(encoding="utf-8")
    return files


def play(case: dict[str, Any]) -> None:
    """Runs the case's operation; it must raise."""
    op = case["op"]
    if op == "edition-toml":
        cchc.Edition.from_toml_files(toml_files(case.get("dirs") or [case["dir"]]))
    elif op == "edition-json":
        cchc.Edition.from_json(case["text"])
    elif op == "name":
        what, text = case["what"], case["text"]
        if what == "appendix":
            cchc.default_edition().criteria(text)
        elif what == "assessor":
            cchc.Assessment(cchc.default_edition(), "so-noi-vu").give(text, "1.1.1", {"kind": "yes-no", "yes": True})
        elif what == "group":
            cchc.default_edition().units_in(text)
        else:
            pytest.skip(f"no Python API takes a bare {what} name")
    elif op == "instant":
        cchc.RoundRecord(cchc.default_edition()).phase(case["text"])
    else:
        edition = edition_of(case)
        if op == "record-log":
            cchc.RoundRecord.from_json(edition, case["text"])
        elif op == "rows-csv":
            cchc.Round.from_csv(edition, case["text"])
        elif op == "assessment":
            cchc.Assessment.from_data(edition, case["value"])
        elif op == "command":
            record = cchc.RoundRecord(edition)
            for step in case.get("setup", []):
                record.execute(step["actor"], step["at"], step["command"])
            record.execute(case["actor"], case["at"], case["command"])
        else:
            assessment = cchc.Assessment(edition, case["unit"])
            for given in case.get("answers", []):
                assessment.give(given["assessor"], given["code"], given["answer"])
            if op == "answer":
                assessment.give(case.get("assessor", "self"), case["code"], case["answer"])
            elif op == "appraise":
                assessment.appraise(case["code"], case["points"])
            elif op == "decide":
                assessment.decide(case["code"], case["points"])
            else:
                raise AssertionError(f"unknown op {op!r}")


def test_there_are_refusal_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_refusal_gives_the_same_error_object(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    with pytest.raises(cchc.Error) as info:
        play(case)
    err = info.value
    got = err.to_dict()
    assert got["message"] and str(err) == got["message"]
    expected = {"unit": None, "criterion": None, "method": None, "limit": None, "items": [], "problems": []}
    expected.update(case["expect"])
    assert {k: got[k] for k in FIELDS} == {k: expected[k] for k in FIELDS}
    category_class = {
        "answer": cchc.AnswerError,
        "record": cchc.RecordError,
        "edition": cchc.EditionError,
        "input": cchc.InputError,
    }[got["category"]]
    assert type(err) is category_class
