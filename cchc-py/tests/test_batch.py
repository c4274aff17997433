"""The analyst's batch path (docs/batch.md): the long table as CSV and as a data frame gives the
round that giving the same inputs one by one gives; every bad row is reported at once."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest

import cchc

COLUMNS = [
    "unit", "code", "stage", "kind", "yes", "option", "ticked", "count", "numerator",
    "denominator", "points", "tally", "submitted",
]


def table_rows(round_: cchc.Round) -> list[dict[str, str | None]]:
    """The round's long table, from the core's writer (without the ``round`` column)."""
    rows = round_.to_rows()
    assert all("round" not in row for row in rows)
    return rows


def as_csv(rows: list[dict[str, str | None]]) -> str:
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


def test_the_core_writes_the_table_it_reads(ed: cchc.Edition) -> None:
    direct = cchc.Round.synthetic(ed, 7)
    text = direct.to_csv()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert text == as_csv(table_rows(direct))
    assert cchc.Round.from_csv(ed, text) == direct
    assert cchc.Round.from_rows(ed, direct.to_rows()) == direct
    labelled = direct.to_csv("2019")
    assert labelled.splitlines()[0] == ",".join(COLUMNS + ["round"])
    assert all(line.endswith(",2019") for line in labelled.splitlines()[1:])


def placements(round_: cchc.Round) -> list[tuple[str, str, int, str, str, str, bool]]:
    """Every placement of a round's results: group, appendix, rank, unit, index, band, submitted."""
    return [
        (g.group, g.appendix, p.rank, p.unit, str(p.index), p.band, p.submitted)
        for g in round_.results().groups
        for p in g.ranking
    ]


def rows_of_round(columns: dict[str, list[Any]], label: str) -> list[tuple[str, str, int, str, str, str, bool]]:
    c = columns
    return [
        (c["group"][i], c["appendix"][i], c["rank"][i], c["unit"][i], str(c["index"][i]), c["band"][i],
         c["submitted"][i])
        for i in range(len(c["round"]))
        if c["round"][i] == label
    ]


def test_many_rounds_in_one_call_give_each_round_digit_for_digit(ed: cchc.Edition) -> None:
    rounds = [(f"y{seed}", cchc.Round.synthetic(ed, seed)) for seed in (1, 2, 3)]
    text = cchc.rounds_to_csv(rounds)
    one = cchc.score_rounds_csv(ed, text, threads=1)
    two = cchc.score_rounds_csv(ed, text, threads=2)
    assert one == two
    assert cchc.score_rounds_csv(ed, text, threads=0) == one
    assert cchc.score_rounds_csv(ed, text, threads=10**6) == one
    assert list(one) == ["round", "group", "appendix", "rank", "unit", "name", "index", "band", "band_label", "submitted"]
    assert all(len(column) == 3 * 47 for column in one.values())
    for label, round_ in rounds:
        alone = cchc.Round.from_csv(ed, round_.to_csv())
        assert rows_of_round(one, label) == placements(alone) == placements(round_)
    assert all(type(i) is Decimal for i in one["index"])
    first = placements(rounds[1][1])[0]
    at = one["round"].index("y2")
    assert (one["unit"][at], str(one["index"][at]), one["rank"][at]) == (first[3], first[4], 1)
    floats = cchc.score_rounds_csv(ed, text, floats=True)
    assert floats["index"] == [float(i) for i in one["index"]]


def test_bad_rows_of_the_second_round_are_numbered_in_the_table(ed: cchc.Edition) -> None:
    text = ("round,unit,code,stage,kind,yes,points\n"
            "2019,so-y-te,1.1.1,self,yes-no,true,\n"
            "2020,so-y-te,1.1.1,self,yes-no,true,\n"
            "2020,so-y-te,1.1.1,appraisal,,,9\n"
            "2020,so-z,1.1.1,self,yes-no,true,\n"
            ",so-y-te,1.1.1,self,yes-no,true,\n")
    with pytest.raises(cchc.InputError) as caught:
        cchc.score_rounds_csv(ed, text)
    assert caught.value.code == "invalid-rows"
    assert list(caught.value.items) == [
        "row 3, unit so-y-te, code 1.1.1: above-max",
        "row 4, unit so-z, code 1.1.1: unknown-unit",
        "row 5, unit -, code -: invalid-shape",
    ]
    good = cchc.score_rounds_csv(ed, "\n".join(text.splitlines()[:3]) + "\n")
    at = good["unit"].index("so-y-te", good["round"].index("2020"))
    assert (good["round"][at], str(good["index"][at]), good["band"][at]) == ("2020", "0.50", good["band"][0])


def test_many_rounds_from_a_frame(ed: cchc.Edition) -> None:
    pd = pytest.importorskip("pandas")
    rounds = [(f"y{seed}", cchc.Round.synthetic(ed, seed)) for seed in (4, 5)]
    frame = pd.DataFrame([row for label, r in rounds for row in r.to_rows(label)])
    results = cchc.rounds_from_frame(ed, frame, threads=2)
    assert len(results) == 2 * 47
    assert list(results["round"].unique()) == ["y4", "y5"]
    expected = cchc.score_rounds_csv(ed, cchc.rounds_to_csv(rounds))
    assert results.to_dict("list") == expected
    assert type(results.iloc[0]["index"]) is Decimal


def test_a_categorical_frame_gives_the_digits_of_the_csv_text(ed: cchc.Edition) -> None:
    pd = pytest.importorskip("pandas")
    rounds = [(f"y{seed}", cchc.Round.synthetic(ed, seed)) for seed in (4, 5, 6)]
    text = cchc.rounds_to_csv(rounds)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    coded = frame.astype("category")
    expected = cchc.score_rounds_csv(ed, text)
    for threads in (1, 2):
        assert cchc.rounds_from_frame(ed, coded, threads=threads).to_dict("list") == expected
    # Object columns are factorized on the way in: the same digits.
    got = cchc.rounds_from_frame(ed, frame)
    assert got.to_dict("list") == expected
    # Text columns come out categorical, the rank as integers, the flag as booleans.
    assert [str(got[c].dtype) for c in ("round", "unit", "band", "rank", "submitted")] == [
        "category", "category", "category", "int64", "bool"]
    assert list(got["round"].cat.categories) == ["y4", "y5", "y6"]
    assert str(got["index"].dtype) == "object" and type(got["index"][0]) is Decimal
    # With floats=True, the index is a float64 column of the same values.
    as_floats = cchc.rounds_from_frame(ed, coded, floats=True)
    assert str(as_floats["index"].dtype) == "float64"
    assert as_floats["index"].tolist() == [float(i) for i in expected["index"]]
    assert list(got.columns) == ["round", "group", "appendix", "rank", "unit", "name", "index",
                                 "band", "band_label", "submitted"]
    at = expected["round"].index("y5")
    assert (expected["rank"][at], str(expected["index"][at])) == (1, str(placements_index(rounds[1][1])))


def placements_index(round_: cchc.Round) -> Decimal:
    """The index of the first placement of the round's first group, as `results()` ranks it."""
    return round_.results().groups[0].ranking[0].index


def test_frame_to_coded_hands_over_codes_and_categories(ed: cchc.Edition) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({
        "unit": pd.Categorical(["so-y-te", "so-y-te", "so-tu-phap"]),
        "code": ["1.1.1", "1.1.1", "1.1.1"],
        "yes": [True, None, False],
    })
    unit, code, yes = cchc.frame_to_coded(frame)
    # Categories sorted by pandas; codes as int8 (one byte each).
    assert unit == ("unit", bytes([1, 1, 0]), 1, ["so-tu-phap", "so-y-te"])
    # Other columns factorized: int64 codes, -1 for a missing cell; booleans as text.
    assert code[0] == "code" and code[2:] == (8, ["1.1.1"])
    assert code[1] == (0).to_bytes(8, "little") * 3
    assert yes[3] == ["true", "false"]
    assert yes[1] == b"".join(c.to_bytes(8, "little", signed=True) for c in (0, -1, 1))


def test_every_bad_row_of_a_categorical_frame_as_the_csv_reports_it(ed: cchc.Edition) -> None:
    pd = pytest.importorskip("pandas")
    text = ("round,unit,code,stage,kind,yes,points\n"
            "2019,so-y-te,1.1.1,self,yes-no,true,\n"
            "2020,so-y-te,1.1.1,self,yes-no,true,\n"
            "2020,so-y-te,1.1.1,appraisal,,,9\n"
            "2020,so-z,1.1.1,self,yes-no,true,\n"
            ",so-y-te,1.1.1,self,yes-no,true,\n"
            "2020,so-y-te,1.1.1,self,yes-no,maybe,\n")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    with pytest.raises(cchc.InputError) as from_text:
        cchc.score_rounds_csv(ed, text)
    with pytest.raises(cchc.InputError) as from_frame:
        cchc.rounds_from_frame(ed, frame.astype("category"))
    assert from_frame.value.code == "invalid-rows"
    assert list(from_frame.value.items) == list(from_text.value.items) == [
        "row 3, unit so-y-te, code 1.1.1: above-max",
        "row 4, unit so-z, code 1.1.1: unknown-unit",
        "row 5, unit -, code -: invalid-shape",
        "row 6, unit so-y-te, code 1.1.1: invalid-shape",
    ]


def test_numbers_pandas_read_as_floats_are_refused(ed: cchc.Edition) -> None:
    """``read_csv(dtype="category")`` turns a column of decimals into float categories: the text
    is lost, so points read that way are refused as any float is (``not-a-decimal``)."""
    pd = pytest.importorskip("pandas")
    text = "unit,code,stage,points\nso-y-te,1.1.1,appraisal,0.25\n"
    frame = pd.read_csv(io.StringIO(text), dtype="category")
    with pytest.raises(cchc.InputError) as caught:
        cchc.rounds_from_frame(ed, frame)
    assert list(caught.value.items) == ["row 1, unit so-y-te, code 1.1.1: not-a-decimal"]


def test_coded_columns_of_a_bad_width_are_refused(ed: cchc.Edition) -> None:
    with pytest.raises(cchc.InputError) as caught:
        cchc.score_rounds_coded(ed, [("unit", b"\x00\x00\x00", 2, ["so-y-te"])])
    assert caught.value.code == "invalid-shape"
    with pytest.raises(cchc.InputError) as caught:
        cchc.score_rounds_coded(ed, [("unit", b"\x00", 1, ["so-y-te"]), ("code", b"\x05", 1, ["1.1.1"]),
                                     ("stage", b"\x00", 1, ["self"])])
    assert caught.value.code == "invalid-rows"
    assert list(caught.value.items) == ["row 1, unit -, code -: invalid-shape"]


def test_coded_results_are_codes_and_categories(ed: cchc.Edition) -> None:
    text = "round,unit,code,stage,kind,yes\n2019,so-y-te,1.1.1,self,yes-no,true\n2020,so-y-te,1.1.1,self,yes-no,false\n"
    columns = [
        ("round", bytes([0, 1]), 1, ["2019", "2020"]),
        ("unit", bytes([0, 0]), 1, ["so-y-te"]),
        ("code", bytes([0, 0]), 1, ["1.1.1"]),
        ("stage", bytes([0, 0]), 1, ["self"]),
        ("kind", bytes([0, 0]), 1, ["yes-no"]),
        ("yes", bytes([0, 1]), 1, ["true", "false"]),
    ]
    plain = cchc.score_rounds_coded(ed, columns)
    assert plain == cchc.score_rounds_csv(ed, text)
    coded = cchc.score_rounds_coded(ed, columns, coded=True)
    codes, categories = coded["round"]
    assert categories == ["2019", "2020"]
    assert codes == b"".join(c.to_bytes(4, "little") for c in [0] * 47 + [1] * 47)
    for name in ("group", "unit", "name", "band"):
        codes, categories = coded[name]
        assert [categories[int.from_bytes(codes[4 * i:4 * i + 4], "little")] for i in range(94)] == plain[name]
    assert coded["index"] == plain["index"] and coded["rank"] == plain["rank"]


def test_coded_codes_are_read_from_any_buffer_of_their_width(ed: cchc.Edition) -> None:
    """Bytes, a bytearray, a memoryview or the codes' own NumPy array (read in place): the same
    results; a buffer of another kind is a TypeError that names the column."""
    numpy = pytest.importorskip("numpy")
    text = "round,unit,code,stage,kind,yes\n2019,so-y-te,1.1.1,self,yes-no,true\n2020,so-y-te,1.1.1,self,yes-no,false\n"
    expected = cchc.score_rounds_csv(ed, text)
    cells = {
        "round": ([0, 1], ["2019", "2020"]),
        "unit": ([0, 0], ["so-y-te"]),
        "code": ([0, 0], ["1.1.1"]),
        "stage": ([0, 0], ["self"]),
        "kind": ([0, 0], ["yes-no"]),
        "yes": ([0, 1], ["true", "false"]),
    }

    def columns(codes_of: Any, width: int) -> list[tuple[str, Any, int, list[str]]]:
        return [(name, codes_of(numpy.array(codes, dtype=f"<i{width}")), width, categories)
                for name, (codes, categories) in cells.items()]

    for width in (1, 2, 4, 8):
        for codes_of in (lambda a: a, lambda a: a.tobytes(), lambda a: bytearray(a.tobytes()), memoryview):
            assert cchc.score_rounds_coded(ed, columns(codes_of, width)) == expected, width
    bad = [
        (numpy.array([0, 1], dtype="<f8"), 8, "format 'd'"),         # floats
        (numpy.array([0, 1], dtype="<u2"), 2, "format 'H'"),         # unsigned
        (numpy.array([0, 1], dtype=">i2"), 2, "format '>h'"),        # big-endian
        (numpy.array([0, 1], dtype="<i4"), 2, "(4 bytes per item)"),  # another width
        (numpy.array([0, 9, 1, 9], dtype="<i2")[::2], 2, "a strided array"),
        (numpy.zeros((2, 2), dtype="<i2"), 2, "an array of 2 dimensions"),
        ("01", 1, "not <class 'str'>"),
    ]
    for codes, width, says in bad:
        given = columns(lambda a: a, 1)
        given[0] = ("round", codes, width, ["2019", "2020"])
        with pytest.raises(TypeError) as caught:
            cchc.score_rounds_coded(ed, given)
        assert 'codes of column "round"' in str(caught.value) and says in str(caught.value), str(caught.value)


def test_coded_categories_may_be_a_numpy_array_of_objects(ed: cchc.Edition) -> None:
    """A pandas column's categories as ``categories.to_numpy()`` gives them (an array of objects,
    read through its buffer): the same results as a list; an item that is neither text nor None
    is a TypeError, as in a list."""
    numpy = pytest.importorskip("numpy")
    text = "round,unit,code,stage,kind,yes\n2019,so-y-te,1.1.1,self,yes-no,true\n2020,so-y-te,1.1.1,self,yes-no,false\n"
    expected = cchc.score_rounds_csv(ed, text)

    def columns(categories_of: Any) -> list[tuple[str, bytes, int, Any]]:
        return [
            ("round", bytes([0, 1]), 1, categories_of(["2019", "2020"])),
            ("unit", bytes([0, 0]), 1, categories_of(["so-y-te"])),
            ("code", bytes([0, 0]), 1, categories_of(["1.1.1"])),
            ("stage", bytes([0, 0]), 1, categories_of(["self"])),
            ("kind", bytes([0, 0]), 1, categories_of(["yes-no"])),
            ("yes", bytes([0, 2]), 1, categories_of(["true", None, "false"])),
        ]

    objects = lambda cells: numpy.array(cells, dtype=object)  # noqa: E731
    assert cchc.score_rounds_coded(ed, columns(objects)) == expected
    assert cchc.score_rounds_coded(ed, columns(list)) == expected
    # A strided array of objects is read as a sequence: the same.
    strided = lambda cells: numpy.array([c for cell in cells for c in (cell, 0)], dtype=object)[::2]  # noqa: E731
    assert cchc.score_rounds_coded(ed, columns(strided)) == expected
    given = columns(objects)
    given[0] = ("round", bytes([0, 1]), 1, numpy.array(["2019", 2020], dtype=object))
    with pytest.raises(TypeError, match="str"):
        cchc.score_rounds_coded(ed, given)
