"""pytest suite of the Python package `cchc`, run against the installed wheel (mypy --strict clean)."""

from collections import Counter
from decimal import Decimal
from typing import Optional, TypeVar

import pytest

import cchc

T = TypeVar("T")

APPENDICES = ("I", "II", "III", "IV")


def some(value: Optional[T]) -> T:
    assert value is not None
    return value


@pytest.fixture(scope="module")
def ed() -> cchc.Edition:
    return cchc.default_edition()


def test_embedded_editions(ed: cchc.Edition) -> None:
    assert cchc.EDITION_IDS == ("soc-trang-2018",)
    assert ed.id == "soc-trang-2018"
    assert ed.year == 2018
    assert ed.province == "Sóc Trăng"
    assert some(cchc.edition("soc-trang-2018")).id == "soc-trang-2018"
    assert cchc.edition("no-such-edition") is None
    assert cchc.__version__ == "0.1.0"


def test_units(ed: cchc.Edition) -> None:
    units = ed.units
    assert len(units) == 47
    first = units[0]
    assert first.name == "Văn phòng Ủy ban nhân dân tỉnh"
    assert first.group == "department"
    assert first.appendix == "I"
    assert Counter(u.group for u in units) == {
        "department": 21,
        "district-committee": 11,
        "public-service-unit": 8,
        "central-agency": 7,
    }
    assert len({u.id for u in units}) == 47
    assert ed.unit(first.id) == first
    assert ed.unit("no-such-unit") is None


def test_appendix_totals_are_decimals(ed: cchc.Edition) -> None:
    assert [s.appendix for s in ed.appendices] == list(APPENDICES)
    for numeral in APPENDICES:
        total = some(ed.criteria(numeral)).max  # type: ignore[arg-type]
        assert type(total) is Decimal
        assert total == Decimal("100")
        assert str(total) == "100"


def test_criteria_nodes(ed: cchc.Edition) -> None:
    for s in ed.appendices:
        assert len(s) == len(s.nodes) > 0
        for node in s.nodes:
            assert type(node.max) is Decimal
            assert node.is_leaf == (node.method is not None)
            assert some(s.node(node.code)).code == node.code
        scored = [n.max for n in s.nodes if n.depth == 1 and n.section == "scored"]
        assert sum(scored, Decimal(0)) == s.max
    first = some(ed.criteria("I")).nodes[:3]
    assert [(n.code, n.depth, n.is_leaf) for n in first] == [
        ("1", 1, False),
        ("1.1", 2, False),
        ("1.1.1", 3, True),
    ]
    assert some(ed.criteria("I")).node("9.9.9") is None
    with pytest.raises(ValueError, match="unknown appendix"):
        ed.criteria("V")  # type: ignore[arg-type]


def test_json_round_trip(ed: cchc.Edition) -> None:
    text = ed.to_json()
    again = cchc.Edition.from_json(text)
    assert again.to_json() == text
    assert again.units == ed.units
    assert [s.max for s in again.appendices] == [s.max for s in ed.appendices]


def test_invalid_edition_raises_edition_error() -> None:
    with pytest.raises(cchc.EditionError) as info:
        cchc.Edition.from_json("{")
    err = info.value
    assert isinstance(err, cchc.Error)
    assert isinstance(err, ValueError)
    assert err.code == "invalid-edition"
    assert len(err.problems) == 1
    problem = err.problems[0]
    assert isinstance(problem, cchc.Problem)
    assert problem.kind == "syntax"
    assert problem.file == "<json>"
    assert str(err).startswith("invalid edition: 1 problem\n")
    assert str(problem) in str(err)


def test_from_toml_files_needs_edition_toml() -> None:
    with pytest.raises(cchc.EditionError) as info:
        cchc.Edition.from_toml_files({})
    assert info.value.code == "invalid-edition"
    assert info.value.problems
    with pytest.raises(TypeError):
        cchc.Edition.from_toml_files({"edition.toml": 1})  # type: ignore[dict-item]


def test_exception_hierarchy() -> None:
    assert issubclass(cchc.EditionError, cchc.Error)
    assert issubclass(cchc.Error, ValueError)
    assert cchc.Error.__module__ == "cchc"
    assert cchc.EditionError.__qualname__ == "EditionError"


def test_reprs(ed: cchc.Edition) -> None:
    assert repr(ed) == "Edition(id='soc-trang-2018', year=2018, units=47, appendices=4)"
    assert repr(ed.units[0]) == (
        f"Unit(id={ed.units[0].id!r}, name='Văn phòng Ủy ban nhân dân tỉnh', group='department')"
    )
    set_ii = some(ed.criteria("II"))
    assert repr(set_ii) == f"CriteriaSet(appendix='II', max=Decimal('100'), nodes={len(set_ii)})"
    node = some(ed.criteria("I")).nodes[0]
    assert repr(node) == f"Node(code='1', title={node.title!r}, max=Decimal({str(node.max)!r}), method=None)"
    with pytest.raises(cchc.EditionError) as info:
        cchc.Edition.from_json("{")
    assert repr(info.value.problems[0]).startswith("Problem(kind='syntax', file='<json>', line=")


def test_classes_are_exposed_under_cchc() -> None:
    for cls in (cchc.Edition, cchc.Unit, cchc.CriteriaSet, cchc.Node, cchc.Problem):
        assert cls.__module__ == "cchc"
    with pytest.raises(TypeError):
        cchc.Unit()  # only the core makes units
