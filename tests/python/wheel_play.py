"""Plays golden-case assessments through the `cchc` wheel, as tests/src/lib.rs does in Rust.

Shared by test_golden_wheel.py and test_differential_wheel.py. Only the installed package is
used (never the Rust sources); numbers are read from the Python objects (`decimal.Decimal`) and
written with `str`, so the digits compared are those a Python user sees.
"""

from __future__ import annotations

import json
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


def to_answer(value: dict[str, Any]) -> cchc.Answer:
    """An answer in the JSON form, through the typed constructors (faster than `from_dict`,
    which goes through JSON text); shapes the constructors do not take go through `from_dict`."""
    kind = value.get("kind")
    try:
        if kind == "yes-no" and len(value) == 2:
            return cchc.Answer.yes_no(value["yes"])
        if kind == "option" and len(value) == 2:
            return cchc.Answer.option(value["option"])
        if kind == "checklist" and len(value) == 2:
            return cchc.Answer.checklist(value["ticked"])
        if kind == "count" and len(value) == 2:
            return cchc.Answer.count(value["count"])
        if kind == "rate" and len(value) == 3:
            return cchc.Answer.rate(value["numerator"], value["denominator"])
        if kind == "points" and len(value) == 2:
            return cchc.Answer.points(value["points"])
        if kind == "tally" and len(value) == 2:
            return cchc.Answer.tally(value["tally"])
        if kind == "not-applicable" and len(value) == 1:
            return cchc.Answer.not_applicable()
    except (KeyError, TypeError):
        pass
    return cchc.Answer.from_dict(value)


def apply_assessment(round: cchc.Round, a: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Applies one assessment in the golden JSON shape, stage by stage; returns the refused
    inputs as (unit, code, error code). `submitted` defaults to whether the unit answered."""
    unit = a.get("unit", "")
    refused: list[tuple[str, str, str]] = []
    try:
        round.set_submitted(unit, bool(a.get("submitted", bool(a.get("answers")))))
    except cchc.Error as e:
        return [(unit, "", e.code)]
    for stage, channel in STAGES:
        for code, value in (a.get(stage) or {}).items():
            try:
                if channel is not None:
                    round.give(unit, code, to_answer(value), channel=channel)
                elif stage == "appraisals":
                    round.appraise(unit, code, value)
                else:
                    round.decide(unit, code, value)
            except cchc.InvalidInputError as e:
                refused.append((unit, code, "unparsable" if e.code in ("invalid-answer", "not-a-decimal") else e.code))
    return refused


def text(value: Optional[Any]) -> Optional[str]:
    return None if value is None else str(value)


def scorecard_json(card: cchc.Scorecard, nodes_from_json: bool = False) -> dict[str, Any]:
    """The scorecard in the golden cases' and the reference scorer's shape. Totals and fields
    are read from the Python objects; so are the nodes, unless `nodes_from_json` (the core's
    `to_json`, ten times faster, for the differential test's thousands of cards)."""
    if nodes_from_json:
        nodes = {
            n["code"]: {k: n[k] for k in ("max", "applicable_max", "self", "appraised", "final", "survey")}
            for n in json.loads(card.to_json())["nodes"]
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
    for g in results:
        ranked[g.group] = [
            {"unit": p.unit, "rank": p.rank, "index": str(p.index), "band": p.band} for p in g
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
