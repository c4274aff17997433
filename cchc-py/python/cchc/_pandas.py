"""pandas data frames of the value objects (pandas is an optional extra: ``cchc[pandas]``).

A column per scalar field of the values, in the field order; decimals stay
:class:`decimal.Decimal` (object columns) unless the caller asks for ``floats=True``, which makes
them ``float64`` (``NaN`` for ``None``). Pure Python: it only lays out values the core computed.
"""

from __future__ import annotations

import dataclasses
import importlib
from decimal import Decimal
from typing import Any, Iterable, Mapping, Sequence

from ._native import Edition, Round, score_rounds_coded
from ._values import Results, Scorecard

__all__ = [
    "to_pandas",
    "scorecards_to_pandas",
    "results_to_pandas",
    "frame_to_rows",
    "frame_to_columns",
    "frame_to_coded",
    "round_from_frame",
    "rounds_from_frame",
]


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("pandas is not installed; it is an optional extra: pip install 'cchc[pandas]'") from e


def _cell(value: Any, floats: bool) -> Any:
    if floats and isinstance(value, Decimal):
        return float(value)
    return value


def _scalar_fields(cls: Any) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def _frame(values: Sequence[Any], columns: Sequence[str], floats: bool, extra: Mapping[str, Sequence[Any]] = {}) -> Any:
    """A frame built column by column: ``extra`` columns first, then each named field of the values.
    pandas infers ints, bools and floats; Decimal cells stay as they are (object columns)."""
    data: dict[str, list[Any]] = {name: list(cells) for name, cells in extra.items()}
    for name in columns:
        if name in data:
            continue
        cells = [getattr(v, name) for v in values]
        if floats:
            cells = [_cell(c, True) for c in cells]
        data[name] = cells
    return _pandas().DataFrame(data, columns=list(extra) + [c for c in columns if c not in extra])


def _is_scalar(cell: Any) -> bool:
    return not isinstance(cell, (tuple, list, dict)) and not dataclasses.is_dataclass(cell)


def to_pandas(values: Iterable[Any], *, floats: bool = False) -> Any:
    """A data frame with one row per value (``Placement``, ``Gap``, ``NodeScore``…) and a column
    per scalar field."""
    values = list(values)
    columns = [n for n in _scalar_fields(values[0]) if _is_scalar(getattr(values[0], n))] if values else []
    return _frame(values, columns, floats)


def scorecards_to_pandas(cards: Iterable[Scorecard], *, floats: bool = False) -> Any:
    """One row per scorecard: unit, name, group, appendix, submitted, totals and index."""
    columns = [n for n in _scalar_fields(Scorecard) if n not in ("fields", "nodes")]
    return _frame(list(cards), columns, floats)


def results_to_pandas(results: Results, *, floats: bool = False) -> Any:
    """One row per placement of every group: group, appendix, rank, unit, name, index, band…"""
    placements = [p for g in results.groups for p in g.ranking]
    extra = {
        "group": [g.group for g in results.groups for _ in g.ranking],
        "appendix": [g.appendix for g in results.groups for _ in g.ranking],
    }
    columns = ["rank", "unit", "name", "index", "band", "band_label", "submitted"]
    return _frame(placements, columns, floats, extra)


def _text(value: Any) -> str | None:
    """One cell of the long table as the core reads it: text, or ``None`` for an empty cell.

    ``None`` and NaN (pandas' empty cell) are empty; booleans are ``true``/``false``; a float
    that is a whole number (pandas turns an integer column with empty cells into floats) is that
    number; any other float is passed as ``float <value>`` so that the core refuses it
    (``not-a-decimal``) with its row number: decimals are exact text or :class:`decimal.Decimal`.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return None
        if value.is_integer():
            return str(int(value))
        return f"float {value!r}"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)):
        return str(value)
    if getattr(value, "dtype", None) is not None and hasattr(value, "item"):
        return _text(value.item())  # numpy scalars
    if _pandas().isna(value):
        return None
    return str(value)


def frame_to_rows(frame: Any) -> list[dict[str, str | None]]:
    """The rows of a long-form data frame (the columns of ``docs/batch.md``) as the core's row
    shape: one mapping of column to text or ``None`` per row, in the frame's order."""
    columns = frame_to_columns(frame)
    names = [name for name, _ in columns]
    return [dict(zip(names, values)) for values in zip(*(cells for _, cells in columns))]


def _column_text(column: Any) -> list[str | None]:
    """One column of a frame as text cells, converted a whole column at a time where its type
    allows (booleans, integers), else cell by cell with :func:`_text` (text passes as it is)."""
    kind = getattr(column.dtype, "kind", "O")
    if kind == "b":
        return ["true" if v else "false" for v in column.tolist()]
    if kind in "iu":
        return [str(v) for v in column.tolist()]
    return [v if type(v) is str else _text(v) for v in column.tolist()]


def frame_to_columns(frame: Any) -> list[tuple[str, list[str | None]]]:
    """The columns of a long-form data frame as the core reads them: ``(name, cells)`` pairs,
    each cell text or ``None`` (see :func:`_text`), in the frame's column order."""
    return [(str(name), _column_text(frame[name])) for name in frame.columns]


def _coded_column(column: Any, in_place: bool = False) -> tuple[Any, int, Sequence[str | None]]:
    """One column of a frame in dictionary form: its codes as little-endian bytes, their width,
    and the categories as text cells (:func:`_text`). A categorical column is handed over as it
    is (its codes and categories); any other is factorized first (``pandas.factorize``: missing
    cells get the code -1, an empty cell). With ``in_place``, the codes are their NumPy array
    (little-endian) rather than a copy of its bytes, and text categories the NumPy array of
    objects that holds them: what :func:`score_rounds_coded` reads without a copy."""
    pd = _pandas()
    if isinstance(column.dtype, pd.CategoricalDtype):
        # The Categorical's own codes (`column.cat.codes` would copy them into a new Series).
        codes = column.array.codes
        uniques = column.array.categories
    else:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
    width = codes.dtype.itemsize
    codes = codes.astype(f"<i{width}", copy=False)
    data = codes if in_place else codes.tobytes()
    if isinstance(uniques.dtype, pd.StringDtype):
        # Text already, and never missing (a category is a value).
        return data, width, uniques.to_numpy() if in_place else uniques.tolist()
    return data, width, [v if type(v) is str else _text(v) for v in uniques.tolist()]


def frame_to_coded(frame: Any) -> list[tuple[str, bytes, int, Sequence[str | None]]]:
    """The columns of a long-form data frame in dictionary form, as
    :func:`cchc.score_rounds_coded` takes them: ``(name, codes, width, categories)`` per column,
    the codes little-endian integers of ``width`` bytes (-1: an empty cell), each category text
    or ``None``. A categorical column (``dtype="category"``) costs no pass over its rows."""
    return [(str(name), *_coded_column(frame[name])) for name in frame.columns]


def round_from_frame(edition: Edition, frame: Any) -> Round:
    """A :class:`Round` from a long-form data frame: one row per unit × leaf × stage
    (``docs/batch.md``), handed to the core column by column (no Python object per row).
    Every bad row is reported in one :class:`InputError` of code ``invalid-rows`` (row numbers
    count from 1: ``frame.iloc[row - 1]``); nothing is loaded then. Parsing and checking release
    the GIL."""
    return Round.from_columns(edition, frame_to_columns(frame))


def rounds_from_frame(edition: Edition, frame: Any, *, threads: int | None = None, floats: bool = False) -> Any:
    """The results of every round of a long-form data frame (``docs/batch.md``; its optional
    ``round`` column names each row's round) as one data frame: a row per unit placed in each
    round, with the columns ``round``, ``group``, ``appendix``, ``rank``, ``unit``, ``name``,
    ``index``, ``band``, ``band_label``, ``submitted``. The text columns are categorical (the
    core gives each distinct text once); ``rank`` is an integer column, ``submitted`` a boolean
    one. Indices are :class:`decimal.Decimal` (``floats=True``: ``float64``). The frame goes to the core column by column; every bad row is
    reported in one :class:`InputError` of code ``invalid-rows``; scoring releases the GIL and
    runs on ``threads`` threads (default: one per core).

    The frame goes to the core in dictionary form (:func:`frame_to_coded`): a categorical column
    as its codes (read in place, not copied) and categories, any other column factorized. A frame of categorical columns —
    ``pandas.read_csv(..., dtype="category")``, or ``frame.astype("category")`` — is the fast
    way in: each distinct cell is read once, not once per row."""
    pd = _pandas()
    numpy = importlib.import_module("numpy")
    coded = [(str(name), *_coded_column(frame[name], in_place=True)) for name in frame.columns]
    columns = score_rounds_coded(edition, coded, threads=threads, floats=floats, coded=True)
    for name in _CODED_OUT:
        codes, categories = columns[name]
        columns[name] = pd.Categorical.from_codes(numpy.frombuffer(codes, dtype="<i4"), categories=categories)
    # Arrays of their own dtype, so that the frame takes them as they are (from lists, pandas
    # would look at every cell to choose one: 18 ms instead of 5 for 100,016 placements).
    n = len(columns["rank"])
    columns["rank"] = numpy.fromiter(columns["rank"], dtype=numpy.int64, count=n)
    columns["submitted"] = numpy.fromiter(columns["submitted"], dtype=bool, count=n)
    columns["index"] = numpy.fromiter(columns["index"], dtype=numpy.float64 if floats else object, count=n)
    return pd.DataFrame(columns, copy=False)


# The results' text columns, which `score_rounds_coded(..., coded=True)` gives as codes and
# categories: categorical columns in the results frame.
_CODED_OUT = ("round", "group", "appendix", "unit", "name", "band", "band_label")
