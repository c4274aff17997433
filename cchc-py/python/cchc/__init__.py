"""cchc: Vietnam's provincial PAR Index (Chỉ số cải cách hành chính).

The units, criteria appendices and scoring rules of an edition, answers to points, scorecards,
ranking and bands, the analysis views, the round's record with its windows and automatic lock, and
the reports -- all computed by the Rust core; this package only converts and forwards.

Four classes hold state, each bound to its edition: :class:`Edition`, :class:`Assessment`,
:class:`Round` and :class:`RoundRecord`. Everything they return is a frozen, typed value
(:class:`Scorecard`, :class:`Results`, :class:`Event`…) whose ``to_dict()`` every method accepts
back. Decimals are :class:`decimal.Decimal` (a ``float`` is refused: pass a ``Decimal`` or a
``str``); instants are timezone-aware :class:`datetime.datetime` (or RFC 3339 text). Errors are
:class:`AnswerError`, :class:`RecordError`, :class:`EditionError` or :class:`InputError`, all
:class:`Error`, with the core's ``code`` and fields.

>>> import cchc
>>> edition = cchc.default_edition()
>>> edition.id
'soc-trang-2018'
>>> round = cchc.Round.synthetic(edition, seed=2018)
>>> round.results().group("department").ranking[0].rank
1
"""

from . import _errors, _native, _pandas, _values
from ._errors import *  # noqa: F403 - the exceptions (_errors.__all__)
from ._native import (
    EDITION_IDS as EDITION_IDS,
    FORMAT_VERSION as FORMAT_VERSION,
    RECORD_SCHEMA as RECORD_SCHEMA,
    Assessment as Assessment,
    Edition as Edition,
    Round as Round,
    RoundRecord as RoundRecord,
    __version__ as __version__,
    default_edition as default_edition,
    edition as edition,
    rounds_to_csv as rounds_to_csv,
    score_rounds_coded as score_rounds_coded,
    score_rounds_columns as score_rounds_columns,
    score_rounds_csv as score_rounds_csv,
)
from ._pandas import *  # noqa: F403 - the data frames (_pandas.__all__)
from ._values import *  # noqa: F403 - the value classes (_values.__all__)

# What the package exports: each module's one ``__all__`` (the native module's lists what it
# exports, as its stub does).
__all__ = [
    *_native.__all__,
    *_values.__all__,
    *_errors.__all__,
    *_pandas.__all__,
]

for _cls in _values.VALUES:
    _cls.__module__ = "cchc"
del _cls
