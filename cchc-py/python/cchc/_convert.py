"""The one generic converter between the core's serde shapes and the typed value classes.

``load(type, data)`` fills a value class (or a list, dict, ``Optional``, ``Literal`` of them)
from the plain data the native module hands over: decimals arrive as strings and become
:class:`decimal.Decimal`, instants arrive as RFC 3339 strings and become aware
:class:`datetime.datetime`, dates become :class:`datetime.date`. ``dump(value)`` is its inverse:
whatever ``load`` made (or a dict written by hand) becomes the plain data the core reads back.
A field's key in the data is its name, or ``metadata["key"]`` (``self_points`` is ``"self"``).
A field that is ``None`` and has a default is left out of the data (the core's optional keys).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import sys
import typing
from decimal import Decimal
from typing import Any, Callable, Literal, TypeVar, Union

__all__ = ["Value", "load", "dump"]

T = TypeVar("T", bound="Value")

#: Every value class, by name (filled as they are defined), for ``load("list[Scorecard]", …)``.
_CLASSES: dict[str, type] = {}
_LOADERS: dict[object, Callable[[Any], Any]] = {}
_FIELDS: dict[type, list[tuple[str, str, bool, bool]]] = {}
_DUMPERS: dict[type, Callable[[Any], Any]] = {}
#: The module namespace each value class was written in (its annotations are text).
_NAMESPACES: dict[type, dict[str, Any]] = {}


class Value:
    """Base of the value classes: frozen dataclasses the core's values are converted into."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _CLASSES[cls.__name__] = cls
        _NAMESPACES[cls] = vars(sys.modules[cls.__module__])

    def to_dict(self) -> dict[str, Any]:
        """The plain data of this value, as the core writes it (decimals and instants as
        strings); ``from_dict`` and every method taking this value accept it back."""
        data = dump(self)
        assert isinstance(data, dict)
        return data

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        """The value from its plain data (``to_dict``)."""
        value = load(cls, data)
        assert isinstance(value, cls)
        return value


def load(tp: Any, data: Any) -> Any:
    """The value of type ``tp`` (a class, a typing expression, or its text) from plain data."""
    return _loader(tp)(data)


def _loader(tp: Any) -> Callable[[Any], Any]:
    found = _LOADERS.get(tp)
    if found is None:
        found = _LOADERS[tp] = _make_loader(_resolve(tp) if isinstance(tp, str) else tp)
    return found


def _resolve(text: str) -> Any:
    names: dict[str, Any] = {"Optional": typing.Optional, "Any": Any, "Literal": Literal}
    names.update(_CLASSES)
    return eval(text, names)  # noqa: S307 - type expressions written in this package only


def _decimal(data: Any) -> Decimal:
    if isinstance(data, Decimal):
        return data
    if isinstance(data, str):
        return Decimal(data)
    raise TypeError(f"expected a decimal string, got {data!r}")


def _datetime(data: Any) -> _dt.datetime:
    if isinstance(data, _dt.datetime):
        return data
    text = str(data)
    return _dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


def _date(data: Any) -> _dt.date:
    return data if isinstance(data, _dt.date) else _dt.date.fromisoformat(str(data))


def _make_loader(tp: Any) -> Callable[[Any], Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is Decimal:
        return _decimal
    if tp is _dt.datetime:
        return _datetime
    if tp is _dt.date:
        return _date
    if tp in (Any, str, int, bool) or tp is type(None):
        return lambda data: data
    if origin is Union:
        inner = [a for a in args if a is not type(None)]
        one = _loader(inner[0])
        return lambda data: None if data is None else one(data)
    if origin is Literal:
        allowed = set(args)

        def literal(data: Any) -> Any:
            if data not in allowed:
                raise ValueError(f"expected one of {sorted(map(str, allowed))}, got {data!r}")
            return data

        return literal
    if origin in (list, tuple):
        item = _loader(args[0])
        return lambda data: tuple(item(x) for x in data)
    if origin is dict:
        key, value = _loader(args[0]), _loader(args[1])
        return lambda data: {key(k): value(v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _class_loader(tp)
    raise TypeError(f"no conversion for {tp!r}")


def _fields(cls: type) -> list[tuple[str, str, bool, bool]]:
    """(attribute, key, has a default, is optional) of each field of a value class."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = [
            (
                f.name,
                f.metadata.get("key", f.name),
                f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING,
                True,
            )
            for f in dataclasses.fields(cls)
        ]
    return found


def _class_loader(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls, _NAMESPACES[cls])
    fields = [(name, key, default, _loader(hints[name])) for name, key, default, _ in _fields(cls)]
    keys = {key for _, key, _, _ in fields}

    def load_class(data: Any) -> Any:
        if isinstance(data, cls):
            return data
        if not isinstance(data, dict):
            raise TypeError(f"{cls.__name__}: expected a dict, got {type(data).__name__}")
        unknown = set(data) - keys
        if unknown:
            raise TypeError(f"{cls.__name__}: unknown keys {sorted(unknown)}")
        kwargs = {}
        for name, key, default, convert in fields:
            if key in data:
                kwargs[name] = convert(data[key])
            elif not default:
                raise TypeError(f"{cls.__name__}: missing key {key!r}")
        return cls(**kwargs)

    return load_class


def dump(value: Any) -> Any:
    """The plain data of a value (value classes, decimals, instants, dates, containers)."""
    kind = type(value)
    dumper = _DUMPERS.get(kind)
    if dumper is None:
        dumper = _DUMPERS[kind] = _make_dumper(kind)
    return dumper(value)


def _same(value: Any) -> Any:
    return value


def _make_dumper(kind: type) -> Callable[[Any], Any]:
    """The dumper of one type (found once per type: ``dump`` runs over thousands of nodes)."""
    if issubclass(kind, (str, bool, int, float, type(None))):
        return _same
    if issubclass(kind, Decimal):
        return str
    if issubclass(kind, (_dt.date, _dt.datetime)):
        return lambda value: value.isoformat()
    if issubclass(kind, dict):
        return lambda value: {dump(k): dump(v) for k, v in value.items()}
    if issubclass(kind, (list, tuple)):
        return lambda value: [dump(x) for x in value]
    if issubclass(kind, Value):
        fields = [(name, key, default) for name, key, default, _ in _fields(kind)]

        def dump_value(value: Any) -> dict[str, Any]:
            out = {}
            for name, key, default in fields:
                field = getattr(value, name)
                kind = type(field)
                if kind is str or kind is bool or kind is int:
                    out[key] = field
                elif kind is Decimal:
                    out[key] = str(field)
                elif field is not None or not default:
                    out[key] = dump(field)
            return out

        return dump_value
    return _same
