"""The analyst's batch path (docs/batch.md): the long table as CSV and as a data frame gives the
round that giving the same inputs one by one gives; every bad row is reported at once."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import pytest

import cchc

COLUMNS = [
    "unit", "code", "stage", "kind", "yes", "option", "ticked", "count", "numerator",
    "denominator", "points", "tally", "submitted",
]


def rows_of(assessment: dict[str, Any]) -> list[dict[str, str]]:
    """One assessment (its JSON form) as rows of the long table."""
    rows: list[dict[str, str]] = []
    for key, stage in (("answers", "self"), ("authority", "authority"), ("survey", "survey")):
        for code, answer in assessment.get(key, {}).items():
            row = {"unit": assessment["unit"], "code": code, "stage": stage, "kind": answer["kind"]}
            kind = answer["kind"]
            if kind == "yes-no":
                row["yes"] = "true" if answer["yes"] else "false"
            elif kind == "option":
                row["option"] = answer["option"]
            elif kind == "checklist":
                row["ticked"] = ";".join(answer["ticked"])
            elif kind == "count":
                row["count"] = str(answer["count"])
            elif kind == "rate":
                row["numerator"], row["denominator"] = answer["numerator"], answer["denominator"]
            elif kind == "points":
                row["points"] = answer["points"]
            elif kind == "tally":
                row["tally"] = ";".join(f"{g}={n}" for g, n in answer["tally"].items())
            rows.append(row)
    for key, stage in (("appraisals", "appraisal"), ("final", "final")):
        for code, points in assessment.get(key, {}).items():
            rows.append({"unit": assessment["unit"], "code": code, "stage": stage, "points": points})
    if rows and assessment.get("submitted"):
        rows[0]["submitted"] = "true"
    return rows


def table_rows(round_: cchc.Round) -> list[dict[str, str]]:
    return [r for a in json.loads(round_.to_json())["assessments"] for r in rows_of(a)]


def as_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def ed() -> cchc.Edition:
    return cchc.default_edition()


def test_csv_and_frame_give_the_round_given_one_by_one(ed: cchc.Edition) -> None:
    pd = pytest.importorskip("pandas")
    direct = cchc.Round.synthetic(ed, 7)
    rows = table_rows(direct)
    from_csv = cchc.Round.from_csv(ed, as_csv(rows))
    assert from_csv == direct
    assert from_csv.results() == direct.results()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    from_frame = cchc.round_from_frame(ed, frame)
    assert from_frame == direct
    assert from_frame.scorecards() == direct.scorecards()
    # The same table as pandas reads it from CSV, decimals kept as text: an integer column with
    # empty cells becomes floats, read back as whole numbers.
    exact = {"numerator": str, "denominator": str, "points": str}
    read = pd.read_csv(io.StringIO(as_csv(rows)), dtype=exact)
    assert read["count"].dtype == "float64"
    assert cchc.round_from_frame(ed, read) == direct


def test_frame_cells_of_every_type(ed: cchc.Edition) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({
        "unit": ["so-y-te", "so-y-te", "so-y-te"],
        "code": ["1.1.1", "1.1.1", "1.1.3"],
        "stage": pd.Categorical(["self", "appraisal", "self"]),
        "kind": ["yes-no", None, "rate"],
        "yes": [True, None, None],
        "numerator": [None, None, Decimal("7")],
        "denominator": [None, None, 9],
        "points": [None, Decimal("0.25"), None],
        "submitted": [True, False, False],
    })
    card = cchc.round_from_frame(ed, frame).scorecard("so-y-te")
    assert card.submitted
    node = card.node("1.1.1")
    assert node is not None
    assert str(node.appraised) == "0.25"
    assert str(node.self_points) == "0.5"
    assert cchc.frame_to_columns(frame)[4] == ("yes", ["true", None, None])
    assert cchc.frame_to_columns(frame)[8] == ("submitted", ["true", "false", "false"])


def test_every_bad_row_at_once_through_the_frame(ed: cchc.Edition) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({
        "unit": ["so-y-te", "so-z", "so-y-te", "so-y-te", "so-y-te", None],
        "code": ["1.1.1", "1.1.1", "1.1.1", "1.1.3", "1.1.1", "1.1.1"],
        "stage": ["self", "self", "self", "appraisal", "appraisal", "self"],
        "kind": ["yes-no", "yes-no", "yes-no", None, None, "yes-no"],
        "yes": ["maybe", "true", "true", None, None, "true"],
        "points": [None, None, None, 0.5, 9.0, None],
    })
    with pytest.raises(cchc.InputError) as caught:
        cchc.round_from_frame(ed, frame)
    assert caught.value.code == "invalid-rows"
    assert list(caught.value.items) == [
        "row 1, unit so-y-te, code 1.1.1: invalid-shape",
        "row 2, unit so-z, code 1.1.1: unknown-unit",
        "row 3, unit so-y-te, code 1.1.1: invalid-shape",
        "row 4, unit so-y-te, code 1.1.3: not-a-decimal",
        "row 5, unit so-y-te, code 1.1.1: above-max",
        "row 6, unit -, code -: invalid-shape",
    ]
    bad = pd.DataFrame({"unit": ["so-y-te"], "code": ["1.1.1"], "colour": ["red"]})
    with pytest.raises(cchc.InputError) as caught:
        cchc.round_from_frame(ed, bad)
    assert list(caught.value.items) == [
        "row 0, unit -, code -: invalid-shape",
        "row 0, unit -, code -: invalid-shape",
    ]


def test_every_bad_row_at_once_through_csv(ed: cchc.Edition) -> None:
    text = ("unit,code,stage,kind,count,points\n"
            "so-y-te,1.1.2,self,count,2.5,\n"
            "so-y-te,1.1.1,final,,,abc\n"
            "so-y-te,1.1.1,final,,,0\n")
    with pytest.raises(cchc.InputError) as caught:
        cchc.Round.from_csv(ed, text)
    assert list(caught.value.items) == [
        "row 1, unit so-y-te, code 1.1.2: invalid-shape",
        "row 2, unit so-y-te, code 1.1.1: not-a-decimal",
        "row 3, unit so-y-te, code 1.1.1: invalid-shape",
    ]


def test_frames_out_column_by_column(ed: cchc.Edition) -> None:
    pytest.importorskip("pandas")
    direct = cchc.Round.synthetic(ed, 7)
    results = cchc.results_to_pandas(direct.results())
    assert list(results.columns) == ["group", "appendix", "rank", "unit", "name", "index", "band", "band_label", "submitted"]
    first = direct.results().groups[0].ranking[0]
    assert (results.iloc[0]["unit"], results.iloc[0]["index"]) == (first.unit, first.index)
    cards = cchc.scorecards_to_pandas(direct.scorecards())
    card = direct.scorecard(cards.iloc[3]["unit"])
    assert cards.iloc[3]["total"] == card.total and type(cards.iloc[3]["total"]) is Decimal
