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

use crate::answer::Subject;
use crate::assessment::{
    AssessmentData, answer_worth, appraisable, find_unit, given_points, leaf_at,
};
use crate::edition::Edition;
use crate::error::{Error, parse_decimal};
use crate::name::Named;
use crate::results::places;
use crate::round::Round;
use crate::rows::{
    Columns, Csv, Points, RowError, Rows, View, about, answer_of, col, flag, shape, stage_of,
};
use crate::scorecard::{Given, LeafInputs, score_leaves, total};
use crate::unit::Group;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashMap;

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
        let chunks = read_pieces(&reader, threads, |n| csv.pieces(n), |piece| csv.rows(piece));
        reader.results(chunks)
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
        let chunks = read_pieces(&reader, threads, |n| table.pieces(n), |r| table.rows(r));
        reader.results(chunks)
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

/// Reads the pieces of a table on up to `threads` threads (each piece's (round, unit)s its
/// own), or on one thread when the pieces do not divide the table so.
fn read_pieces<'a, P: Send, I: Rows<'a>>(
    reader: &Reader<'_>,
    threads: usize,
    pieces: impl Fn(usize) -> Vec<P>,
    rows: impl Fn(P) -> I + Sync,
) -> Vec<Chunk<'a>> {
    let read = |part: P| {
        let mut rows = rows(part);
        let mut chunk = reader.read(&mut rows);
        chunk.rows = rows.read();
        chunk
    };
    // No threads in a browser's WebAssembly (spawning one would panic); at most 64 elsewhere:
    // more would not help, and each piece costs a thread.
    let threads = if cfg!(target_family = "wasm") {
        1
    } else {
        threads.clamp(1, 64)
    };
    let parts = pieces(threads);
    if parts.len() > 1 {
        let chunks: Vec<Chunk<'a>> = std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .into_iter()
                .map(|part| {
                    let read = &read;
                    scope.spawn(move || read(part))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        if !shared_keys(&chunks) {
            return chunks;
        }
    }
    pieces(1).into_iter().map(read).collect()
}

/// Whether a (round, unit) has rows in more than one chunk.
fn shared_keys(chunks: &[Chunk<'_>]) -> bool {
    let mut seen: HashMap<(&str, usize), usize> = HashMap::new();
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
/// than the comparison for the few bytes of an id).
#[inline]
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// What one piece of the table gives.
struct Chunk<'a> {
    /// The round labels, in order of first appearance.
    rounds: Vec<Cow<'a, str>>,
    /// One entry per (round, unit), in order of first appearance.
    keys: Vec<Inputs<'a>>,
    /// The bad rows, numbered within the piece.
    errors: Vec<RowError>,
    /// How many rows the piece holds (blank lines counted): the next piece's rows come after.
    rows: usize,
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
        Reader {
            edition,
            units,
            has_round,
            keep,
        }
    }

    /// Reads rows, checking each as it comes, then scores every (round, unit) read.
    fn read<'a>(&self, rows: impl Iterator<Item = Result<View<'a>, RowError>>) -> Chunk<'a> {
        let edition = self.edition;
        let mut chunk = Chunk {
            rounds: Vec::new(),
            keys: Vec::new(),
            errors: Vec::new(),
            rows: 0,
        };
        let mut errors = Vec::new();
        let mut round_of: HashMap<Cow<'a, str>, usize> = HashMap::new();
        let mut key_of: HashMap<(usize, usize), usize> = HashMap::new();
        // The row before's round and unit, and the entry they gave.
        let mut last: Option<(Cow<'a, str>, Cow<'a, str>, usize)> = None;
        for row in rows {
            let row = match row {
                Ok(row) => row,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            let number = row.number;
            let mut refuse = |error: Error| errors.push(RowError { row: number, error });
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
                refuse(shape("row", needs.into()));
                continue;
            };
            let key = match &last {
                Some((l, u, key)) if same(l, &label) && same(u, &unit) => *key,
                _ => {
                    let Some(&(u, set)) = self.units.get(unit.as_ref()) else {
                        let error = find_unit(edition, &unit).err().unwrap_or_else(|| {
                            shape("row", format!("unit {unit:?} has no criteria"))
                        });
                        refuse(about(error, &unit, Some(&code)));
                        continue;
                    };
                    let next = chunk.rounds.len();
                    let r = *round_of.entry(label.clone()).or_insert(next);
                    if r == next {
                        chunk.rounds.push(label.clone());
                    }
                    if self.keep && r > 0 {
                        refuse(about(
                            shape(
                                "row",
                                format!(
                                    "the row is of round {label:?}, the table's first of round {:?}: a Round holds one round (score many with RoundsResults)",
                                    chunk.rounds[0]
                                ),
                            ),
                            &unit,
                            Some(&code),
                        ));
                        continue;
                    }
                    let next = chunk.keys.len();
                    let key = *key_of.entry((r, u)).or_insert(next);
                    if key == next {
                        let nodes = edition.criteria_sets()[set].nodes().len();
                        chunk.keys.push(Inputs {
                            round: r,
                            unit: u,
                            set,
                            submitted: false,
                            hint: 0,
                            seen: vec![0; nodes],
                            answers: vec![None; nodes],
                            unknown: Vec::new(),
                            staged: Vec::new(),
                            data: self.keep.then(|| AssessmentData {
                                unit: unit.clone().into_owned(),
                                ..AssessmentData::default()
                            }),
                            score: None,
                        });
                    }
                    last = Some((label, unit.clone(), key));
                    key
                }
            };
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
                        continue;
                    }
                }
            }
            let stage = stage_of(stage);
            let slot = match &stage {
                Ok(Ok(assessor)) => *assessor as u8,
                Ok(Err(Points::Appraisal)) => 3,
                Ok(Err(Points::Final)) => 4,
                Err(_) => 5,
            };
            let set = &edition.criteria_sets()[inputs.set];
            let node = set.index_near(&code, &mut inputs.hint);
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
                    continue;
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
                    if let Some(i) = node {
                        inputs.answers[i] = Some(Given::from_worth(worth, edition.rounding()));
                    }
                    if let Some(data) = &mut inputs.data {
                        data.channel_mut(assessor).insert(code.to_string(), answer);
                    }
                    Ok(())
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
                    Ok(())
                }
            });
            if let Err(error) = given {
                refuse(about(error, &unit, Some(&code)));
            }
        }
        for inputs in &mut chunk.keys {
            self.finish(inputs, &mut errors);
        }
        errors.sort_by_key(|e| e.row);
        chunk.errors = errors;
        chunk
    }

    /// Checks the points given on the (round, unit)'s leaves, now that every answer is in (an
    /// appraisal is checked against the leaf as answered: 0 on a not-applicable leaf), then
    /// scores it.
    fn finish(&self, inputs: &mut Inputs<'_>, errors: &mut Vec<RowError>) {
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
        let card = total(
            edition,
            unit,
            set,
            inputs.submitted,
            score_leaves(edition, set, &leaves),
        );
        inputs.score = Some((card.index(), card.submitted()));
    }

    /// The results of every round the chunks read, or every bad row (numbered in the table).
    fn results(&self, chunks: Vec<Chunk<'_>>) -> Result<RoundsResults, Error> {
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
        let mut out = RoundsResults {
            edition: edition.clone(),
            rounds: Vec::new(),
            round: Vec::with_capacity(rounds.len() * units),
            group: Vec::with_capacity(rounds.len() * units),
            rank: Vec::with_capacity(rounds.len() * units),
            unit: Vec::with_capacity(rounds.len() * units),
            index: Vec::with_capacity(rounds.len() * units),
            band: Vec::with_capacity(rounds.len() * units),
            submitted: Vec::with_capacity(rounds.len() * units),
        };
        for r in 0..rounds.len() {
            let scores = &scores[r * units..(r + 1) * units];
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
        out.rounds = rounds;
        Ok(out)
    }
}
