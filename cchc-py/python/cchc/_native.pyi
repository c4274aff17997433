# Type stubs of the extension module cchc._native (hand-written; keep in step with src/lib.rs).
from collections.abc import Mapping
from decimal import Decimal
from typing import Literal, Optional, final

__all__ = [
    "CriteriaSet",
    "Edition",
    "EditionError",
    "Error",
    "Node",
    "Problem",
    "Unit",
    "default_edition",
    "edition",
    "__version__",
    "EDITION_IDS",
]

__version__: str
EDITION_IDS: tuple[str, ...]

_GroupName = Literal["department", "district-committee", "public-service-unit", "central-agency"]
_AppendixName = Literal["I", "II", "III", "IV"]

class Error(ValueError):
    """Base class of every error cchc raises. Carries a stable ``code``."""

    code: str

class EditionError(Error):
    """An edition refused: ``code`` is "invalid-edition", ``problems`` lists every problem."""

    code: str
    problems: list[Problem]

@final
class Problem:
    """One thing wrong with an edition's data."""

    @property
    def kind(self) -> str: ...
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> Optional[int]: ...
    @property
    def subject(self) -> Optional[str]: ...
    @property
    def message(self) -> str: ...

@final
class Unit:
    """A participating unit and the group that selects its appendix."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def group(self) -> _GroupName: ...
    @property
    def appendix(self) -> _AppendixName: ...

@final
class Node:
    """A field, criterion or sub-criterion of a criteria set."""

    @property
    def code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def title_en(self) -> Optional[str]: ...
    @property
    def max(self) -> Decimal: ...
    @property
    def section(self) -> Literal["scored", "deduction", "bonus"]: ...
    @property
    def depth(self) -> int: ...
    @property
    def is_leaf(self) -> bool: ...
    @property
    def method(self) -> Optional[str]: ...
    @property
    def assessed_by(self) -> Optional[Literal["self", "survey", "authority"]]: ...
    @property
    def evidence(self) -> Optional[bool]: ...
    @property
    def not_applicable(self) -> Optional[bool]: ...
    @property
    def status(self) -> Literal["official", "reconstructed"]: ...
    @property
    def reference(self) -> str: ...

@final
class CriteriaSet:
    """One appendix of an edition: a validated tree of nodes."""

    @property
    def appendix(self) -> _AppendixName: ...
    @property
    def title(self) -> str: ...
    @property
    def max(self) -> Decimal: ...
    @property
    def nodes(self) -> list[Node]: ...
    def node(self, code: str) -> Optional[Node]: ...
    def __len__(self) -> int: ...

@final
class Edition:
    """One province's round of the PAR Index."""

    @staticmethod
    def from_json(text: str) -> Edition:
        """Loads the JSON that ``to_json`` writes. Raises :class:`EditionError`."""
    @staticmethod
    def from_toml_files(files: Mapping[str, str]) -> Edition:
        """Loads TOML files (name -> text, with "edition.toml"). Raises :class:`EditionError`."""
    def to_json(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def province(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def units(self) -> list[Unit]: ...
    def unit(self, id: str) -> Optional[Unit]: ...
    @property
    def appendices(self) -> list[CriteriaSet]: ...
    def criteria(self, appendix: _AppendixName) -> Optional[CriteriaSet]:
        """One appendix ("I" to "IV"); None when the edition lacks it. ValueError otherwise."""

def default_edition() -> Edition:
    """The embedded default edition (Sóc Trăng 2018)."""

def edition(id: str) -> Optional[Edition]:
    """The embedded edition with this id, or None."""
