"""pytest suite of the Python package `cchc`: editions, run against the installed wheel
(mypy --strict clean)."""

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Optional, TypeVar

import pytest

import cchc

T = TypeVar("T")

APPENDICES = ("I", "II", "III", "IV")
MINI = Path(__file__).resolve().parents[2] / "tests" / "editions" / "mini"


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
    assert some(cchc.edition("soc-trang-2018")) == ed
    assert cchc.edition("no-such-edition") is None
    assert cchc.__version__ == "0.1.0"


def test_units(ed: cchc.Edition) -> None:
    units = ed.units()
    assert len(units) == 47
    first = units[0]
    assert first.name == "Văn phòng Ủy ban nhân dân tỉnh"
    assert first.group == "department"
    assert Counter(u.group for u in units) == {
        "department": 21,
        "district-committee": 11,
        "public-service-unit": 8,
        "central-agency": 7,
    }
    assert len({u.id for u in units}) == 47
    assert ed.unit(first.id) == first
    assert ed.unit("no-such-unit") is None
    assert cchc.Assessment(ed, first.id).scorecard().appendix == "I"


def test_appendix_totals_are_decimals(ed: cchc.Edition) -> None:
    for numeral in APPENDICES:
        total = some(ed.criteria(numeral)).max
        assert type(total) is Decimal
        assert total == Decimal("100")
        assert str(total) == "100"


def test_criteria_nodes(ed: cchc.Edition) -> None:
    for numeral in APPENDICES:
        view = some(ed.criteria(numeral))
        assert view.appendix == numeral and len(view.nodes) > 0
        for node in view.nodes:
            assert type(node.max) is Decimal
            assert some(view.node(node.code)).code == node.code
        scored = [n.max for n in view.nodes if n.depth == 1 and n.section == "scored"]
        assert sum(scored, Decimal(0)) == view.max
    first = some(ed.criteria("I")).nodes[:3]
    assert [(n.code, n.depth, n.leaf is not None) for n in first] == [
        ("1", 1, False),
        ("1.1", 2, False),
        ("1.1.1", 3, True),
    ]
    assert some(ed.criteria("I")).node("9.9.9") is None
    with pytest.raises(cchc.InputError, match="appendix"):
        ed.criteria("V")


def test_json_round_trip(ed: cchc.Edition) -> None:
    text = ed.to_json()
    again = cchc.Edition.from_json(text)
    assert again.to_json() == text
    assert again == ed
    assert again.units() == ed.units()
    assert [some(again.criteria(a)).max for a in APPENDICES] == [some(ed.criteria(a)).max for a in APPENDICES]


def test_toml_files_load() -> None:
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(MINI.glob("*.toml"))}
    mini = cchc.Edition.from_toml_files(files)
    assert mini.id == "mini-2018"
    assert cchc.Edition.from_json(mini.to_json()) == mini


def test_invalid_edition_raises_edition_error() -> None:
    with pytest.raises(cchc.EditionError) as info:
        cchc.Edition.from_json("{")
    err = info.value
    assert isinstance(err, cchc.Error)
    assert (err.code, err.category) == ("invalid-edition", "edition")
    assert len(err.problems) == 1
    problem = err.problems[0]
    assert isinstance(problem, cchc.Problem)
    assert (problem.code, problem.file, problem.line, problem.subject) == ("syntax", "<json>", 1, None)
    assert problem.message in str(err)


def test_from_toml_files_needs_edition_toml() -> None:
    with pytest.raises(cchc.EditionError) as info:
        cchc.Edition.from_toml_files({})
    assert info.value.code == "invalid-edition"
    assert info.value.problems
    with pytest.raises(cchc.InputError) as bad:
        cchc.Edition.from_toml_files({"edition.toml": 1})  # type: ignore[dict-item]
    assert (bad.value.code, bad.value.limit) == ("invalid-shape", "files")


def test_reprs(ed: cchc.Edition) -> None:
    assert repr(ed) == 'Edition(id="soc-trang-2018", year=2018)'
    assert repr(ed.units()[0]) == (
        f"Unit(id={ed.units()[0].id!r}, name='Văn phòng Ủy ban nhân dân tỉnh', group='department')"
    )
    with pytest.raises(cchc.EditionError) as info:
        cchc.Edition.from_json("{")
    assert repr(info.value.problems[0]).startswith("Problem(code='syntax', file='<json>', line=1")


def test_classes_are_exposed_under_cchc() -> None:
    for cls in (cchc.Edition, cchc.Assessment, cchc.Round, cchc.RoundRecord, cchc.Unit, cchc.CriteriaView, cchc.Problem):
        assert cls.__module__ == "cchc"
