//! The long table in dictionary-coded columns (`docs/batch.md`, "Coded columns"): each column a
//! list of integer codes into a list of categories (a pandas categorical column, an Arrow
//! dictionary array). The text of a category is read once per call, not once per row: a row of
//! the same (round, unit) as the row before, of a known stage and code not yet given, whose
//! answer was already accepted on the same leaf through the same assessor (the memo, keyed by
//! the answer's category) is put in its slots with a few table lookups; so is a rate (its
//! numerator's and denominator's amounts read once per call, scored by the integer rate rule)
//! and a tally (scored from its cell by the integer tally rule). Every other row is
//! checked in full, from its cells' text, by the reader every other table goes through: the
//! same rows, checks, refusals and row numbers as the table in text.

use super::{
    Cells, Chunk, Memo, MemoKey, NO_CELL, Put, Reader, Staged, State, amount, same, slot_of,
    stage_named, trim,
};
use crate::criteria::Assessor;
use crate::edition::Edition;
use crate::error::{Error, parse_decimal};
use crate::rows::{Points, ROW_COLUMNS, RowError, View, col, cut, flag, header, shape};
use crate::scorecard::Given;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::ops::Range;

/// A column's codes: per row, the position of its cell's text in the column's categories; a
/// negative code is an empty cell (pandas writes -1 for a missing value).
///
/// ```
/// use cchc_core::Codes;
/// let codes = Codes::little_endian(&[1, 0, 0xff, 0xff], 2).unwrap();
/// assert_eq!((codes.len(), codes.get(0), codes.get(1)), (2, Some(1), Some(-1)));
/// assert_eq!(Codes::I32(&[3, -1]).get(0), Some(3));
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Codes<'a> {
    /// Codes as 32-bit integers.
    I32(&'a [i32]),
    /// Codes as little-endian signed integers of 1, 2, 4 or 8 bytes each, one after the other:
    /// what numpy's `tobytes()` gives of an `int8`…`int64` array on a little-endian machine.
    /// Made by [`Codes::little_endian`], which checks the width.
    LittleEndian {
        /// The codes' bytes.
        bytes: &'a [u8],
        /// The bytes of one code: 1, 2, 4 or 8.
        width: usize,
    },
}

impl<'a> Codes<'a> {
    /// Codes of `width` bytes each (1, 2, 4 or 8) in `bytes`; an `invalid-shape` error for any
    /// other width or for bytes that are not a whole number of codes.
    ///
    /// ```
    /// use cchc_core::Codes;
    /// assert_eq!(Codes::little_endian(&[1, 2, 3], 2).unwrap_err().code(), "invalid-shape");
    /// ```
    pub fn little_endian(bytes: &'a [u8], width: usize) -> Result<Codes<'a>, Error> {
        if !matches!(width, 1 | 2 | 4 | 8) || bytes.len() % width != 0 {
            return Err(shape(
                "codes",
                format!(
                    "{} bytes are not a whole number of codes of {width} bytes (1, 2, 4 or 8)",
                    bytes.len()
                ),
            ));
        }
        Ok(Codes::LittleEndian { bytes, width })
    }

    /// How many codes (rows) there are.
    pub fn len(&self) -> usize {
        match *self {
            Codes::I32(codes) => codes.len(),
            Codes::LittleEndian { bytes, width } => bytes.len() / width.max(1),
        }
    }

    /// Whether there is no code.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`'s code (`None` past the end).
    #[inline]
    pub fn get(&self, i: usize) -> Option<i64> {
        match *self {
            Codes::I32(codes) => codes.get(i).map(|&c| i64::from(c)),
            Codes::LittleEndian { bytes, width } => {
                let at = i.checked_mul(width)?;
                let b = bytes.get(at..at.checked_add(width)?)?;
                Some(match *b {
                    [a] => i64::from(a as i8),
                    [a, b] => i64::from(i16::from_le_bytes([a, b])),
                    [a, b, c, d] => i64::from(i32::from_le_bytes([a, b, c, d])),
                    [a, b, c, d, e, f, g, h] => i64::from_le_bytes([a, b, c, d, e, f, g, h]),
                    _ => return None,
                })
            }
        }
    }
}

/// One column of the long table in dictionary form: its name (a column of
/// [`ROW_COLUMNS`](crate::ROW_COLUMNS)), a code per row and the categories the codes point at
/// (`None`: an empty cell). A category's text is read as a cell of that text would be.
///
/// ```
/// use cchc_core::{CodedColumn, Codes};
/// let units = [Some("so-y-te")];
/// let column = CodedColumn { name: "unit", codes: Codes::I32(&[0, 0]), categories: &units[..] };
/// assert_eq!(column.text(1), Some(Some("so-y-te")));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct CodedColumn<'a, S> {
    /// The column's name.
    pub name: &'a str,
    /// Per row, the position of its cell in `categories` (negative: empty).
    pub codes: Codes<'a>,
    /// The column's distinct cells.
    pub categories: &'a [Option<S>],
}

impl<'a, S: AsRef<str>> CodedColumn<'a, S> {
    /// Row `i`'s cell: `Some(None)` when empty, `None` when its code is past the categories (or
    /// the row past the end).
    pub fn text(&self, i: usize) -> Option<Option<&'a str>> {
        category(self.categories, self.codes.get(i)?)
    }
}

/// The text of a code: `Some(None)` for an empty cell (a negative code, a `None` category),
/// `None` for a code past the categories.
fn category<S: AsRef<str>>(categories: &[Option<S>], code: i64) -> Option<Option<&str>> {
    if code < 0 {
        return Some(None);
    }
    let c = categories.get(usize::try_from(code).ok()?)?;
    Some(c.as_ref().map(AsRef::as_ref))
}

/// A (round, unit) came back after it was scored: the table is to be read again.
struct Again;

/// What a category says in the column it belongs to, read once per call.
struct Tables {
    /// Unit column: the unit's position and its criteria set.
    unit: Vec<Option<(usize, usize)>>,
    /// Code column: per category, per criteria set, the node (`sets` entries per category).
    code: Vec<Option<usize>>,
    sets: usize,
    /// Stage column.
    stage: Vec<Option<Result<Assessor, Points>>>,
    /// Kind column: the position in [`super::MEMO_KINDS`] (`None`: a tally, a rate, or not a
    /// kind the memo keeps).
    kind: Vec<Option<usize>>,
    /// Submitted column: the flag (`None`: not one the fast path reads).
    submitted: Vec<Option<bool>>,
    /// Points column: the points (`None`: not a decimal).
    points: Vec<Option<Decimal>>,
    /// Kind column: whether the kind is `rate` (scored on integers, never in the memo).
    rate: Vec<bool>,
    /// Numerator and denominator columns: each amount in hundredths, as [`rate_amount`] reads
    /// it (`None`: not one the integer rule takes).
    numerator: Vec<Option<i64>>,
    denominator: Vec<Option<i64>>,
}

/// A column's codes as the reader reads them: by width, one branch per code read (well
/// predicted: a column keeps its width), and an absent column as empty cells.
#[derive(Clone, Copy)]
enum Col<'c> {
    Absent,
    I32(&'c [i32]),
    Le1(&'c [u8]),
    Le2(&'c [u8]),
    Le4(&'c [u8]),
    Le8(&'c [u8]),
}

impl Col<'_> {
    /// Row `i`'s code; -1 (an empty cell) for an absent column or past the end.
    #[inline(always)]
    fn get(self, i: usize) -> i64 {
        fn word(b: &[u8], i: usize, w: usize) -> Option<&[u8]> {
            b.get(i.checked_mul(w)?..i.checked_mul(w)?.checked_add(w)?)
        }
        match self {
            Col::Absent => None,
            Col::I32(c) => c.get(i).map(|&c| i64::from(c)),
            Col::Le1(b) => b.get(i).map(|&c| i64::from(c as i8)),
            Col::Le2(b) => word(b, i, 2).map(|c| i64::from(i16::from_le_bytes([c[0], c[1]]))),
            Col::Le4(b) => word(b, i, 4)
                .and_then(|c| c.try_into().ok())
                .map(|c| i64::from(i32::from_le_bytes(c))),
            Col::Le8(b) => word(b, i, 8)
                .and_then(|c| c.try_into().ok())
                .map(i64::from_le_bytes),
        }
        .unwrap_or(-1)
    }
}

impl Col<'_> {
    /// Adds to `past` each row of `rows` whose code is `limit` or more (a code past the
    /// column's `limit` categories), in order.
    fn rows_past(self, rows: Range<usize>, limit: usize, past: &mut Vec<usize>) {
        /// `codes` (of one integer type) scanned for codes of `limit` or more.
        fn scan<T: Copy + Ord + Into<i64>>(
            codes: Option<impl Iterator<Item = T> + Clone>,
            lowest: T,
            limit: usize,
            start: usize,
            past: &mut Vec<usize>,
        ) {
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let Some(codes) = codes else {
                return;
            };
            // The largest code first (in the codes' own type: a pass compilers vectorize), each
            // row only if it is past.
            if codes.clone().fold(lowest, T::max).into() >= limit {
                let rows = codes.enumerate().filter(|&(_, c)| c.into() >= limit);
                past.extend(rows.map(|(k, _)| start + k));
            }
        }
        /// The little-endian words of `W` bytes of the rows `rows`.
        fn words<const W: usize>(
            bytes: &[u8],
            rows: &Range<usize>,
        ) -> Option<impl Iterator<Item = [u8; W]> + Clone> {
            let bytes = bytes.get(rows.start.checked_mul(W)?..rows.end.checked_mul(W)?)?;
            Some(
                bytes
                    .chunks_exact(W)
                    .map(|w| w.try_into().unwrap_or([0; W])),
            )
        }
        let start = rows.start;
        match self {
            Col::Absent => {}
            Col::I32(c) => {
                let codes = c.get(rows).map(|c| c.iter().copied());
                scan(codes, i32::MIN, limit, start, past);
            }
            Col::Le1(b) => {
                let codes = b.get(rows).map(|b| b.iter().map(|&c| c as i8));
                scan(codes, i8::MIN, limit, start, past);
            }
            Col::Le2(b) => {
                let codes = words::<2>(b, &rows).map(|w| w.map(i16::from_le_bytes));
                scan(codes, i16::MIN, limit, start, past);
            }
            Col::Le4(b) => {
                let codes = words::<4>(b, &rows).map(|w| w.map(i32::from_le_bytes));
                scan(codes, i32::MIN, limit, start, past);
            }
            Col::Le8(b) => {
                let codes = words::<8>(b, &rows).map(|w| w.map(i64::from_le_bytes));
                scan(codes, i64::MIN, limit, start, past);
            }
        }
    }
}

/// The checked columns of a coded table: each column's position in [`ROW_COLUMNS`], all of
/// one length.
struct Table<'c, S> {
    /// Per position in [`ROW_COLUMNS`]: the column (its index in `columns`).
    at: [usize; ROW_COLUMNS.len()],
    /// Per position in [`ROW_COLUMNS`]: the column's codes.
    codes: [Col<'c>; ROW_COLUMNS.len()],
    columns: &'c [CodedColumn<'c, S>],
    length: usize,
    /// Columns of many categories, read in the order of a piece's rows ([`InRowOrder`]).
    ordered: Vec<InRowOrder<'c>>,
    /// Per position in [`ROW_COLUMNS`]: its entry in `ordered`, if it has one.
    ordered_at: [Option<u8>; ROW_COLUMNS.len()],
}

/// A column of many categories (more than [`InRowOrder::MANY`]: a tally column, whose every
/// cell differs) as one piece of rows reads it: its categories in the order the rows first use
/// them, its codes renumbered to match. Reading row after row then reads the categories one
/// after the other, as their text lies in memory when the table was read row by row (the
/// categories of `pandas.read_csv(dtype="category")` are sorted: read through their own codes,
/// every row would fetch its text from another part of memory). Made in one pass per piece, on
/// the piece's thread; what a cell says is unchanged.
struct InRowOrder<'c> {
    /// The piece's first row.
    start: usize,
    /// Per row of the piece, its position in `texts` (`u32::MAX`: an empty cell).
    codes: Vec<u32>,
    /// The categories the piece uses, in the order it first uses them.
    texts: Vec<Option<&'c str>>,
}

impl InRowOrder<'_> {
    /// More categories than this make a column worth reading in row order.
    const MANY: usize = 1 << 16;
}

impl<'c, S: AsRef<str>> Table<'c, S> {
    fn new(columns: &'c [CodedColumn<'c, S>]) -> Result<Self, Vec<RowError>> {
        let positions = header(columns.iter().map(|c| c.name))?;
        for column in columns {
            if let Codes::LittleEndian { bytes, width } = column.codes {
                Codes::little_endian(bytes, width).map_err(|error| {
                    vec![RowError {
                        row: 0,
                        error: shape(
                            "header",
                            format!("column {:?}: {}", column.name, error.detail()),
                        ),
                    }]
                })?;
            }
        }
        let length = columns.first().map_or(0, |c| c.codes.len());
        if columns.iter().any(|c| c.codes.len() != length) {
            return Err(vec![RowError {
                row: 0,
                error: shape("header", "the columns are of unequal lengths".into()),
            }]);
        }
        let mut at = [NO_CELL; ROW_COLUMNS.len()];
        for (k, &p) in positions.iter().enumerate() {
            if let Some(a) = at.get_mut(p) {
                *a = k;
            }
        }
        let mut codes = [Col::Absent; ROW_COLUMNS.len()];
        for (code, &a) in codes.iter_mut().zip(&at) {
            if let Some(column) = columns.get(a) {
                *code = match column.codes {
                    Codes::I32(c) => Col::I32(c),
                    Codes::LittleEndian { bytes, width: 1 } => Col::Le1(bytes),
                    Codes::LittleEndian { bytes, width: 2 } => Col::Le2(bytes),
                    Codes::LittleEndian { bytes, width: 4 } => Col::Le4(bytes),
                    Codes::LittleEndian { bytes, .. } => Col::Le8(bytes),
                };
            }
        }
        Ok(Table {
            at,
            codes,
            columns,
            length,
            ordered: Vec::new(),
            ordered_at: [None; ROW_COLUMNS.len()],
        })
    }

    /// The table as the rows `range` read it: each column of many categories whose codes all
    /// fit them renumbered in the order the rows first use its categories ([`InRowOrder`]).
    fn in_row_order(&self, range: Range<usize>) -> Table<'c, S> {
        let (mut ordered, mut ordered_at) = (Vec::new(), [None; ROW_COLUMNS.len()]);
        for (position, &a) in self.at.iter().enumerate() {
            let Some(column) = self.columns.get(a) else {
                continue;
            };
            let categories = column.categories;
            if categories.len() <= InRowOrder::MANY || categories.len() >= u32::MAX as usize {
                continue;
            }
            let mut new_code = vec![u32::MAX; categories.len()];
            let (mut codes, mut texts) = (Vec::with_capacity(range.len()), Vec::new());
            let mut fits = true;
            for i in range.clone() {
                let code = self.code(position, i);
                if code < 0 {
                    codes.push(u32::MAX);
                    continue;
                }
                let Some(new) = usize::try_from(code).ok().and_then(|c| new_code.get_mut(c)) else {
                    // A code past the categories: the column is read as given (and the row
                    // refused as it always is).
                    fits = false;
                    break;
                };
                if *new == u32::MAX {
                    *new = texts.len() as u32;
                    let text = categories.get(code as usize).and_then(Option::as_ref);
                    texts.push(text.map(AsRef::as_ref));
                }
                codes.push(*new);
            }
            if let (true, Some(at)) = (fits, ordered_at.get_mut(position)) {
                *at = u8::try_from(ordered.len()).ok();
                ordered.push(InRowOrder {
                    start: range.start,
                    codes,
                    texts,
                });
            }
        }
        Table {
            ordered,
            ordered_at,
            ..*self
        }
    }

    /// Row `i`'s cell in column `column` (a position in [`ROW_COLUMNS`]): as
    /// [`CodedColumn::text`] reads it, through [`InRowOrder`] where the column has one.
    #[inline]
    fn text(&self, column: usize, i: usize) -> Option<Option<&'c str>> {
        let at = self.ordered_at.get(column).copied().flatten();
        if let Some(o) = at.and_then(|at| self.ordered.get(usize::from(at))) {
            let code = *o.codes.get(i.checked_sub(o.start)?)?;
            return match code {
                u32::MAX => Some(None),
                code => o.texts.get(code as usize).copied(),
            };
        }
        self.column(column)?.text(i)
    }

    fn column(&self, column: usize) -> Option<&'c CodedColumn<'c, S>> {
        self.columns.get(*self.at.get(column)?)
    }

    /// A column's code in row `i` (-1 for an absent column).
    #[inline(always)]
    fn code(&self, column: usize, i: usize) -> i64 {
        self.codes.get(column).map_or(-1, |c| c.get(i))
    }

    /// The rows of `rows` with a code past its column's categories, in order (each refused by
    /// the full check: see [`Table::view`]).
    fn rows_past(&self, rows: Range<usize>) -> Vec<usize> {
        let mut past = Vec::new();
        for (&a, &codes) in self.at.iter().zip(&self.codes) {
            if let Some(column) = self.columns.get(a) {
                codes.rows_past(rows.clone(), column.categories.len(), &mut past);
            }
        }
        past.sort_unstable();
        past.dedup();
        past
    }

    /// Up to `n` ranges of rows, cut between two (round, unit)s.
    fn pieces(&self, n: usize) -> Vec<Range<usize>> {
        let key = |i: usize| (self.code(col::ROUND, i), self.code(col::UNIT, i));
        cut(self.length, n, |at| {
            (at..self.length).find(|&i| i > 0 && key(i - 1) != key(i))
        })
    }

    /// Each category of a column read by `read` (its text trimmed; "" for an empty one).
    fn read<T>(&self, column: usize, read: impl Fn(&str) -> T) -> Vec<T> {
        self.column(column).map_or_else(Vec::new, |c| {
            c.categories
                .iter()
                .map(|s| read(s.as_ref().map_or("", |s| s.as_ref().trim())))
                .collect()
        })
    }

    /// Row `i` as the full check reads it (numbered `number`), or the fault of a code past its
    /// column's categories.
    fn view(&self, i: usize, number: usize) -> Result<View<'c>, RowError> {
        let mut cells: [Option<Cow<'c, str>>; 14] = Default::default();
        for (position, cell) in cells.iter_mut().enumerate() {
            let Some(column) = self.column(position) else {
                continue;
            };
            let code = column.codes.get(i).unwrap_or(-1);
            match self.text(position, i) {
                Some(text) => *cell = text.map(Cow::Borrowed),
                None => {
                    return Err(RowError {
                        row: number,
                        error: shape(
                            "row",
                            format!(
                                "the code {code} of column {:?} is not one of its {} categories",
                                column.name,
                                column.categories.len()
                            ),
                        ),
                    });
                }
            }
        }
        Ok(View::new(number, cells))
    }
}

/// Row `i` of a coded table, its cells read by [`Cells`] (as [`Reader::fresh`] reads them).
struct Row<'t, 'c, S> {
    table: &'t Table<'c, S>,
    i: usize,
}

impl<'c, S: AsRef<str>> Cells<'c> for Row<'_, 'c, S> {
    fn cell(&self, column: usize) -> &'c str {
        self.table.text(column, self.i).flatten().unwrap_or("")
    }
}

/// What the coded memo knows an answer by: the leaf and assessor (as [`MemoKey`]'s first word
/// without the cell's length), then the code of the answer's cell.
type CodedKey = (u64, u64);

/// The coded memo of a piece ([`Memo`]), at most 131,072 answers.
type CodedMemo = Memo<CodedKey, { 1 << 17 }>;

impl Reader<'_> {
    /// The tables of a coded table's categories.
    fn tables<S: AsRef<str>>(&self, table: &Table<'_, S>) -> Tables {
        let sets = self.edition.criteria_sets().len();
        let mut code = Vec::new();
        for text in table.read(col::CODE, str::to_owned) {
            for s in 0..sets {
                let mut hint = 0;
                code.push(if text.is_empty() {
                    None
                } else {
                    self.node_of(s, &text, &mut hint)
                });
            }
        }
        Tables {
            unit: table.read(col::UNIT, |t| self.units.get(t).copied()),
            code,
            sets,
            stage: table.read(col::STAGE, stage_named),
            kind: table.read(col::KIND, super::memo_kind),
            submitted: table.read(col::SUBMITTED, |t| match t {
                "" => Some(false),
                t => flag("submitted", t).ok(),
            }),
            points: table.read(col::POINTS, |t| parse_decimal("points", t).ok()),
            rate: table.read(col::KIND, |t| same(t, "rate")),
            numerator: table.read(col::NUMERATOR, amount),
            denominator: table.read(col::DENOMINATOR, amount),
        }
    }

    /// Reads the rows `range` of a coded table (numbered from 1 within it), as
    /// [`Reader::read_rows`] reads the same table in text, through the lookups described in the
    /// module's documentation.
    fn read_coded<'c, S: AsRef<str>>(
        &self,
        table: &Table<'c, S>,
        tables: &Tables,
        range: Range<usize>,
        eager: bool,
    ) -> Chunk<'c> {
        let table = &table.in_row_order(range.clone());
        // Rows with a code past its categories: refused by the full check, never read fast.
        let past = table.rows_past(range.clone());
        let mut past = past.iter().peekable();
        let mut state = State::new(eager);
        let mut memo = CodedMemo::default();
        // The row before's round and unit codes and their entry, when it had one.
        let mut last: Option<(i64, i64, usize)> = None;
        let start = range.start;
        for i in range.clone() {
            let number = i - start + 1;
            let (round, unit) = (table.code(col::ROUND, i), table.code(col::UNIT, i));
            let is_past = past.next_if_eq(&&i).is_some();
            let key = match last {
                _ if is_past => None,
                Some((r, u, key)) if r == round && u == unit => Some(key),
                _ => match self.enter_coded(&mut state, table, tables, i) {
                    Ok(key) => key,
                    Err(Again) => {
                        return Chunk {
                            again: true,
                            ..Chunk::default()
                        };
                    }
                },
            };
            if let Some(key) = key {
                last = Some((round, unit, key));
                if self.fast_coded(&mut state, &mut memo, table, tables, key, i, number) {
                    continue;
                }
            }
            match table.view(i, number) {
                Ok(view) => {
                    let accepted = self.row(&mut state, view);
                    if state.chunk.again {
                        return Chunk {
                            again: true,
                            ..Chunk::default()
                        };
                    }
                    let stage = tables
                        .stage
                        .get(idx(table.code(col::STAGE, i)))
                        .copied()
                        .flatten();
                    if let (Some((set, node, given)), Some(Ok(assessor))) = (accepted, stage) {
                        if let Some(key) = memo_key(table, tables, set, node, assessor, i) {
                            memo.remember(key, given);
                        }
                    }
                }
                Err(error) => state.errors.push(error),
            }
            // The entry the row was put in, if it is this row's (round, unit): known by text.
            let row = Row { table, i };
            last = match &state.last {
                Some((label, u, key))
                    if (!self.has_round || same(label, trim(row.cell(col::ROUND))))
                        && same(u, trim(row.cell(col::UNIT))) =>
                {
                    Some((round, unit, *key))
                }
                _ => None,
            };
        }
        let mut chunk = self.close(state);
        chunk.rows = range.len();
        chunk
    }

    /// Enters row `i`'s (round, unit) by its codes ([`Reader::enter`]: scoring the one before),
    /// when the row is the first of a (round, unit) whose unit is known and whose stage and code
    /// are too (else `Ok(None)`, for the full check to say what it says): its entry.
    fn enter_coded<'c, S: AsRef<str>>(
        &self,
        state: &mut State<'c>,
        table: &Table<'c, S>,
        tables: &Tables,
        i: usize,
    ) -> Result<Option<usize>, Again> {
        let Some(&Some((u, set))) = tables.unit.get(idx(table.code(col::UNIT, i))) else {
            return Ok(None);
        };
        let known = matches!(
            tables.stage.get(idx(table.code(col::STAGE, i))),
            Some(Some(_))
        ) && matches!(
            idx_of(table.code(col::CODE, i), tables.sets, set).and_then(|k| tables.code.get(k)),
            Some(Some(_))
        );
        let row = Row { table, i };
        let label = if self.has_round {
            trim(row.cell(col::ROUND))
        } else {
            ""
        };
        if !known || (self.has_round && label.is_empty()) {
            return Ok(None);
        }
        let unit = Cow::Borrowed(trim(row.cell(col::UNIT)));
        match self.enter(state, Cow::Borrowed(label), unit, u, set) {
            Ok(Some(key)) => Ok(Some(key)),
            Ok(None) => Err(Again),
            Err(_) => Ok(None),
        }
    }

    /// Puts row `i` in the slots of entry `key` (the row before's, of the same round and unit
    /// codes) when its stage and code are known and not given yet and its answer is in the memo
    /// (or a rate or tally accepted from its cells, or points); false, nothing changed, else.
    #[allow(clippy::too_many_arguments)]
    fn fast_coded<'c, S: AsRef<str>>(
        &self,
        state: &mut State<'c>,
        memo: &mut CodedMemo,
        table: &Table<'c, S>,
        tables: &Tables,
        key: usize,
        i: usize,
        number: usize,
    ) -> bool {
        let Some(Some(stage)) = tables.stage.get(idx(table.code(col::STAGE, i))).copied() else {
            return false;
        };
        // An empty cell (a negative code, or no such column) does not mark the unit.
        let submitted = match table.code(col::SUBMITTED, i) {
            ..0 => false,
            code => match tables.submitted.get(idx(code)) {
                Some(&Some(submitted)) => submitted,
                _ => return false,
            },
        };
        let Some(inputs) = state.chunk.keys.get_mut(key) else {
            return false;
        };
        let code = table.code(col::CODE, i);
        let Some(&Some(node)) =
            idx_of(code, tables.sets, inputs.set).and_then(|k| tables.code.get(k))
        else {
            return false;
        };
        let bit = 1 << slot_of(&stage);
        if inputs.seen.get(node).is_none_or(|s| s & bit != 0) {
            return false;
        }
        let set = inputs.set;
        match stage {
            Ok(assessor) if tables.rate.get(idx(table.code(col::KIND, i))) == Some(&true) => {
                let Some(given) = self.rate_coded(set, node, assessor, table, tables, i) else {
                    return false;
                };
                inputs.put(node, bit, Put::Answer(given), submitted);
            }
            Ok(assessor) => {
                let row = Row { table, i };
                let given = match memo_key(table, tables, inputs.set, node, assessor, i) {
                    Some(k) => match memo.get(&k) {
                        Some(given) => Some(given),
                        None => {
                            let given = self.fresh(set, node, assessor, &row);
                            if let Some(given) = given {
                                memo.remember(k, given);
                            }
                            given
                        }
                    },
                    None => self.fresh(set, node, assessor, &row),
                };
                let Some(given) = given else {
                    return false;
                };
                inputs.put(node, bit, Put::Answer(given), submitted);
            }
            Err(kind) => {
                let Some(&Some(points)) = tables.points.get(idx(table.code(col::POINTS, i))) else {
                    return false;
                };
                let Some(Some(text)) = table.text(col::CODE, i) else {
                    return false;
                };
                let staged = Staged {
                    row: number,
                    node: Some(node),
                    code: Cow::Borrowed(text.trim()),
                    kind,
                    points,
                    accepted: false,
                };
                inputs.put(node, bit, Put::Points(staged), submitted);
            }
        }
        true
    }

    /// What row `i`'s rate is worth on node `node` of set `set` ([`Reader::rate_given`], from
    /// the amounts of its categories read once per call), or `None` for the full check to say
    /// what it says.
    fn rate_coded<S: AsRef<str>>(
        &self,
        set: usize,
        node: usize,
        assessor: Assessor,
        table: &Table<'_, S>,
        tables: &Tables,
        i: usize,
    ) -> Option<Given> {
        let numerator = (*tables.numerator.get(idx(table.code(col::NUMERATOR, i)))?)?;
        let denominator = (*tables
            .denominator
            .get(idx(table.code(col::DENOMINATOR, i)))?)?;
        self.rate_given(set, node, assessor, numerator, denominator)
    }
}

/// A code as a position in a category table (past any table for an empty cell).
#[inline]
fn idx(code: i64) -> usize {
    usize::try_from(code).unwrap_or(usize::MAX)
}

/// The position in [`Tables::code`] of a code category's node in set `set`.
#[inline]
fn idx_of(code: i64, sets: usize, set: usize) -> Option<usize> {
    usize::try_from(code)
        .ok()?
        .checked_mul(sets)?
        .checked_add(set)
}

/// The coded memo's key of row `i`'s answer on node `node` of set `set`, if its kind is one
/// the memo keeps ([`super::MEMO_KINDS`]) and its code fits.
#[inline]
fn memo_key<S: AsRef<str>>(
    table: &Table<'_, S>,
    tables: &Tables,
    set: usize,
    node: usize,
    assessor: Assessor,
    i: usize,
) -> Option<(u64, u64)> {
    let k = (*tables.kind.get(idx(table.code(col::KIND, i)))?)?;
    let (_, c) = *super::MEMO_KINDS.get(k)?;
    // The cell's code plus one (0: no such cell).
    let cell = match c {
        NO_CELL => 0,
        c => u64::try_from(table.code(c, i).checked_add(1)?).ok()?,
    };
    let leaf = MemoKey::leaf_word(set, node, assessor, k)?;
    Some((leaf, cell))
}

/// Scores every round of a coded table: see [`super::RoundsResults::from_coded`].
pub(super) fn rounds_from_coded<S: AsRef<str> + Sync>(
    edition: &Edition,
    columns: &[CodedColumn<'_, S>],
    threads: usize,
) -> Result<super::RoundsResults, Error> {
    let table = Table::new(columns).map_err(Error::invalid_rows)?;
    let reader = Reader::new(edition, table.column(col::ROUND).is_some(), false);
    let tables = reader.tables(&table);
    let chunks = super::read_pieces(
        threads,
        |n| table.pieces(n),
        |range| reader.read_coded(&table, &tables, range, true),
    );
    // A (round, unit) whose rows are not in one run: read again on one thread, each (round,
    // unit) scored at the end.
    let chunks = if chunks.iter().any(|c| c.again) {
        vec![reader.read_coded(&table, &tables, 0..table.length, false)]
    } else {
        chunks
    };
    reader.results(chunks, threads)
}
