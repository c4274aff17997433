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

from ._values import Results, Scorecard

__all__ = ["to_pandas", "scorecards_to_pandas", "results_to_pandas"]


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
