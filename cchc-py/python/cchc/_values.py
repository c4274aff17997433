"""The values cchc hands out: typed, frozen dataclasses, one per serde shape of the core.

They are written once, here, and filled by the one generic converter (``cchc._convert``) from
the data the core serializes: decimals are :class:`decimal.Decimal`, instants aware
:class:`datetime.datetime`, dates :class:`datetime.date`, sequences tuples. Each value's
``to_dict()`` gives the data back, which every method that takes such a value accepts (so a
stored scorecard can be ranked again). Field names follow the core's keys, except ``self`` and
``final`` (Python keywords), which are ``self_points`` and ``final_points``.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional

from ._convert import Value

#: What ``cchc`` exports of this module (the one list: a test checks it names every value class).
__all__ = [
    "Answer",
    "Command",
    "Unit",
    "Decision",
    "Schedule",
    "Band",
    "Choice",
    "ChecklistItem",
    "Tier",
    "Method",
    "Leaf",
    "CriteriaNode",
    "CriteriaView",
    "Problem",
    "Worth",
    "Given",
    "AssessmentData",
    "NodeScore",
    "FieldScore",
    "Scorecard",
    "Placement",
    "BandCount",
    "Summary",
    "GroupResults",
    "Results",
    "FieldLoss",
    "Recoverable",
    "Priorities",
    "Gap",
    "GapTotal",
    "GapReport",
    "Actor",
    "EvidenceFile",
    "Evidence",
    "Event",
    "AttachedEvidence",
    "Submission",
    "Stage",
    "Extension",
    "Ruling",
    "Contest",
    "UnitRecord",
    "ExplanationRound",
    "RoundState",
    "ReportItem",
    "SelfAssessmentReport",
]


# The fields written under another key in the core's data (Python keywords).
_SELF = {"key": "self"}
_FINAL = {"key": "final"}

#: An answer in the core's shape, e.g. ``{"kind": "yes-no", "yes": True}`` or
#: ``{"kind": "rate", "numerator": "7", "denominator": "9"}`` (docs/scoring.md).
Answer = dict[str, Any]
#: A command of the round's record, e.g. ``{"type": "submit", "unit": "so-noi-vu"}``.
Command = dict[str, Any]


# --- the edition ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit(Value):
    """An assessed unit: its id, name and group (``"department"``, ``"district-committee"``,
    ``"public-service-unit"`` or ``"central-agency"``)."""

    id: str
    name: str
    group: str


@dataclass(frozen=True)
class Decision(Value):
    """The decision that issued the edition."""

    number: str
    date: date
    issuer: str
    title: str


@dataclass(frozen=True)
class Schedule(Value):
    """The round's windows (aware instants) and where they come from."""

    trial_start: datetime
    trial_end: datetime
    official_start: datetime
    official_end: datetime
    report_due: datetime
    reference: str
    status: str


@dataclass(frozen=True)
class Band(Value):
    """A classification band: an index ``above`` a bound, or ``at_least`` a bound."""

    id: str
    label: str
    status: str
    reference: str
    above: Optional[Decimal] = None
    at_least: Optional[Decimal] = None


@dataclass(frozen=True)
class Choice(Value):
    """An option of an ``options`` or ``survey`` leaf: its share (percent) of the max."""

    id: str
    label: str
    share: Decimal


@dataclass(frozen=True)
class ChecklistItem(Value):
    """A condition of a ``checklist`` leaf and its points."""

    id: str
    label: str
    points: Decimal


@dataclass(frozen=True)
class Tier(Value):
    """A threshold of a ``ratio-tiers`` leaf: a rate of at least ``at_least`` gives ``points``."""

    at_least: Decimal
    points: Decimal


@dataclass(frozen=True)
class Method(Value):
    """How a leaf is scored: ``kind`` and the fields of that kind (the others are ``None``)."""

    kind: str
    options: Optional[tuple[Choice, ...]] = None
    items: Optional[tuple[ChecklistItem, ...]] = None
    per_item: Optional[Decimal] = None
    cap: Optional[Decimal] = None
    tiers: Optional[tuple[Tier, ...]] = None
    step: Optional[Decimal] = None


@dataclass(frozen=True)
class Leaf(Value):
    """What a leaf criterion asks: its method, who assesses it, whether evidence is required
    and whether "not applicable" is allowed."""

    method: Method
    assessed_by: str
    evidence: bool
    not_applicable: bool


@dataclass(frozen=True)
class CriteriaNode(Value):
    """A criterion of an appendix, with its depth (1 for a field) and section."""

    code: str
    title: str
    max: Decimal
    depth: int
    section: str
    status: str
    reference: str
    title_en: Optional[str] = None
    leaf: Optional[Leaf] = None


@dataclass(frozen=True)
class CriteriaView(Value):
    """One criteria appendix (``"I"`` … ``"IV"``): its nodes in order, fields first in depth."""

    appendix: str
    title: str
    max: Decimal
    nodes: tuple[CriteriaNode, ...]

    def node(self, code: str) -> Optional[CriteriaNode]:
        """The node of this code, or ``None``."""
        return next((n for n in self.nodes if n.code == code), None)

    @property
    def leaves(self) -> tuple[CriteriaNode, ...]:
        """The nodes that are answered (those with a ``leaf``)."""
        return tuple(n for n in self.nodes if n.leaf is not None)


@dataclass(frozen=True)
class Problem(Value):
    """One problem of an edition refused: its code, file, line and subject when known."""

    code: str
    file: str
    line: Optional[int]
    subject: Optional[str]
    message: str


# --- answers and scorecards ----------------------------------------------------------------------


@dataclass(frozen=True)
class Worth(Value):
    """What an answer is worth: ``kind == "points"`` with its ``points``, or
    ``kind == "not-applicable"``."""

    kind: str
    points: Optional[Decimal] = None


@dataclass(frozen=True)
class Given(Value):
    """One answer of a batch (``Assessment.give_all``)."""

    assessor: str
    code: str
    answer: dict[str, Any]


@dataclass(frozen=True)
class AssessmentData(Value):
    """The plain value of an assessment: the unit's inputs, answers by assessor."""

    unit: str
    submitted: bool = False
    answers: dict[str, dict[str, Any]] = _field(default_factory=dict)
    authority: dict[str, dict[str, Any]] = _field(default_factory=dict)
    survey: dict[str, dict[str, Any]] = _field(default_factory=dict)
    appraisals: dict[str, Decimal] = _field(default_factory=dict)
    final_points: dict[str, Decimal] = _field(default_factory=dict, metadata=_FINAL)


@dataclass(frozen=True)
class NodeScore(Value):
    """The points of one criterion on a scorecard."""

    code: str
    max: Decimal
    applicable_max: Decimal
    self_points: Optional[Decimal] = _field(metadata=_SELF)
    appraised: Decimal
    final_points: Decimal = _field(metadata=_FINAL)
    survey: Optional[Decimal]
    answered: bool
    not_applicable: bool


@dataclass(frozen=True)
class FieldScore(Value):
    """The points and sub-index of one field (a top-level criterion) on a scorecard."""

    code: str
    title: str
    section: str
    max: Decimal
    applicable_max: Decimal
    self_points: Decimal = _field(metadata=_SELF)
    appraised: Decimal
    final_points: Decimal = _field(metadata=_FINAL)
    sub_index: Optional[Decimal]


@dataclass(frozen=True)
class Scorecard(Value):
    """A unit's scorecard: totals, index, fields and every node."""

    unit: str
    name: str
    group: str
    appendix: str
    submitted: bool
    applicable_max: Decimal
    self_total: Decimal
    appraised_total: Decimal
    final_total: Decimal
    deductions: Decimal
    bonus: Decimal
    total: Decimal
    index: Decimal
    fields: tuple[FieldScore, ...]
    nodes: tuple[NodeScore, ...]

    def node(self, code: str) -> Optional[NodeScore]:
        """The node of this code, or ``None``."""
        return next((n for n in self.nodes if n.code == code), None)

    def field(self, code: str) -> Optional[FieldScore]:
        """The field of this code, or ``None``."""
        return next((f for f in self.fields if f.code == code), None)


# --- results and analysis ------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement(Value):
    """A unit's place in its group's ranking."""

    rank: int
    unit: str
    name: str
    index: Decimal
    band: str
    band_label: str
    submitted: bool


@dataclass(frozen=True)
class BandCount(Value):
    """How many units of a group fell in one band."""

    band: str
    label: str
    count: int


@dataclass(frozen=True)
class Summary(Value):
    """A group's count, band counts and index statistics (``None`` for an empty group)."""

    count: int
    bands: tuple[BandCount, ...]
    mean: Optional[Decimal]
    median: Optional[Decimal]
    min: Optional[Decimal]
    max: Optional[Decimal]


@dataclass(frozen=True)
class GroupResults(Value):
    """One group's ranking and summary."""

    group: str
    appendix: str
    ranking: tuple[Placement, ...]
    summary: Summary


@dataclass(frozen=True)
class Results(Value):
    """The results of a round: every group's ranking and summary."""

    edition: str
    groups: tuple[GroupResults, ...]

    def group(self, group: str) -> Optional[GroupResults]:
        """The results of one group, or ``None``."""
        return next((g for g in self.groups if g.group == group), None)


@dataclass(frozen=True)
class FieldLoss(Value):
    """Points a field lost."""

    code: str
    title: str
    applicable_max: Decimal
    final_points: Decimal = _field(metadata=_FINAL)
    lost: Decimal


@dataclass(frozen=True)
class Recoverable(Value):
    """Points a leaf could still gain."""

    code: str
    title: str
    applicable_max: Decimal
    final_points: Decimal = _field(metadata=_FINAL)
    recoverable: Decimal


@dataclass(frozen=True)
class Priorities(Value):
    """Where a unit lost points: by field, and the leaves with the most to recover first."""

    unit: str
    fields: tuple[FieldLoss, ...]
    items: tuple[Recoverable, ...]


@dataclass(frozen=True)
class Gap(Value):
    """A leaf whose self-assessed points differ from the appraised ones."""

    unit: str
    appendix: str
    code: str
    self_points: Decimal = _field(metadata=_SELF)
    appraised: Decimal
    gap: Decimal


@dataclass(frozen=True)
class GapTotal(Value):
    """Self-assessed against appraised points, summed by unit or by criterion (``key``)."""

    key: str
    appendix: str
    self_points: Decimal = _field(metadata=_SELF)
    appraised: Decimal
    gap: Decimal


@dataclass(frozen=True)
class GapReport(Value):
    """Self-assessed against appraised points: every gap, by unit and by criterion."""

    items: tuple[Gap, ...]
    units: tuple[GapTotal, ...]
    criteria: tuple[GapTotal, ...]


# --- the round's record --------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor(Value):
    """Who gives a command: an id, a role (``"unit-editor"``, ``"unit-head"``, ``"appraiser"``,
    ``"admin"``) and, for a unit's roles, the unit."""

    id: str
    role: str
    unit: Optional[str] = None


@dataclass(frozen=True)
class EvidenceFile(Value):
    """An uploaded file an evidence document cites: the lowercase hex SHA-256 of its bytes, its
    name, its media type (``"application/pdf"``, …) and its size in bytes."""

    sha256: str
    name: str
    media_type: str
    size: int


@dataclass(frozen=True)
class Evidence(Value):
    """A document given as evidence, with the uploaded file it cites if any (``file``)."""

    number: str
    date: date
    title: str
    link: Optional[str] = None
    file: Optional[EvidenceFile] = None


@dataclass(frozen=True)
class Event(Value):
    """One command the record accepted: its sequence number, instant, actor and command."""

    seq: int
    at: datetime
    actor: Actor
    command: dict[str, Any]


@dataclass(frozen=True)
class AttachedEvidence(Value):
    """Evidence attached to a leaf (``id`` is the event's sequence number)."""

    id: int
    evidence: Evidence
    at: datetime


@dataclass(frozen=True)
class Submission(Value):
    """When and by whom a stage was submitted."""

    at: datetime
    by: str


@dataclass(frozen=True)
class Stage(Value):
    """One stage (trial or official) of a unit: its inputs, evidence and explanations."""

    assessment: AssessmentData
    evidence: dict[str, tuple[AttachedEvidence, ...]]
    explanations: dict[str, str]
    submitted: Optional[Submission]


@dataclass(frozen=True)
class Extension(Value):
    """A unit's window extended."""

    until: datetime
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Ruling(Value):
    """The council's decision on a contest."""

    points: Decimal
    comment: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Contest(Value):
    """A unit's contest of an appraisal, and its ruling once decided."""

    text: str
    proposed: Decimal
    at: datetime
    ruling: Optional[Ruling]


@dataclass(frozen=True)
class UnitRecord(Value):
    """What the record holds of one unit."""

    trial: Stage
    official: Stage
    extension: Optional[Extension]
    appraisal_comments: dict[str, str]
    contests: dict[str, Contest]


@dataclass(frozen=True)
class ExplanationRound(Value):
    """The explanation round: when it opened and until when it runs."""

    opened_at: datetime
    until: datetime


@dataclass(frozen=True)
class RoundState(Value):
    """The state the record's events built."""

    units: dict[str, UnitRecord]
    explanation_round: Optional[ExplanationRound]
    published_at: Optional[datetime]
    last_at: Optional[datetime]


# --- reports -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportItem(Value):
    """One row of a self-assessment report."""

    code: str
    title: str
    depth: int
    max: Decimal
    leaf: bool
    assessed_by: Optional[str]
    answer: Optional[str]
    points: Optional[Decimal]
    evidence: tuple[Evidence, ...]
    explanation: Optional[str]


@dataclass(frozen=True)
class SelfAssessmentReport(Value):
    """A unit's self-assessment report (render it with ``Edition.report_html``/``report_csv``)."""

    edition_title: str
    year: int
    decision: str
    province: str
    unit: str
    unit_name: str
    appendix: str
    appendix_title: str
    stage: str
    submitted: Optional[Submission]
    items: tuple[ReportItem, ...]
    max: Decimal
    applicable_max: Decimal
    self_total: Decimal
    reconstructed: bool


#: The value classes, in the order written above.
VALUES: tuple[type[Value], ...] = tuple(
    c for c in list(globals().values()) if isinstance(c, type) and issubclass(c, Value) and c is not Value
)
