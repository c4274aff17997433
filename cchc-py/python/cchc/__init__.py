"""cchc: Vietnam's provincial PAR Index (Chỉ số cải cách hành chính).

The units, criteria appendices and scoring rules of an edition, computed by the Rust core
(this package only converts and forwards). Numbers are :class:`decimal.Decimal`, never floats.

>>> import cchc
>>> edition = cchc.default_edition()
>>> edition.id
'soc-trang-2018'
"""

from ._native import (
    EDITION_IDS,
    CriteriaSet,
    Edition,
    EditionError,
    Error,
    Node,
    Problem,
    Unit,
    __version__,
    default_edition,
    edition,
)

__all__ = [
    "EDITION_IDS",
    "CriteriaSet",
    "Edition",
    "EditionError",
    "Error",
    "Node",
    "Problem",
    "Unit",
    "__version__",
    "default_edition",
    "edition",
]
