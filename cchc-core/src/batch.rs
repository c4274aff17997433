//! The batch scorer behind the analyst's path (`docs/batch.md`): the rows of a long table are
//! checked and scored as they are read, for one round or many (the optional `round` column),
//! on as many threads as asked.
//!
//! Each row's unit is found by a map built once per call and its code by the criteria set's
//! binary search (both cached from the row before); its answer is checked by the same functions
//! that check an answer given one by one ([`answer_worth`], [`appraisable`], [`given_points`])
//! and what it is worth goes straight into a per-node slot of its (round, unit): no map keyed by
//! `String`, no `Answer` kept. Once every row is read, each (round, unit) is scored by the rule
//! every scorecard is scored by ([`score_leaves`], [`total`]) and each round ranked ([`places`]).
//! A [`Round`] is loaded by the same reader, which then also keeps the inputs.

use crate::answer::{RateScale, Subject, SurveyScale, rate_amount};
use crate::assessment::{
    AssessmentData, answer_worth, appraisable, find_unit, given_points, leaf_at, rate_hundredths,
    tally_hundredths,
};
use crate::criteria::{Assessor, Section};
use crate::edition::Edition;
use crate::error::{Error, parse_decimal};
use crate::name::Named;
use crate::results::places;
use crate::round::Round;
use crate::rows::{
    Columns, Csv, Points, ROW_COLUMNS, RowError, Rows, View, about, answer_of, col, flag, shape,
    stage_of,
};
use crate::scorecard::{
    Given, LeafInputs, LeafSums, NodePoints, leaf_blanks, score_leaf_from, score_leaves, total,
};
use crate::unit::Group;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

mod coded;
pub use coded::{CodedColumn, Codes};

/// The results of many rounds at once, column by column: one entry per unit placed, round
/// after round (in the order the rounds first appear in the table), group after group (in
/// [`Group::ALL`] order), by rank; every unit of the edition is placed in every round (a unit
/// without rows on an empty card, index 0.00, as [`Round::results`] does).
///
/// Units and bands are positions in the edition's lists ([`Edition::units`],
/// [`Edition::bands`]): the columns hold no text. [`RoundsResults::unit_id`] and
/// [`RoundsResults::band_id`] name them.
///
/// ```
/// use cchc_core::RoundsResults;
/// let edition = cchc_criteria::default_edition();
/// let csv = "round,unit,code,stage,kind,yes\n\
///            2019,so-y-te,1.1.1,self,yes-no,true\n\
///            2020,so-y-te,1.1.1,self,yes-no,false\n";
/// let results = RoundsResults::from_csv(&edition, csv, 2).unwrap();
/// assert_eq!(results.rounds, ["2019", "2020"]);
/// assert_eq!(results.len(), 2 * 47);
/// let first = (0..results.len()).find(|&i| results.unit_id(i) == "so-y-te").unwrap();
/// assert_eq!((results.round[first], results.rank[first]), (0, 1));
/// assert_eq!(results.index[first].to_string(), "0.50");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundsResults {
    edition: Edition,
    /// The rounds' labels (the `round` cells), in the order they first appear; `[""]` for a
    /// table without a `round` column.
    pub rounds: Vec<String>,
    /// Per placement: the round's position in [`rounds`](Self::rounds).
    pub round: Vec<usize>,
    /// Per placement: the unit's group.
    pub group: Vec<Group>,
    /// Per placement: the rank in the group (ties share a rank and the next rank skips).
    pub rank: Vec<u32>,
    /// Per placement: the unit's position in [`Edition::units`].
    pub unit: Vec<usize>,
    /// Per placement: the index, two decimals.
    pub index: Vec<Decimal>,
    /// Per placement: the band's position in [`Edition::bands`] (`None`: no band admits it).
    pub band: Vec<Option<usize>>,
    /// Per placement: whether the unit submitted.
    pub submitted: Vec<bool>,
}

impl RoundsResults {
    /// No placement yet, room for `n`.
    fn empty(edition: &Edition, n: usize) -> RoundsResults {
        RoundsResults {
            edition: edition.clone(),
            rounds: Vec::new(),
            round: Vec::with_capacity(n),
            group: Vec::with_capacity(n),
            rank: Vec::with_capacity(n),
            unit: Vec::with_capacity(n),
            index: Vec::with_capacity(n),
            band: Vec::with_capacity(n),
            submitted: Vec::with_capacity(n),
        }
    }

    /// The edition scored against.
    pub fn edition(&self) -> &Edition {
        &self.edition
    }
    /// How many placements (rows) there are.
    pub fn len(&self) -> usize {
        self.rank.len()
    }
    /// Whether there is no placement (an edition without units).
    pub fn is_empty(&self) -> bool {
        self.rank.is_empty()
    }
    /// The id of the unit of placement `i` ("" past the end).
    pub fn unit_id(&self, i: usize) -> &str {
        self.unit
            .get(i)
            .and_then(|&u| self.edition.units().get(u))
            .map_or("", |u| u.id())
    }
    /// The id of the band of placement `i` ("" for none).
    pub fn band_id(&self, i: usize) -> &str {
        self.band
            .get(i)
            .copied()
            .flatten()
            .and_then(|b| self.edition.bands().get(b))
            .map_or("", |b| &b.id)
    }

    /// Scores every round of the long table in CSV text (the columns of
    /// [`ROW_COLUMNS`](crate::ROW_COLUMNS), `round` among them when the table holds many
    /// rounds) on up to `threads` threads (0 or 1: one; at most 64). Every bad row is
    /// reported in one `invalid-rows` error, as by [`Round::from_csv`]; the digits do not
    /// depend on the number of threads.
    ///
    /// The text is split at line ends between two (round, unit)s, one piece per thread; text
    /// with a quote in it, or whose (round, unit)s are not each in one piece, is read on one
    /// thread.
    pub fn from_csv(edition: &Edition, text: &str, threads: usize) -> Result<RoundsResults, Error> {
        let csv = Csv::new(text).map_err(Error::invalid_rows)?;
        let reader = Reader::new(edition, csv.has(col::ROUND), false);
        let chunks = read_pieces(
            threads,
            |n| csv.pieces(n),
            |piece| reader.read_plain(&csv, piece, true),
        );
        // A quote: a cell may hold a comma or a line end, so the pieces may be cut inside one.
        // The whole body is read again as `Csv::rows` reads it, on one thread. A (round, unit)
        // whose rows are not in one run: the whole body is read again on one thread, each
        // (round, unit) scored at the end.
        let chunks = if chunks.iter().any(|c| c.quoted) {
            vec![reader.read_rows(csv.rows(csv.body))]
        } else if chunks.iter().any(|c| c.again) {
            let chunk = reader.read_plain(&csv, csv.body, false);
            if chunk.quoted {
                vec![reader.read_rows(csv.rows(csv.body))]
            } else {
                vec![chunk]
            }
        } else {
            chunks
        };
        reader.results(chunks, threads)
    }

    /// Scores every round of the long table in dictionary-coded columns (a pandas data frame
    /// of categorical columns: a code per row into each column's categories) on up to
    /// `threads` threads; see [`RoundsResults::from_csv`]. The same rows give the same results
    /// and the same refusals, with the same row numbers, as the table in text; each category's
    /// text is read once, not once per row (`docs/batch.md`, "Coded columns").
    ///
    /// ```
    /// use cchc_core::{CodedColumn, Codes, RoundsResults};
    /// let edition = cchc_criteria::default_edition();
    /// let rounds = [Some("2019"), Some("2020")];
    /// let units = [Some("so-y-te")];
    /// let codes = [Some("1.1.1")];
    /// let stages = [Some("self")];
    /// let kinds = [Some("yes-no")];
    /// let yes = [Some("false"), Some("true")];
    /// let columns = [
    ///     CodedColumn { name: "round", codes: Codes::I32(&[0, 1]), categories: &rounds[..] },
    ///     CodedColumn { name: "unit", codes: Codes::I32(&[0, 0]), categories: &units[..] },
    ///     CodedColumn { name: "code", codes: Codes::I32(&[0, 0]), categories: &codes[..] },
    ///     CodedColumn { name: "stage", codes: Codes::I32(&[0, 0]), categories: &stages[..] },
    ///     CodedColumn { name: "kind", codes: Codes::I32(&[0, 0]), categories: &kinds[..] },
    ///     CodedColumn { name: "yes", codes: Codes::I32(&[1, 0]), categories: &yes[..] },
    /// ];
    /// let results = RoundsResults::from_coded(&edition, &columns, 2).unwrap();
    /// let first = (0..results.len()).find(|&i| results.unit_id(i) == "so-y-te").unwrap();
    /// assert_eq!((results.rounds[results.round[first]].as_str(), results.index[first].to_string()),
    ///            ("2019", "0.50".to_string()));
    /// ```
    pub fn from_coded<S: AsRef<str> + Sync>(
        edition: &Edition,
        columns: &[CodedColumn<'_, S>],
        threads: usize,
    ) -> Result<RoundsResults, Error> {
        coded::rounds_from_coded(edition, columns, threads)
    }

    /// Scores every round of the long table's columns (as [`Round::from_columns`] takes them)
    /// on up to `threads` threads; see [`RoundsResults::from_csv`].
    ///
    /// ```
    /// use cchc_core::RoundsResults;
    /// let edition = cchc_criteria::default_edition();
    /// let round = [Some("a"), Some("b")];
    /// let unit = [Some("so-y-te"), Some("so-y-te")];
    /// let code = [Some("1.1.1"), Some("1.1.1")];
    /// let stage = [Some("self"), Some("selv")];
    /// let columns: [(&str, &[Option<&str>]); 4] =
    ///     [("round", &round), ("unit", &unit), ("code", &code), ("stage", &stage)];
    /// let err = RoundsResults::from_columns(&edition, &columns, 1).unwrap_err();
    /// assert_eq!(err.items(), ["row 1, unit so-y-te, code 1.1.1: invalid-shape",
    ///                          "row 2, unit so-y-te, code 1.1.1: unknown-name"]);
    /// ```
    pub fn from_columns<S: AsRef<str> + Sync>(
        edition: &Edition,
        columns: &[(&str, &[Option<S>])],
        threads: usize,
    ) -> Result<RoundsResults, Error> {
        let table = Columns::new(columns).map_err(Error::invalid_rows)?;
        let reader = Reader::new(edition, table.has(col::ROUND), false);
        let chunks = read_pieces(
            threads,
            |n| table.pieces(n),
            |r| reader.read_rows(table.rows(r)),
        );
        reader.results(chunks, threads)
    }
}

/// Loads one [`Round`] (the inputs kept) from rows: every bad row, in row order, or the round.
pub(crate) fn load_round<'a>(
    edition: &Edition,
    has_round: bool,
    rows: impl Iterator<Item = Result<View<'a>, RowError>>,
) -> Result<Round, Vec<RowError>> {
    let reader = Reader::new(edition, has_round, true);
    let chunk = reader.read(rows);
    if !chunk.errors.is_empty() {
        return Err(chunk.errors);
    }
    let mut round = Round::new(edition);
    for inputs in chunk.keys {
        if let Some(data) = inputs.data {
            round.put(data);
        }
    }
    Ok(round)
}

/// Runs `work` on each item, each on a thread of its own, and gives the results in the items'
/// order; a panic on one of the threads is raised again here.
fn on_threads<I: Send, T: Send>(
    items: impl IntoIterator<Item = I>,
    work: &(impl Fn(I) -> T + Sync),
) -> Vec<T> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| scope.spawn(move || work(item)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Reads the pieces of a table on up to `threads` threads (each piece's (round, unit)s its
/// own), or on one thread when the pieces do not divide the table so.
fn read_pieces<'a, P: Send>(
    threads: usize,
    pieces: impl Fn(usize) -> Vec<P>,
    read: impl Fn(P) -> Chunk<'a> + Sync,
) -> Vec<Chunk<'a>> {
    let threads = threads_for(threads);
    let parts = pieces(threads);
    if parts.len() > 1 {
        let chunks = on_threads(parts, &read);
        if !shared_keys(&chunks) {
            return chunks;
        }
    }
    pieces(1).into_iter().map(read).collect()
}

/// How many threads to use when asked for `threads`: none but the caller's in a browser's
/// WebAssembly (spawning one would panic); at most 64 elsewhere (more would not help, and each
/// piece costs a thread).
fn threads_for(threads: usize) -> usize {
    if cfg!(target_family = "wasm") {
        1
    } else {
        threads.clamp(1, 64)
    }
}

/// The slot of a stage in [`Inputs::seen`]'s bits.
fn slot_of(stage: &Result<Assessor, Points>) -> u8 {
    match stage {
        Ok(assessor) => *assessor as u8,
        Err(Points::Appraisal) => 3,
        Err(Points::Final) => 4,
    }
}

/// A stage named by its exact short name ([`stage_of`] without the error, for the plain path).
fn stage_named(name: &str) -> Option<Result<Assessor, Points>> {
    Some(match name.len() {
        4 if same(name, "self") => Ok(Assessor::SelfAssessed),
        9 if same(name, "authority") => Ok(Assessor::Authority),
        6 if same(name, "survey") => Ok(Assessor::Survey),
        9 if same(name, "appraisal") => Err(Points::Appraisal),
        5 if same(name, "final") => Err(Points::Final),
        _ => return None,
    })
}

/// A cell's text trimmed as [`str::trim`] trims it, without the call when its ends are plain
/// ASCII (most cells).
#[inline]
fn trim(cell: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_none_or(|&b| b > b' ' && b < 0x80);
    let bytes = cell.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) {
        cell
    } else {
        cell.trim()
    }
}

/// A rate's amount cell (trimmed) in hundredths, as [`rate_amount`] reads a decimal (`None`: not
/// a decimal, or not an amount the integer rate rule takes).
fn amount(text: &str) -> Option<i64> {
    rate_amount(parse_decimal("rate", text).ok()?)
}

/// No column: the cell is empty.
const NO_CELL: usize = usize::MAX;

/// The answer kinds whose answers the memo keeps, with the cell that makes the answer (what
/// [`answer_of`] reads for the kind; [`NO_CELL`]: none). `tally` and `rate` are left out: a
/// tally's counts and a rate's amounts seldom repeat on a leaf, so they would only fill the
/// memo; [`Reader::fresh`] scores them on integers instead.
const MEMO_KINDS: [(&str, usize); 6] = [
    ("yes-no", col::YES),
    ("option", col::OPTION),
    ("checklist", col::TICKED),
    ("count", col::COUNT),
    ("points", col::POINTS),
    ("not-applicable", NO_CELL),
];

/// The position in [`MEMO_KINDS`] of a kind named exactly so, found by its length and first
/// byte before one comparison (not by comparing it with each name in turn).
#[inline]
fn memo_kind(kind: &str) -> Option<usize> {
    let k = match (kind.len(), kind.as_bytes().first()) {
        (6, Some(b'y')) => 0,
        (6, Some(b'o')) => 1,
        (9, _) => 2,
        (5, _) => 3,
        (6, Some(b'p')) => 4,
        (14, _) => 5,
        _ => return None,
    };
    MEMO_KINDS
        .get(k)
        .filter(|(name, _)| same(name, kind))
        .map(|_| k)
}

/// What the memo knows an answer by: its leaf (criteria set and node), who gave it, its kind and
/// its cell as given (trimmed; "" for an empty one), copied in (so that comparing two keys
/// reads no text far back in the table). Two rows with the same key carry the same
/// [`Answer`](crate::Answer) on the same leaf through the same assessor, so the full check gives
/// both the same worth.
#[derive(Clone, Copy, PartialEq, Eq)]
struct MemoKey {
    /// The set, the node, the assessor, the kind and the cell's length.
    leaf: u64,
    /// The cell's bytes, then zeros.
    cell: [u64; 4],
}

impl MemoKey {
    /// The key of a row's answer on node `node` of set `set`, if its kind is one the memo keeps
    /// and its cell holds at most 32 bytes.
    fn of(set: usize, node: usize, assessor: Assessor, cells: &Line<'_, '_>) -> Option<MemoKey> {
        let kind = trim(cells.cell(col::KIND));
        let k = memo_kind(kind)?;
        let (_, c) = *MEMO_KINDS.get(k)?;
        let cell = trim(cells.cell(c)).as_bytes();
        if cell.len() > 32 {
            return None;
        }
        // Byte by byte: the cell is short, and a copy of a variable length would call `memcpy`.
        let mut bytes = [0u8; 32];
        for (to, &from) in bytes.iter_mut().zip(cell) {
            *to = from;
        }
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
            u64::from_le_bytes(w)
        };
        let leaf = MemoKey::leaf_word(set, node, assessor, k)? | cell.len() as u64;
        Some(MemoKey {
            leaf,
            cell: [word(0), word(1), word(2), word(3)],
        })
    }

    /// The set, the node, the assessor and the kind (a position in [`MEMO_KINDS`]) in one
    /// word, its low 16 bits left for the cell's length.
    fn leaf_word(set: usize, node: usize, assessor: Assessor, kind: usize) -> Option<u64> {
        Some(
            u64::from(u16::try_from(set).ok()?) << 48
                | u64::from(u16::try_from(node).ok()?) << 32
                | u64::from(assessor as u8) << 24
                | u64::from(u8::try_from(kind).ok()?) << 16,
        )
    }
}

impl Hash for MemoKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.leaf);
        for word in self.cell {
            state.write_u64(word);
        }
    }
}

/// At most this many answers are remembered per piece by the text reader (each takes 40 bytes
/// and a tag).
const MEMO_MAX: usize = 1 << 16;

/// What each distinct answer already checked on a leaf counts for (successes only: a refused
/// answer is checked again on every row that gives it, so each is reported as it always was),
/// at most `MAX` answers: the kinds of few distinct answers per leaf ([`MEMO_KINDS`]), a small
/// table that stays in the cache.
struct Memo<K, const MAX: usize>(HashMap<K, Given, BuildHasherDefault<Fx>>);

impl<K, const MAX: usize> Default for Memo<K, MAX> {
    fn default() -> Self {
        Memo(HashMap::default())
    }
}

impl<K: Eq + Hash, const MAX: usize> Memo<K, MAX> {
    /// What an answer already accepted counts for.
    #[inline]
    fn get(&self, key: &K) -> Option<Given> {
        self.0.get(key).copied()
    }
    /// Remembers what an accepted answer counts for, while the table has room.
    fn remember(&mut self, key: K, given: Given) {
        if self.0.len() < MAX {
            self.0.insert(key, given);
        }
    }
}

/// A row's cells as given (untrimmed; "" for an empty or absent one), by position in
/// [`ROW_COLUMNS`]: a line of CSV text ([`Line`]) or a row of dictionary-coded columns.
pub(crate) trait Cells<'a> {
    /// The cell of a column.
    fn cell(&self, column: usize) -> &'a str;
}

/// A line of a table without quotes (its line end left out), cut at its commas: each cell is
/// sliced only when asked for (most rows need half of them).
struct Line<'a, 'r> {
    text: &'a str,
    /// Per column of [`ROW_COLUMNS`]: its position in the header ([`NO_CELL`] when absent).
    at: &'r [usize; ROW_COLUMNS.len()],
    /// Where each cell ends (its comma, or the line's end), for the first cells.
    ends: [usize; ROW_COLUMNS.len() + 1],
    /// How many cells the line has.
    cells: usize,
}

impl<'a, 'r> Line<'a, 'r> {
    /// The first line of `rest` (up to its line end, `\n` or `\r\n`, left out) cut at its
    /// commas, and where the next line starts; `None` when the line holds a quote. Eight bytes
    /// at a time: the line end, commas and quotes of a word are found by the exact zero-byte test
    /// of `word ^ pattern` (commas and line ends are ASCII, so every cut is on a char boundary).
    #[inline]
    fn cut(rest: &'a str, at: &'r [usize; ROW_COLUMNS.len()]) -> Option<(Line<'a, 'r>, usize)> {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const ENDS: u64 = 0x0a0a_0a0a_0a0a_0a0a;
        const COMMAS: u64 = 0x2c2c_2c2c_2c2c_2c2c;
        const QUOTES: u64 = 0x2222_2222_2222_2222;
        // The high bit of each byte of `x` that is zero, and no other bit.
        let zeros = |x: u64| !(((x & !HIGH).wrapping_add(!HIGH)) | x | !HIGH);
        let bytes = rest.as_bytes();
        let mut ends = [0; ROW_COLUMNS.len() + 1];
        let (mut n, mut quotes, mut from) = (0, 0, 0);
        let (mut end, mut next) = (bytes.len(), bytes.len());
        while from < bytes.len() {
            // The next eight bytes, the last word padded with zeros (none of the three),
            // byte by byte (a copy of a variable length would call `memcpy`).
            let word = match bytes
                .get(from..from + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
            {
                Some(word) => u64::from_le_bytes(word),
                None => bytes
                    .get(from..)
                    .unwrap_or_default()
                    .iter()
                    .rev()
                    .fold(0, |word, &b| word << 8 | u64::from(b)),
            };
            // Only the bytes before the line end, if the word holds it.
            let line_end = zeros(word ^ ENDS);
            let before = match line_end {
                0 => u64::MAX,
                bits => (1 << bits.trailing_zeros()) - 1,
            };
            quotes |= zeros(word ^ QUOTES) & before;
            let mut commas = zeros(word ^ COMMAS) & before;
            while commas != 0 {
                if let Some(end) = ends.get_mut(n) {
                    *end = from + (commas.trailing_zeros() / 8) as usize;
                }
                commas &= commas - 1;
                n += 1;
            }
            if line_end != 0 {
                end = from + (line_end.trailing_zeros() / 8) as usize;
                next = end + 1;
                break;
            }
            from += 8;
        }
        if quotes != 0 {
            return None;
        }
        let text = rest.get(..end).unwrap_or(rest);
        let text = text.strip_suffix('\r').unwrap_or(text);
        if let Some(end) = ends.get_mut(n) {
            *end = text.len();
        }
        let line = Line {
            text,
            at,
            ends,
            cells: n + 1,
        };
        Some((line, next))
    }

    /// Whether a cell is not empty (the line is more than its commas).
    fn filled(&self) -> bool {
        self.text.len() >= self.cells
    }
}

impl<'a> Cells<'a> for Line<'a, '_> {
    /// The cell of a column (a position in [`ROW_COLUMNS`]), as given (untrimmed); "" when the
    /// header or the line has no such cell.
    #[inline]
    fn cell(&self, column: usize) -> &'a str {
        let Some(&k) = self.at.get(column) else {
            return "";
        };
        if k >= self.cells {
            return "";
        }
        let from = match k.checked_sub(1) {
            Some(k) => self.ends.get(k).map_or(0, |&e| e + 1),
            None => 0,
        };
        let to = self.ends.get(k).copied().unwrap_or(0);
        self.text.get(from..to).unwrap_or("")
    }
}

/// The `grade=count` parts of a tally's cell, cut at their `;` and `=` as `split(';')` and
/// `split_once('=')` cut them (by hand: their searchers cost more than such short text), each
/// grade and count trimmed. A part without `=` or whose count is not a whole number gives
/// `("", -1)` and ends the parts: a tally that [`tally_hundredths`] then declines.
#[derive(Clone)]
struct TallyParts<'t> {
    rest: Option<&'t str>,
}

impl<'t> Iterator for TallyParts<'t> {
    type Item = (&'t str, i64);

    #[inline(always)]
    fn next(&mut self) -> Option<(&'t str, i64)> {
        let text = self.rest?;
        let (part, rest) = plain_part(text).unwrap_or_else(|| any_part(text));
        self.rest = rest;
        Some(part)
    }
}

/// The first part of a tally's text, cut at its `;` and `=` and trimmed (see [`TallyParts`]),
/// and the text after the `;` (`None`, ending the parts, after the last part or a bad one).
#[cold]
fn any_part(text: &str) -> ((&str, i64), Option<&str>) {
    let (part, rest) = match text.bytes().position(|b| b == b';') {
        Some(k) => (text.get(..k).unwrap_or(""), text.get(k + 1..)),
        None => (text, None),
    };
    let parsed = part.bytes().position(|b| b == b'=').and_then(|eq| {
        let count = count_of(trim(part.get(eq + 1..)?))?;
        Some((trim(part.get(..eq)?), count))
    });
    match parsed {
        Some(parsed) => (parsed, rest),
        None => (("", -1), None),
    }
}

/// The first part of a tally's text when it is plain — a grade of printable ASCII other than
/// `=` and `;`, `=`, 1 to 18 ASCII digits, then `;` or the end — in one pass (trimming and
/// parsing such a part change nothing): the grade and count, and the text after the `;`.
/// `None` for any other part, which [`TallyParts`] then cuts and reads in full.
#[inline(always)]
fn plain_part(text: &str) -> Option<((&str, i64), Option<&str>)> {
    let bytes = text.as_bytes();
    // The grade, up to the `=`.
    let mut at = 0;
    loop {
        let &b = bytes.get(at)?;
        if b == b'=' {
            break;
        }
        if !b.is_ascii_graphic() || b == b';' {
            return None;
        }
        at += 1;
    }
    let grade = text.get(..at).filter(|g| !g.is_empty())?;
    at += 1;
    let digits = at;
    let mut count = 0_i64;
    while let Some(&b) = bytes.get(at) {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        if at - digits == 18 {
            return None;
        }
        count = count * 10 + i64::from(digit);
        at += 1;
    }
    if at == digits {
        return None;
    }
    let rest = match bytes.get(at) {
        None => None,
        Some(b';') => Some(text.get(at + 1..)?),
        Some(_) => return None,
    };
    Some(((grade, count), rest))
}

/// A count of a tally as `str::parse::<i64>` reads it, without its call for plain digits.
#[inline]
fn count_of(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 18 || !bytes.iter().all(u8::is_ascii_digit) {
        return text.parse().ok();
    }
    Some(bytes.iter().fold(0, |n, &b| n * 10 + i64::from(b - b'0')))
}

/// A small fast hash for the memo's keys (the multiply-rotate hash of the Rust compiler's
/// `FxHasher`): the keys are a few short words of the table, not chosen by an adversary who
/// could gain from collisions beyond a slower read.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fx {
    /// The state, its high bits folded into the low ones (the table picks a bucket by the low
    /// bits, which a multiplication leaves poorly mixed).
    fn finish(&self) -> u64 {
        let z = (self.0 ^ (self.0 >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z ^ (z >> 27)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
}

/// Whether a (round, unit) has rows in more than one chunk.
fn shared_keys(chunks: &[Chunk<'_>]) -> bool {
    let mut seen: HashMap<(&str, usize), usize, BuildHasherDefault<Fx>> = HashMap::default();
    for (n, chunk) in chunks.iter().enumerate() {
        for key in &chunk.keys {
            let label: &str = &chunk.rounds[key.round];
            if *seen.entry((label, key.unit)).or_insert(n) != n {
                return true;
            }
        }
    }
    false
}

/// Whether two short strings are equal, compared in line (no call to `memcmp`, which costs more
/// than the comparison for the few bytes of an id): up to 16 bytes as two words that may
/// overlap, longer ones as slices.
#[inline]
pub(crate) fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n > 16 {
        return a == b;
    }
    let (head, tail) = (ends(a), ends(b));
    head == tail
}

/// A code of at most 16 bytes as three words (its length, then [`ends`]): two such codes are
/// equal exactly when their words are (a longer code's words are not compared).
type Packed = [u64; 3];

/// The [`Packed`] form of a code.
#[inline]
fn packed(code: &str) -> Packed {
    let (head, tail) = ends(code.as_bytes());
    [code.len() as u64, head, tail]
}

/// The first and the last (up to) eight bytes of at most 16, as two words; a string's length
/// and its two words together tell it from any other string of the same length.
#[inline]
fn ends(s: &[u8]) -> (u64, u64) {
    let n = s.len();
    let word = |at: usize| s.get(at..at + 8).and_then(|w| w.try_into().ok());
    let half = |at: usize| s.get(at..at + 4).and_then(|w| w.try_into().ok());
    if n >= 8 {
        let (Some(head), Some(tail)) = (word(0), word(n - 8)) else {
            return (0, 0);
        };
        (u64::from_le_bytes(head), u64::from_le_bytes(tail))
    } else if n >= 4 {
        let (Some(head), Some(tail)) = (half(0), half(n - 4)) else {
            return (0, 0);
        };
        (
            u64::from(u32::from_le_bytes(head)),
            u64::from(u32::from_le_bytes(tail)),
        )
    } else {
        // Up to three bytes, folded in from the last (no bound checked per byte).
        let short = s.iter().rev().fold(0, |word, &b| word << 8 | u64::from(b));
        (short, 0)
    }
}

/// What one piece of the table gives.
#[derive(Default)]
struct Chunk<'a> {
    /// The round labels, in order of first appearance.
    rounds: Vec<Cow<'a, str>>,
    /// One entry per (round, unit), in order of first appearance.
    keys: Vec<Inputs<'a>>,
    /// The bad rows, numbered within the piece.
    errors: Vec<RowError>,
    /// How many rows the piece holds (blank lines counted): the next piece's rows come after.
    rows: usize,
    /// Whether [`Reader::read_plain`] met a quote (and stopped there: the piece is to be read
    /// again as quoted CSV).
    quoted: bool,
    /// Whether a (round, unit) came back after its rows had ended and it was scored (see
    /// [`State::eager`]; reading stopped there: the table is to be read again on one thread,
    /// each (round, unit) scored once the whole table is read).
    again: bool,
}

/// The inputs of one (round, unit), as they are read.
struct Inputs<'a> {
    round: usize,
    unit: usize,
    set: usize,
    submitted: bool,
    /// Where the last code was found, in code order (codes mostly come in order).
    hint: usize,
    /// Per node: a bit per stage given (self, survey, authority, appraisal, final).
    seen: Vec<u8>,
    /// Per node: what the leaf's answer counts for.
    answers: Vec<Option<Given>>,
    /// Codes that are no node of the set, with the stage, to find one given twice.
    unknown: Vec<(Cow<'a, str>, u8)>,
    /// The council's and the explanation round's points, checked once every answer is in.
    staged: Vec<Staged<'a>>,
    /// The inputs themselves, when a [`Round`] is loaded.
    data: Option<AssessmentData>,
    /// The index and whether the unit submitted, once scored.
    score: Option<(Decimal, bool)>,
    /// Whether its points were checked and it was scored ([`Reader::finish`]).
    finished: bool,
}

/// What a row gives its (round, unit) on a fast path.
enum Put<'a> {
    /// What the leaf's answer counts for.
    Answer(Given),
    /// Points of the council or the explanation round, checked once every answer is in.
    Points(Staged<'a>),
}

impl<'a> Inputs<'a> {
    /// Puts what a row gives in node `node`'s slots, its stage (`bit`) now given, and notes
    /// whether the row marks the unit as submitted.
    fn put(&mut self, node: usize, bit: u8, put: Put<'a>, submitted: bool) {
        match put {
            Put::Answer(given) => {
                if let Some(slot) = self.answers.get_mut(node) {
                    *slot = Some(given);
                }
            }
            Put::Points(staged) => self.staged.push(staged),
        }
        if let Some(seen) = self.seen.get_mut(node) {
            *seen |= bit;
        }
        self.submitted |= submitted;
    }
}

/// The buffers of a (round, unit) scored, for the next one to take (no allocation per entry).
type Spare<'a> = (Vec<u8>, Vec<Option<Given>>, Vec<Staged<'a>>);

/// What reading a piece keeps from one row to the next.
#[derive(Default)]
struct State<'a> {
    chunk: Chunk<'a>,
    errors: Vec<RowError>,
    round_of: HashMap<Cow<'a, str>, usize>,
    key_of: HashMap<(usize, usize), usize>,
    /// The row before's round and unit, and the entry they gave.
    last: Option<(Cow<'a, str>, Cow<'a, str>, usize)>,
    /// Whether each (round, unit) is scored as soon as a row of another one follows its rows
    /// (a table whose (round, unit)s each come in one run of rows, as a portal writes it and as
    /// [`rounds_to_csv`](crate::rounds_to_csv) writes it): its buffers are then taken by the next,
    /// and no memory grows with the table. A (round, unit) that comes back sets
    /// [`Chunk::again`].
    eager: bool,
    /// The buffers of entries scored.
    spare: Vec<Spare<'a>>,
}

impl<'a> State<'a> {
    /// A state that scores each (round, unit) when its rows end, if `eager`.
    fn new(eager: bool) -> State<'a> {
        State {
            eager,
            ..State::default()
        }
    }
}

/// Points given on a row of stage `appraisal` or `final`.
struct Staged<'a> {
    row: usize,
    node: Option<usize>,
    code: Cow<'a, str>,
    kind: Points,
    points: Decimal,
    accepted: bool,
}

/// What reads rows: the edition's units found by id, and whether to keep the inputs.
struct Reader<'e> {
    edition: &'e Edition,
    units: HashMap<&'e str, (usize, usize)>,
    /// Per criteria set, in code order: each code's [`Packed`] form and its node.
    codes: Vec<Vec<(Packed, usize)>>,
    /// Per criteria set, per node: a survey leaf's options as the integer tally reads them.
    surveys: Vec<Vec<Option<SurveyScale<'e>>>>,
    /// Per criteria set, per node: a rate leaf's rule as the integer rate rule reads it.
    rates: Vec<Vec<Option<RateScale<'e>>>>,
    /// Per criteria set, each leaf's index, blank and field section ([`leaf_blanks`]).
    leaves: Vec<Vec<(usize, NodePoints, Section)>>,
    has_round: bool,
    keep: bool,
}

impl<'e> Reader<'e> {
    fn new(edition: &'e Edition, has_round: bool, keep: bool) -> Reader<'e> {
        let units = edition
            .units()
            .iter()
            .enumerate()
            .filter_map(|(i, unit)| {
                let set = edition.criteria_for(unit)?;
                let s = edition
                    .criteria_sets()
                    .iter()
                    .position(|x| std::ptr::eq(x, set))?;
                Some((unit.id(), (i, s)))
            })
            .collect();
        let codes = edition
            .criteria_sets()
            .iter()
            .map(|set| {
                let sorted = set.sorted();
                sorted
                    .iter()
                    .map(|&i| (packed(&set.nodes()[i].code), i))
                    .collect()
            })
            .collect();
        Reader {
            edition,
            units,
            codes,
            surveys: (edition.criteria_sets().iter())
                .map(|set| set.nodes().iter().map(SurveyScale::of_node).collect())
                .collect(),
            rates: (edition.criteria_sets().iter())
                .map(|set| set.nodes().iter().map(RateScale::of_node).collect())
                .collect(),
            leaves: (edition.criteria_sets().iter())
                .map(|set| leaf_blanks(set, edition.rounding()))
                .collect(),
            has_round,
            keep,
        }
    }

    /// The index of the node of set `s` with this code, trying first the codes just after
    /// `hint` in code order (a position in that order, updated): codes given in order are found
    /// with a few comparisons of their [`Packed`] forms, read from one array (no pointer to follow
    /// to each node's code); any other code by a binary search.
    #[inline]
    fn node_of(&self, s: usize, code: &str, hint: &mut usize) -> Option<usize> {
        let codes = &self.codes[s];
        if code.len() <= 16 {
            let want = packed(code);
            let h = *hint;
            // The next leaf in code order is at most a few parents away (or, when a table moves
            // on to the next stage's rows, back at the first codes).
            // Two plain loops (a chain of the two costs more than the comparisons).
            for k in h + 1..h + 9 {
                if let Some(&(key, node)) = codes.get(k) {
                    if key == want {
                        *hint = k;
                        return Some(node);
                    }
                }
            }
            for k in [h, 0, 1, 2] {
                if let Some(&(key, node)) = codes.get(k) {
                    if key == want {
                        *hint = k;
                        return Some(node);
                    }
                }
            }
        }
        let set = &self.edition.criteria_sets()[s];
        let nodes = set.nodes();
        let k = codes
            .binary_search_by(|&(_, i)| nodes[i].code.as_ref().cmp(code))
            .ok()?;
        *hint = k;
        Some(codes[k].1)
    }

    /// Reads rows (see [`Reader::read`]), counting them.
    fn read_rows<'a>(&self, mut rows: impl Rows<'a>) -> Chunk<'a> {
        let mut chunk = self.read(&mut rows);
        chunk.rows = rows.read();
        chunk
    }

    /// Reads a piece of CSV text that has no quote, line by line, as [`Reader::read`] reads
    /// [`Csv::rows`] (same rows, same checks, same errors), faster; at the first quote it stops
    /// and gives a chunk marked `quoted` (nothing read), for the caller to read the text as
    /// quoted CSV. Each line is cut at its commas ([`Line`]: cells borrowed, none copied), and a row of the same round and unit as the row
    /// before, of a known stage and code not yet given, whose answer's cells were accepted before
    /// on the same leaf through the same assessor (the memo), or that gives points, is put in its
    /// slots at once. Every other row (the first of a (round, unit), an answer not seen yet,
    /// anything unusual or bad) goes through [`Reader::row`], the full check, whose accepted
    /// answers fill the memo.
    fn read_plain<'a>(&self, csv: &Csv<'a>, piece: &'a str, eager: bool) -> Chunk<'a> {
        let columns = csv.columns();
        let mut at = [NO_CELL; ROW_COLUMNS.len()];
        for (k, &c) in columns.iter().enumerate() {
            if let Some(a) = at.get_mut(c) {
                *a = k;
            }
        }
        let mut state = State::new(eager);
        let mut memo = Memo::<MemoKey, MEMO_MAX>::default();
        let mut number = 0;
        let mut rest = piece;
        while !rest.is_empty() {
            let Some((cells, next)) = Line::cut(rest, &at) else {
                return Chunk {
                    quoted: true,
                    ..Chunk::default()
                };
            };
            let line = rest.get(..next).unwrap_or(rest);
            rest = rest.get(next..).unwrap_or("");
            number += 1;
            if !cells.filled() {
                continue;
            }
            if cells.cells <= columns.len() && self.fast(&mut state, &mut memo, &cells, number) {
                continue;
            }
            // The full check, on the line read as `Csv::rows` reads it.
            match csv.rows(line).next() {
                Some(Ok(mut view)) => {
                    view.number = number;
                    let accepted = self.row(&mut state, view);
                    if state.chunk.again {
                        return Chunk {
                            again: true,
                            ..Chunk::default()
                        };
                    }
                    let stage = stage_named(trim(cells.cell(col::STAGE)));
                    if let (Some((set, node, given)), Some(Ok(assessor))) = (accepted, stage) {
                        if let Some(key) = MemoKey::of(set, node, assessor, &cells) {
                            memo.remember(key, given);
                        }
                    }
                }
                Some(Err(mut error)) => {
                    error.row = number;
                    state.errors.push(error);
                }
                None => {}
            }
        }
        let mut chunk = self.close(state);
        chunk.rows = number;
        chunk
    }

    /// Puts a row in its slots when it is of the (round, unit) of the row before, of a known
    /// stage and code not given yet, and its answer is in the memo (or it gives points, checked
    /// once every answer is in); false, with nothing changed, for any other row.
    fn fast<'a>(
        &self,
        state: &mut State<'a>,
        memo: &mut Memo<MemoKey, MEMO_MAX>,
        cells: &Line<'a, '_>,
        number: usize,
    ) -> bool {
        let Some((label, unit, key)) = &state.last else {
            return false;
        };
        let round = if self.has_round {
            trim(cells.cell(col::ROUND))
        } else {
            ""
        };
        if !same(label, round) || !same(unit, trim(cells.cell(col::UNIT))) {
            return false;
        }
        let key = *key;
        let code = trim(cells.cell(col::CODE));
        let Some(stage) = stage_named(trim(cells.cell(col::STAGE))) else {
            return false;
        };
        if code.is_empty() {
            return false;
        }
        let submitted = match trim(cells.cell(col::SUBMITTED)) {
            "" => false,
            text if same(text, "true") => true,
            text if same(text, "false") => false,
            text => match flag("submitted", text) {
                Ok(submitted) => submitted,
                Err(_) => return false,
            },
        };
        let inputs = &mut state.chunk.keys[key];
        let set = inputs.set;
        let Some(node) = self.node_of(inputs.set, code, &mut inputs.hint) else {
            return false;
        };
        let bit = 1 << slot_of(&stage);
        if inputs.seen[node] & bit != 0 {
            return false;
        }
        match stage {
            Ok(assessor) => {
                let given = match MemoKey::of(inputs.set, node, assessor, cells) {
                    Some(key) => match memo.get(&key) {
                        Some(given) => Some(given),
                        None => {
                            // A rate checked here is remembered as the full check's answers are.
                            let given = self.fresh(set, node, assessor, cells);
                            if let Some(given) = given {
                                memo.remember(key, given);
                            }
                            given
                        }
                    },
                    None => self.fresh(set, node, assessor, cells),
                };
                let Some(given) = given else {
                    return false;
                };
                inputs.put(node, bit, Put::Answer(given), submitted);
            }
            Err(kind) => {
                // An empty cell fails to parse too: the full check then says what it says.
                let Ok(points) = parse_decimal("points", trim(cells.cell(col::POINTS))) else {
                    return false;
                };
                let staged = Staged {
                    row: number,
                    node: Some(node),
                    code: Cow::Borrowed(code),
                    kind,
                    points,
                    accepted: false,
                };
                inputs.put(node, bit, Put::Points(staged), submitted);
            }
        }
        true
    }

    /// What a row's rate or tally is worth on node `node` of `set`, checked from its cells as
    /// [`Reader::row`] checks the answer they make, without building a tally's map: rates and
    /// tallies seldom repeat, so most miss the memo (which keeps no tallies). `None`, for the full
    /// check to say what it says, unless the row's kind is `rate` or `tally` (its `grade=count`
    /// parts each a known grade, given once: [`tally_hundredths`]) and the answer is accepted.
    fn fresh<'a>(
        &self,
        set: usize,
        node: usize,
        assessor: Assessor,
        cells: &impl Cells<'a>,
    ) -> Option<Given> {
        let kind = trim(cells.cell(col::KIND));
        if same(kind, "rate") {
            let amount = |c: usize| amount(trim(cells.cell(c)));
            let (numerator, denominator) = (amount(col::NUMERATOR)?, amount(col::DENOMINATOR)?);
            return self.rate_given(set, node, assessor, numerator, denominator);
        }
        if !same(kind, "tally") {
            return None;
        }
        let survey = self.surveys.get(set)?.get(node)?.as_ref()?;
        let parts = TallyParts {
            rest: Some(trim(cells.cell(col::TALLY))),
        };
        let rounding = self.edition.rounding();
        tally_hundredths(&self.subject(set, node)?, assessor, survey, parts, rounding)
            .map(Given::Points)
    }

    /// The leaf of node `node` of `set` as the rules' messages name it (no unit: the batch
    /// reader's fast paths only accept, and a refusal is the full check's to word).
    fn subject(&self, set: usize, node: usize) -> Option<Subject<'e>> {
        let node = self.edition.criteria_sets().get(set)?.nodes().get(node)?;
        Some(Subject {
            unit: None,
            node,
            leaf: node.leaf()?,
        })
    }

    /// What a rate of `numerator` over `denominator` (in hundredths, as [`amount`] reads them)
    /// given by `assessor` counts for on node `node` of `set` ([`rate_hundredths`], by the
    /// leaf's rule read once per edition), or `None` for the full check to say what it says.
    fn rate_given(
        &self,
        set: usize,
        node: usize,
        assessor: Assessor,
        numerator: i64,
        denominator: i64,
    ) -> Option<Given> {
        let scale = (*self.rates.get(set)?.get(node)?)?;
        let (s, rounding) = (self.subject(set, node)?, self.edition.rounding());
        rate_hundredths(&s, assessor, scale, numerator, denominator, rounding).map(Given::Points)
    }

    /// Reads rows, checking each as it comes, then scores every (round, unit) read.
    fn read<'a>(&self, rows: impl Iterator<Item = Result<View<'a>, RowError>>) -> Chunk<'a> {
        let mut state = State::default();
        for row in rows {
            match row {
                Ok(row) => {
                    self.row(&mut state, row);
                }
                Err(error) => state.errors.push(error),
            }
        }
        self.close(state)
    }

    /// Scores every (round, unit) of a piece read; its bad rows in row order.
    fn close<'a>(&self, state: State<'a>) -> Chunk<'a> {
        let State {
            mut chunk,
            mut errors,
            ..
        } = state;
        errors.append(&mut chunk.errors);
        for inputs in chunk.keys.iter_mut().filter(|k| !k.finished) {
            self.finish(inputs, &mut errors);
        }
        errors.sort_by_key(|e| e.row);
        chunk.errors = errors;
        chunk
    }

    /// Enters the row's (round, unit) — `label` and `unit` (found at `u`, criteria set `set`) —
    /// as the one rows now go to: its entry, made on its first row. When the state is
    /// [`eager`](State::eager), the (round, unit) of the row before is scored now. `Ok(None)`
    /// when it comes back after it was scored (the chunk is marked [`again`](Chunk::again));
    /// an error for a second round while a [`Round`] is loaded.
    fn enter<'a>(
        &self,
        state: &mut State<'a>,
        label: Cow<'a, str>,
        unit: Cow<'a, str>,
        u: usize,
        set: usize,
    ) -> Result<Option<usize>, Error> {
        let State {
            chunk,
            round_of,
            key_of,
            last,
            eager,
            spare,
            ..
        } = state;
        let next = chunk.rounds.len();
        let r = *round_of.entry(label.clone()).or_insert(next);
        if r == next {
            chunk.rounds.push(label.clone());
        }
        if self.keep && r > 0 {
            return Err(shape(
                "row",
                format!(
                    "the row is of round {label:?}, the table's first of round {:?}: a Round holds one round (score many with RoundsResults)",
                    chunk.rounds[0]
                ),
            ));
        }
        let next = chunk.keys.len();
        let key = *key_of.entry((r, u)).or_insert(next);
        if chunk.keys.get(key).is_some_and(|k| k.finished) {
            // Its rows ended and it was scored: read the table again, scoring at the end.
            chunk.again = true;
            return Ok(None);
        }
        if *eager {
            // The rows of the row before's (round, unit) have ended: score it now.
            let before = last.as_ref().filter(|l| l.2 != key);
            if let Some(before) = before.and_then(|l| chunk.keys.get_mut(l.2)) {
                // Its refused points go with the chunk's until the piece is closed.
                self.finish(before, &mut chunk.errors);
                spare.push((
                    std::mem::take(&mut before.seen),
                    std::mem::take(&mut before.answers),
                    std::mem::take(&mut before.staged),
                ));
            }
        }
        if key == next {
            let nodes = self.edition.criteria_sets()[set].nodes().len();
            let (mut seen, mut answers, mut staged) = spare.pop().unwrap_or_default();
            seen.clear();
            seen.resize(nodes, 0);
            answers.clear();
            answers.resize(nodes, None);
            staged.clear();
            chunk.keys.push(Inputs {
                round: r,
                unit: u,
                set,
                submitted: false,
                hint: 0,
                seen,
                answers,
                unknown: Vec::new(),
                staged,
                data: self.keep.then(|| AssessmentData {
                    unit: unit.clone().into_owned(),
                    ..AssessmentData::default()
                }),
                score: None,
                finished: false,
            });
        }
        *last = Some((label, unit, key));
        Ok(Some(key))
    }

    /// Checks one row and puts what it gives in its (round, unit)'s slots, or notes why it is
    /// refused. An accepted answer on a leaf is returned (the set, the node, what it counts for)
    /// so that [`Reader::read_plain`] can remember it.
    fn row<'a>(&self, state: &mut State<'a>, row: View<'a>) -> Option<(usize, usize, Given)> {
        let edition = self.edition;
        let number = row.number;
        let label = if self.has_round {
            row.key(col::ROUND)
        } else {
            Some(Cow::Borrowed(""))
        };
        let (Some(label), Some(unit), Some(code), Some(stage)) = (
            label,
            row.key(col::UNIT),
            row.key(col::CODE),
            row.get(col::STAGE),
        ) else {
            let needs = if self.has_round {
                "a row needs a round, a unit, a code and a stage"
            } else {
                "a row needs a unit, a code and a stage"
            };
            state.errors.push(RowError {
                row: number,
                error: shape("row", needs.into()),
            });
            return None;
        };
        let key = match &state.last {
            Some((l, u, key)) if same(l, &label) && same(u, &unit) => *key,
            _ => {
                let entered = match self.units.get(unit.as_ref()) {
                    Some(&(u, set)) => self.enter(state, label, unit.clone(), u, set),
                    None => Err(find_unit(edition, &unit)
                        .err()
                        .unwrap_or_else(|| shape("row", format!("unit {unit:?} has no criteria")))),
                };
                match entered {
                    Ok(Some(key)) => key,
                    Ok(None) => return None,
                    Err(error) => {
                        state.errors.push(RowError {
                            row: number,
                            error: about(error, &unit, Some(&code)),
                        });
                        return None;
                    }
                }
            }
        };
        let State { chunk, errors, .. } = state;
        let mut refuse = |error: Error| errors.push(RowError { row: number, error });
        let inputs = &mut chunk.keys[key];
        if let Some(text) = row.get(col::SUBMITTED) {
            match flag("submitted", text) {
                Ok(submitted) => {
                    inputs.submitted |= submitted;
                    if let Some(data) = &mut inputs.data {
                        data.submitted |= submitted;
                    }
                }
                Err(error) => {
                    refuse(about(error, &unit, Some(&code)));
                    return None;
                }
            }
        }
        let stage = stage_of(stage);
        let slot = stage.as_ref().map_or(5, slot_of);
        let set = &edition.criteria_sets()[inputs.set];
        let node = self.node_of(inputs.set, &code, &mut inputs.hint);
        if slot < 5 {
            let twice = match node {
                Some(i) => {
                    let twice = inputs.seen[i] & (1 << slot) != 0;
                    inputs.seen[i] |= 1 << slot;
                    twice
                }
                None if inputs.unknown.iter().any(|(c, s)| *c == code && *s == slot) => true,
                None => {
                    inputs.unknown.push((code.clone(), slot));
                    false
                }
            };
            if twice {
                refuse(about(
                    shape(
                        "row",
                        format!(
                            "unit {unit}, code {code}, stage {} is given twice",
                            row.get(col::STAGE).unwrap_or_default()
                        ),
                    ),
                    &unit,
                    Some(&code),
                ));
                return None;
            }
        }
        let unit_id = edition.units()[inputs.unit].id();
        let given = stage.and_then(|stage| match stage {
            Ok(assessor) => {
                let answer = answer_of(&row)?;
                let (n, leaf) = leaf_at(set, unit_id, &code, node)?;
                let s = Subject {
                    unit: Some(unit_id),
                    node: n,
                    leaf,
                };
                let worth = answer_worth(&s, assessor, &answer, edition.rounding())?;
                let given = Given::from_worth(worth, edition.rounding());
                if let Some(i) = node {
                    inputs.answers[i] = Some(given);
                }
                if let Some(data) = &mut inputs.data {
                    data.channel_mut(assessor).insert(code.to_string(), answer);
                }
                Ok(node.map(|i| (inputs.set, i, given)))
            }
            Err(kind) => {
                let points = parse_decimal("points", row.required(col::POINTS)?)?;
                inputs.staged.push(Staged {
                    row: number,
                    node,
                    code: code.clone(),
                    kind,
                    points,
                    accepted: false,
                });
                Ok(None)
            }
        });
        match given {
            Ok(accepted) => accepted,
            Err(error) => {
                refuse(about(error, &unit, Some(&code)));
                None
            }
        }
    }

    /// Checks the points given on the (round, unit)'s leaves, now that every answer is in (an
    /// appraisal is checked against the leaf as answered: 0 on a not-applicable leaf), then
    /// scores it.
    fn finish(&self, inputs: &mut Inputs<'_>, errors: &mut Vec<RowError>) {
        inputs.finished = true;
        let edition = self.edition;
        let set = &edition.criteria_sets()[inputs.set];
        let unit = &edition.units()[inputs.unit];
        for staged in &mut inputs.staged {
            let checked =
                leaf_at(set, unit.id(), &staged.code, staged.node).and_then(|(node, leaf)| {
                    let s = Subject {
                        unit: Some(unit.id()),
                        node,
                        leaf,
                    };
                    if let Points::Appraisal = staged.kind {
                        appraisable(&s)?;
                    }
                    let not_applicable = staged
                        .node
                        .is_some_and(|i| inputs.answers[i] == Some(Given::NotApplicable));
                    given_points(&s, staged.points, not_applicable)
                });
            match checked {
                Ok(points) => {
                    staged.points = points;
                    staged.accepted = true;
                    if let Some(data) = &mut inputs.data {
                        let map = match staged.kind {
                            Points::Appraisal => &mut data.appraisals,
                            Points::Final => &mut data.final_points,
                        };
                        map.insert(staged.code.to_string(), points);
                    }
                }
                Err(error) => errors.push(RowError {
                    row: staged.row,
                    error: about(error, unit.id(), Some(&staged.code)),
                }),
            }
        }
        if self.keep {
            return;
        }
        let mut leaves: Vec<LeafInputs<'_>> = inputs
            .answers
            .iter()
            .map(|&answer| LeafInputs {
                answer,
                ..LeafInputs::default()
            })
            .collect();
        for staged in inputs.staged.iter().filter(|s| s.accepted) {
            if let Some(leaf) = staged.node.and_then(|i| leaves.get_mut(i)) {
                match staged.kind {
                    Points::Appraisal => leaf.appraisal = Some(&staged.points),
                    Points::Final => leaf.final_points = Some(&staged.points),
                }
            }
        }
        // Only the index is kept: the leaves alone are scored and summed by field section,
        // unless a sum leaves the range in which they are [`total`]'s.
        let (rounding, nodes) = (edition.rounding(), set.nodes());
        let mut sums = LeafSums::default();
        for &(i, blank, section) in self.leaves.get(inputs.set).map_or(&[][..], Vec::as_slice) {
            if let (Some(node), Some(leaf)) = (nodes.get(i), leaves.get(i)) {
                sums.add(section, &score_leaf_from(blank, node, leaf, rounding));
            }
        }
        let index = sums.index(edition).unwrap_or_else(|| {
            let points = score_leaves(edition, set, &leaves);
            total(edition, unit, set, inputs.submitted, points).index()
        });
        inputs.score = Some((index, inputs.submitted));
    }

    /// The results of every round the chunks read (the rounds ranked on up to `threads`
    /// threads), or every bad row (numbered in the table).
    fn results(&self, chunks: Vec<Chunk<'_>>, threads: usize) -> Result<RoundsResults, Error> {
        let edition = self.edition;
        let mut errors = Vec::new();
        let mut base = 0;
        for chunk in &chunks {
            errors.extend(chunk.errors.iter().map(|e| RowError {
                row: e.row + base,
                error: e.error.clone(),
            }));
            base += chunk.rows;
        }
        if !errors.is_empty() {
            return Err(Error::invalid_rows(errors));
        }
        let mut rounds: Vec<String> = Vec::new();
        let mut round_of: HashMap<&str, usize> = HashMap::new();
        let units = edition.units().len();
        let mut scores: Vec<Option<(Decimal, bool)>> = Vec::new();
        for chunk in &chunks {
            let global: Vec<usize> = chunk
                .rounds
                .iter()
                .map(|label| {
                    *round_of.entry(label).or_insert_with(|| {
                        rounds.push(label.to_string());
                        scores.resize(rounds.len() * units, None);
                        rounds.len() - 1
                    })
                })
                .collect();
            for key in &chunk.keys {
                if let Some(slot) = scores.get_mut(global[key.round] * units + key.unit) {
                    *slot = key.score;
                }
            }
        }
        if rounds.is_empty() && !self.has_round {
            rounds.push(String::new());
            scores.resize(units, None);
        }
        // The rounds ranked in runs of consecutive rounds, one per thread, joined in order.
        let count = rounds.len();
        let threads = threads_for(threads).min(count.div_ceil(64)).max(1);
        let per = count.div_ceil(threads).max(1);
        let rank_run = |first: usize| {
            let runs = first..count.min(first + per);
            let mut out = RoundsResults::empty(edition, runs.len() * units);
            for r in runs {
                let Some(scores) = scores.get(r * units..(r + 1) * units) else {
                    continue;
                };
                for &group in Group::ALL {
                    for place in places(edition, scores, group) {
                        out.round.push(r);
                        out.group.push(group);
                        out.rank.push(place.rank);
                        out.unit.push(place.order);
                        out.index.push(place.index);
                        out.band
                            .push(edition.bands().iter().position(|b| b.admits(place.index)));
                        out.submitted.push(place.submitted);
                    }
                }
            }
            out
        };
        let starts = (0..threads).map(|t| t * per).filter(|&f| f < count.max(1));
        let mut parts: Vec<RoundsResults> = if threads > 1 {
            on_threads(starts, &rank_run)
        } else {
            starts.map(rank_run).collect()
        };
        let mut out = RoundsResults::empty(edition, count * units);
        for part in &mut parts {
            out.round.append(&mut part.round);
            out.group.append(&mut part.group);
            out.rank.append(&mut part.rank);
            out.unit.append(&mut part.unit);
            out.index.append(&mut part.index);
            out.band.append(&mut part.band);
            out.submitted.append(&mut part.submitted);
        }
        out.rounds = rounds;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_memo_kind_is_found_by_its_exact_name_only() {
        for (k, (name, _)) in MEMO_KINDS.iter().enumerate() {
            assert_eq!(memo_kind(name), Some(k), "{name}");
        }
        for name in [
            "",
            "tally",
            "yes-nO",
            "options",
            "pointz",
            "rate",
            "rates",
            "not-applicabl",
        ] {
            assert_eq!(memo_kind(name), None, "{name}");
        }
    }

    #[test]
    fn a_line_is_cut_at_its_commas_as_split_cuts_it() {
        // Header positions: round is the header's third column, unit its first, code its second.
        let mut at = [NO_CELL; ROW_COLUMNS.len()];
        at[col::UNIT] = 0;
        at[col::CODE] = 1;
        at[col::ROUND] = 2;
        for text in [
            "",
            ",",
            "u,c,r",
            "u,,r",
            "unit-with-a-longer-id,1.2.3.4,2019",
            ",,,,,,,,x",
        ] {
            let (line, next) = Line::cut(text, &at).unwrap();
            assert_eq!(next, text.len());
            for end in ["\n", "\r\n"] {
                let longer = format!("{text}{end}more,\"\n");
                let (other, next) = Line::cut(&longer, &at).unwrap();
                assert_eq!(
                    (other.text, other.cells, next),
                    (text, line.cells, text.len() + end.len())
                );
            }
            let cells: Vec<&str> = text.split(',').collect();
            assert_eq!(line.cells, cells.len(), "{text:?}");
            assert_eq!(
                line.filled(),
                cells.iter().any(|c| !c.is_empty()),
                "{text:?}"
            );
            for (column, k) in [(col::UNIT, 0), (col::CODE, 1), (col::ROUND, 2)] {
                assert_eq!(
                    line.cell(column),
                    cells.get(k).copied().unwrap_or(""),
                    "{text:?}"
                );
            }
            assert_eq!(line.cell(col::KIND), "");
        }
        assert!(Line::cut("u,\"c\",r", &at).is_none());
        assert!(Line::cut("u,c,r\"\n", &at).is_none());
        assert!(Line::cut("a-long-unit-id,1.2.3,\"", &at).is_none());
    }

    #[test]
    fn a_plain_part_is_read_as_any_part_is() {
        let mut next = crate::test_numbers(0x9e37_79b9_7f4a_7c15_u64);
        let pieces = [
            "a",
            "b",
            "e",
            "ab",
            "=",
            ";",
            " ",
            "1",
            "0",
            "9",
            "007",
            "+",
            "-",
            "é",
            "\t",
            "123456789012345678",
            "1234567890123456789",
            "99999999999999999999",
        ];
        let mut plain = 0;
        for _ in 0..200_000 {
            // Half of them shaped as a part (grade, `=`, count, what follows), half anyhow.
            let (shaped, length) = (next(2) == 0, 1 + next(8));
            let mut pick = || pieces[next(pieces.len() as u64) as usize];
            let text: String = if shaped {
                [pick(), "=", pick(), pick(), pick()].concat()
            } else {
                (0..length).map(|_| pick()).collect()
            };
            if let Some(part) = plain_part(&text) {
                assert_eq!(part, any_part(&text), "{text:?}");
                plain += 1;
            }
        }
        for text in [
            "a=14;b=46;c=39",
            "a=1",
            "a=123456789012345678;b=0",
            "xy_z=3;",
        ] {
            assert_eq!(plain_part(text), Some(any_part(text)), "{text:?}");
        }
        for text in [
            "a=1234567890123456789",
            " a=1",
            "a =1",
            "a=",
            "=1",
            "a=+1",
            "a=1 ;",
        ] {
            assert_eq!(plain_part(text), None, "{text:?}");
        }
        assert!(plain > 2_000, "{plain}");
    }

    #[test]
    fn counts_are_read_as_parse_reads_them() {
        for text in [
            "0",
            "7",
            "007",
            "123456789012345678",
            "1234567890123456789",
            "+5",
            "-3",
            "",
            " 1",
            "1e3",
            "٣",
        ] {
            assert_eq!(count_of(text), text.parse().ok(), "{text:?}");
        }
    }
}
