//! The analyst's batch path for many rounds at once: the core scores the long table
//! (`cchc_core::RoundsResults`, GIL released) and this module only lays its columns out as Python
//! lists. Each distinct value (a round's label, a unit's id and name, a band, an index) becomes
//! one Python object, shared by every cell that holds it.

use crate::convert::check;
use crate::edition::Edition;
use crate::session::Round;
use cchc_core::{CodedColumn, Codes, Named, RoundsResults};
use pyo3::buffer::{ElementType, PyUntypedBuffer};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The number of threads to score on: the caller's, else the machine's.
fn threads(threads: Option<usize>) -> usize {
    threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Every placement of every round of the long table in CSV text (`docs/batch.md`; the optional
/// `round` column names each row's round), as a dict of columns (lists of equal length):
/// `round`, `group`, `appendix`, `rank`, `unit`, `name`, `index`, `band`, `band_label`,
/// `submitted`. Indices are `decimal.Decimal`, or floats when `floats` is true. Every bad row
/// is reported in one `InputError` of code `invalid-rows`. Parsing, checking, scoring and
/// ranking run without the GIL on `threads` threads (default: one per core).
#[pyfunction]
#[pyo3(signature = (edition, text, *, threads = None, floats = false))]
pub fn score_rounds_csv<'py>(
    py: Python<'py>,
    edition: &Edition,
    text: &Bound<'py, PyString>,
    threads: Option<usize>,
    floats: bool,
) -> PyResult<Bound<'py, PyDict>> {
    // The text's UTF-8 bytes, borrowed from the `str` (`PyUnicode_AsUTF8AndSize`, in the stable
    // ABI since Python 3.10): no copy of a table of hundreds of megabytes. A `str` with a lone
    // surrogate has no UTF-8 form: `UnicodeEncodeError`, as encoding it would raise.
    let text = text.to_str()?;
    let n = self::threads(threads);
    let results = py.detach(|| RoundsResults::from_csv(&edition.0, text, n));
    columns_of(py, &check(py, results)?, floats, false)
}

/// As `score_rounds_csv`, from the long table's columns (`(name, [text or None, ...])` pairs: a
/// data frame handed over column by column, as `Round.from_columns` takes them).
#[pyfunction]
#[pyo3(signature = (edition, columns, *, threads = None, floats = false))]
pub fn score_rounds_columns<'py>(
    py: Python<'py>,
    edition: &Edition,
    columns: Vec<(String, Vec<Option<String>>)>,
    threads: Option<usize>,
    floats: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let n = self::threads(threads);
    let results = py.detach(|| {
        let columns: Vec<_> = columns.iter().map(|(c, v)| (c.as_str(), &v[..])).collect();
        RoundsResults::from_columns(&edition.0, &columns, n)
    });
    columns_of(py, &check(py, results)?, floats, false)
}

/// As `score_rounds_csv`, from the long table's columns in dictionary form: `(name, codes,
/// width, categories)` per column, where `codes` holds one little-endian signed integer of
/// `width` bytes (1, 2, 4 or 8) per row and `categories` the cells the codes point at (a list,
/// a tuple or a NumPy array of objects, each text or None; a negative code is an empty cell). `codes` is any C-contiguous buffer:
/// bytes (a pandas categorical column's `cat.codes.to_numpy().tobytes()`), or the codes' own
/// NumPy array of signed integers of `width` bytes, read in place with no copy — it must not
/// change while the call runs. Each category's text is read once, not once per row, and
/// borrowed from its `str` (no copy). With `coded`, the text
/// columns (`round`, `group`, `appendix`, `unit`, `name`, `band`, `band_label`) come out in the
/// same form, each a pair `(codes, categories)`: int32 little-endian codes and the distinct
/// texts in order of first use, for `pandas.Categorical.from_codes`.
#[pyfunction]
#[pyo3(signature = (edition, columns, *, threads = None, floats = false, coded = false))]
pub fn score_rounds_coded<'py>(
    py: Python<'py>,
    edition: &Edition,
    columns: Vec<CodedIn<'py>>,
    threads: Option<usize>,
    floats: bool,
    coded: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let n = self::threads(threads);
    let held = (columns.iter())
        .map(|(.., categories)| CategoriesIn::of(categories))
        .collect::<PyResult<Vec<_>>>()?;
    let texts = held
        .iter()
        .map(CategoriesIn::texts)
        .collect::<PyResult<Vec<_>>>()?;
    let buffers = (columns.iter())
        .map(|(name, codes, width, _)| CodesIn::of(name, codes, *width))
        .collect::<PyResult<Vec<_>>>()?;
    let mut codes = Vec::with_capacity(columns.len());
    for (((name, _, width, _), categories), buffer) in columns.iter().zip(&texts).zip(&buffers) {
        codes.push(CodedColumn {
            name: name.as_str(),
            codes: check(py, Codes::little_endian(buffer.bytes(), *width))?,
            categories: &categories[..],
        });
    }
    let results = py.detach(|| RoundsResults::from_coded(&edition.0, &codes, n));
    columns_of(py, &check(py, results)?, floats, coded)
}

/// A column's codes as Python hands them over: a C-contiguous buffer of bytes, or of signed
/// integers of the column's width in little-endian order (a NumPy array of codes), held for
/// the call (its exporter kept alive and its memory in place).
struct CodesIn(PyUntypedBuffer);

impl CodesIn {
    /// The codes of column `name`, `width` bytes each; a `TypeError` for a buffer of anything
    /// else (floats, unsigned or big-endian integers of more than one byte, integers of another
    /// width, a strided or many-dimensional array) or an object that is no buffer.
    fn of(name: &str, codes: &Bound<'_, PyAny>, width: usize) -> PyResult<CodesIn> {
        let buffer = PyUntypedBuffer::get(codes).map_err(|_| {
            PyTypeError::new_err(format!(
                "codes of column {name:?}: a bytes-like object or an array of integers, not {}",
                codes.get_type()
            ))
        })?;
        let format = buffer.format();
        let little = match format.to_bytes().first() {
            Some(b'<') => true,
            Some(b'>' | b'!') => false,
            _ => cfg!(target_endian = "little"),
        };
        let items = buffer.item_size();
        let integers = matches!(
            ElementType::from_format(format),
            ElementType::SignedInteger { bytes } if bytes == width
        );
        let fits = items == 1 || (items == width && integers && little);
        let what = if buffer.dimensions() > 1 {
            format!("an array of {} dimensions", buffer.dimensions())
        } else if !buffer.is_c_contiguous() {
            "a strided array".to_owned()
        } else if !fits {
            let format = format.to_string_lossy();
            format!("a buffer of format '{format}' ({items} bytes per item)")
        } else {
            return Ok(CodesIn(buffer));
        };
        Err(PyTypeError::new_err(format!(
            "codes of column {name:?}: bytes, or a one-dimensional contiguous array of \
             little-endian signed integers of {width} bytes, not {what}"
        )))
    }

    /// The codes' bytes, read in place.
    fn bytes(&self) -> &[u8] {
        let length = self.0.len_bytes();
        if length == 0 {
            return &[];
        }
        // SAFETY: the buffer is held (`PyObject_GetBuffer`'s view, released on drop), so its
        // memory stays allocated and in place, `len_bytes` long and C-contiguous (checked in
        // `of`), for as long as `self` is borrowed; the view is read only. Its exporter is
        // Python's: other Python code changing those bytes while the call runs would make what
        // is read unspecified (each code is bounds-checked by the core, so a changed code is
        // at worst refused), as for any function that reads an array without the GIL.
        unsafe { std::slice::from_raw_parts(self.0.buf_ptr().cast::<u8>(), length) }
    }
}

/// A text column as `(codes, categories)`: an int32 little-endian code per value into the
/// distinct values, in order of first use. `keys` gives each placement's small key
/// ([`key_at`]) and the placement: a key's code is found once, from the text of the first
/// placement that has it (`text`), and keys of the same text share it.
fn coded_text<'a, 'py>(
    py: Python<'py>,
    keys: impl Iterator<Item = (usize, usize)>,
    text: impl Fn(usize) -> &'a str,
) -> PyResult<Bound<'py, PyTuple>> {
    let mut code_of_key: Vec<Option<i32>> = Vec::new();
    let mut code_of_text: HashMap<&str, i32> = HashMap::new();
    let mut categories: Vec<&str> = Vec::new();
    let mut codes: Vec<u8> = Vec::with_capacity(keys.size_hint().0 * 4);
    for (key, placement) in keys {
        let code = match code_of_key.get(key).copied().flatten() {
            Some(code) => code,
            None => {
                let t = text(placement);
                let code = *code_of_text.entry(t).or_insert_with(|| {
                    categories.push(t);
                    i32::try_from(categories.len() - 1).unwrap_or(i32::MAX)
                });
                // Keys are positions in short lists; a larger one is found by its text.
                if key < 1 << 20 {
                    if key >= code_of_key.len() {
                        code_of_key.resize(key + 1, None);
                    }
                    code_of_key[key] = Some(code);
                }
                code
            }
        };
        codes.extend(code.to_le_bytes());
    }
    PyTuple::new(
        py,
        [
            PyBytes::new(py, &codes).into_any(),
            PyList::new(py, categories)?.into_any(),
        ],
    )
}

/// One coded column as Python hands it over: name, codes (a buffer: [`CodesIn`]), width,
/// categories (a sequence of `str` or `None`).
type CodedIn<'py> = (String, Bound<'py, PyAny>, usize, Bound<'py, PyAny>);

/// A column's categories as Python hands them over, held for the call.
enum CategoriesIn<'py> {
    /// A tuple (a list or any other iterable is turned into one, as `tuple()` does), whose
    /// items the texts are borrowed from: no reference taken or dropped per category.
    Tuple(Bound<'py, PyTuple>),
    /// A NumPy array of objects (a pandas column's categories, `categories.to_numpy()`), read
    /// through its buffer in one pass: each `str` held by a reference taken as its text is
    /// read (what making a tuple of it, then reading the tuple, would do in two passes over
    /// objects scattered in memory).
    Objects(Vec<Option<PyBackedStr>>),
}

impl<'py> CategoriesIn<'py> {
    fn of(categories: &Bound<'py, PyAny>) -> PyResult<CategoriesIn<'py>> {
        if let Ok(tuple) = categories.cast::<PyTuple>() {
            return Ok(CategoriesIn::Tuple(tuple.clone()));
        }
        if let Some(objects) = objects_of(categories)? {
            return Ok(CategoriesIn::Objects(objects));
        }
        // `tuple(categories)`: any iterable, a list copied in C.
        let tuple = categories.py().get_type::<PyTuple>().call1((categories,))?;
        Ok(CategoriesIn::Tuple(tuple.cast_into::<PyTuple>()?))
    }

    /// Each category's text (`None` for `None`); a `TypeError` for anything but a `str` or
    /// `None`, as extracting a `str` raises it.
    fn texts(&self) -> PyResult<Vec<Option<&str>>> {
        match self {
            CategoriesIn::Tuple(tuple) => categories_of(tuple),
            CategoriesIn::Objects(objects) => Ok(objects.iter().map(|t| t.as_deref()).collect()),
        }
    }
}

/// The items of a one-dimensional contiguous NumPy array of objects (its buffer's format is
/// `O`), each a `str` (held) or `None`; `Ok(None)` for anything that is not such an array.
fn objects_of(array: &Bound<'_, PyAny>) -> PyResult<Option<Vec<Option<PyBackedStr>>>> {
    let Ok(buffer) = PyUntypedBuffer::get(array) else {
        return Ok(None);
    };
    let pointer = std::mem::size_of::<*mut pyo3::ffi::PyObject>();
    let objects = buffer.format().to_bytes() == b"O" && buffer.item_size() == pointer;
    if !objects || buffer.dimensions() != 1 || !buffer.is_c_contiguous() {
        return Ok(None);
    }
    let items = buffer.buf_ptr().cast::<*mut pyo3::ffi::PyObject>();
    let mut texts = Vec::with_capacity(buffer.item_count());
    for k in 0..buffer.item_count() {
        // SAFETY: the buffer is held and C-contiguous (checked), so its `item_count()` items
        // of one pointer each are in place; the GIL is held for the whole pass, so no other
        // Python code changes the array while it is read. Each item is a reference the array
        // holds (or null, which `from_borrowed_ptr_or_err` refuses); a new one is taken for
        // the `str` kept.
        let item = unsafe { Bound::from_borrowed_ptr_or_err(array.py(), items.add(k).read()) }?;
        texts.push(if item.is_none() {
            None
        } else {
            Some(PyBackedStr::try_from(item.cast_into::<PyString>()?)?)
        });
    }
    Ok(Some(texts))
}

/// A column's categories, each `str`'s text borrowed from it (`None` for `None`); a `TypeError`
/// for anything else, as extracting a `str` raises it.
fn categories_of<'a>(tuple: &'a Bound<'_, PyTuple>) -> PyResult<Vec<Option<&'a str>>> {
    let mut texts = Vec::with_capacity(tuple.len());
    for item in tuple.iter_borrowed() {
        texts.push(if item.is_none() {
            None
        } else {
            Some(item.extract::<&str>()?)
        });
    }
    Ok(texts)
}

/// The results' columns, in this order; those given as text are marked.
const COLUMNS: [(&str, bool); 10] = [
    ("round", true),
    ("group", true),
    ("appendix", true),
    ("rank", false),
    ("unit", true),
    ("name", true),
    ("index", false),
    ("band", true),
    ("band_label", true),
    ("submitted", false),
];

/// Placement `i`'s key in the text column `column`: the position of its text's source in a
/// short list — its round in the rounds, its group, its unit in the edition's units, its band
/// in the edition's bands plus one (0: no band admits it).
fn key_at(results: &RoundsResults, column: &str, i: usize) -> usize {
    let pick = |list: &[usize]| list.get(i).copied().unwrap_or(usize::MAX);
    match column {
        "round" => pick(&results.round),
        "group" | "appendix" => results.group.get(i).map_or(usize::MAX, |&g| g as usize),
        "unit" | "name" => pick(&results.unit),
        "band" | "band_label" => results.band.get(i).map_or(0, |b| b.map_or(0, |b| b + 1)),
        _ => usize::MAX,
    }
}

/// Placement `i`'s text in the text column `column` ("" for none: a placement without a band).
fn text_at<'r>(results: &'r RoundsResults, column: &str, i: usize) -> &'r str {
    let edition = results.edition();
    let unit = || results.unit.get(i).and_then(|&u| edition.units().get(u));
    let band = || {
        let b = results.band.get(i).copied().flatten()?;
        edition.bands().get(b)
    };
    let group = results.group.get(i);
    match column {
        "round" => results
            .round
            .get(i)
            .and_then(|&r| results.rounds.get(r))
            .map_or("", String::as_str),
        "group" => group.map_or("", |g| g.as_str()),
        "appendix" => group.map_or("", |g| g.appendix().as_str()),
        "unit" => unit().map_or("", |u| u.id()),
        "name" => unit().map_or("", |u| u.name()),
        "band" => band().map_or("", |b| &b.id),
        "band_label" => band().map_or("", |b| &b.label),
        _ => "",
    }
}

/// The columns as a dict of Python lists in [`COLUMNS`]' order, one object per distinct value;
/// with `coded`, each text column as `(codes, categories)` ([`coded_text`]).
fn columns_of<'py>(
    py: Python<'py>,
    results: &RoundsResults,
    floats: bool,
    coded: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let decimal = py.import("decimal")?.getattr("Decimal")?;
    let mut indices: HashMap<(i128, u32), Bound<'py, PyAny>> = HashMap::new();
    let mut index_of = |d: &Decimal| -> PyResult<Bound<'py, PyAny>> {
        if let Some(v) = indices.get(&(d.mantissa(), d.scale())) {
            return Ok(v.clone());
        }
        let v = if floats {
            d.to_string()
                .parse::<f64>()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
        } else {
            decimal.call1((d.to_string(),))?
        };
        indices.insert((d.mantissa(), d.scale()), v.clone());
        Ok(v)
    };
    let mut strings: HashMap<&str, Bound<'py, PyAny>> = HashMap::new();
    let n = results.len();
    let dict = PyDict::new(py);
    for (name, is_text) in COLUMNS {
        if is_text && coded {
            let keys = (0..n).map(|i| (key_at(results, name, i), i));
            dict.set_item(name, coded_text(py, keys, |i| text_at(results, name, i))?)?;
        } else if is_text {
            let cells: Vec<_> = (0..n)
                .map(|i| text_at(results, name, i))
                .map(|t| {
                    strings
                        .entry(t)
                        .or_insert_with(|| PyString::new(py, t).into_any())
                        .clone()
                })
                .collect();
            dict.set_item(name, PyList::new(py, cells)?)?;
        } else if name == "rank" {
            dict.set_item(name, PyList::new(py, &results.rank)?)?;
        } else if name == "index" {
            let mut index = Vec::with_capacity(n);
            for d in &results.index {
                index.push(index_of(d)?);
            }
            dict.set_item(name, PyList::new(py, index)?)?;
        } else {
            dict.set_item(name, PyList::new(py, &results.submitted)?)?;
        }
    }
    Ok(dict)
}

/// Many rounds as one long table in CSV (`(label, Round)` pairs, in order): the header, then
/// each round's rows labelled in the `round` column. What `score_rounds_csv` reads.
#[pyfunction]
pub fn rounds_to_csv(rounds: Vec<(String, PyRef<'_, Round>)>) -> String {
    cchc_core::rounds_to_csv(
        rounds
            .iter()
            .map(|(label, round)| (label.as_str(), &round.0)),
    )
}
