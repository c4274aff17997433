"""Differential test of the `cchc` wheel against the independent reference scorer.

The Python twin of tests/rust/differential.rs: random rounds of every unit of the embedded
edition -- synthetic assessments (made by the wheel) with random noise on top: appraisals and
decisions with random points (some above the max, negative or too precise), answers replaced by
random ones of any kind and stage (many invalid). Each round is scored through the wheel's Python
API and by benches/reference/cchc_reference.py (plain Python written from the rule book, run as
`score-rounds` in two processes beside this one); every scorecard, ranking, summary, refusal and
analysis must be the same strings.

The rules themselves are compared on volume once, by the Rust twin (1,000 assessments of every
appendix, about 20 s of a CI run): what this test adds is the wheel's conversion of every kind of
input, output and refusal, which 200 assessments of every appendix exercise as well (the 7 central
agencies, appendix IV, are in all 29 rounds, the 21 departments, appendix I, in the first 10, and
so on; about 4 s on 2 cores instead of 20 s at 1,000).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest

cchc = pytest.importorskip("cchc")

from wheel_play import ROOT, apply_assessment, compare_subset, results_json, scorecard_json  # noqa: E402

EDITION = "soc-trang-2018"
# Each appendix is compared on at least this many assessments.
PER_APPENDIX = 200
# ⌈200 / 7 central agencies⌉: the rounds the smallest group needs.
ROUNDS = 29
SCRIPT = ROOT / "benches" / "reference" / "cchc_reference.py"


def random_points(rng: random.Random, max_points: Decimal) -> str:
    pick = rng.randrange(10)
    if pick == 0:
        return "-0.25"
    if pick == 1:
        return "0.125"
    if pick == 2:
        return str((max_points + Decimal("0.25")).normalize())
    quarters = int(max_points * 4)
    return str((Decimal(rng.randrange(quarters + 1)) / 4).normalize())


def random_decimal(rng: random.Random) -> str:
    n = rng.randrange(12)
    if n == 0:
        return "-1"
    if n == 1:
        return "0.005"
    value = (Decimal(rng.randrange(40)) / n).quantize(Decimal("0.01")).normalize()
    return format(value, "f")


def random_answer(rng: random.Random, method: Any) -> dict[str, Any]:
    choices = method.options or method.items or []
    ids = [c.id for c in choices] or ["a"]

    def pick() -> str:
        return rng.choice(ids) if rng.randrange(100) < 85 else "zz"

    kind = rng.randrange(8)
    if kind == 0:
        return {"kind": "yes-no", "yes": rng.randrange(2) == 0}
    if kind == 1:
        return {"kind": "option", "option": pick()}
    if kind == 2:
        return {"kind": "checklist", "ticked": [pick() for _ in range(rng.randrange(4))]}
    if kind == 3:
        return {"kind": "count", "count": rng.randrange(12) - 1}
    if kind == 4:
        return {"kind": "rate", "numerator": random_decimal(rng), "denominator": random_decimal(rng)}
    if kind == 5:
        return {"kind": "points", "points": random_decimal(rng)}
    if kind == 6:
        return {"kind": "tally", "tally": {pick(): rng.randrange(30) - 2 for _ in range(rng.randrange(4))}}
    return {"kind": "not-applicable"}


def random_round(
    edition: Any,
    seed: int,
    rng: random.Random,
    leaves: dict[str, list[Any]],
    needed: dict[str, int],
    appendix_of: dict[str, str],
) -> list[dict[str, Any]]:
    """Round `seed`: the units of every appendix that still needs rounds to reach PER_APPENDIX
    assessments (all units in the first rounds, the central agencies in all 143)."""
    out = []
    for unit in edition.units():
        if seed > needed[appendix_of[unit.id]]:
            continue
        raw: dict[str, Any] = cchc.Assessment.synthetic(edition, unit.id, seed).data().to_dict()
        for _ in range(rng.randrange(4)):
            node = rng.choice(leaves[appendix_of[unit.id]])
            stage = rng.choice(["answers", "authority", "survey", "appraisals", "final"])
            value: Any
            if stage in ("appraisals", "final"):
                value = random_points(rng, node.max)
            else:
                value = random_answer(rng, node.leaf.method)
            raw.setdefault(stage, {})[node.code] = value
        if rng.randrange(100) < 10:
            raw.pop("submitted", None)
        out.append(raw)
    return out


def wheel_round(edition: Any, assessments: list[dict[str, Any]]) -> dict[str, Any]:
    """The wheel's answer for one round, in the reference scorer's output shape."""
    round = cchc.Round(edition)
    refused: list[tuple[str, str, str]] = []
    for a in assessments:
        refused.extend(apply_assessment(round, a))
    cards = round.scorecards()
    ranked, summaries = results_json(edition.rank(cards))
    # Scorecards and priorities of the units assessed in this round (the others are empty);
    # ranking, summaries and gaps cover every unit.
    given = {a["unit"] for a in assessments}
    fix_first = {}
    for card in cards:
        if card.unit not in given:
            continue
        p = edition.priorities(card)
        fix_first[card.unit] = {
            "fields": {f.code: str(f.lost) for f in p.fields},
            "leaves": [{"code": i.code, "recoverable": str(i.recoverable)} for i in p.items],
        }
    gaps = edition.self_vs_appraised(cards)
    by_unit: dict[str, dict[str, str]] = {}
    for g in gaps.items:
        by_unit.setdefault(g.unit, {})[g.code] = str(g.gap)
    units = {t.key: {"gap": str(t.gap), "leaves": by_unit.get(t.key, {})} for t in gaps.units}
    per_leaf: dict[str, dict[str, str]] = {}
    for c in gaps.criteria:
        per_leaf.setdefault(c.appendix, {})[c.key] = str(c.gap)
    return {
        "scorecards": {c.unit: scorecard_json(c, nodes_from_json=True) for c in cards if c.unit in given},
        "results": ranked,
        "summaries": summaries,
        "refusals": sorted(list(r) for r in refused),
        "analysis": {"fix_first": fix_first, "self_vs_appraised": {"units": units, "leaves": per_leaf}},
    }


def test_the_wheel_and_the_reference_scorer_agree_on_random_assessments() -> None:
    edition = cchc.edition(EDITION)
    assert edition is not None
    # The appendix of each group is that of its units' scorecards (the core's criteria_of).
    empty = cchc.Round(edition).scorecards()
    appendix_of = {c.unit: c.appendix for c in empty}
    group_of = {c.appendix: c.group for c in empty}
    views = {a: edition.criteria(a) for a in group_of}
    leaves = {a: list(v.leaves) for a, v in views.items() if v is not None}
    needed = {a: -(-PER_APPENDIX // len(edition.units_in(g))) for a, g in group_of.items()}
    assert max(needed.values()) == ROUNDS
    rng = random.Random(0xC0FFEE)
    rounds = [random_round(edition, seed, rng, leaves, needed, appendix_of) for seed in range(1, ROUNDS + 1)]
    per_appendix = {a: 0 for a in group_of}
    for r in rounds:
        for a in r:
            per_appendix[appendix_of[a["unit"]]] += 1
    assert min(per_appendix.values()) >= PER_APPENDIX, per_appendix

    # The reference takes ~0.15 s a round: two processes, while this one scores through the wheel.
    half = len(rounds) // 2
    procs = []
    for part in (rounds[:half], rounds[half:]):
        proc = subprocess.Popen(
            [sys.executable, str(SCRIPT), "score-rounds", f"embedded:{EDITION}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert proc.stdin is not None
        proc.stdin.write(json.dumps({"rounds": [{"assessments": r} for r in part]}))
        proc.stdin.close()
        procs.append(proc)
    ours = [wheel_round(edition, r) for r in rounds]
    theirs: list[Any] = []
    for proc in procs:
        assert proc.stdout is not None
        out = proc.stdout.read()
        assert proc.wait() == 0, "the reference scorer failed"
        theirs.extend(json.loads(out)["rounds"])
    assert len(theirs) == len(rounds)

    refusals = compared = 0
    for i, (raw, mine, ref) in enumerate(zip(rounds, ours, theirs)):
        ref["refusals"] = sorted([r["unit"], r["code"], r["error"]] for r in ref.get("refusals", []))
        given = {a["unit"] for a in raw}
        fix_first = ref["analysis"]["fix_first"]
        ref["analysis"]["fix_first"] = {u: v for u, v in fix_first.items() if u in given}
        refusals += len(ref["refusals"])
        compared += len(raw)
        diffs: list[str] = []
        compare_subset(f"round {i + 1}", mine, ref, diffs)
        compare_subset(f"round {i + 1} (reverse)", ref["analysis"], mine["analysis"], diffs)
        assert not diffs, "\n".join(d[:300] for d in diffs[:20])
    assert compared == sum(per_appendix.values())
    assert refusals > 100, f"the noise should produce refusals; got {refusals}"
