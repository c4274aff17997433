"""Plays golden-case assessments through the `cchc` wheel, as tests/src/lib.rs does in Rust.

Shared by test_golden_wheel.py and test_differential_wheel.py. Only the installed package is
used (never the Rust sources); numbers are read from the Python objects (`decimal.Decimal`) and
written with `str`, so the digits compared are those a Python user sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import cchc

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"

STAGES = (
    ("answers", "self"),
    ("authority", "authority"),
    ("survey", "survey"),
    ("appraisals", None),
    ("final", None),
)


def load_edition(spec: str) -> cchc.Edition:
    """The edition a golden case names: ``embedded:<id>`` or ``toml:<folder under tests/>``."""
    if spec.startswith("embedded:"):
        edition = cchc.edition(spec.removeprefix("embedded:"))
        assert edition is not None, spec
        return edition
    assert spec.startswith("toml:"), spec
    folder = TESTS / spec.removeprefix("toml:")
    names = sorted(
        (p.name for p in folder.glob("*.toml")),
        key=lambda n: (n != "edition.toml", n != "units.toml", n),
    )
    return cchc.Edition.from_toml_files({n: (folder / n).read_text(encoding="utf-8") for n in names})


def apply_assessment(round: cchc.Round, a: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Applies one assessment in the golden JSON shape, stage by stage (the answers of the three
    assessors in one `give_all`, then appraisals and decisions), and puts it in the round;
    returns the refused inputs as (unit, code, error code). `submitted` defaults to whether the
    unit answered. A value of the wrong shape (`invalid-shape`, `not-a-decimal`) is "unparsable"."""
    unit = a.get("unit", "")
    try:
        assessment = round.assessment(unit)
    except cchc.Error as e:
        return [(unit, "", e.code)]
    assessment.submitted = bool(a.get("submitted", bool(a.get("answers"))))
    refused: list[tuple[str, str, str]] = []

    def refuse(code: str, e: cchc.Error) -> None:
        refused.append((unit, code, "unparsable" if e.category == "input" else e.code))

    given = [
        {"assessor": assessor, "code": code, "answer": value}
        for stage, assessor in STAGES
        if assessor is not None
        for code, value in (a.get(stage) or {}).items()
    ]
    for g, result in zip(given, assessment.give_all(given)):
        if isinstance(result, cchc.Error):
            refuse(g["code"], result)
    for code, value in (a.get("appraisals") or {}).items():
        try:
            assessment.appraise(code, value)
        except cchc.Error as e:
            refuse(code, e)
    for code, value in (a.get("final") or {}).items():
        try:
            assessment.decide(code, value)
        except cchc.Error as e:
            refuse(code, e)
    round.insert(assessment)
    return refused


def text(value: Optional[Any]) -> Optional[str]:
    return None if value is None else str(value)


def scorecard_json(card: cchc.Scorecard, nodes_from_json: bool = False) -> dict[str, Any]:
    """The scorecard in the golden cases' and the reference scorer's shape, read from the
    Python objects (`nodes_from_json`: the nodes from the card's `to_dict()`, the core's shape)."""
    if nodes_from_json:
        nodes = {
            n["code"]: {k: n[k] for k in ("max", "applicable_max", "self", "appraised", "final", "survey")}
            for n in card.to_dict()["nodes"]
        }
    else:
        nodes = {
            n.code: {
                "max": str(n.max),
                "applicable_max": str(n.applicable_max),
                "self": text(n.self_points),
                "appraised": str(n.appraised),
                "final": str(n.final_points),
                "survey": text(n.survey),
            }
            for n in card.nodes
        }
    return {
        "group": card.group,
        "submitted": card.submitted,
        "applicable_max": str(card.applicable_max),
        "self_total": str(card.self_total),
        "appraised_total": str(card.appraised_total),
        "final_total": str(card.final_total),
        "deductions": str(card.deductions),
        "bonus": str(card.bonus),
        "total": str(card.total),
        "index": str(card.index),
        "fields": {
            f.code: {
                "max": str(f.max),
                "applicable_max": str(f.applicable_max),
                "self": str(f.self_points),
                "appraised": str(f.appraised),
                "final": str(f.final_points),
                "sub_index": text(f.sub_index),
            }
            for f in card.fields
        },
        "nodes": nodes,
    }


def results_json(results: cchc.Results) -> tuple[dict[str, Any], dict[str, Any]]:
    """(results, summaries) in the golden cases' shape."""
    ranked: dict[str, Any] = {}
    summaries: dict[str, Any] = {}
    for g in results.groups:
        ranked[g.group] = [
            {"unit": p.unit, "rank": p.rank, "index": str(p.index), "band": p.band} for p in g.ranking
        ]
        s = g.summary
        summaries[g.group] = {
            "count": s.count,
            "bands": {b.band: b.count for b in s.bands},
            "mean": text(s.mean),
            "median": text(s.median),
            "min": text(s.min),
            "max": text(s.max),
        }
    return ranked, summaries


def compare_subset(path: str, expected: Any, actual: Any, out: list[str]) -> None:
    """Only the keys `expected` gives are checked (recursively); lists element by element."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, ev in expected.items():
            compare_subset(f"{path}.{key}", ev, actual.get(key), out)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            out.append(f"{path}: expected {len(expected)} entries, got {len(actual)}")
        for i, (ev, av) in enumerate(zip(expected, actual)):
            compare_subset(f"{path}[{i}]", ev, av, out)
    elif expected != actual or type(expected) is not type(actual):
        out.append(f"{path}: expected {expected!r}, got {actual!r}")
