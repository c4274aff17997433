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

from ._native import Edition, Round
from ._values import Results, Scorecard

__all__ = ["to_pandas", "scorecards_to_pandas", "results_to_pandas", "frame_to_rows", "round_from_frame"]


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("pandas is not installed; it is an optional extra: pip install 'cchc[pandas]'") from e


def _cell(value: Any, floats: bool) -> Any:
    if floats and isinstance(value, Decimal):
        return float(value)
    return value


def _row(value: Any, floats: bool, extra: Mapping[str, Any]) -> dict[str, Any]:
    row = dict(extra)
    for f in dataclasses.fields(value):
        cell = getattr(value, f.name)
        if not isinstance(cell, (tuple, list, dict)) and not dataclasses.is_dataclass(cell):
            row[f.name] = _cell(cell, floats)
    return row


def _frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Any:
    # pandas infers ints, bools and floats; Decimal cells stay as they are (object columns).
    return _pandas().DataFrame(list(rows), columns=list(columns))


def to_pandas(values: Iterable[Any], *, floats: bool = False) -> Any:
    """A data frame with one row per value (``Placement``, ``Gap``, ``NodeScore``…) and a column
    per scalar field."""
    values = list(values)
    rows = [_row(v, floats, {}) for v in values]
    columns = list(rows[0]) if rows else []
    return _frame(rows, columns)


def scorecards_to_pandas(cards: Iterable[Scorecard], *, floats: bool = False) -> Any:
    """One row per scorecard: unit, name, group, appendix, submitted, totals and index."""
    columns = [f.name for f in dataclasses.fields(Scorecard) if f.name not in ("fields", "nodes")]
    return _frame([_row(c, floats, {}) for c in cards], columns)


def results_to_pandas(results: Results, *, floats: bool = False) -> Any:
    """One row per placement of every group: group, appendix, rank, unit, name, index, band…"""
    rows = [_row(p, floats, {"group": g.group, "appendix": g.appendix}) for g in results.groups for p in g.ranking]
    columns = ["group", "appendix", "rank", "unit", "name", "index", "band", "band_label", "submitted"]
    return _frame(rows, columns)


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
    columns = [str(c) for c in frame.columns]
    cells = [[_text(v) for v in frame[c].tolist()] for c in frame.columns]
    return [dict(zip(columns, values)) for values in zip(*cells)]


def round_from_frame(edition: Edition, frame: Any) -> Round:
    """A :class:`Round` from a long-form data frame: one row per unit × leaf × stage
    (``docs/batch.md``). Every bad row is reported in one :class:`InputError` of code
    ``invalid-rows`` (row numbers count from 1: ``frame.iloc[row - 1]``); nothing is loaded then."""
    return Round.from_rows(edition, frame_to_rows(frame))
