"""The Python API over the core: answers, assessments, rounds, scorecards, results, analysis,
the round's record, reports, pandas frames and the one error model. Run against the installed
wheel; mypy --strict clean. Expected values are exact decimal strings."""

from __future__ import annotations

import dataclasses
import json
import pickle
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Optional, TypeVar

import pytest

import cchc

T = TypeVar("T")
VN = timezone(timedelta(hours=7))
YES = {"kind": "yes-no", "yes": True}
NO = {"kind": "yes-no", "yes": False}


def some(value: Optional[T]) -> T:
    assert value is not None
    return value


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


def points(worth: cchc.Worth) -> str:
    assert worth.kind == "points"
    return str(worth.points)


@pytest.fixture(scope="module")
def ed() -> cchc.Edition:
    return cchc.default_edition()


# --- edition ------------------------------------------------------------------------------------


def test_edition_data(ed: cchc.Edition) -> None:
    assert ed.rounding == "half-up"
    assert ed.decision().number == "3267/QĐ-UBND"
    assert ed.decision().date == date(2018, 12, 11)
    s = ed.schedule()
    assert s.official_end == datetime(2019, 1, 3, tzinfo=VN)
    assert s.official_end.utcoffset() == timedelta(hours=7)
    bands = ed.bands()
    assert [b.label for b in bands][:2] == ["Nhóm 1", "Nhóm 2"]
    assert bands[0].above == Decimal("90") and bands[0].at_least is None
    assert some(ed.band_for("90")).label == "Nhóm 2"  # "trên 90%" excludes 90
    assert some(ed.band_for(Decimal("90.01"))).label == "Nhóm 1"
    assert len(ed.units_in("central-agency")) == 7
    assert ed.units()[0].group == "department"


def test_criteria_view(ed: cchc.Edition) -> None:
    view = some(ed.criteria("I"))
    assert view.appendix == "I" and view.max == Decimal("100")
    assert [n.code for n in view.nodes if n.depth == 1][:2] == ["1", "2"]
    assert [(n.code, n.depth) for n in view.nodes[:3]] == [("1", 1), ("1.1", 2), ("1.1.1", 3)]
    assert all(n.leaf is not None for n in view.leaves)
    assert some(view.node("1.1.1")).max == Decimal("0.5")
    assert view.node("9.9") is None
    leaf = some(some(view.node("1.1.1")).leaf)
    assert leaf.method.kind == "yes-no" and leaf.assessed_by == "self"
    assert some(view.node("1")).leaf is None
    kinds = {
        some(n.leaf).method.kind: some(n.leaf).method
        for a in ("I", "II", "III", "IV")
        for n in some(ed.criteria(a)).leaves
    }
    assert some(kinds["options"].options)[0].share == Decimal("100")
    assert kinds["survey"].options is not None
    assert kinds["yes-no"].options is None and kinds["yes-no"].step is None
    if "points" in kinds:
        assert type(kinds["points"].step) is Decimal
    assert repr(leaf).startswith("Leaf(method=Method(kind='yes-no', options=None")
    # A value goes out and comes back the same.
    assert cchc.CriteriaView.from_dict(json.loads(json.dumps(view.to_dict()))) == view


def test_worth_previews_an_answer_and_records_nothing(ed: cchc.Edition) -> None:
    assert points(ed.worth("so-tu-phap", "self", "1.1.1", YES)) == "0.5"
    assert points(ed.worth("so-tu-phap", "self", "1.1.1", NO)) == "0"
    with pytest.raises(cchc.AnswerError) as info:
        ed.worth("so-tu-phap", "self", "1.1.1", {"kind": "count", "count": 3})
    assert info.value.code == "wrong-answer-kind"


# --- answers and assessments --------------------------------------------------------------------


def test_assessment_records_answers_as_points(ed: cchc.Edition) -> None:
    a = cchc.Assessment(ed, "so-tu-phap")
    assert a.is_empty() and a.unit == "so-tu-phap" and a.edition == ed
    assert a.answer("1.1.1", YES) == cchc.Worth("points", Decimal("0.5"))
    assert points(a.give("self", "1.1.1", YES)) == "0.5"
    assert a.appraise("1.1.1", "0") == Decimal("0")
    a.submitted = True
    card = a.scorecard()
    node = some(card.node("1.1.1"))
    assert (str(node.self_points), str(node.appraised), str(node.final_points)) == ("0.5", "0", "0")
    assert card.submitted
    assert a.is_answered("1.1.1") and not a.is_not_applicable("1.1.1")
    data = a.data()
    assert list(data.answers) == ["1.1.1"] and data.appraisals == {"1.1.1": Decimal("0")}
    again = cchc.Assessment.from_json(ed, a.to_json())
    assert again == a and again is not a
    assert cchc.Assessment.from_data(ed, data) == a
    assert cchc.Assessment.from_data(ed, data.to_dict()) == a
    assert repr(a) == 'Assessment(unit="so-tu-phap", answers=1)'


def test_give_all_returns_a_result_per_answer(ed: cchc.Edition) -> None:
    a = cchc.Assessment(ed, "so-tu-phap")
    results = a.give_all(
        [
            {"assessor": "self", "code": "1.1.1", "answer": YES},
            {"assessor": "self", "code": "9.9.9", "answer": YES},
            {"assessor": "self", "code": "1.1.2", "answer": {"kind": "yes-no"}},
            cchc.Given("self", "1.1.1", NO),
        ]
    )
    assert results[0] == cchc.Worth("points", Decimal("0.5"))
    err = results[1]
    assert isinstance(err, cchc.AnswerError) and (err.code, err.criterion) == ("unknown-criterion", "9.9.9")
    shape = results[2]
    assert isinstance(shape, cchc.InputError) and (shape.code, shape.limit) == ("invalid-shape", "answer")
    assert results[3] == cchc.Worth("points", Decimal("0"))
    assert len(results) == 4
    assert a.is_answered("1.1.1") and not a.is_answered("9.9.9")


def test_clear_removes_inputs(ed: cchc.Edition) -> None:
    a = cchc.Assessment(ed, "so-tu-phap")
    a.answer("1.1.1", YES)
    a.appraise("1.1.1", "0.25")
    assert a.clear("1.1.1") is True and not a.is_answered("1.1.1")
    assert a.clear("1.1.1") is False and a.is_empty()
    a.answer("1.1.1", YES)
    a.clear_all()
    assert a.is_empty() and a.unit == "so-tu-phap"


def test_not_applicable_answers_are_worth_no_points(ed: cchc.Edition) -> None:
    view = some(ed.criteria("I"))
    code = next(n.code for n in view.leaves if some(n.leaf).not_applicable and some(n.leaf).assessed_by == "self")
    a = cchc.Assessment(ed, "so-y-te")
    assert a.answer(code, {"kind": "not-applicable"}) == cchc.Worth("not-applicable")
    assert a.is_not_applicable(code)


def test_synthetic_round_scores_and_ranks(ed: cchc.Edition) -> None:
    r = cchc.Round.synthetic(ed, seed=2018)
    assert len(r) == 47 and "so-y-te" in r
    assert repr(r) == 'Round(edition="soc-trang-2018", assessments=47)'
    cards = r.scorecards()
    assert [c.unit for c in cards] == [u.id for u in ed.units()]
    assert len(r.assessments()) == 47
    results = r.results()
    assert len(results.groups) == 4
    dep = some(results.group("department"))
    assert len(dep.ranking) == 21 and dep.ranking[0].rank == 1
    assert dep.summary.count == 21
    assert sum(b.count for b in dep.summary.bands) == 21
    assert all(type(p.index) is Decimal and p.index.as_tuple().exponent == -2 for p in dep.ranking)
    # Exact values of the deterministic synthetic round (same digits as the Rust core).
    card = r.scorecard("so-noi-vu")
    assert (str(card.total), str(card.index)) == ("71.04", "76.80")
    assert some(card.field("1")).sub_index == Decimal("88.89")
    assert ed.rank(cards) == results
    # Stored cards (JSON text written and read back) rank the same.
    stored = json.loads(json.dumps([c.to_dict() for c in cards]))
    assert ed.rank(stored) == results
    assert ed.rank([cchc.Scorecard.from_dict(c) for c in stored]) == results
    assert card == cchc.Scorecard.from_dict(card.to_dict())
    assert repr(card).startswith("Scorecard(unit='so-noi-vu', name=")
    assert cchc.Assessment.synthetic(ed, "so-noi-vu", 2018) == r.get("so-noi-vu")


def test_round_inserts_and_scores_one_unit(ed: cchc.Edition) -> None:
    r = cchc.Round(ed)
    a = r.assessment("so-noi-vu")
    assert a.is_empty()
    assert points(a.answer("1.1.1", YES)) == "0.5"
    assert a.appraise("1.1.1", Decimal("0.25")) == Decimal("0.25")
    a.submitted = True
    assert r.scorecard("so-noi-vu").self_total == Decimal("0")  # a copy: nothing in the round yet
    r.insert(a)
    card = r.scorecard("so-noi-vu")
    assert (str(card.self_total), str(card.appraised_total), card.submitted) == ("0.5", "0.25", True)
    assert some(r.get("so-noi-vu")).data().appraisals == {"1.1.1": Decimal("0.25")}
    assert r.get("so-y-te") is None
    other = cchc.Round(ed)
    other.insert(a.data().to_dict())
    assert other.scorecard("so-noi-vu") == card
    with pytest.raises(cchc.AnswerError) as info:
        r.scorecard("no-such-unit")
    assert info.value.code == "unknown-unit"
    again = cchc.Round.from_json(ed, r.to_json())
    assert again == r and again.scorecards() == r.scorecards()
    with pytest.raises(cchc.AnswerError) as info:
        r.insert({"unit": "so-noi-vu", "appraisals": {"1.1.1": "3"}})
    assert (info.value.code, info.value.limit) == ("above-max", "0.5")


def test_analysis_views(ed: cchc.Edition) -> None:
    r = cchc.Round(ed)
    a = r.assessment("so-noi-vu")
    a.answer("1.1.1", YES)
    a.appraise("1.1.1", "0")
    r.insert(a)
    p = r.priorities("so-noi-vu")
    assert p == a.priorities() == ed.priorities(r.scorecard("so-noi-vu"))
    assert p.unit == "so-noi-vu"
    assert [(f.code, str(f.lost)) for f in p.fields][0] == ("1", str(some(some(ed.criteria("I")).node("1")).max))
    assert p.items[0].recoverable >= p.items[-1].recoverable
    gaps = ed.self_vs_appraised(r.scorecards())
    assert [(g.unit, g.code, str(g.gap)) for g in gaps.items] == [("so-noi-vu", "1.1.1", "0.5")]
    unit_total = next(t for t in gaps.units if t.key == "so-noi-vu")
    assert (str(unit_total.self_points), str(unit_total.appraised), str(unit_total.gap)) == ("0.5", "0", "0.5")
    assert [(c.key, c.appendix, str(c.gap)) for c in gaps.criteria] == [("1.1.1", "I", "0.5")]
    assert ed.self_vs_appraised([c.to_dict() for c in r.scorecards()]) == gaps


# --- numbers and instants -----------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0.5, 1.0, float("nan"), 1, True, None])
def test_only_decimals_and_text_are_numbers(ed: cchc.Edition, bad: Any) -> None:
    a = cchc.Assessment(ed, "so-tu-phap")
    with pytest.raises(cchc.InputError) as info:
        a.appraise("1.1.1", bad)
    err = info.value
    assert (err.code, err.category, err.limit) == ("not-a-decimal", "input", "points")
    assert "float" in str(err)
    with pytest.raises(cchc.InputError):
        ed.band_for(bad)
    assert a.is_empty()


def test_decimals_and_strings_are_accepted_exactly(ed: cchc.Edition) -> None:
    a = cchc.Assessment(ed, "so-tu-phap")
    a.answer("1.1.1", YES)
    for given in (Decimal("0.25"), "0.25"):
        assert str(a.appraise("1.1.1", given)) == "0.25"
    with pytest.raises(cchc.InputError) as info:
        a.appraise("1.1.1", "one")
    assert info.value.code == "not-a-decimal"
    with pytest.raises(cchc.InputError) as info:
        a.appraise("1.1.1", Decimal("NaN"))
    assert info.value.code == "not-a-decimal"
    rate = {"kind": "rate", "numerator": Decimal("7"), "denominator": "9"}
    assert ed.worth("so-tu-phap", "self", "1.1.1", YES).kind == "points"
    with pytest.raises(cchc.AnswerError) as wrong:
        a.answer("1.1.1", rate)  # decimals inside an answer cross as text
    assert wrong.value.code == "wrong-answer-kind"


def test_naive_datetimes_are_refused(ed: cchc.Edition) -> None:
    rec = cchc.RoundRecord(ed)
    editor = cchc.Actor("lan", "unit-editor", "so-noi-vu")
    cmd = {"type": "answer", "unit": "so-noi-vu", "code": "1.1.1", "answer": YES}
    for naive in (datetime(2019, 1, 2, 12), "2019-01-02T12:00:00", date(2019, 1, 2)):
        with pytest.raises(cchc.InputError) as info:
            rec.execute(editor, naive, cmd)  # type: ignore[arg-type]
        assert info.value.code == "invalid-instant"
    with pytest.raises(cchc.InputError) as info:
        rec.phase(date(2019, 1, 2))  # type: ignore[arg-type]
    assert info.value.code == "invalid-instant"
    # The same instant in UTC is accepted and kept with its offset.
    event = rec.execute(editor, datetime(2019, 1, 2, 5, tzinfo=timezone.utc), cmd)
    assert event.at == at("2019-01-02T12:00:00") and event.at.utcoffset() == timedelta(0)
    assert len(rec) == 1


# --- errors -------------------------------------------------------------------------------------


def test_answer_errors_carry_code_and_fields(ed: cchc.Edition) -> None:
    a = cchc.Assessment(ed, "so-tu-phap")
    with pytest.raises(cchc.AnswerError) as info:
        a.answer("1.1.1", {"kind": "count", "count": 3})
    err = info.value
    assert err.to_dict() == {
        "code": "wrong-answer-kind",
        "category": "answer",
        "message": err.message,
        "unit": "so-tu-phap",
        "criterion": "1.1.1",
        "method": "yes-no",
        "limit": "yes-no",
        "items": [],
        "problems": [],
    }
    assert str(err) == err.message == (
        "wrong-answer-kind: unit so-tu-phap, criterion 1.1.1 (yes-no): a count answer does not fit "
        "a yes-no leaf; give a yes-no answer"
    )
    a.answer("1.1.1", YES)
    with pytest.raises(cchc.AnswerError) as info:
        a.appraise("1.1.1", "0.75")
    assert (info.value.code, info.value.limit) == ("above-max", "0.5")
    with pytest.raises(cchc.AnswerError) as info:
        a.answer("9.9.9", YES)
    assert (info.value.code, info.value.criterion) == ("unknown-criterion", "9.9.9")
    with pytest.raises(cchc.AnswerError) as info:
        cchc.Assessment(ed, "no-such-unit")
    assert (info.value.code, info.value.unit) == ("unknown-unit", "no-such-unit")
    with pytest.raises(cchc.InputError) as bad:
        a.give("council", "1.1.1", YES)
    assert (bad.value.code, bad.value.limit) == ("unknown-name", "self, survey, authority")
    for shape in ({"kind": "points", "points": 1.5}, {"kind": "maybe"}, "yes"):
        with pytest.raises(cchc.InputError) as bad:
            a.answer("1.1.1", shape)  # type: ignore[arg-type]
        assert (bad.value.code, bad.value.limit) == ("invalid-shape", "answer")
    with pytest.raises(cchc.InputError) as bad:
        ed.criteria("V")
    assert (bad.value.code, bad.value.limit) == ("unknown-name", "I, II, III, IV")


def test_exceptions_pickle_with_their_fields(ed: cchc.Edition) -> None:
    with pytest.raises(cchc.AnswerError) as info:
        cchc.Assessment(ed, "so-tu-phap").answer("1.1.1", {"kind": "count", "count": 3})
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is cchc.AnswerError
    assert again.to_dict() == info.value.to_dict() and str(again) == str(info.value)


def test_one_exception_class_per_category() -> None:
    assert cchc.Error.__module__ == "cchc" and issubclass(cchc.Error, Exception)
    for cls in (cchc.AnswerError, cchc.RecordError, cchc.EditionError, cchc.InputError):
        assert issubclass(cls, cchc.Error) and cls.__module__ == "cchc"


# --- the round's record -------------------------------------------------------------------------

UNIT = "so-noi-vu"
CODE = "1.1.1"
EDITOR = cchc.Actor("lan", "unit-editor", UNIT)
HEAD = cchc.Actor("hoa", "unit-head", UNIT)
COUNCIL = cchc.Actor("hd", "appraiser")
ADMIN = cchc.Actor("snv", "admin")


def answer(value: dict[str, Any], unit: str = UNIT, code: str = CODE) -> dict[str, Any]:
    return {"type": "answer", "unit": unit, "code": code, "answer": value}


def answered_record(ed: cchc.Edition) -> cchc.RoundRecord:
    rec = cchc.RoundRecord(ed)
    rec.execute(EDITOR, "2019-01-02T23:59:59+07:00", answer(YES))
    return rec


def test_the_record_locks_itself(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(EDITOR, at("2019-01-03T00:00:00"), answer(NO))
    err = info.value
    assert (err.code, err.unit, err.limit) == ("window-closed", UNIT, "2019-01-03T00:00:00+07:00")
    assert len(rec) == 1
    assert rec.phase(at("2019-01-02T23:59:59")) == "official"
    assert rec.phase(at("2019-01-03T00:00:00")) == "appraisal"
    assert rec.phase("2018-12-20T08:00:00+07:00") == "trial"


def test_roles_and_other_units_are_refused(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(EDITOR, at("2019-01-02T23:59:59"), {"type": "submit", "unit": UNIT})
    assert info.value.code == "permission-denied"
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(EDITOR, at("2019-01-02T23:59:59"), answer(YES, unit="so-y-te"))
    assert info.value.code == "other-unit"
    with pytest.raises(cchc.RecordError) as info:
        rec.unit_view(EDITOR, "so-y-te")
    assert info.value.code == "other-unit"
    with pytest.raises(cchc.InputError) as bad_role:
        rec.unit_view({"id": "x", "role": "mayor"}, UNIT)
    assert (bad_role.value.code, bad_role.value.limit) == ("invalid-shape", "actor")


def test_a_full_round_through_commands(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    before_lock = at("2019-01-02T23:59:59")
    # 1.1.1 requires evidence: submitting without any is refused, listing the items.
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(HEAD, before_lock, {"type": "submit", "unit": UNIT})
    assert info.value.code == "evidence-missing" and CODE in info.value.items
    doc = cchc.Evidence("125/KH-UBND", date(2018, 1, 10), "Kế hoạch CCHC năm 2018")
    ev = rec.execute(HEAD, before_lock, {"type": "attach-evidence", "unit": UNIT, "code": CODE, "evidence": doc})
    rec.execute(HEAD, before_lock, {"type": "submit", "unit": UNIT})
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(HEAD, before_lock, answer(NO))
    assert info.value.code == "already-submitted"
    after = at("2019-01-04T09:00:00")
    appraise = {"type": "appraise", "unit": UNIT, "code": CODE, "points": "0", "comment": "Kế hoạch ban hành trễ"}
    rec.execute(COUNCIL, after, appraise)
    rec.execute(ADMIN, after, {"type": "open-explanation-round", "until": at("2019-01-10T00:00:00")})
    state = rec.state()
    assert some(state.explanation_round) == cchc.ExplanationRound(after, at("2019-01-10T00:00:00"))
    contest = {"type": "contest", "unit": UNIT, "code": CODE, "text": "Ban hành đúng hạn", "proposed": Decimal("0.5")}
    rec.execute(HEAD, after, contest)
    rec.execute(COUNCIL, after, {"type": "decide", "unit": UNIT, "code": CODE, "points": "0.5", "comment": "Chấp nhận"})
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(COUNCIL, after, {"type": "decide", "unit": UNIT, "code": "1.1.2", "points": "0"})
    assert info.value.code == "nothing-to-contest"
    rec.execute(ADMIN, at("2019-01-11T00:00:00"), {"type": "publish"})
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(ADMIN, at("2019-01-12T00:00:00"), {"type": "publish"})
    assert info.value.code == "published"
    assert rec.state().published_at == at("2019-01-11T00:00:00")
    assert rec.phase(at("2019-01-12T00:00:00")) == "published"

    view = rec.unit_view(HEAD, UNIT)
    official = view.official
    assert some(official.submitted).by == "hoa"
    assert official.evidence[CODE][0].id == ev.seq and official.evidence[CODE][0].evidence == doc
    assert view.appraisal_comments == {CODE: "Kế hoạch ban hành trễ"}
    contested = view.contests[CODE]
    assert contested.proposed == Decimal("0.5") and some(contested.ruling).points == Decimal("0.5")
    card = rec.scorecard(UNIT)
    node = some(card.node(CODE))
    assert (str(node.self_points), str(node.appraised), str(node.final_points)) == ("0.5", "0", "0.5")
    assert rec.round().scorecard(UNIT) == card
    assert rec.trial_scorecard(UNIT).self_total == Decimal("0")
    assert [e.command["type"] for e in rec.events] == [
        "answer", "attach-evidence", "submit", "appraise", "open-explanation-round", "contest", "decide", "publish",
    ]
    assert len(rec.unit_events(HEAD, UNIT)) >= 6

    # The log round-trips through JSON and replays to the same record.
    text = rec.to_json()
    stored = json.loads(text)
    assert stored["schema"] == cchc.RECORD_SCHEMA == 1 and stored["edition"] == "soc-trang-2018"
    assert json.loads(ed.to_json())["format"] == cchc.FORMAT_VERSION == 1
    again = cchc.RoundRecord.from_json(ed, text)
    assert again.to_json() == text and again.events == rec.events and again == rec
    assert cchc.RoundRecord.replay(ed, rec.events).to_json() == text
    assert cchc.RoundRecord.replay(ed, [e.to_dict() for e in rec.events]) == rec


def test_invalid_logs_are_refused(ed: cchc.Edition) -> None:
    with pytest.raises(cchc.RecordError) as info:
        cchc.RoundRecord.from_json(ed, "{")
    assert info.value.code == "invalid-log"
    rec = answered_record(ed)
    events = rec.events
    with pytest.raises(cchc.RecordError) as info:
        cchc.RoundRecord.replay(ed, events + events)
    assert info.value.code == "invalid-log"
    with pytest.raises(cchc.InputError) as bad:
        rec.execute(ADMIN, at("2019-01-04T00:00:00"), {"type": "nope"})
    assert (bad.value.code, bad.value.limit) == ("invalid-shape", "command")


def test_record_refuses_bad_points_with_the_answer_error(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    with pytest.raises(cchc.AnswerError) as info:
        rec.execute(COUNCIL, at("2019-01-04T00:00:00"), {"type": "appraise", "unit": UNIT, "code": CODE, "points": "0.75"})
    assert (info.value.code, info.value.limit, info.value.criterion) == ("above-max", "0.5", CODE)
    with pytest.raises(cchc.RecordError) as wrong:
        rec.execute(COUNCIL, at("2019-01-02T23:59:59"), {"type": "appraise", "unit": UNIT, "code": CODE, "points": "0"})
    assert wrong.value.code == "wrong-phase"


def test_extensions_reopen_one_unit(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    grant = {"type": "grant-extension", "unit": UNIT, "until": at("2019-01-04T00:00:00"), "reason": "Mất điện"}
    rec.execute(ADMIN, at("2019-01-03T08:00:00"), grant)
    rec.execute(EDITOR, at("2019-01-03T09:00:00"), answer(NO))
    assert some(rec.unit_view(ADMIN, UNIT).extension).reason == "Mất điện"
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(ADMIN, at("2019-01-03T10:00:00"), {**grant, "reason": " "})
    assert info.value.code == "invalid-value"


# --- reports ------------------------------------------------------------------------------------


def test_reports_come_from_the_core(ed: cchc.Edition) -> None:
    r = cchc.Round.synthetic(ed, seed=2018)
    results = r.results()
    csv = ed.results_csv(results)
    assert csv.splitlines()[0] == "nhom,phu_luc,hang,ma_don_vi,don_vi,chi_so,xep_loai,da_nop"
    assert len(csv.splitlines()) == 1 + 47
    assert ";" in ed.results_csv(results, decimal_comma=True).splitlines()[0]
    assert ed.results_csv(results.to_dict()) == csv
    html = ed.results_html(results)
    assert html.lstrip().lower().startswith("<!doctype html>")
    report = answered_record(ed).self_assessment_report(UNIT)
    assert report.unit == UNIT and report.self_total == Decimal("0.5")
    assert "1.1.1" in ed.report_csv(report)
    item = next(i for i in report.items if i.code == "1.1.1")
    assert (item.answer, item.points, item.leaf, item.depth) == ("Có", Decimal("0.5"), True, 3)
    assert len(report.items) == len(some(ed.criteria("I")).nodes)
    assert "<table" in ed.report_html(report)
    assert some(r.get(UNIT)).report().unit == UNIT


# --- pandas -------------------------------------------------------------------------------------


def test_frames_hold_decimals_by_default_and_floats_on_request(ed: cchc.Edition) -> None:
    pytest.importorskip("pandas")
    r = cchc.Round.synthetic(ed, seed=2018)
    card = r.scorecard("so-noi-vu")
    nodes = cchc.to_pandas(card.nodes)
    assert list(nodes.columns)[:3] == ["code", "max", "applicable_max"]
    assert len(nodes) == len(card.nodes)
    first = nodes.iloc[0]
    assert type(first["max"]) is Decimal and first["max"] == card.nodes[0].max
    fields = cchc.to_pandas(card.fields, floats=True)
    assert fields["sub_index"].dtype == "float64"
    assert fields.iloc[0]["sub_index"] == 88.89
    results = cchc.results_to_pandas(r.results())
    assert len(results) == 47
    row = results[results["unit"] == "so-noi-vu"].iloc[0]
    assert (row["group"], str(row["index"])) == ("department", "76.80")
    assert type(row["index"]) is Decimal
    assert cchc.to_pandas(some(r.results().group("central-agency")).ranking).shape == (7, 7)
    assert cchc.scorecards_to_pandas(r.scorecards()).shape == (47, 13)
    assert cchc.scorecards_to_pandas(r.scorecards(), floats=True)["index"].dtype == "float64"
    assert cchc.to_pandas(some(ed.criteria("IV")).nodes).shape[1] == 9
    gaps = ed.self_vs_appraised(r.scorecards())
    assert len(cchc.to_pandas(gaps.items)) == len(gaps.items)
    assert list(cchc.to_pandas(gaps.criteria).columns) == ["key", "appendix", "self_points", "appraised", "gap"]
    assert cchc.to_pandas(ed.units()).shape == (47, 3)


# --- reprs and values ---------------------------------------------------------------------------


def test_values_are_frozen_documented_and_round_trip(ed: cchc.Edition) -> None:
    r = cchc.Round.synthetic(ed, seed=2018)
    card = r.scorecard("so-noi-vu")
    with pytest.raises(AttributeError):
        card.total = Decimal("100")  # type: ignore[misc]
    for cls in (cchc.Scorecard, cchc.Results, cchc.Event, cchc.Worth, cchc.CriteriaView, cchc.Problem):
        assert cls.__module__ == "cchc" and cls.__doc__
    record = answered_record(ed)
    values: list[Any] = [
        card, r.results(), ed.self_vs_appraised(r.scorecards()), r.priorities(UNIT), ed.schedule(),
        ed.decision(), ed.units()[0], record.events[0], record.unit_view(ADMIN, UNIT), record.state(),
        record.self_assessment_report(UNIT), some(ed.criteria("II")),
    ]
    for v in values:
        text = json.dumps(v.to_dict())
        assert type(v).from_dict(json.loads(text)) == v, type(v).__name__
        assert repr(v).startswith(type(v).__name__ + "(") and "object at 0x" not in repr(v)
    assert repr(ed) == 'Edition(id="soc-trang-2018", year=2018)'
    assert repr(record) == 'RoundRecord(edition="soc-trang-2018", events=1)'
    assert repr(r.results().groups[0].ranking[0]).startswith("Placement(rank=1, unit=")
    assert repr(ed.schedule()).startswith("Schedule(trial_start=datetime.datetime(2018, 12, 18, 0, 0, tzinfo=")


def test_the_exported_names_are_listed_once() -> None:
    from cchc import _values

    assert set(_values.__all__) == {c.__name__ for c in _values.VALUES} | {"Answer", "Command"}
    assert len(cchc.__all__) == len(set(cchc.__all__))
    for name in cchc.__all__:
        assert hasattr(cchc, name), name


def test_evidence_cites_an_uploaded_file(ed: cchc.Edition) -> None:
    rec = answered_record(ed)
    before_lock = at("2019-01-02T23:59:59")
    pdf = cchc.EvidenceFile("a" * 64, "ke-hoach-125.pdf", "application/pdf", 48213)
    doc = cchc.Evidence("125/KH-UBND", date(2018, 1, 10), "Kế hoạch CCHC năm 2018", file=pdf)
    ev = rec.execute(HEAD, before_lock, {"type": "attach-evidence", "unit": UNIT, "code": CODE, "evidence": doc})
    attached = rec.unit_view(HEAD, UNIT).official.evidence[CODE][0]
    assert attached.id == ev.seq
    assert attached.evidence.file == pdf
    assert some(attached.evidence.file).to_dict() == {
        "sha256": "a" * 64,
        "name": "ke-hoach-125.pdf",
        "media_type": "application/pdf",
        "size": 48213,
    }
    # The core checks the file's form: a hash that is not 64 hex digits is refused, nothing written.
    bad = cchc.Evidence("126/KH-UBND", date(2018, 1, 10), "Kế hoạch", file=dataclasses.replace(pdf, sha256="xyz"))
    with pytest.raises(cchc.RecordError) as info:
        rec.execute(HEAD, before_lock, {"type": "attach-evidence", "unit": UNIT, "code": CODE, "evidence": bad})
    assert info.value.code == "invalid-value"
    assert len(rec.unit_view(HEAD, UNIT).official.evidence[CODE]) == 1
