"""The Python API over the core: answers, assessments, rounds, scorecards, results, analysis,
the round's record, reports, pandas frames and every exception. Run against the installed wheel;
mypy --strict clean. Expected values are exact decimal strings."""

from __future__ import annotations

import json
import pickle
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Optional, TypeVar

import pytest

import cchc

T = TypeVar("T")
VN = timezone(timedelta(hours=7))


def some(value: Optional[T]) -> T:
    assert value is not None
    return value


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


@pytest.fixture(scope="module")
def ed() -> cchc.Edition:
    return cchc.default_edition()


# --- edition ------------------------------------------------------------------------------------


def test_edition_data(ed: cchc.Edition) -> None:
    assert ed.rounding == "half-up"
    assert ed.decision.number == "3267/QĐ-UBND"
    assert ed.decision.date == date(2018, 12, 11)
    s = ed.schedule
    assert s.official_end == datetime(2019, 1, 3, tzinfo=VN)
    assert s.official_end.utcoffset() == timedelta(hours=7)
    assert [b.label for b in ed.bands][:2] == ["Nhóm 1", "Nhóm 2"]
    assert ed.bands[0].above == Decimal("90") and ed.bands[0].at_least is None
    assert some(ed.band_for("90")).label == "Nhóm 2"  # "trên 90%" excludes 90
    assert some(ed.band_for(Decimal("90.01"))).label == "Nhóm 1"
    assert len(ed.units_in("central-agency")) == 7
    assert ed.criteria_for("so-y-te").appendix == "I"
    assert ed.units[0].group_name == "Sở, ban, ngành tỉnh"


def test_criteria_tree(ed: cchc.Edition) -> None:
    set_i = some(ed.criteria("I"))
    assert set_i.group == "department"
    assert [n.code for n in set_i.fields][:2] == ["1", "2"]
    assert [n.code for n in set_i.children("1.1")] == ["1.1.1", "1.1.2"] or len(set_i.children("1.1")) >= 2
    assert some(set_i.parent("1.1.1")).code == "1.1"
    assert set_i.parent("1") is None
    assert all(n.is_leaf for n in set_i.leaves)
    assert "1.1.1" in set_i and "9.9" not in set_i
    assert set_i["1.1.1"].max == Decimal("0.5")
    with pytest.raises(KeyError):
        set_i["9.9"]
    assert [n.code for n in set_i] == [n.code for n in set_i.nodes]
    leaf = some(set_i["1.1.1"].leaf)
    assert leaf.method.kind == "yes-no" and leaf.assessed_by == "self"
    assert set_i["1"].leaf is None
    kinds = {some(n.leaf).method.kind: some(n.leaf).method for s in ed.appendices for n in s.leaves}
    assert some(kinds["options"].options)[0].share == Decimal("100")
    assert kinds["survey"].options is not None
    assert kinds["yes-no"].options is None and kinds["yes-no"].step is None
    if "points" in kinds:
        assert type(kinds["points"].step) is Decimal
    assert repr(leaf).startswith("Leaf(method=Method(kind='yes-no', options=None")


# --- answers and assessments --------------------------------------------------------------------


def test_answers_build_compare_and_round_trip() -> None:
    a = cchc.Answer.rate("7", Decimal("9"))
    assert a.kind == "rate"
    assert a.to_dict() == {"kind": "rate", "numerator": "7", "denominator": "9"}
    assert cchc.Answer.from_json(a.to_json()) == a
    assert cchc.Answer.from_dict({"kind": "rate", "numerator": Decimal("7"), "denominator": "9"}) == a
    assert repr(cchc.Answer.yes_no(True)) == """Answer.from_json('{"kind":"yes-no","yes":true}')"""
    assert cchc.Answer.tally({"A": 3}).to_dict() == {"kind": "tally", "tally": {"A": 3}}
    assert cchc.Answer.checklist(["a", "b"]).to_dict()["ticked"] == ["a", "b"]
    assert cchc.Answer.not_applicable().kind == "not-applicable"
    assert cchc.Answer.points(2).to_dict() == {"kind": "points", "points": "2"}


def test_assessment_records_answers_as_points(ed: cchc.Edition) -> None:
    a = cchc.Assessment(ed, "so-tu-phap")
    assert a.is_empty()
    assert a.answer("1.1.1", cchc.Answer.yes_no(True)) == Decimal("0.5")
    assert a.answer("1.1.1", {"kind": "yes-no", "yes": True}) == Decimal("0.5")
    assert a.appraise("1.1.1", "0") == Decimal("0")
    a.submitted = True
    card = a.scorecard()
    node = some(card.node("1.1.1"))
    assert (str(node.self_points), str(node.appraised), str(node.final_points)) == ("0.5", "0", "0")
    assert card.submitted
    assert a.is_answered("1.1.1") and not a.is_not_applicable("1.1.1")
    assert list(a.answers) == ["1.1.1"] and a.appraisals == {"1.1.1": Decimal("0")}
    again = cchc.Assessment.from_json(ed, a.to_json())
    assert again == a and again is not a
    assert repr(a).startswith("Assessment(unit='so-tu-phap', submitted=True, answers=1")


def test_not_applicable_answers_are_worth_none(ed: cchc.Edition) -> None:
    s = some(ed.criteria("I"))
    code = next(n.code for n in s.leaves if n.not_applicable and n.assessed_by == "self")
    a = cchc.Assessment(ed, "so-y-te")
    assert a.answer(code, cchc.Answer.not_applicable()) is None
    assert a.is_not_applicable(code)


def test_synthetic_round_scores_and_ranks(ed: cchc.Edition) -> None:
    r = cchc.Round.synthetic(ed, seed=2018)
    assert len(r) == 47 and "so-y-te" in r
    assert repr(r) == "Round(edition='soc-trang-2018', assessments=47)"
    cards = r.scorecards()
    assert [c.unit for c in cards] == [u.id for u in ed.units]
    assert len([a for a in r]) == 47
    results = r.results()
    assert len(results) == 4
    dep = results["department"]
    assert len(dep) == 21 and [p.rank for p in dep][0] == 1
    assert dep.summary.count == 21
    assert sum(b.count for b in dep.summary.bands) == 21
    assert all(type(p.index) is Decimal and p.index.as_tuple().exponent == -2 for p in dep)
    # Exact values of the deterministic synthetic round (same digits as the Rust core).
    card = r.scorecard("so-noi-vu")
    assert (str(card.total), str(card.index)) == ("71.04", "76.80")
    assert some(card.field("1")).sub_index == Decimal("88.89")
    assert results.to_json() == cchc.rank(ed, cards).to_json()
    assert repr(card) == "Scorecard(unit='so-noi-vu', group='department', submitted=True, total=Decimal('71.04'), index=Decimal('76.80'))"


def test_round_forwards_inputs_by_unit(ed: cchc.Edition) -> None:
    r = cchc.Round(ed)
    assert r.answer("so-noi-vu", "1.1.1", cchc.Answer.yes_no(True)) == Decimal("0.5")
    assert r.appraise("so-noi-vu", "1.1.1", Decimal("0.25")) == Decimal("0.25")
    r.set_submitted("so-noi-vu")
    card = r.scorecard("so-noi-vu")
    assert (str(card.self_total), str(card.appraised_total), card.submitted) == ("0.5", "0.25", True)
    assert some(r.get("so-noi-vu")).appraisals == {"1.1.1": Decimal("0.25")}
    assert r.get("so-y-te") is None
    other = cchc.Round(ed, [some(r.get("so-noi-vu"))])
    assert other.scorecard("so-noi-vu").to_json() == card.to_json()


def test_analysis_views(ed: cchc.Edition) -> None:
    r = cchc.Round(ed)
    r.answer("so-noi-vu", "1.1.1", cchc.Answer.yes_no(True))
    r.appraise("so-noi-vu", "1.1.1", "0")
    p = r.scorecard("so-noi-vu").priorities()
    assert p.unit == "so-noi-vu"
    assert [(f.code, str(f.lost)) for f in p.fields][0] == ("1", str(some(ed.criteria("I"))["1"].max))
    assert p.items[0].recoverable >= p.items[-1].recoverable
    gaps = r.self_vs_appraised()
    assert [(g.unit, g.code, str(g.gap)) for g in gaps.items] == [("so-noi-vu", "1.1.1", "0.5")]
    unit_total = next(t for t in gaps.units if t.key == "so-noi-vu")
    assert (str(unit_total.self_points), str(unit_total.appraised), str(unit_total.gap)) == ("0.5", "0", "0.5")
    assert [(c.key, c.appendix, str(c.gap)) for c in gaps.criteria] == [("1.1.1", "I", "0.5")]
    assert len(gaps) == 1
    assert cchc.self_vs_appraised(ed, r.scorecards()) == gaps


# --- numbers and instants -----------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0.5, 1.0, float("nan")])
def test_floats_are_refused_with_a_clear_message(ed: cchc.Edition, bad: float) -> None:
    a = cchc.Assessment(ed, "so-tu-phap")
    with pytest.raises(cchc.FloatRefusedError) as info:
        a.appraise("1.1.1", bad)  # type: ignore[arg-type]
    err = info.value
    assert err.code == "float-refused"
    assert isinstance(err, cchc.InvalidInputError) and isinstance(err, TypeError)
    assert isinstance(err, ValueError)
    assert "float" in str(err) and "decimal.Decimal" in str(err)
    with pytest.raises(cchc.FloatRefusedError):
        cchc.Answer.rate(1.5, 2)  # type: ignore[arg-type]
    with pytest.raises(cchc.FloatRefusedError):
        cchc.Answer.count(3.0)  # type: ignore[arg-type]
    with pytest.raises(cchc.FloatRefusedError):
        ed.band_for(90.5)  # type: ignore[arg-type]
    assert a.is_empty()


def test_decimals_ints_and_strings_are_accepted_exactly(ed: cchc.Edition) -> None:
    a = cchc.Assessment(ed, "so-tu-phap")
    a.answer("1.1.1", cchc.Answer.yes_no(True))
    for given in (Decimal("0.25"), "0.25", " 0.25 "):
        assert str(a.appraise("1.1.1", given)) == "0.25"
    assert str(a.appraise("1.1.1", 0)) == "0"
    assert cchc.Answer.rate(10**20, 10**21).to_dict()["numerator"] == "100000000000000000000"
    with pytest.raises(cchc.InvalidInputError) as info:
        a.appraise("1.1.1", "one")
    assert info.value.code == "not-a-decimal"
    with pytest.raises(cchc.InvalidInputError) as info:
        a.appraise("1.1.1", True)  # a bool is an int to mypy, not a number to cchc
    assert info.value.code == "not-a-decimal"
    with pytest.raises(cchc.InvalidInputError) as info:
        a.appraise("1.1.1", Decimal("NaN"))
    assert info.value.code == "not-a-decimal"


def test_naive_datetimes_are_refused(ed: cchc.Edition) -> None:
    rec = cchc.RoundRecord(ed)
    editor = cchc.Actor.unit_editor("lan", "so-noi-vu")
    cmd = cchc.Command.answer("so-noi-vu", "1.1.1", cchc.Answer.yes_no(True))
    with pytest.raises(cchc.InvalidInputError) as info:
        rec.execute(editor, datetime(2019, 1, 2, 12), cmd)
    assert info.value.code == "naive-datetime"
    with pytest.raises(cchc.InvalidInputError) as info:
        rec.execute(editor, "2019-01-02T12:00:00", cmd)
    assert info.value.code == "invalid-instant" and "no UTC offset" in str(info.value)
    with pytest.raises(cchc.InvalidInputError) as info:
        rec.phase(date(2019, 1, 2))  # type: ignore[arg-type]
    assert info.value.code == "invalid-instant"
    # The same instant in UTC is accepted and kept with its offset.
    event = rec.execute(editor, datetime(2019, 1, 2, 5, tzinfo=timezone.utc), cmd)
    assert event.at == at("2019-01-02T12:00:00") and event.at.utcoffset() == timedelta(0)
    assert len(rec) == 1


# --- errors -------------------------------------------------------------------------------------


def test_answer_errors_carry_code_and_details(ed: cchc.Edition) -> None:
    a = cchc.Assessment(ed, "so-tu-phap")
    with pytest.raises(cchc.InvalidInputError) as info:
        a.answer("1.1.1", cchc.Answer.count(3))
    err = info.value
    assert err.code == "wrong-answer-kind"
    assert err.details == {
        "code": "wrong-answer-kind",
        "unit": "so-tu-phap",
        "criterion": "1.1.1",
        "method": "yes-no",
        "limit": "yes-no",
        "items": [],
        "detail": "a count answer does not fit a yes-no leaf; give a yes-no answer",
    }
    assert str(err) == (
        "wrong-answer-kind: unit so-tu-phap, criterion 1.1.1 (yes-no): a count answer does not fit "
        "a yes-no leaf; give a yes-no answer"
    )
    a.answer("1.1.1", cchc.Answer.yes_no(True))
    with pytest.raises(cchc.InvalidInputError) as info:
        a.appraise("1.1.1", "0.75")
    assert (info.value.code, info.value.limit) == ("above-max", "0.5")
    with pytest.raises(cchc.InvalidInputError) as info:
        a.answer("9.9.9", cchc.Answer.yes_no(True))
    assert (info.value.code, info.value.criterion) == ("unknown-criterion", "9.9.9")
    with pytest.raises(cchc.InvalidInputError) as info:
        cchc.Assessment(ed, "no-such-unit")
    assert (info.value.code, info.value.unit) == ("unknown-unit", "no-such-unit")
    with pytest.raises(cchc.InvalidInputError) as info:
        a.give("1.1.1", cchc.Answer.yes_no(True), channel="council")  # type: ignore[arg-type]
    assert info.value.code == "unknown-name"
    with pytest.raises(cchc.InvalidInputError) as info:
        cchc.Answer.from_dict({"kind": "points", "points": 1.5})
    assert info.value.code == "invalid-answer"
    with pytest.raises(cchc.InvalidInputError) as info:
        cchc.Answer.from_json("{")
    assert info.value.code == "invalid-answer"


def test_exceptions_pickle_with_their_details(ed: cchc.Edition) -> None:
    with pytest.raises(cchc.InvalidInputError) as info:
        cchc.Assessment(ed, "so-tu-phap").answer("1.1.1", cchc.Answer.count(3))
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is cchc.InvalidInputError
    assert again.details == info.value.details and str(again) == str(info.value)


def test_exception_hierarchy_and_builtins() -> None:
    assert cchc.Error.__module__ == "cchc"
    for cls in (
        cchc.EditionError,
        cchc.InvalidInputError,
        cchc.RecordError,
        cchc.FloatRefusedError,
        cchc.PermissionDeniedError,
        cchc.WindowClosedError,
        cchc.WrongPhaseError,
        cchc.InvalidLogError,
    ):
        assert issubclass(cls, cchc.Error) and issubclass(cls, ValueError)
        assert cls.__module__ == "cchc"
    assert issubclass(cchc.PermissionDeniedError, PermissionError)
    assert issubclass(cchc.FloatRefusedError, TypeError)
    for cls in (cchc.PermissionDeniedError, cchc.WindowClosedError, cchc.WrongPhaseError, cchc.InvalidLogError):
        assert issubclass(cls, cchc.RecordError)


# --- the round's record -------------------------------------------------------------------------

UNIT = "so-noi-vu"
CODE = "1.1.1"


def answered_record(ed: cchc.Edition) -> cchc.RoundRecord:
    rec = cchc.RoundRecord(ed)
    editor = cchc.Actor.unit_editor("lan", UNIT)
    rec.execute(editor, "2019-01-02T23:59:59+07:00", cchc.Command.answer(UNIT, CODE, cchc.Answer.yes_no(True)))
    return rec


def test_the_record_locks_itself(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    editor = cchc.Actor.unit_editor("lan", UNIT)
    with pytest.raises(cchc.WindowClosedError) as info:
        rec.execute(editor, at("2019-01-03T00:00:00"), cchc.Command.answer(UNIT, CODE, cchc.Answer.yes_no(False)))
    err = info.value
    assert (err.code, err.unit, err.limit) == ("window-closed", UNIT, "2019-01-03T00:00:00+07:00")
    assert len(rec) == 1
    assert rec.phase(at("2019-01-02T23:59:59")) == "official"
    assert rec.phase(at("2019-01-03T00:00:00")) == "appraisal"
    assert rec.phase("2018-12-20T08:00:00+07:00") == "trial"


def test_roles_and_other_units_are_refused(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    editor = cchc.Actor.unit_editor("lan", UNIT)
    with pytest.raises(cchc.PermissionDeniedError) as info:
        rec.execute(editor, at("2019-01-02T23:59:59"), cchc.Command.submit(UNIT))
    assert (info.value.code, info.value.limit) == ("permission-denied", "the unit head")
    assert isinstance(info.value, PermissionError)
    with pytest.raises(cchc.PermissionDeniedError) as info:
        rec.execute(editor, at("2019-01-02T23:59:59"), cchc.Command.answer("so-y-te", CODE, cchc.Answer.yes_no(True)))
    assert info.value.code == "other-unit"
    with pytest.raises(cchc.PermissionDeniedError) as info:
        rec.unit_view(editor, "so-y-te")
    assert info.value.code == "other-unit"
    with pytest.raises(cchc.InvalidInputError) as bad_role:
        cchc.Actor("x", "mayor")  # type: ignore[arg-type]
    assert bad_role.value.code == "unknown-name"


def test_a_full_round_through_commands(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    head = cchc.Actor.unit_head("hoa", UNIT)
    council = cchc.Actor.appraiser("hd")
    admin = cchc.Actor.admin("snv")
    before_lock = at("2019-01-02T23:59:59")
    # 1.1.1 requires evidence: submitting without any is refused, listing the items.
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(head, before_lock, cchc.Command.submit(UNIT))
    assert info.value.code == "evidence-missing" and CODE in info.value.items
    doc = cchc.Evidence("125/KH-UBND", date(2018, 1, 10), "Kế hoạch CCHC năm 2018")
    ev = rec.execute(head, before_lock, cchc.Command.attach_evidence(UNIT, CODE, doc))
    rec.execute(head, before_lock, cchc.Command.submit(UNIT))
    with pytest.raises(cchc.WrongPhaseError) as info:
        rec.execute(head, before_lock, cchc.Command.answer(UNIT, CODE, cchc.Answer.yes_no(False)))
    assert info.value.code == "already-submitted"
    after = at("2019-01-04T09:00:00")
    rec.execute(council, after, cchc.Command.appraise(UNIT, CODE, "0", comment="Kế hoạch ban hành trễ"))
    rec.execute(admin, after, cchc.Command.open_explanation_round(at("2019-01-10T00:00:00")))
    assert rec.explanation_round is not None
    assert (rec.explanation_round.opened_at, rec.explanation_round.until) == (after, at("2019-01-10T00:00:00"))
    rec.execute(head, after, cchc.Command.contest(UNIT, CODE, "Ban hành đúng hạn", Decimal("0.5")))
    rec.execute(council, after, cchc.Command.decide(UNIT, CODE, Decimal("0.5"), comment="Chấp nhận"))
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(council, after, cchc.Command.decide(UNIT, "1.1.2", "0"))
    assert info.value.code == "nothing-to-contest"
    rec.execute(admin, at("2019-01-11T00:00:00"), cchc.Command.publish())
    with pytest.raises(cchc.WrongPhaseError) as info:
        rec.execute(admin, at("2019-01-12T00:00:00"), cchc.Command.publish())
    assert info.value.code == "published"
    assert rec.published_at == at("2019-01-11T00:00:00")
    assert rec.phase(at("2019-01-12T00:00:00")) == "published"

    view = rec.unit_view(head, UNIT)
    official = view.official
    assert some(official.submitted).by == "hoa"
    assert official.evidence[CODE][0].id == ev.seq and official.evidence[CODE][0].evidence == doc
    assert view.appraisal_comments == {CODE: "Kế hoạch ban hành trễ"}
    contest = view.contests[CODE]
    assert contest.proposed == Decimal("0.5") and some(contest.ruling).points == Decimal("0.5")
    card = rec.scorecard(UNIT)
    node = some(card.node(CODE))
    assert (str(node.self_points), str(node.appraised), str(node.final_points)) == ("0.5", "0", "0.5")
    assert rec.round().scorecard(UNIT).to_json() == card.to_json()
    assert rec.results().to_json() == rec.round().results().to_json()
    assert [e.command.name for e in rec] == [
        "answer", "attach-evidence", "submit", "appraise", "open-explanation-round", "contest", "decide", "publish",
    ]

    # The log round-trips through JSON and replays to the same record.
    text = rec.to_json()
    stored = json.loads(text)
    assert stored["schema"] == cchc.RECORD_SCHEMA == 1 and stored["edition"] == "soc-trang-2018"
    assert json.loads(ed.to_json())["format"] == cchc.FORMAT_VERSION == 1
    again = cchc.RoundRecord.from_json(ed, text)
    assert again.to_json() == text and again.events == rec.events
    assert cchc.RoundRecord.replay(ed, rec.events).to_json() == text
    assert cchc.Command.from_json(rec.events[0].command.to_json()) == rec.events[0].command


def test_invalid_logs_are_refused(ed: cchc.Edition) -> None:
    with pytest.raises(cchc.InvalidLogError) as info:
        cchc.RoundRecord.from_json(ed, "{")
    assert info.value.code == "invalid-log"
    rec = answered_record(ed)
    events = rec.events
    with pytest.raises(cchc.InvalidLogError):
        cchc.RoundRecord.replay(ed, events + events)
    with pytest.raises(cchc.InvalidInputError) as bad:
        cchc.Command.from_json('{"type": "nope"}')
    assert bad.value.code == "invalid-command"


def test_record_refuses_bad_points_as_invalid_input(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    with pytest.raises(cchc.InvalidInputError) as info:
        rec.execute(cchc.Actor.appraiser("hd"), at("2019-01-04T00:00:00"), cchc.Command.appraise(UNIT, CODE, "0.75"))
    assert (info.value.code, info.value.limit, info.value.criterion) == ("above-max", "0.5", CODE)
    with pytest.raises(cchc.WrongPhaseError):
        rec.execute(cchc.Actor.appraiser("hd"), at("2019-01-02T23:59:59"), cchc.Command.appraise(UNIT, CODE, "0"))


def test_extensions_reopen_one_unit(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    admin = cchc.Actor.admin("snv")
    rec.execute(admin, at("2019-01-03T08:00:00"), cchc.Command.grant_extension(UNIT, at("2019-01-04T00:00:00"), "Mất điện"))
    editor = cchc.Actor.unit_editor("lan", UNIT)
    rec.execute(editor, at("2019-01-03T09:00:00"), cchc.Command.answer(UNIT, CODE, cchc.Answer.yes_no(False)))
    assert some(rec.unit_view(admin, UNIT).extension).reason == "Mất điện"
    with pytest.raises(cchc.InvalidInputError) as info:
        rec.execute(admin, at("2019-01-03T10:00:00"), cchc.Command.grant_extension(UNIT, at("2019-01-04T00:00:00"), " "))
    assert info.value.code == "invalid-value"


# --- reports ------------------------------------------------------------------------------------


def test_reports_come_from_the_core(ed: cchc.Edition) -> None:
    r = cchc.Round.synthetic(ed, seed=2018)
    results = r.results()
    csv = results.to_csv()
    assert csv.splitlines()[0] == "nhom,phu_luc,hang,ma_don_vi,don_vi,chi_so,xep_loai,da_nop"
    assert len(csv.splitlines()) == 1 + 47
    assert ";" in results.to_csv(decimal_comma=True).splitlines()[0]
    html = results.to_html()
    assert html.lstrip().lower().startswith("<!doctype html>")
    report = answered_record(ed).self_assessment_report(UNIT)
    assert report.unit == UNIT and report.self_total == Decimal("0.5")
    assert "1.1.1" in report.to_csv()
    item = next(i for i in report.items if i.code == "1.1.1")
    assert (item.answer, item.points, item.leaf, item.depth) == ("Có", Decimal("0.5"), True, 3)
    assert len(report) == len(report.items) == len(some(ed.criteria("I")))
    assert "<table" in report.to_html()
    assert some(r.get(UNIT)).report().unit == UNIT


# --- pandas -------------------------------------------------------------------------------------


def test_frames_hold_decimals_by_default_and_floats_on_request(ed: cchc.Edition) -> None:
    pd: Any = pytest.importorskip("pandas")
    r = cchc.Round.synthetic(ed, seed=2018)
    card = r.scorecard("so-noi-vu")
    nodes = card.to_pandas()
    assert list(nodes.columns)[:4] == ["unit", "code", "depth", "title"]
    assert len(nodes) == len(card)
    first = nodes.iloc[0]
    assert type(first["max"]) is Decimal and first["max"] == card.nodes[0].max
    fields = card.to_pandas(level="fields", floats=True)
    assert fields["sub_index"].dtype == "float64"
    assert fields.iloc[0]["sub_index"] == 88.89
    results = r.results().to_pandas()
    assert len(results) == 47
    row = results[results["unit"] == "so-noi-vu"].iloc[0]
    assert (row["group"], str(row["index"])) == ("department", "76.80")
    assert type(row["index"]) is Decimal
    assert r.results()["central-agency"].to_pandas().shape == (7, 9)
    assert r.to_pandas().shape == (47, 13)
    assert cchc.scorecards_to_pandas(r.scorecards(), floats=True)["index"].dtype == "float64"
    assert some(ed.criteria("IV")).to_pandas().shape[1] == 13
    gaps = r.self_vs_appraised()
    assert len(gaps.to_pandas(level="items")) == len(gaps.items)
    assert list(gaps.to_pandas(level="criteria").columns) == ["code", "appendix", "self_points", "appraised", "gap"]
    assert len(card.priorities().to_pandas(level="fields")) == len(card.priorities().fields)
    assert ed.units_frame().shape == (47, 4)
    with pytest.raises(cchc.InvalidInputError):
        card.to_pandas(level="leaves")  # type: ignore[arg-type]
    html = some(card._repr_html_())
    assert "<table" in html and "sub_index" in html
    assert "<table" in some(r.results()._repr_html_())
    assert isinstance(pd.DataFrame, type)


# --- reprs, iteration, len ----------------------------------------------------------------------


def test_reprs_everywhere(ed: cchc.Edition) -> None:
    r = cchc.Round.synthetic(ed, seed=2018)
    results = r.results()
    card = r.scorecard("so-noi-vu")
    values: list[object] = [
        ed, ed.units[0], ed.schedule, ed.bands[0], ed.decision, some(ed.criteria("I")), card,
        card.nodes[0], card.fields[0], card.priorities(), card.priorities().items[0],
        card.priorities().fields[0], results, results["department"], results["department"].ranking[0],
        results["department"].summary, results["department"].summary.bands[0], r.self_vs_appraised(),
        r.self_vs_appraised().items[0], r.self_vs_appraised().units[0], r, some(r.get("so-y-te")),
        cchc.Answer.yes_no(True), cchc.Actor.admin("snv"), cchc.Command.publish(),
        cchc.Evidence("1/KH", date(2018, 1, 1), "x"), cchc.RoundRecord(ed), answered_record(ed).events[0],
    ]
    for v in values:
        text = repr(v)
        dot = isinstance(v, (cchc.Answer, cchc.Command))  # Answer.from_json('…'), evaluable
        assert text.startswith(type(v).__name__ + ("." if dot else "(")), text
        assert "object at 0x" not in text
    assert repr(results["department"].ranking[0]).startswith("Placement(rank=1, unit=")
    assert repr(ed.schedule).startswith("Schedule(trial_start=datetime.datetime(2018, 12, 18, 0, 0, tzinfo=")
