"""Runs every golden case (tests/golden/*.json) through the independent reference scorer.

The reference scorer (benches/reference/cchc_reference.py) is plain Python written from the rule
book (docs/scoring.md), not from the Rust code; it is imported here by path, never through the
`cchc` wheel, so this suite checks the golden cases themselves.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))


def _load_reference():
    name = "cchc_reference"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benches" / "reference" / "cchc_reference.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


ref = _load_reference()

# docs/scoring.md §3, in the order of its table.
ERROR_CODES = {
    "unknown-criterion", "wrong-answer-kind", "unknown-option", "unknown-item", "negative-value",
    "zero-denominator", "numerator-above-denominator", "above-max", "off-step", "too-precise",
    "not-applicable-refused", "not-self-assessed", "no-respondents", "wrong-assessor",
}
METHODS = {"yes-no", "options", "checklist", "count", "ratio-tiers", "proportional", "points",
           "deduction", "survey"}
ANSWER_KINDS = {"yes-no", "option", "checklist", "count", "rate", "points", "tally", "not-applicable"}


def _cases() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in GOLDEN]


def test_there_are_enough_golden_cases() -> None:
    assert len(GOLDEN) >= 12
    names = [c["name"] for c in _cases()]
    assert len(names) == len(set(names)), "golden case names must be unique"


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert set(case) <= {"name", "description", "edition", "assessments", "refusals", "expected"}
    assert case["name"] == path.stem, "a case is named like its file"
    assert case.get("description"), "every case says what it shows"
    problems = ref.run_golden_case(case)
    assert not problems, "\n".join(problems)


def test_golden_cases_refuse_with_every_error_code() -> None:
    seen = {r["error"] for c in _cases() for r in c.get("refusals", [])}
    assert seen == ERROR_CODES


def test_golden_cases_use_every_method_and_answer_kind() -> None:
    methods: set[str] = set()
    kinds: set[str] = set()
    for case in _cases():
        edition = ref.load_edition(case["edition"])
        for a in case["assessments"]:
            appendix = edition.appendix_of(edition.unit_by_id[a["unit"]])
            for stage in ("answers", "authority", "survey"):
                for code, answer in (a.get(stage) or {}).items():
                    methods.add(appendix.by_code[code].method)
                    kinds.add(answer["kind"])
    assert methods == METHODS
    assert kinds == ANSWER_KINDS


def test_golden_cases_use_every_edition_kind() -> None:
    editions = {c["edition"] for c in _cases()}
    assert "embedded:soc-trang-2018" in editions
    for rounding in ("half-up", "half-even", "down"):
        assert any(ref.load_edition(e).rounding == rounding for e in editions)
    assert any(
        f.section == "bonus"
        for e in editions
        for app in ref.load_edition(e).appendices.values()
        for f in app.fields
    )


def test_the_runner_reports_a_wrong_expectation() -> None:
    case = json.loads((ROOT / "tests" / "golden" / "mini-every-method.json").read_text(encoding="utf-8"))
    case["expected"]["scorecards"]["so-a"]["index"] = "70.84"
    case["refusals"][0]["error"] = "off-step"
    problems = ref.run_golden_case(case)
    assert len(problems) == 2, problems
