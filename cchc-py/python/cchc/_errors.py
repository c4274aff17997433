"""The exceptions cchc raises. The native module raises these classes; they only carry data.

Every exception has a stable ``code`` (e.g. ``"above-max"``, ``"window-closed"``) and the data
behind it (``unit``, ``criterion``, ``method``, ``limit``, ``items``, ``detail``), also as the dict
``details``. All are :class:`ValueError` through :class:`Error`; some add another builtin
(``PermissionDeniedError`` is a :class:`PermissionError`, ``FloatRefusedError`` a :class:`TypeError`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence

if TYPE_CHECKING:
    from ._native import Problem

__all__ = [
    "Error",
    "EditionError",
    "InvalidInputError",
    "FloatRefusedError",
    "RecordError",
    "PermissionDeniedError",
    "WindowClosedError",
    "WrongPhaseError",
    "InvalidLogError",
]


class Error(ValueError):
    """Base class of every error cchc raises (a :class:`ValueError`)."""

    code: str
    unit: Optional[str]
    criterion: Optional[str]
    method: Optional[str]
    limit: Optional[str]
    items: tuple[str, ...]
    detail: str

    def __init__(
        self,
        message: str,
        *,
        code: str,
        unit: Optional[str] = None,
        criterion: Optional[str] = None,
        method: Optional[str] = None,
        limit: Optional[str] = None,
        items: Sequence[str] = (),
        detail: str = "",
    ) -> None:
        super().__init__(message)
        self.code = code
        self.unit = unit
        self.criterion = criterion
        self.method = method
        self.limit = limit
        self.items = tuple(items)
        self.detail = detail

    @property
    def details(self) -> dict[str, object]:
        """The structured data: code, unit, criterion, method, limit, items, detail."""
        return {
            "code": self.code,
            "unit": self.unit,
            "criterion": self.criterion,
            "method": self.method,
            "limit": self.limit,
            "items": list(self.items),
            "detail": self.detail,
        }

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only fields: pickle (multiprocessing, joblib) rebuilds through __init__.
        return (_rebuild, (type(self), str(self), self.details, getattr(self, "problems", None)))


def _rebuild(cls: type[Error], message: str, details: dict[str, object], problems: object) -> Error:
    err = cls.__new__(cls, message)
    Exception.__init__(err, message)
    for key, value in details.items():
        setattr(err, key, tuple(value) if key == "items" and isinstance(value, list) else value)
    if problems is not None:
        setattr(err, "problems", problems)
    return err


class EditionError(Error):
    """An edition refused: ``code`` is ``"invalid-edition"``; ``problems`` lists every problem."""

    problems: list[Problem]

    def __init__(self, message: str, *, problems: Sequence[Problem] = (), **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.problems = list(problems)


class InvalidInputError(Error):
    """An input refused: an answer, appraisal or decision (codes of docs/scoring.md §3), or a
    value the binding cannot take (``not-a-decimal``, ``naive-datetime``, ``unknown-name``…)."""


class FloatRefusedError(InvalidInputError, TypeError):
    """A ``float`` where an exact number belongs (code ``"float-refused"``); pass a
    :class:`decimal.Decimal`, an ``int`` or a decimal string."""


class RecordError(Error):
    """A command refused by the round's record (``evidence-missing``, ``nothing-to-contest``,
    ``out-of-order``, ``unknown-evidence``…); the record is unchanged."""


class PermissionDeniedError(RecordError, PermissionError):
    """The actor's role may not give the command, or acts on another unit
    (``permission-denied``, ``other-unit``)."""


class WindowClosedError(RecordError):
    """The unit's self-assessment window is not open at that instant (``window-closed``);
    ``limit`` is the instant it closed or opens."""


class WrongPhaseError(RecordError):
    """The step is not open at this point of the round (``wrong-phase``, ``published``,
    ``already-submitted``)."""


class InvalidLogError(RecordError):
    """A stored log that does not parse, is of another schema or edition, or does not replay
    (``invalid-log``)."""


# Shown (and pickled) as cchc.X, where users import them from.
for _cls in (
    Error,
    EditionError,
    InvalidInputError,
    FloatRefusedError,
    RecordError,
    PermissionDeniedError,
    WindowClosedError,
    WrongPhaseError,
    InvalidLogError,
):
    _cls.__module__ = "cchc"
del _cls
