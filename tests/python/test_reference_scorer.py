"""Unit tests of the reference scorer's tricky parts: exact rounding at the .xx5 boundary, exact
ratio-tier comparison, shared ranks, number formatting, the batch command line and the analysis.

Imports benches/reference/cchc_reference.py by path (not the `cchc` wheel).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benches" / "reference" / "cchc_reference.py"


def _load_reference():
    name = "cchc_reference"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ref = _load_reference()
D = Decimal
MINI = "toml:editions/mini"


def yes(v: bool = True) -> dict:
    return {"kind": "yes-no", "yes": v}


def rate(n: str, d: str) -> dict:
    return {"kind": "rate", "numerator": n, "denominator": d}


# --- rounding ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("num", "den", "half_up", "half_even", "down"),
    [
        ("86.745", "1", "86.75", "86.74", "86.74"),   # the rule book's example
        ("86.735", "1", "86.74", "86.74", "86.73"),   # odd digit before the 5: half-even goes up
        ("0.125", "1", "0.13", "0.12", "0.12"),       # docs/edition-format.md
        ("1734.9", "20", "86.75", "86.74", "86.74"),  # 86.745 reached through a division
        ("2", "3", "0.67", "0.67", "0.66"),
        ("1", "3", "0.33", "0.33", "0.33"),
        ("86.7449", "1", "86.74", "86.74", "86.74"),
        ("86.7451", "1", "86.75", "86.75", "86.74"),
        ("0", "7", "0.00", "0.00", "0.00"),
    ],
)
def test_round2_at_the_boundary(num: str, den: str, half_up: str, half_even: str, down: str) -> None:
    assert ref.round2(D(num), D(den), "half-up") == D(half_up)
    assert ref.round2(D(num), D(den), "half-even") == D(half_even)
    assert ref.round2(D(num), D(den), "down") == D(down)


def test_round2_is_exact_where_a_28_digit_division_is_not() -> None:
    # 86.745 - 10^-30: a 28-digit Decimal division gives 86.74500000..., which half-up would
    # wrongly take to 86.75.
    num = D(86745 * 10**27 - 1)
    den = D(10**30)
    assert num / den == D("86.74500000000000000000000000")  # the default context rounds
    assert ref.round2(num, den, "half-up") == D("86.74")
    # 1/3 of 260.235 = 86.745 exactly, written as a repeating quotient.
    assert ref.round2(D("260.235"), D(3), "half-up") == D("86.75")
    assert ref.round2(D("260.235"), D(3), "half-even") == D("86.74")


def test_the_index_is_rounded_once_at_the_boundary() -> None:
    # rounding-* editions: appendix max 40, so index = total x 2.5; 34.69 -> 86.725.
    for rule, want in (("half-up", "86.73"), ("half-even", "86.72"), ("down", "86.72")):
        edition = ref.load_edition(f"toml:editions/rounding-{rule}")
        _, cards = ref.score_round(edition, [{
            "unit": "don-vi-1",
            "answers": {"1.1": {"kind": "points", "points": "3.45"},
                        "2.1": {"kind": "points", "points": "26.24"}},
            "survey": {"2.2": {"kind": "tally", "tally": {"A": 1}}},
        }])
        assert ref.fmt_index(cards["don-vi-1"].index) == want


# --- ratio tiers --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("n", "d", "points"),
    [
        ("2.4", "3", "1"),            # exactly 80 %; 2.4/3 is 0.7999999999999999 in floats
        ("5.6", "7", "1"),            # exactly 80 %, likewise
        ("19999", "25000", "0"),      # 79.996 %, "80.00 %" if rounded first
        ("99999", "100000", "1"),     # 99.999 %, below the 100 % tier
        ("7", "7", "2"),
        ("0", "7", "0"),
        ("0.01", "99.99", "0"),
    ],
)
def test_ratio_tiers_compare_exactly(n: str, d: str, points: str) -> None:
    leaf = ref.load_edition(MINI).appendices["I"].by_code["1.5"]
    assert ref.answer_points(leaf, rate(n, d), "half-up") == D(points)


def test_proportional_rounds_once() -> None:
    leaf = ref.load_edition(MINI).appendices["I"].by_code["1.6"]
    assert ref.answer_points(leaf, rate("2", "3"), "half-up") == D("0.67")
    assert ref.answer_points(leaf, rate("2", "3"), "down") == D("0.66")
    assert ref.answer_points(leaf, rate("1", "8"), "half-even") == D("0.12")
    assert ref.answer_points(leaf, rate("1", "8"), "half-up") == D("0.13")


# --- refusals -----------------------------------------------------------------------------------

def _refusal(stage: str, code: str, answer, assessments=()) -> str | None:
    edition = ref.load_edition(MINI)
    states, _ = ref.score_round(edition, list(assessments))
    try:
        states["so-a"].record(stage, code, answer, edition.rounding)
    except ref.Refusal as r:
        return r.code
    return None


def test_too_precise_is_about_the_value_not_the_text() -> None:
    assert _refusal("answers", "1.6", rate("1.500", "2.000")) is None
    assert _refusal("answers", "1.6", rate("1.505", "2")) == "too-precise"
    assert _refusal("appraisals", "1.2", "1.250") is None
    assert _refusal("appraisals", "1.2", "1.255") == "too-precise"


def test_the_assessor_is_checked_before_the_answer_kind() -> None:
    assert _refusal("answers", "2.2", yes()) == "not-self-assessed"
    assert _refusal("survey", "2.1", {"kind": "tally", "tally": {"A": 1}}) == "wrong-assessor"
    assert _refusal("authority", "1.1", yes()) == "wrong-assessor"


def test_given_points_are_not_checked_against_the_step() -> None:
    # docs/scoring.md §3 lists four checks for appraisal and final points: leaf, sign,
    # precision, max. 2.1 is an authority leaf with step 0.25: the explanation round may decide
    # it, the council may not appraise it (it appraises self-assessed leaves only).
    assert _refusal("final", "2.1", "1.1") is None
    assert _refusal("appraisals", "2.1", "1.1") == "wrong-assessor"


# --- results ------------------------------------------------------------------------------------

def _ranks(indices: dict[str, str]) -> list[tuple[str, int]]:
    """Ranks of the bonus-bands units with the given 1.1 points (2.1 not applicable: index = 10 x)."""
    edition = ref.load_edition("toml:editions/bonus-bands")
    assessments = [{"unit": u, "answers": {"1.1": {"kind": "points", "points": p},
                                           "2.1": {"kind": "not-applicable"}}}
                   for u, p in indices.items()]
    _, cards = ref.score_round(edition, assessments)
    ranked, _ = ref.results(edition, cards, edition.rounding)
    return [(row["unit"], row["rank"]) for row in ranked["department"]]


def test_shared_ranks_skip_and_ties_keep_edition_order() -> None:
    # Edition order: so-nam, so-bac, so-dong, so-tay, so-trung.
    assert _ranks({"so-trung": "5", "so-bac": "5", "so-nam": "7", "so-tay": "5", "so-dong": "1"}) == [
        ("so-nam", 1), ("so-bac", 2), ("so-tay", 2), ("so-trung", 2), ("so-dong", 5)]
    assert _ranks({"so-trung": "9", "so-nam": "9", "so-bac": "8", "so-dong": "8", "so-tay": "8"}) == [
        ("so-nam", 1), ("so-trung", 1), ("so-bac", 3), ("so-dong", 3), ("so-tay", 3)]


def test_band_bounds() -> None:
    edition = ref.load_edition("toml:editions/bonus-bands")   # A above 90, B at least 80, C
    assert ref.band_of(edition, D("90.01")) == "A"
    assert ref.band_of(edition, D("90.00")) == "B"
    assert ref.band_of(edition, D("80.00")) == "B"
    assert ref.band_of(edition, D("79.99")) == "C"
    assert ref.band_of(edition, D("0.00")) == "C"


def test_even_median_is_the_rounded_mean_of_the_middle_two() -> None:
    # rounding-* editions, 4 units: index = total x 2.5. don-vi-1 0.01 -> 0.025; don-vi-2 0.02
    # -> 0.05; the others 0. Sorted 0, 0, 0.025 (rounded), 0.05: median (0 + i1) / 2.
    for rule, i1, median, mean in (("half-up", "0.03", "0.02", "0.02"),
                                   ("half-even", "0.02", "0.01", "0.02"),
                                   ("down", "0.02", "0.01", "0.01")):
        edition = ref.load_edition(f"toml:editions/rounding-{rule}")
        _, cards = ref.score_round(edition, [
            {"unit": "don-vi-1", "answers": {"1.1": {"kind": "points", "points": "0.01"}}},
            {"unit": "don-vi-2", "answers": {"1.1": {"kind": "points", "points": "0.02"}}},
        ])
        _, summaries = ref.results(edition, cards, edition.rounding)
        s = summaries["department"]
        assert ref.fmt_index(cards["don-vi-1"].index) == i1, rule
        assert (s["median"], s["mean"], s["min"], s["max"]) == (median, mean, "0.00", "0.05"), rule


def test_odd_median_is_the_middle_value() -> None:
    edition = ref.load_edition(MINI)
    # so-a 1.6 proportional 1/3 -> 0.33 -> index 1.65; so-b 1.1 yes -> 10.00; so-c 0.00.
    _, cards = ref.score_round(edition, [
        {"unit": "so-a", "answers": {"1.6": rate("1", "3")}},
        {"unit": "so-b", "answers": {"1.1": yes()}},
    ])
    _, summaries = ref.results(edition, cards, edition.rounding)
    assert summaries["department"]["median"] == "1.65"
    assert summaries["department"]["mean"] == "3.88"     # 11.65 / 3 = 3.8833..


# --- formatting ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "text"), [
    ("10", "10"), ("100", "100"), ("1.50", "1.5"), ("0.25", "0.25"), ("0.00", "0"), ("0", "0"),
    ("14.5", "14.5"), ("1E+1", "10"),
])
def test_points_are_normalized(value: str, text: str) -> None:
    assert ref.fmt_points(D(value)) == text


@pytest.mark.parametrize(("value", "text"), [("90", "90.00"), ("86.75", "86.75"), ("0", "0.00"), ("100.0", "100.00")])
def test_indices_have_two_decimals(value: str, text: str) -> None:
    assert ref.fmt_index(D(value)) == text


def test_editions_are_read_without_floats() -> None:
    for spec in (MINI, "embedded:soc-trang-2018", "toml:editions/rounding-half-even"):
        edition = ref.load_edition(spec)
        for app in edition.appendices.values():
            for n in app.nodes:
                values = [n.max, n.per_item, n.cap, n.step, *n.options.values(), *n.items.values()]
                values += [x for t in n.tiers for x in t]
                assert all(v is None or isinstance(v, Decimal) for v in values), n.code


# --- analysis -----------------------------------------------------------------------------------

def test_fix_first_and_self_vs_appraised() -> None:
    edition = ref.load_edition(MINI)
    states, cards = ref.score_round(edition, [{
        "unit": "so-a",
        "answers": {"1.1": {"kind": "not-applicable"}, "1.2": {"kind": "option", "option": "kha"},
                    "1.4": {"kind": "count", "count": 4}, "1.6": rate("1", "2")},
        "authority": {"2.1": {"kind": "points", "points": "4"}, "3.1": {"kind": "count", "count": 2}},
        "appraisals": {"1.4": "1", "1.6": "1"},
    }])
    fix = ref.fix_first(cards["so-a"])
    # Field 1: applicable 8 (1.1 not applicable), final 1.5 + 1 + 1 = 3.5 -> lost 4.5;
    # field 2: 10 - 4 = 6.
    assert fix["fields"] == {"1": "4.5", "2": "6"}
    # Recoverable = applicable max - final: 2.2 5; 1.5 2; 1.3.1 1; 1.4 2 - 1 = 1; 2.1 5 - 4 = 1;
    # 1.2 2 - 1.5 = 0.5; ties in table order. Left out: 1.1 (not applicable), 1.6 (final 1 =
    # max), and the deduction leaf 3.1 (not a scored field).
    assert fix["leaves"] == [
        {"code": "2.2", "recoverable": "5"},
        {"code": "1.5", "recoverable": "2"},
        {"code": "1.3.1", "recoverable": "1"},
        {"code": "1.4", "recoverable": "1"},
        {"code": "2.1", "recoverable": "1"},
        {"code": "1.2", "recoverable": "0.5"},
    ]
    gaps = ref.self_vs_appraised(states, cards)
    # Answered self leaves: 1.1 (n/a, gap 0), 1.2 (0), 1.4 (2 - 1 = 1), 1.6 (0.5 - 1 = -0.5).
    assert gaps["units"]["so-a"] == {"gap": "0.5",
                                     "leaves": {"1.1": "0", "1.2": "0", "1.4": "1", "1.6": "-0.5"}}
    assert gaps["units"]["so-b"] == {"gap": "0", "leaves": {}}
    assert gaps["leaves"]["I"] == {"1.1": "0", "1.2": "0", "1.4": "1", "1.6": "-0.5"}


# --- command line -------------------------------------------------------------------------------

def test_score_batch_command() -> None:
    payload = {"assessments": [
        {"unit": "so-a", "submitted": True,
         "answers": {"1.1": yes(), "1.2": {"kind": "option", "option": "nope"}},
         "appraisals": {"1.1": "3"}},
        {"unit": "so-b", "submitted": True, "answers": {"1.1": yes(False)}},
    ]}
    run = subprocess.run([sys.executable, str(SCRIPT), "score-batch", MINI],
                         input=json.dumps(payload), capture_output=True, text=True, check=True)
    out = json.loads(run.stdout)
    assert out["refusals"] == [
        {"unit": "so-a", "code": "1.2", "error": "unknown-option"},
        {"unit": "so-a", "code": "1.1", "error": "above-max"},
    ]
    a = out["scorecards"]["so-a"]
    assert a["index"] == "10.00" and a["total"] == "2"
    assert list(a["nodes"]) == ["1", "1.1", "1.2", "1.3", "1.3.1", "1.4", "1.5", "1.6", "2", "2.1",
                                "2.2", "3", "3.1"]
    for node in a["nodes"].values():
        assert set(node) == {"max", "applicable_max", "self", "appraised", "final", "survey"}
    assert a["nodes"]["2.1"]["self"] is None and a["nodes"]["2.2"]["survey"] == "0"
    assert set(a["fields"]["1"]) == {"max", "applicable_max", "self", "appraised", "final", "sub_index"}
    assert set(out["scorecards"]) == {"so-a", "so-b", "so-c"}
    assert [r["unit"] for r in out["results"]["department"]] == ["so-a", "so-b", "so-c"]
    assert [r["rank"] for r in out["results"]["department"]] == [1, 2, 2]
    assert out["summaries"]["department"]["bands"] == {"A": 0, "B": 0, "C": 3}


def test_golden_command_exit_status(tmp_path: Path) -> None:
    good = ROOT / "tests" / "golden" / "mini-refusals.json"
    run = subprocess.run([sys.executable, str(SCRIPT), "golden", str(good)], capture_output=True, text=True)
    assert run.returncode == 0 and "1 passed, 0 failed" in run.stdout
    case = json.loads(good.read_text(encoding="utf-8"))
    case["expected"]["scorecards"]["so-a"]["index"] = "30.01"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(case), encoding="utf-8")
    run = subprocess.run([sys.executable, str(SCRIPT), "golden", str(good), str(bad)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "1 passed, 1 failed" in run.stdout
