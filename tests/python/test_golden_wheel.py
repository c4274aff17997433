"""Every golden case (tests/golden/*.json, docs/scoring.md §8) through the installed `cchc` wheel.

The same files the Rust runner (tests/rust/golden.rs) and the Node runner read, unchanged; the
digits compared are `str()` of the `decimal.Decimal` values the Python API returns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

cchc = pytest.importorskip("cchc")

from wheel_play import (  # noqa: E402  (after the importorskip)
    TESTS,
    apply_assessment,
    compare_subset,
    load_edition,
    results_json,
    scorecard_json,
)

GOLDEN = sorted((TESTS / "golden").glob("*.json"))


def refusal_code(edition: Any, round: Any, r: dict[str, Any]) -> str:
    """The error of a refusal, checked against the unit's state after its accepted inputs, and
    required to change nothing."""
    unit, code = r["unit"], r["code"]
    assessment = round.get(unit)
    if assessment is None:
        try:
            assessment = cchc.Assessment(edition, unit)
        except cchc.Error as e:
            return str(e.code)
    before = assessment.to_json()
    stage = r.get("stage", "answers")
    try:
        if stage == "appraisals":
            assessment.appraise(code, r["answer"])
        elif stage == "final":
            assessment.decide(code, r["answer"])
        else:
            assessor = {"answers": "self", "authority": "authority", "survey": "survey"}[stage]
            assessment.give(assessor, code, r["answer"])
    except cchc.Error as e:
        assert assessment.to_json() == before, "a refused input changed the assessment"
        return str(e.code)
    return "(accepted)"


def run_case(case: dict[str, Any]) -> list[str]:
    edition = load_edition(case["edition"])
    round = cchc.Round(edition)
    for a in case.get("assessments", []):
        refused = apply_assessment(round, a)
        assert not refused, f"inputs of an assessment were refused: {refused}"
    diffs: list[str] = []
    expected = case["expected"]
    cards = {c.unit: c for c in round.scorecards()}
    for unit, exp in (expected.get("scorecards") or {}).items():
        if unit not in cards:
            diffs.append(f"no scorecard for {unit}")
            continue
        compare_subset(f"scorecards.{unit}", exp, scorecard_json(cards[unit]), diffs)
    ranked, summaries = results_json(round.results())
    if expected.get("results") is not None:
        compare_subset("results", expected["results"], ranked, diffs)
    if expected.get("summaries") is not None:
        compare_subset("summaries", expected["summaries"], summaries, diffs)
    for i, r in enumerate(case.get("refusals", [])):
        got = refusal_code(edition, round, r)
        if got != r["error"]:
            diffs.append(f"refusals[{i}] ({r['unit']} {r['code']}): expected {r['error']}, got {got}")
    return diffs


def test_there_are_golden_cases() -> None:
    assert len(GOLDEN) >= 12


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_case_gives_the_expected_digits(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    diffs = run_case(case)
    assert not diffs, "\n".join(diffs)


def test_rank_of_scorecards_matches_the_round() -> None:
    # `Edition.rank` gives the same results as the round it came from, also from stored cards.
    case = json.loads((TESTS / "golden" / "ranking-ties-and-bands.json").read_text(encoding="utf-8"))
    edition = load_edition(case["edition"])
    round = cchc.Round(edition)
    for a in case["assessments"]:
        apply_assessment(round, a)
    assert edition.rank(round.scorecards()) == round.results()
    stored = json.loads(json.dumps([c.to_dict() for c in round.scorecards()]))
    assert edition.rank(stored) == round.results()
