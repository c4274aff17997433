"""The exceptions cchc raises: one class per category of the core's one error value.

Every exception carries the core's error field by field: a stable ``code`` (``"above-max"``,
``"window-closed"``… listed in docs/errors.md), its ``category``, the ``message`` (also
``str(exc)``), and ``unit``, ``criterion``, ``method``, ``limit``, ``items`` and ``problems``
(:class:`cchc.Problem`, for an edition refused). The same fields, with the same values, as the
Rust error and the JS exceptions.
"""

from __future__ import annotations

from typing import Any, Optional

from ._convert import load
from ._values import Problem

__all__ = ["Error", "AnswerError", "RecordError", "EditionError", "InputError"]


class Error(Exception):
    """Base class of every error cchc raises."""

    code: str
    category: str
    message: str
    unit: Optional[str]
    criterion: Optional[str]
    method: Optional[str]
    limit: Optional[str]
    items: tuple[str, ...]
    problems: tuple[Problem, ...]

    def __init__(
        self,
        message: str,
        *,
        code: str,
        category: str,
        unit: Optional[str] = None,
        criterion: Optional[str] = None,
        method: Optional[str] = None,
        limit: Optional[str] = None,
        items: tuple[str, ...] = (),
        problems: tuple[Problem, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.category = category
        self.unit = unit
        self.criterion = criterion
        self.method = method
        self.limit = limit
        self.items = tuple(items)
        self.problems = tuple(problems)

    def to_dict(self) -> dict[str, Any]:
        """The error as the core serializes it (the shape of tests/refusals' ``expect``)."""
        return {
            "code": self.code,
            "category": self.category,
            "message": self.message,
            "unit": self.unit,
            "criterion": self.criterion,
            "method": self.method,
            "limit": self.limit,
            "items": list(self.items),
            "problems": [p.to_dict() for p in self.problems],
        }

    def __reduce__(self) -> tuple[Any, ...]:
        return (from_data, (self.to_dict(),))


class AnswerError(Error):
    """An answer, appraisal or decision refused (category ``"answer"``: ``above-max``,
    ``unknown-criterion``, ``wrong-answer-kind``…); nothing changed."""


class RecordError(Error):
    """A command refused by the round's record (category ``"record"``: ``window-closed``,
    ``permission-denied``, ``evidence-missing``, ``invalid-log``…); the record is unchanged."""


class EditionError(Error):
    """An edition refused (code ``"invalid-edition"``); ``problems`` lists every problem."""


class InputError(Error):
    """A value of the wrong shape (category ``"input"``: ``invalid-shape``, ``invalid-json``,
    ``not-a-decimal`` for a float, ``unknown-name``, ``invalid-instant``)."""


_BY_CATEGORY: dict[str, type[Error]] = {
    "answer": AnswerError,
    "record": RecordError,
    "edition": EditionError,
    "input": InputError,
}


def from_data(data: dict[str, Any]) -> Error:
    """The exception of the error's category, from the core's serialized error."""
    cls = _BY_CATEGORY.get(data["category"], Error)
    return cls(
        data["message"],
        code=data["code"],
        category=data["category"],
        unit=data.get("unit"),
        criterion=data.get("criterion"),
        method=data.get("method"),
        limit=data.get("limit"),
        items=tuple(data.get("items") or ()),
        problems=load("tuple[Problem, ...]", data.get("problems") or []),
    )


# Shown (and pickled) as cchc.X, where users import them from.
for _cls in (Error, *_BY_CATEGORY.values()):
    _cls.__module__ = "cchc"
del _cls
