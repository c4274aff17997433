#!/usr/bin/env python3
"""Independent reference scorer of the provincial PAR Index (Chỉ số cải cách hành chính).

Written from ``docs/domain.md``, ``docs/edition-format.md`` and ``docs/scoring.md`` (the rule
book) only, *not* from the Rust code of ``cchc-core``: it is the differential oracle the golden
cases are checked against and the baseline the benchmarks compare with. Plain Python >= 3.11,
standard library only; every number is a ``decimal.Decimal`` read from its literal text (TOML with
``parse_float=Decimal``, JSON decimals as strings), never a binary float.

What it does (section numbers of docs/scoring.md):

- loads an edition from its folder of TOML files (little validation: the Rust loader does that);
- §1-§3  turns answers into points, or refuses them with the stable error codes;
- §4     builds the scorecard of every unit: per node max, applicable max and the stages
         self / appraised / final / survey; totals, deductions, bonus, index, sub-indices;
- §5     ranks each group (shared ranks 1, 2, 2, 4), classifies into bands, summarizes;
- §6     analysis: what to fix first (per unit) and self vs appraised (per round);
- §7     writes numbers as the rule book says ("1.5" for points, "90.00" for indices);
- §8     runs golden cases.

Command line::

    python3 benches/reference/cchc_reference.py golden tests/golden/*.json
    python3 benches/reference/cchc_reference.py score-batch EDITION_SPEC < in.json > out.json
    python3 benches/reference/cchc_reference.py score-rounds EDITION_SPEC < rounds.json > out.json
    python3 benches/reference/cchc_reference.py bench EDITION_SPEC REPEAT < rounds.json

``EDITION_SPEC`` is ``embedded:<id>`` (the folder ``criteria/<id>`` of the repository) or
``toml:<folder relative to tests/>``. The batch input is ``{"assessments": [...]}`` with the
assessment objects of the golden cases; answers that are refused are reported under
``"refusals"`` (``[{unit, code, error}]``) and skipped. The output::

    {"edition": id,
     "scorecards": {unit: {group, submitted, max, applicable_max, self_total, appraised_total,
                           final_total, deductions, bonus, total, index,
                           "fields": {code: {max, applicable_max, self, appraised, final, sub_index}},
                           "nodes": {code: {max, applicable_max, self, appraised, final, survey}}}},
     "results": {group: [{unit, rank, index, band}]},        # groups in the edition's order
     "summaries": {group: {count, bands: {band: n}, mean, median, min, max}},
     "refusals": [{unit, code, error}],
     "analysis": {"fix_first": {unit: {"fields": {code: lost},
                                       "leaves": [{code, recoverable}]}},
                  "self_vs_appraised": {"units": {unit: {"gap": sum, "leaves": {code: gap}}},
                                        "leaves": {appendix numeral: {code: sum of gaps}}}}}

with every unit of the edition, every node of its appendix (absent stages as null), points as
normalized strings and indices with two decimals.

Readings of the rule book where it leaves a choice (kept identical in the golden cases):

- A refusal in a golden case may carry ``"stage"``: ``"answers"`` (the default), ``"authority"``,
  ``"survey"``, ``"appraisals"`` or ``"final"`` -- the key of the assessment it would have been
  under. For ``appraisals`` / ``final`` the ``"answer"`` is a points string. A refusal is checked
  against the unit's state after its (accepted) assessment, which matters only for ``above-max``
  of an appraisal on a not-applicable leaf.
- Order of the checks on one answer: unknown-criterion; then who may answer (not-self-assessed for
  a unit's own answer on a survey/authority leaf, wrong-assessor for an authority answer on a
  non-authority leaf or a survey tally on a non-survey leaf); then not-applicable (accepted where
  the leaf allows it, else not-applicable-refused); then wrong-answer-kind; then the values:
  option/tally grade -> unknown-option, checklist -> unknown-item (unknown or ticked twice),
  count -> negative-value, rate -> negative-value, too-precise, zero-denominator,
  numerator-above-denominator (numerator checked before denominator in each step), points ->
  negative-value, too-precise, above-max (the leaf's max), off-step; tally -> unknown-option,
  negative-value, no-respondents (every grade's count summed is 0, or an empty tally).
- "More than two decimals" is about the value: "1.50" and "1.500" are 1.5 and accepted.
- numerator <= denominator is required for both rate methods (ratio-tiers and proportional).
- Appraisal and explanation-round points may be given on any leaf (self, authority, survey or
  deduction); where given they replace the stage below them. They are not checked against the
  step of a ``points`` leaf (the rule book lists only the four checks).
- A not-applicable answer (from whoever may answer the leaf) makes the leaf's applicable max 0; its
  self points (on a self leaf) are 0, present.
- Scorecard ``fields`` lists every field, deduction and bonus fields included; ``sub_index`` only
  on scored fields whose applicable max is not 0 (otherwise absent/null).
- The scorecard's ``index`` is absent (null) when the applicable max is 0; such a unit is ranked
  after every unit with an index, gets no band, and is left out of the summary's mean, median,
  min, max (still counted in ``count``). Not exercised by the golden cases.
- Analysis covers leaves of scored fields only (fix first); the self-vs-appraised gap covers every
  self-assessed leaf that has an accepted answer of the unit, a not-applicable answer included
  (its gap is 0).
"""

from __future__ import annotations

import decimal
import functools
import json
import sys
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
TESTS_DIR = REPO_ROOT / "tests"
CRITERIA_DIR = REPO_ROOT / "criteria"

# Group -> appendix numeral, in the edition's group order (docs/edition-format.md, units.toml).
GROUPS: list[tuple[str, str]] = [
    ("department", "I"),
    ("district-committee", "II"),
    ("public-service-unit", "III"),
    ("central-agency", "IV"),
]
GROUP_APPENDIX = dict(GROUPS)

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Every sum and product here is exact: a context wide enough for any realistic input, that raises
# instead of rounding silently (rounding is done only by round2, on exact integer ratios).
EXACT = decimal.Context(prec=200, rounding=decimal.ROUND_HALF_EVEN,
                        traps=[decimal.InvalidOperation, decimal.DivisionByZero,
                               decimal.Overflow, decimal.Inexact])


def exact(fn):
    """Runs ``fn`` in the exact decimal context (the caller's context is left alone)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with decimal.localcontext(EXACT):
            return fn(*args, **kwargs)
    return wrapper

# Which answer kinds fit which methods (§1).
KIND_FITS = {
    "yes-no": {"yes-no"},
    "option": {"options"},
    "checklist": {"checklist"},
    "count": {"count", "deduction"},
    "rate": {"ratio-tiers", "proportional"},
    "points": {"points"},
    "tally": {"survey"},
}

# The stages an assessment carries, in the order they are applied (appraisals need the answers
# first: an appraisal above a not-applicable leaf's applicable max 0 is refused).
ANSWER_STAGES = ("answers", "authority", "survey")
POINT_STAGES = ("appraisals", "final")
# Who may answer a leaf at each answer stage (assessed_by value).
STAGE_ASSESSOR = {"answers": "self", "authority": "authority", "survey": "survey"}


class Refusal(Exception):
    """A refused answer (§3): a stable ``code`` plus what a person needs to act on it."""

    def __init__(self, code: str, unit: str | None = None, leaf: str | None = None,
                 detail: str = "") -> None:
        super().__init__(f"{code}: unit {unit}, leaf {leaf}: {detail}")
        self.code = code
        self.unit = unit
        self.leaf = leaf
        self.detail = detail


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

def dec(value: Any) -> Decimal:
    """A TOML number (int or Decimal) as a Decimal."""
    if isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    raise TypeError(f"not an exact number: {value!r}")


def round2(num: Decimal | int, den: Decimal | int, rounding: str) -> Decimal:
    """``num / den`` brought to two decimals by the edition's rule, computed exactly.

    Integer arithmetic on the exact ratios, so that e.g. 86.745 (or 86.7449999... repeating) is
    never mis-rounded by a finite-precision division. All values here are non-negative, so
    "half-up" is half away from zero and "down" is truncation.
    """
    a, b = Decimal(num).as_integer_ratio()
    c, d = Decimal(den).as_integer_ratio()
    if c == 0:
        raise ZeroDivisionError("round2 with a zero denominator")
    p = a * d * 100
    q = b * c
    if q < 0:
        p, q = -p, -q
    if p < 0:
        raise ValueError("round2 expects a non-negative value")
    whole, rem = divmod(p, q)
    if rounding == "half-up":
        if 2 * rem >= q:
            whole += 1
    elif rounding == "half-even":
        if 2 * rem > q or (2 * rem == q and whole % 2 == 1):
            whole += 1
    elif rounding == "down":
        pass
    else:
        raise ValueError(f"unknown rounding rule {rounding!r}")
    return Decimal(whole).scaleb(-2)


def fmt_points(value: Decimal) -> str:
    """§7: normalized, no trailing zeros, no trailing point ("1", "1.5", "0")."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    return text


def fmt_index(value: Decimal) -> str:
    """§7: exactly two decimals ("90.00", "86.75")."""
    return format(value.quantize(Decimal("0.01")), "f")


def fmt_opt_points(value: Decimal | None) -> str | None:
    return None if value is None else fmt_points(value)


def fmt_opt_index(value: Decimal | None) -> str | None:
    return None if value is None else fmt_index(value)


def too_precise(value: Decimal) -> bool:
    return value.normalize().as_tuple().exponent < -2  # type: ignore[operator]


def parse_decimal_string(text: Any, unit: str | None, leaf: str) -> Decimal:
    """A JSON decimal: a string such as "1.25". Anything else is malformed."""
    if not isinstance(text, str):
        raise Refusal("wrong-answer-kind", unit, leaf, f"decimal must be a string, got {text!r}")
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise Refusal("wrong-answer-kind", unit, leaf, f"not a decimal: {text!r}") from None
    if not value.is_finite():
        raise Refusal("wrong-answer-kind", unit, leaf, f"not a finite decimal: {text!r}")
    return value


def parse_count(value: Any, unit: str | None, leaf: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refusal("wrong-answer-kind", unit, leaf, f"count must be an integer, got {value!r}")
    if value < 0:
        raise Refusal("negative-value", unit, leaf, f"negative count {value}")
    return value


# --------------------------------------------------------------------------------------------
# Editions
# --------------------------------------------------------------------------------------------

@dataclass
class Node:
    code: str
    max: Decimal
    index: int                      # position in the table
    parent: int | None              # index of the parent node
    field_index: int                # index of the field this node belongs to (itself for a field)
    section: str = "scored"         # of the field
    method: str | None = None
    assessed_by: str = "self"
    not_applicable: bool = False
    options: dict[str, Decimal] = field(default_factory=dict)   # id -> share (%)
    items: dict[str, Decimal] = field(default_factory=dict)     # id -> points
    tiers: list[tuple[Decimal, Decimal]] = field(default_factory=list)  # (at_least %, points)
    per_item: Decimal | None = None
    cap: Decimal | None = None
    step: Decimal | None = None
    children: list[int] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return self.method is not None

    @property
    def is_field(self) -> bool:
        return "." not in self.code


@dataclass
class Appendix:
    numeral: str
    max: Decimal
    nodes: list[Node]
    by_code: dict[str, Node]
    leaves: list[Node]
    fields: list[Node]


@dataclass
class Band:
    id: str
    label: str
    bound: Decimal
    inclusive: bool                 # at_least (inclusive) or above (exclusive)

    def admits(self, index: Decimal) -> bool:
        return index >= self.bound if self.inclusive else index > self.bound


@dataclass
class Unit:
    id: str
    name: str
    group: str
    order: int


@dataclass
class Edition:
    id: str
    rounding: str
    units: list[Unit]
    unit_by_id: dict[str, Unit]
    appendices: dict[str, Appendix]
    bands: list[Band]

    def appendix_of(self, unit: Unit) -> Appendix:
        return self.appendices[GROUP_APPENDIX[unit.group]]


def _load_toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def load_appendix(path: Path) -> Appendix:
    data = _load_toml(path)
    nodes: list[Node] = []
    by_code: dict[str, Node] = {}
    for i, raw in enumerate(data.get("node", [])):
        code = raw["code"]
        parent_code = code.rsplit(".", 1)[0] if "." in code else None
        parent = by_code[parent_code] if parent_code is not None else None
        node = Node(
            code=code,
            max=dec(raw["max"]),
            index=i,
            parent=parent.index if parent else None,
            field_index=parent.field_index if parent else i,
            section=raw.get("section", "scored") if parent is None else nodes[parent.field_index].section,
            method=raw.get("method"),
            assessed_by=raw.get("assessed_by", "self"),
            not_applicable=bool(raw.get("not_applicable", False)),
        )
        for opt in raw.get("option", []):
            node.options[opt["id"]] = dec(opt["share"])
        for item in raw.get("item", []):
            node.items[item["id"]] = dec(item["points"])
        for tier in raw.get("tier", []):
            node.tiers.append((dec(tier["at_least"]), dec(tier["points"])))
        if "per_item" in raw:
            node.per_item = dec(raw["per_item"])
        if "cap" in raw:
            node.cap = dec(raw["cap"])
        if "step" in raw:
            node.step = dec(raw["step"])
        if parent is not None:
            parent.children.append(i)
        nodes.append(node)
        by_code[code] = node
    leaves = [n for n in nodes if n.is_leaf]
    fields = [n for n in nodes if n.is_field]
    return Appendix(data["appendix"], dec(data["max"]), nodes, by_code, leaves, fields)


def load_edition_dir(folder: Path) -> Edition:
    meta = _load_toml(folder / "edition.toml")
    units_data = _load_toml(folder / meta.get("units", "units.toml"))
    units = [Unit(u["id"], u["name"], u["group"], i) for i, u in enumerate(units_data.get("unit", []))]
    appendices = {numeral: load_appendix(folder / name) for numeral, name in meta.get("appendices", {}).items()}
    bands = []
    for b in meta.get("band", []):
        if "above" in b:
            bands.append(Band(b["id"], b.get("label", ""), dec(b["above"]), False))
        else:
            bands.append(Band(b["id"], b.get("label", ""), dec(b["at_least"]), True))
    return Edition(meta["id"], meta.get("rounding", "half-up"), units, {u.id: u for u in units},
                   appendices, bands)


def resolve_edition(spec: str) -> Path:
    kind, _, rest = spec.partition(":")
    if kind == "embedded" and rest:
        return CRITERIA_DIR / rest
    if kind == "toml" and rest:
        return TESTS_DIR / rest
    raise ValueError(f"edition spec must be 'embedded:<id>' or 'toml:<folder>', got {spec!r}")


_EDITION_CACHE: dict[str, Edition] = {}


def load_edition(spec: str) -> Edition:
    if spec not in _EDITION_CACHE:
        _EDITION_CACHE[spec] = load_edition_dir(resolve_edition(spec))
    return _EDITION_CACHE[spec]


# --------------------------------------------------------------------------------------------
# Answers -> points (§1-§3)
# --------------------------------------------------------------------------------------------

@exact
def answer_points(leaf: Node, answer: Any, rounding: str, unit: str | None = None) -> Decimal | None:
    """Points of one answer on one leaf (§2), or ``None`` for not-applicable; refuses per §3.

    Assumes the assessor check (who may answer) has been done.
    """
    code = leaf.code
    if not isinstance(answer, dict) or not isinstance(answer.get("kind"), str):
        raise Refusal("wrong-answer-kind", unit, code, f"not an answer object: {answer!r}")
    kind = answer["kind"]
    if kind == "not-applicable":
        if not leaf.not_applicable:
            raise Refusal("not-applicable-refused", unit, code, "the leaf does not allow not applicable")
        return None
    if leaf.method not in KIND_FITS.get(kind, ()):
        raise Refusal("wrong-answer-kind", unit, code, f"answer kind {kind} on method {leaf.method}")
    method = leaf.method
    mx = leaf.max

    if kind == "yes-no":
        yes = answer.get("yes")
        if not isinstance(yes, bool):
            raise Refusal("wrong-answer-kind", unit, code, "yes must be true or false")
        return mx if yes else ZERO

    if kind == "option":
        opt = answer.get("option")
        if opt not in leaf.options:
            raise Refusal("unknown-option", unit, code, f"option {opt!r} not listed")
        return round2(mx * leaf.options[opt], HUNDRED, rounding)

    if kind == "checklist":
        ticked = answer.get("ticked")
        if not isinstance(ticked, list):
            raise Refusal("wrong-answer-kind", unit, code, "ticked must be a list")
        seen: set[str] = set()
        total = ZERO
        for item in ticked:
            if not isinstance(item, str) or item not in leaf.items or item in seen:
                raise Refusal("unknown-item", unit, code, f"item {item!r} unknown or ticked twice")
            seen.add(item)
            total += leaf.items[item]
        return total

    if kind == "count":
        n = parse_count(answer.get("count"), unit, code)
        assert leaf.per_item is not None
        if method == "count":
            cap = leaf.cap if leaf.cap is not None else mx
            return min(n * leaf.per_item, cap)
        return min(n * leaf.per_item, mx)          # deduction

    if kind == "rate":
        num = parse_decimal_string(answer.get("numerator"), unit, code)
        den = parse_decimal_string(answer.get("denominator"), unit, code)
        if num < 0 or den < 0:
            raise Refusal("negative-value", unit, code, "negative numerator or denominator")
        if too_precise(num) or too_precise(den):
            raise Refusal("too-precise", unit, code, "more than two decimals")
        if den == 0:
            raise Refusal("zero-denominator", unit, code, "denominator 0")
        if num > den:
            raise Refusal("numerator-above-denominator", unit, code, f"{num} > {den}")
        if method == "ratio-tiers":
            for at_least, points in leaf.tiers:       # highest first
                if num * HUNDRED >= at_least * den:   # exact, never through a rounded rate
                    return points
            return ZERO
        return round2(mx * num, den, rounding)        # proportional

    if kind == "points":
        pts = parse_decimal_string(answer.get("points"), unit, code)
        if pts < 0:
            raise Refusal("negative-value", unit, code, f"negative points {pts}")
        if too_precise(pts):
            raise Refusal("too-precise", unit, code, f"{pts} has more than two decimals")
        if pts > mx:
            raise Refusal("above-max", unit, code, f"{pts} above max {mx}")
        assert leaf.step is not None
        if pts % leaf.step != 0:
            raise Refusal("off-step", unit, code, f"{pts} not a multiple of {leaf.step}")
        return pts + ZERO

    if kind == "tally":
        tally = answer.get("tally")
        if not isinstance(tally, dict):
            raise Refusal("wrong-answer-kind", unit, code, "tally must be an object")
        for grade in tally:
            if grade not in leaf.options:
                raise Refusal("unknown-option", unit, code, f"grade {grade!r} not listed")
        weighted = ZERO
        respondents = 0
        for grade, n in tally.items():
            n = parse_count(n, unit, code)
            weighted += leaf.options[grade] * n
            respondents += n
        if respondents == 0:
            raise Refusal("no-respondents", unit, code, "a tally with no respondents")
        return round2(mx * weighted, HUNDRED * respondents, rounding)

    raise Refusal("wrong-answer-kind", unit, code, f"unknown answer kind {kind}")  # pragma: no cover


def check_assessor(leaf: Node, stage: str, unit: str | None) -> None:
    want = STAGE_ASSESSOR[stage]
    if leaf.assessed_by == want:
        return
    if stage == "answers":
        raise Refusal("not-self-assessed", unit, leaf.code, f"leaf assessed by {leaf.assessed_by}")
    raise Refusal("wrong-assessor", unit, leaf.code,
                  f"{stage} answer on a leaf assessed by {leaf.assessed_by}")


# --------------------------------------------------------------------------------------------
# One unit's state
# --------------------------------------------------------------------------------------------

@dataclass
class UnitState:
    """What has been accepted for one unit: per leaf code, the points of each stage."""

    unit: Unit
    appendix: Appendix
    submitted: bool = False
    answered: dict[str, Decimal] = field(default_factory=dict)    # answer stages, any assessor
    answered_self: set[str] = field(default_factory=set)          # leaves the unit itself answered
    not_applicable: set[str] = field(default_factory=set)
    appraisals: dict[str, Decimal] = field(default_factory=dict)
    final: dict[str, Decimal] = field(default_factory=dict)

    def copy(self) -> UnitState:
        """A copy that can take more answers without changing this one."""
        return UnitState(self.unit, self.appendix, self.submitted, dict(self.answered),
                         set(self.answered_self), set(self.not_applicable), dict(self.appraisals),
                         dict(self.final))

    def leaf(self, code: Any) -> Node:
        node = self.appendix.by_code.get(code) if isinstance(code, str) else None
        if node is None or not node.is_leaf:
            raise Refusal("unknown-criterion", self.unit.id, code, "not a leaf of the unit's appendix")
        return node

    def record_answer(self, stage: str, code: Any, answer: Any, rounding: str) -> None:
        leaf = self.leaf(code)
        check_assessor(leaf, stage, self.unit.id)
        points = answer_points(leaf, answer, rounding, self.unit.id)
        # A new answer replaces the previous one of the leaf (only one assessor may answer it).
        if points is None:
            self.not_applicable.add(leaf.code)
            self.answered[leaf.code] = ZERO
        else:
            self.not_applicable.discard(leaf.code)
            self.answered[leaf.code] = points
        if stage == "answers":
            self.answered_self.add(leaf.code)

    @exact
    def record_points(self, stage: str, code: Any, value: Any) -> None:
        leaf = self.leaf(code)
        if stage == "appraisals" and leaf.assessed_by != "self":
            # docs/scoring.md §3: the council appraises self-assessed leaves only.
            raise Refusal("wrong-assessor", self.unit.id, leaf.code,
                          f"appraisal of a leaf assessed by {leaf.assessed_by}")
        pts = parse_decimal_string(value, self.unit.id, leaf.code)
        if pts < 0:
            raise Refusal("negative-value", self.unit.id, leaf.code, f"negative points {pts}")
        if too_precise(pts):
            raise Refusal("too-precise", self.unit.id, leaf.code, f"{pts} has more than two decimals")
        applicable = ZERO if leaf.code in self.not_applicable else leaf.max
        if pts > applicable:
            raise Refusal("above-max", self.unit.id, leaf.code, f"{pts} above applicable max {applicable}")
        (self.appraisals if stage == "appraisals" else self.final)[leaf.code] = pts + ZERO

    def record(self, stage: str, code: Any, value: Any, rounding: str) -> None:
        if stage in ANSWER_STAGES:
            self.record_answer(stage, code, value, rounding)
        elif stage in POINT_STAGES:
            self.record_points(stage, code, value)
        else:
            raise ValueError(f"unknown stage {stage!r}")


def build_states(edition: Edition, assessments: list[dict[str, Any]],
                 refusals: list[dict[str, Any]] | None = None) -> dict[str, UnitState]:
    """Applies assessments to fresh unit states. Refused answers are appended to ``refusals``
    (as ``{unit, code, error}``) when a list is given, else raised."""
    states = {u.id: UnitState(u, edition.appendix_of(u)) for u in edition.units}
    for a in assessments:
        unit_id = a.get("unit")
        if unit_id not in states:
            raise ValueError(f"assessment of unknown unit {unit_id!r}")
        st = states[unit_id]
        st.submitted = bool(a.get("submitted", bool(a.get("answers"))))
        for stage in ANSWER_STAGES + POINT_STAGES:
            for code, value in (a.get(stage) or {}).items():
                try:
                    st.record(stage, code, value, edition.rounding)
                except Refusal as r:
                    if refusals is None:
                        raise
                    refusals.append({"unit": unit_id, "code": code, "stage": stage, "error": r.code})
    return states


# --------------------------------------------------------------------------------------------
# Scorecards (§4)
# --------------------------------------------------------------------------------------------

@dataclass
class NodeScore:
    max: Decimal
    applicable_max: Decimal
    self: Decimal | None
    appraised: Decimal
    final: Decimal
    survey: Decimal | None


@dataclass
class Scorecard:
    unit: Unit
    appendix: Appendix
    submitted: bool
    nodes: list[NodeScore]          # in table order
    max: Decimal
    applicable_max: Decimal
    self_total: Decimal
    appraised_total: Decimal
    final_total: Decimal
    deductions: Decimal
    bonus: Decimal
    total: Decimal
    index: Decimal | None
    sub_index: dict[str, Decimal | None]   # scored field code -> sub-index


@exact
def scorecard(state: UnitState, rounding: str) -> Scorecard:
    app = state.appendix
    nodes: list[NodeScore] = []
    for n in app.nodes:
        if not n.is_leaf:
            nodes.append(NodeScore(n.max, ZERO, ZERO, ZERO, ZERO, ZERO))
            continue
        na = n.code in state.not_applicable
        own = state.answered.get(n.code, ZERO)
        self_pts = own if n.assessed_by == "self" else None
        survey_pts = own if n.assessed_by == "survey" else None
        appraised = state.appraisals.get(n.code, own)
        final = state.final.get(n.code, appraised)
        nodes.append(NodeScore(n.max, ZERO if na else n.max, self_pts, appraised, final, survey_pts))
    # Parents sum their children stage by stage; a parent comes before its children in the
    # table, so walking backwards adds every node to its parent after its own sum is complete.
    for n in reversed(app.nodes):
        if n.parent is None:
            continue
        s, p = nodes[n.index], nodes[n.parent]
        p.applicable_max += s.applicable_max
        p.self += s.self or ZERO            # type: ignore[operator]
        p.appraised += s.appraised
        p.final += s.final
        p.survey += s.survey or ZERO        # type: ignore[operator]

    applicable = self_t = appraised_t = final_t = deductions = bonus = ZERO
    sub_index: dict[str, Decimal | None] = {}
    for f in app.fields:
        s = nodes[f.index]
        if f.section == "scored":
            applicable += s.applicable_max
            self_t += s.self or ZERO
            appraised_t += s.appraised
            final_t += s.final
            sub_index[f.code] = (round2(s.final * HUNDRED, s.applicable_max, rounding)
                                 if s.applicable_max != 0 else None)
        elif f.section == "deduction":
            deductions += s.final
        elif f.section == "bonus":
            bonus += s.final
    total = max(ZERO, final_t - deductions)
    # docs/scoring.md §4: a unit with nothing applicable has index 0.00.
    index = round2(total * HUNDRED, applicable, rounding) if applicable != 0 else Decimal("0.00")
    return Scorecard(state.unit, app, state.submitted, nodes, app.max, applicable, self_t,
                     appraised_t, final_t, deductions, bonus, total, index, sub_index)


def scorecard_json(card: Scorecard) -> dict[str, Any]:
    app = card.appendix
    fields = {}
    for f in app.fields:
        s = card.nodes[f.index]
        fields[f.code] = {
            "max": fmt_points(s.max),
            "applicable_max": fmt_points(s.applicable_max),
            "self": fmt_opt_points(s.self),
            "appraised": fmt_points(s.appraised),
            "final": fmt_points(s.final),
            "sub_index": fmt_opt_index(card.sub_index.get(f.code)),
        }
    nodes = {}
    for n, s in zip(app.nodes, card.nodes):
        nodes[n.code] = {
            "max": fmt_points(s.max),
            "applicable_max": fmt_points(s.applicable_max),
            "self": fmt_opt_points(s.self),
            "appraised": fmt_points(s.appraised),
            "final": fmt_points(s.final),
            "survey": fmt_opt_points(s.survey),
        }
    return {
        "group": card.unit.group,
        "submitted": card.submitted,
        "max": fmt_points(card.max),
        "applicable_max": fmt_points(card.applicable_max),
        "self_total": fmt_points(card.self_total),
        "appraised_total": fmt_points(card.appraised_total),
        "final_total": fmt_points(card.final_total),
        "deductions": fmt_points(card.deductions),
        "bonus": fmt_points(card.bonus),
        "total": fmt_points(card.total),
        "index": fmt_opt_index(card.index),
        "fields": fields,
        "nodes": nodes,
    }


# --------------------------------------------------------------------------------------------
# Results (§5)
# --------------------------------------------------------------------------------------------

def band_of(edition: Edition, index: Decimal | None) -> str | None:
    if index is None:
        return None
    for band in edition.bands:          # highest first
        if band.admits(index):
            return band.id
    return None


@exact
def results(edition: Edition, cards: dict[str, Scorecard], rounding: str
            ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    ranked: dict[str, list[dict[str, Any]]] = {}
    summaries: dict[str, dict[str, Any]] = {}
    for group, _ in GROUPS:
        members = [cards[u.id] for u in edition.units if u.group == group]
        if not members:
            continue
        # Highest index first; sorted() is stable, so ties keep the edition's unit order.
        # A unit without an index (applicable max 0) comes last.
        order = sorted(members, key=lambda c: (c.index is None, -(c.index or ZERO)))
        rows = []
        for c in order:
            if c.index is None:
                rank = 1 + sum(1 for o in members if o.index is not None)
            else:
                rank = 1 + sum(1 for o in members if o.index is not None and o.index > c.index)
            rows.append({"unit": c.unit.id, "rank": rank, "index": fmt_opt_index(c.index),
                         "band": band_of(edition, c.index)})
        ranked[group] = rows

        indices = sorted(c.index for c in members if c.index is not None)
        bands = {b.id: 0 for b in edition.bands}
        for c in members:
            b = band_of(edition, c.index)
            if b is not None:
                bands[b] += 1
        summary: dict[str, Any] = {"count": len(members), "bands": bands,
                                   "mean": None, "median": None, "min": None, "max": None}
        if indices:
            k = len(indices)
            mean = round2(sum(indices, ZERO), k, rounding)
            if k % 2 == 1:
                median = indices[k // 2]
            else:
                median = round2(indices[k // 2 - 1] + indices[k // 2], 2, rounding)
            summary.update(mean=fmt_index(mean), median=fmt_index(median),
                           min=fmt_index(indices[0]), max=fmt_index(indices[-1]))
        summaries[group] = summary
    return ranked, summaries


# --------------------------------------------------------------------------------------------
# Analysis (§6)
# --------------------------------------------------------------------------------------------

@exact
def fix_first(card: Scorecard) -> dict[str, Any]:
    """What to fix first for one unit: lost points per scored field, and the leaves of scored
    fields by recoverable points (descending; ties in table order)."""
    app = card.appendix
    fields = {}
    for f in app.fields:
        if f.section == "scored":
            s = card.nodes[f.index]
            fields[f.code] = fmt_points(s.applicable_max - s.final)
    leaves = []
    for n in app.leaves:
        if app.nodes[n.field_index].section != "scored":
            continue
        s = card.nodes[n.index]
        recoverable = s.applicable_max - s.final
        if s.applicable_max == 0 or recoverable <= 0:
            continue
        leaves.append((recoverable, n.index, n.code))
    leaves.sort(key=lambda t: (-t[0], t[1]))
    return {"fields": fields,
            "leaves": [{"code": code, "recoverable": fmt_points(r)} for r, _, code in leaves]}


@exact
def self_vs_appraised(states: dict[str, UnitState], cards: dict[str, Scorecard]) -> dict[str, Any]:
    """Per unit and leaf ``gap = self - appraised`` over the self-assessed leaves the unit
    answered; sums per unit, and per leaf across the units of each appendix."""
    units: dict[str, Any] = {}
    per_leaf: dict[str, dict[str, Decimal]] = {}
    for unit_id, st in states.items():
        card = cards[unit_id]
        gaps = {}
        total = ZERO
        for n in st.appendix.leaves:
            if n.assessed_by != "self" or n.code not in st.answered_self:
                continue
            if st.appendix.nodes[n.field_index].section != "scored":
                continue
            s = card.nodes[n.index]
            gap = (s.self or ZERO) - s.appraised
            gaps[n.code] = gap
            total += gap
            leaf_sums = per_leaf.setdefault(st.appendix.numeral, {})
            leaf_sums[n.code] = leaf_sums.get(n.code, ZERO) + gap
        units[unit_id] = {"gap": _fmt_signed(total),
                          "leaves": {c: _fmt_signed(g) for c, g in gaps.items()}}
    leaves_out = {}
    for numeral, sums in per_leaf.items():
        order = {n.code: n.index for n in states_appendix(states, numeral).leaves}
        leaves_out[numeral] = {c: _fmt_signed(sums[c]) for c in sorted(sums, key=order.__getitem__)}
    return {"units": units, "leaves": leaves_out}


def states_appendix(states: dict[str, UnitState], numeral: str) -> Appendix:
    for st in states.values():
        if st.appendix.numeral == numeral:
            return st.appendix
    raise KeyError(numeral)


def _fmt_signed(value: Decimal) -> str:
    return "-" + fmt_points(-value) if value < 0 else fmt_points(value)


# --------------------------------------------------------------------------------------------
# A whole round
# --------------------------------------------------------------------------------------------

@exact
def score_round(edition: Edition, assessments: list[dict[str, Any]],
                refusals: list[dict[str, Any]] | None = None
                ) -> tuple[dict[str, UnitState], dict[str, Scorecard]]:
    states = build_states(edition, assessments, refusals)
    cards = {uid: scorecard(st, edition.rounding) for uid, st in states.items()}
    return states, cards


def score_batch(spec: str, payload: dict[str, Any]) -> dict[str, Any]:
    return score_loaded(load_edition(spec), payload)


def score_loaded(edition: Edition, payload: dict[str, Any]) -> dict[str, Any]:
    refused: list[dict[str, Any]] = []
    states, cards = score_round(edition, payload.get("assessments", []), refused)
    ranked, summaries = results(edition, cards, edition.rounding)
    return {
        "edition": edition.id,
        "scorecards": {uid: scorecard_json(c) for uid, c in cards.items()},
        "results": ranked,
        "summaries": summaries,
        "refusals": [{"unit": r["unit"], "code": r["code"], "error": r["error"]} for r in refused],
        "analysis": {
            "fix_first": {uid: fix_first(c) for uid, c in cards.items()},
            "self_vs_appraised": self_vs_appraised(states, cards),
        },
    }


# --------------------------------------------------------------------------------------------
# Golden cases (§8)
# --------------------------------------------------------------------------------------------

def _compare(expected: Any, actual: Any, path: str, problems: list[str]) -> None:
    """Every key given in ``expected`` is compared exactly (dicts recursively; lists whole)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            problems.append(f"{path}: expected an object, got {actual!r}")
            return
        for key, want in expected.items():
            if key not in actual:
                problems.append(f"{path}.{key}: missing (expected {want!r})")
                continue
            _compare(want, actual[key], f"{path}.{key}", problems)
    elif expected != actual or type(expected) is not type(actual):
        problems.append(f"{path}: expected {expected!r}, got {actual!r}")


def run_golden_case(case: dict[str, Any]) -> list[str]:
    """Runs one golden case; returns the list of problems (empty when it passes)."""
    problems: list[str] = []
    edition = load_edition(case["edition"])
    try:
        states, cards = score_round(edition, case.get("assessments", []))
    except Refusal as r:
        return [f"an assessment was refused: {r}"]
    expected = case.get("expected", {})

    for uid, want in expected.get("scorecards", {}).items():
        if uid not in cards:
            problems.append(f"scorecards.{uid}: no such unit")
            continue
        _compare(want, scorecard_json(cards[uid]), f"scorecards.{uid}", problems)

    ranked, summaries = results(edition, cards, edition.rounding)
    for group, want in expected.get("results", {}).items():
        got = ranked.get(group)
        if got != want:
            problems.append(f"results.{group}: expected {want!r}, got {got!r}")
    for group, want in expected.get("summaries", {}).items():
        _compare(want, summaries.get(group), f"summaries.{group}", problems)

    for i, ref in enumerate(case.get("refusals", [])):
        st = states.get(ref.get("unit"))
        if st is None:
            problems.append(f"refusals[{i}]: unknown unit {ref.get('unit')!r}")
            continue
        trial = st.copy()
        stage = ref.get("stage", "answers")
        try:
            trial.record(stage, ref.get("code"), ref.get("answer"), edition.rounding)
        except Refusal as r:
            if r.code != ref.get("error"):
                problems.append(f"refusals[{i}] ({ref.get('code')}): expected {ref.get('error')}, "
                                f"got {r.code} ({r.detail})")
        else:
            problems.append(f"refusals[{i}] ({ref.get('code')}): expected {ref.get('error')}, "
                            f"but the answer was accepted")
    return problems


def run_golden_files(paths: list[str], out=sys.stdout) -> int:
    passed = failed = 0
    for p in paths:
        case = json.loads(Path(p).read_text(encoding="utf-8"))
        try:
            problems = run_golden_case(case)
        except Exception as e:  # a broken case is a failure, not a crash of the runner
            problems = [f"error: {type(e).__name__}: {e}"]
        name = case.get("name", p)
        if problems:
            failed += 1
            print(f"FAIL {name} ({p})", file=out)
            for pr in problems:
                print(f"    {pr}", file=out)
        else:
            passed += 1
            print(f"ok   {name}", file=out)
    print(f"{passed} passed, {failed} failed", file=out)
    return 1 if failed else 0


def score_rounds(spec: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Scores several independent rounds of one edition, loading it once:
    ``{"rounds": [{"assessments": [...]}, ...]}`` -> ``{"rounds": [<score-batch output>, ...]}``."""
    edition = load_edition(spec)
    return {"rounds": [score_loaded(edition, r) for r in payload.get("rounds", [])]}


def bench(spec: str, payload: dict[str, Any], repeat: int) -> dict[str, Any]:
    """Times scoring (scorecards of every assessment, without ranking) of the given rounds,
    ``repeat`` times after loading the edition once; reports the best run."""
    import time
    edition = load_edition(spec)
    rounds = payload.get("rounds", [])
    count = sum(len(r.get("assessments", [])) for r in rounds)
    best = None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        for r in rounds:
            states = build_states(edition, r.get("assessments", []))
            for a in r.get("assessments", []):
                scorecard(states[a["unit"]], edition.rounding)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return {"assessments": count, "seconds": best, "per_assessment_us": best / count * 1e6 if count else None}


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "golden":
        return run_golden_files(argv[1:])
    if len(argv) == 2 and argv[0] == "score-rounds":
        payload = json.load(sys.stdin)
        # One write: json.dump's many small writes dominate the time on large outputs.
        sys.stdout.write(json.dumps(score_rounds(argv[1], payload), ensure_ascii=False) + "\n")
        return 0
    if len(argv) == 3 and argv[0] == "bench":
        payload = json.load(sys.stdin)
        json.dump(bench(argv[1], payload, int(argv[2])), sys.stdout)
        sys.stdout.write("\n")
        return 0
    if len(argv) == 2 and argv[0] == "score-batch":
        payload = json.load(sys.stdin)
        sys.stdout.write(json.dumps(score_batch(argv[1], payload), ensure_ascii=False, indent=1) + "\n")
        return 0
    print(__doc__.split("Command line::")[1].split("Readings")[0].rstrip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
