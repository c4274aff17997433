//! The analyst's batch path (`docs/batch.md`): the long table as CSV text, as rows and as
//! columns gives the round that giving the same inputs one by one gives, digit for digit; every
//! bad row is reported at once and nothing is loaded.

use cchc_core::{CodedColumn, Codes, ROW_COLUMNS, Round, RoundsResults, read_csv, rounds_to_csv};
use cchc_criteria::default_edition;

/// A round as the long table in CSV (the core's writer), without a `round` column.
fn table(round: &Round) -> String {
    round.to_csv(None)
}

/// The columns of the long table without `round`.
const COLUMNS: &[&str] = ROW_COLUMNS.split_at(13).0;

#[test]
fn the_table_gives_the_round_given_one_by_one() {
    let edition = default_edition();
    for seed in [1, 2, 3] {
        let direct = Round::synthetic(&edition, seed);
        let csv = table(&direct);
        let loaded = Round::from_csv(&edition, &csv).unwrap();
        assert_eq!(loaded, direct, "seed {seed}");
        assert_eq!(loaded.results(), direct.results());
        assert_eq!(loaded.scorecards(), direct.scorecards());
        // The same table as rows and as columns.
        let rows = read_csv(&csv).unwrap();
        assert_eq!(Round::from_rows(&edition, &rows).unwrap(), direct);
        assert_eq!(rows, direct.to_rows(None));
        let columns: Vec<Vec<Option<String>>> = (0..COLUMNS.len())
            .map(|i| {
                let cells = csv
                    .lines()
                    .skip(1)
                    .map(|line| read_csv(&format!("{}\n{line}\n", COLUMNS.join(","))).unwrap());
                cells.map(|rows| cell_of(&rows[0], i)).collect()
            })
            .collect();
        let named: Vec<(&str, &[Option<String>])> = COLUMNS
            .iter()
            .copied()
            .zip(columns.iter().map(|c| &c[..]))
            .collect();
        assert_eq!(Round::from_columns(&edition, &named).unwrap(), direct);
    }
}

fn cell_of(row: &cchc_core::Row, column: usize) -> Option<String> {
    let cells = [
        &row.unit,
        &row.code,
        &row.stage,
        &row.kind,
        &row.yes,
        &row.option,
        &row.ticked,
        &row.count,
        &row.numerator,
        &row.denominator,
        &row.points,
        &row.tally,
        &row.submitted,
        &row.round,
    ];
    cells[column].clone()
}

#[test]
fn exact_digits_of_a_small_table() {
    let edition = default_edition();
    let csv = "\u{feff}unit,code,stage,kind,yes,points,submitted\r\n\
               so-y-te,1.1.1,self,yes-no,true,,TRUE\r\n\
               \r\n\
               \"so-y-te\",\"1.1.1\",appraisal,,,\"0.25\",\r\n";
    let round = Round::from_csv(&edition, csv).unwrap();
    let card = round.scorecard("so-y-te").unwrap();
    assert_eq!(card.total.to_string(), "0.25");
    assert!(card.submitted);
    let node = card.node("1.1.1").unwrap();
    assert_eq!(node.self_points.unwrap().to_string(), "0.5");
    assert_eq!(node.appraised.to_string(), "0.25");
    let results = round.results();
    let placed = results
        .groups
        .iter()
        .flat_map(|g| &g.ranking)
        .find(|p| p.unit == "so-y-te");
    assert_eq!(placed.unwrap().index.to_string(), card.index.to_string());
}

#[test]
fn quoted_cells_keep_commas_and_quotes() {
    let rows =
        read_csv("unit,code,stage,option\n\"a,b\",\"x \"\"y\"\"\",self,\"o\"\"\"\n").unwrap();
    assert_eq!(rows[0].unit.as_deref(), Some("a,b"));
    assert_eq!(rows[0].code.as_deref(), Some("x \"y\""));
    assert_eq!(rows[0].option.as_deref(), Some("o\""));
}

#[test]
fn every_bad_row_at_once_and_nothing_loaded() {
    let edition = default_edition();
    let csv = "unit,code,stage,kind,yes,option,count,points,submitted\n\
               so-y-te,1.1.1,self,yes-no,maybe,,,,\n\
               so-y-te,1.1.1,selv,,,,,,\n\
               so-z,1.1.1,self,yes-no,true,,,,\n\
               so-y-te,9.9.9,self,yes-no,true,,,,\n\
               so-y-te,1.1.2,self,count,,,2.5,,\n\
               so-y-te,1.1.3,appraisal,,,,,1.5e3,\n\
               so-y-te,1.1.3,appraisal,,,,,0,\n\
               so-y-te,1.2,self,option,,nope,,,\n\
               so-y-te,1.1.4,self,yes-no,true,,,,perhaps\n\
               ,1.1.1,self,yes-no,true,,,,\n\
               so-y-te,1.1.1,self,yes-no,true,,,,,extra\n\
               so-y-te,1.1.1,appraisal,,,,,9,\n";
    let err = Round::from_csv(&edition, csv).unwrap_err();
    assert_eq!(err.code(), "invalid-rows");
    assert_eq!(
        err.items(),
        [
            "row 1, unit so-y-te, code 1.1.1: invalid-shape",
            "row 2, unit so-y-te, code 1.1.1: unknown-name",
            "row 3, unit so-z, code 1.1.1: unknown-unit",
            "row 4, unit so-y-te, code 9.9.9: unknown-criterion",
            "row 5, unit so-y-te, code 1.1.2: invalid-shape",
            "row 6, unit so-y-te, code 1.1.3: not-a-decimal",
            "row 7, unit so-y-te, code 1.1.3: invalid-shape",
            "row 8, unit so-y-te, code 1.2: unknown-option",
            "row 9, unit so-y-te, code 1.1.4: invalid-shape",
            "row 10, unit -, code -: invalid-shape",
            "row 11, unit -, code -: invalid-shape",
            "row 12, unit so-y-te, code 1.1.1: above-max",
        ]
    );
}

#[test]
fn a_bad_header_is_row_zero() {
    let edition = default_edition();
    let err =
        Round::from_csv(&edition, "unit,code,colour,code\nso-y-te,1.1.1,red,1.1.1\n").unwrap_err();
    assert_eq!(
        err.items(),
        [
            "row 0, unit -, code -: invalid-shape",
            "row 0, unit -, code -: invalid-shape",
            "row 0, unit -, code -: invalid-shape",
        ]
    );
    let unit = [Some("so-y-te")];
    let code = [Some("1.1.1"), Some("1.1.2")];
    let stage = [Some("self")];
    let columns: [(&str, &[Option<&str>]); 3] =
        [("unit", &unit), ("code", &code), ("stage", &stage)];
    let err = Round::from_columns(&edition, &columns).unwrap_err();
    assert_eq!(err.items(), ["row 0, unit -, code -: invalid-shape"]);
    assert!(
        err.message().contains("unequal lengths"),
        "{}",
        err.message()
    );
}

/// Rounds 1, 2 and 3 in one table, labelled `y1`, `y2`, `y3`.
fn three_rounds() -> (Vec<Round>, String) {
    let edition = default_edition();
    let rounds: Vec<Round> = (1..=3)
        .map(|seed| Round::synthetic(&edition, seed))
        .collect();
    let text = rounds_to_csv([("y1", &rounds[0]), ("y2", &rounds[1]), ("y3", &rounds[2])]);
    (rounds, text)
}

/// Every placement of a round's results: (group, rank, unit, index, band, submitted).
fn placements(round: &Round) -> Vec<(String, u32, String, String, String, bool)> {
    let results = round.results();
    results
        .groups
        .iter()
        .flat_map(|g| {
            g.ranking.iter().map(move |p| {
                let group = serde_json::to_value(g.group).unwrap();
                (
                    group.as_str().unwrap().to_owned(),
                    p.rank,
                    p.unit.clone(),
                    p.index.to_string(),
                    p.band.clone(),
                    p.submitted,
                )
            })
        })
        .collect()
}

/// The placements of round `r` in columnar results, as [`placements`] gives them.
fn placements_of(
    results: &RoundsResults,
    r: usize,
) -> Vec<(String, u32, String, String, String, bool)> {
    (0..results.len())
        .filter(|&i| results.round[i] == r)
        .map(|i| {
            let group = serde_json::to_value(results.group[i]).unwrap();
            (
                group.as_str().unwrap().to_owned(),
                results.rank[i],
                results.unit_id(i).to_owned(),
                results.index[i].to_string(),
                results.band_id(i).to_owned(),
                results.submitted[i],
            )
        })
        .collect()
}

#[test]
fn many_rounds_at_once_give_each_round_digit_for_digit() {
    let edition = default_edition();
    let (rounds, text) = three_rounds();
    for threads in [1, 2, 3, 8] {
        let results = RoundsResults::from_csv(&edition, &text, threads).unwrap();
        assert_eq!(results.rounds, ["y1", "y2", "y3"]);
        assert_eq!(results.len(), 3 * 47);
        for (r, round) in rounds.iter().enumerate() {
            let one = Round::from_csv(&edition, &round.to_csv(None)).unwrap();
            assert_eq!(
                placements_of(&results, r),
                placements(&one),
                "round {r}, {threads} threads"
            );
            assert_eq!(placements(&one), placements(round));
        }
    }
    // Exact digits of one placement (round y2, the first department).
    let results = RoundsResults::from_csv(&edition, &text, 2).unwrap();
    let first = (0..results.len()).find(|&i| results.round[i] == 1).unwrap();
    let want = &placements(&rounds[1])[0];
    assert_eq!(
        (
            results.unit_id(first),
            results.index[first].to_string(),
            results.rank[first]
        ),
        (want.2.as_str(), want.3.clone(), 1)
    );
    // The same table as columns.
    let rows = read_csv(&text).unwrap();
    let cells: Vec<Vec<Option<String>>> = (0..ROW_COLUMNS.len())
        .map(|i| rows.iter().map(|row| cell_of(row, i)).collect())
        .collect();
    let named: Vec<(&str, &[Option<String>])> = ROW_COLUMNS
        .iter()
        .copied()
        .zip(cells.iter().map(|c| &c[..]))
        .collect();
    for threads in [1, 2] {
        assert_eq!(
            RoundsResults::from_columns(&edition, &named, threads).unwrap(),
            results
        );
    }
}

#[test]
fn a_table_without_rounds_is_one_round() {
    let edition = default_edition();
    let round = Round::synthetic(&edition, 5);
    let results = RoundsResults::from_csv(&edition, &round.to_csv(None), 2).unwrap();
    assert_eq!(results.rounds, [""]);
    assert_eq!(placements_of(&results, 0), placements(&round));
    // Rows shuffled so that units are split between the pieces: read on one thread, same digits.
    let text = round.to_csv(None);
    let (head, body) = text.split_once('\n').unwrap();
    let mut lines: Vec<&str> = body.lines().collect();
    lines.reverse();
    let shuffled = format!("{head}\n{}\n", lines.join("\n"));
    let again = RoundsResults::from_csv(&edition, &shuffled, 2).unwrap();
    assert_eq!(placements_of(&again, 0), placements(&round));
}

#[test]
fn bad_rows_of_a_later_round_are_numbered_in_the_table() {
    let edition = default_edition();
    let (_, text) = three_rounds();
    let lines: Vec<&str> = text.lines().collect();
    // The rows of round y2 start after the header and y1's rows.
    let first_y2 = lines.iter().position(|l| l.ends_with(",y2")).unwrap();
    let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let row = |line: usize| line; // line n (the header is line 0) is row n
    // A yes-no answer of "maybe" and an unknown unit, both in round y2, and a row without round.
    let yes_no = (first_y2 + 2..lines.len())
        .find(|&i| lines[i].contains(",yes-no,true,") || lines[i].contains(",yes-no,false,"))
        .unwrap();
    bad[yes_no] = bad[yes_no]
        .replace(",yes-no,true,", ",yes-no,maybe,")
        .replace(",yes-no,false,", ",yes-no,maybe,");
    let unit = lines[yes_no].split(',').next().unwrap().to_owned();
    let other = lines[first_y2 + 1].split(',').next().unwrap().to_owned();
    bad[first_y2 + 1] = bad[first_y2 + 1].replacen(&other, "so-z", 1);
    let last = lines.len() - 1;
    bad[last] = bad[last].trim_end_matches("y3").to_owned();
    let text = bad.join("\n") + "\n";
    let code = |line: usize| bad[line].split(',').nth(1).unwrap().to_owned();
    for threads in [1, 2] {
        let err = RoundsResults::from_csv(&edition, &text, threads).unwrap_err();
        assert_eq!(err.code(), "invalid-rows");
        let mut want = vec![
            (
                row(first_y2 + 1),
                format!(
                    "row {}, unit so-z, code {}: unknown-unit",
                    first_y2 + 1,
                    code(first_y2 + 1)
                ),
            ),
            (
                row(yes_no),
                format!(
                    "row {yes_no}, unit {unit}, code {}: invalid-shape",
                    code(yes_no)
                ),
            ),
            (
                row(last),
                format!("row {last}, unit -, code -: invalid-shape"),
            ),
        ];
        want.sort();
        let want: Vec<String> = want.into_iter().map(|(_, item)| item).collect();
        assert_eq!(err.items(), want, "{threads} threads");
    }
    // A Round holds one round: rows of another are refused.
    let err = Round::from_csv(&edition, &text).unwrap_err();
    assert!(err.items().len() > 1000, "{}", err.items().len());
}

/// The long table's columns of CSV text, read by `read_csv`: what `from_columns` (the reader
/// every row of which goes through the full check) takes.
fn columns_of(text: &str) -> Vec<(&'static str, Vec<Option<String>>)> {
    let rows = read_csv(text).unwrap();
    let names: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    (0..ROW_COLUMNS.len())
        .filter(|&i| names.contains(&ROW_COLUMNS[i]))
        .map(|i| {
            let cells = rows.iter().map(|row| cell_of(row, i)).collect();
            (ROW_COLUMNS[i], cells)
        })
        .collect()
}

/// The table read by `RoundsResults::from_csv` (its plain reader and memo) and by
/// `RoundsResults::from_columns` (every row through the full check): the same results, or the
/// same bad rows.
fn same_as_full_check(text: &str, threads: usize) -> Result<RoundsResults, Vec<String>> {
    let edition = default_edition();
    let columns = columns_of(text);
    let named: Vec<(&str, &[Option<String>])> =
        columns.iter().map(|(name, c)| (*name, &c[..])).collect();
    let full = RoundsResults::from_columns(&edition, &named, 1).map_err(|e| e.items().to_vec());
    let fast = RoundsResults::from_csv(&edition, text, threads).map_err(|e| e.items().to_vec());
    assert_eq!(fast, full, "{threads} thread(s)");
    for variant in 0..4 {
        let coded = Coded::of(&columns, variant);
        let got = RoundsResults::from_coded(&edition, &coded.columns(), threads)
            .map_err(|e| e.items().to_vec());
        assert_eq!(
            got, full,
            "coded columns, variant {variant}, {threads} thread(s)"
        );
    }
    fast
}

/// The long table's columns dictionary-coded, as a pandas data frame of categorical columns
/// hands them over: per column, its distinct cells (in order of first appearance) and a code
/// per row, as little-endian bytes of 1, 2, 4 or 8 bytes (by column, in turn) or as `i32`s.
/// Variant 1 gives each distinct cell two categories of the same text (codes alternating, so
/// the same text comes under different codes); variant 2 adds unused categories and writes an
/// empty cell as a `None` category instead of a negative code; variant 3 gives the columns
/// whose text the reader reads (unit, code, numerator, tally, round) more categories than the
/// reader reads in place (70,000 unused ones first) and the used ones in reverse order of
/// first use, so that the reader renumbers them in row order.
struct Coded {
    columns: Vec<CodedOwned>,
}

/// A coded column's name, codes (as bytes of a width, 0: as `ints`) and categories.
type CodedOwned = (&'static str, Vec<u8>, usize, Vec<i32>, Vec<Option<String>>);

impl Coded {
    fn of(columns: &[(&'static str, Vec<Option<String>>)], variant: usize) -> Coded {
        let mut out = Vec::new();
        for (k, (name, cells)) in columns.iter().enumerate() {
            let mut categories: Vec<Option<String>> = Vec::new();
            if variant == 2 {
                categories.push(Some("unused".into()));
                categories.push(None);
            }
            let mut codes = Vec::with_capacity(cells.len());
            for (row, cell) in cells.iter().enumerate() {
                let code = match cell {
                    None if variant != 2 => -1,
                    _ => {
                        let at = categories
                            .iter()
                            .position(|c| c == cell)
                            .unwrap_or_else(|| {
                                categories.push(cell.clone());
                                if variant == 1 {
                                    categories.push(cell.clone());
                                }
                                categories.len() - 1 - usize::from(variant == 1)
                            });
                        (at + usize::from(variant == 1 && row % 2 == 1)) as i64
                    }
                };
                codes.push(code);
            }
            let width = [1, 2, 4, 8, 0][(k + variant) % 5];
            let width = if width == 1 && categories.len() > 127 {
                2
            } else {
                width
            };
            let mut bytes = Vec::new();
            for &c in &codes {
                match width {
                    1 => bytes.extend((c as i8).to_le_bytes()),
                    2 => bytes.extend((c as i16).to_le_bytes()),
                    4 => bytes.extend((c as i32).to_le_bytes()),
                    8 => bytes.extend(c.to_le_bytes()),
                    _ => {}
                }
            }
            let many = ["unit", "code", "numerator", "tally", "round"];
            let (width, codes, categories) = if variant == 3 && many.contains(name) {
                // Unused categories first, then the used ones last-used-first.
                const UNUSED: usize = 70_000;
                let used = categories.len();
                let mut padded = vec![None; UNUSED];
                padded.extend(categories.into_iter().rev());
                let codes = codes
                    .iter()
                    .map(|&c| match c {
                        ..0 => c,
                        c => (UNUSED + used - 1 - c as usize) as i64,
                    })
                    .collect();
                (0, codes, padded)
            } else {
                (width, codes, categories)
            };
            let ints = codes.iter().map(|&c| c as i32).collect();
            out.push((*name, bytes, width, ints, categories));
        }
        Coded { columns: out }
    }

    fn columns(&self) -> Vec<CodedColumn<'_, String>> {
        self.columns
            .iter()
            .map(|(name, bytes, width, ints, categories)| CodedColumn {
                name,
                codes: if *width == 0 {
                    Codes::I32(ints)
                } else {
                    Codes::little_endian(bytes, *width).unwrap()
                },
                categories,
            })
            .collect()
    }
}

/// A small random number generator (SplitMix64), so that the tables below are the same on
/// every run.
struct Mix(u64);

impl Mix {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

#[test]
fn the_memo_gives_each_leaf_its_own_worth() {
    let edition = default_edition();
    let unit = "so-y-te";
    let set = edition.criteria_of(unit).unwrap();
    // Two leaves answered by a rate, by the unit itself, on which 1 of 2 is worth different
    // points (different methods or maxima).
    let half = cchc_core::Answer::Rate {
        numerator: "1".parse().unwrap(),
        denominator: "2".parse().unwrap(),
    };
    let worth = |code: &str| edition.worth(unit, cchc_core::Assessor::SelfAssessed, code, &half);
    let rates: Vec<&str> = set
        .leaves()
        .filter(|(node, _)| worth(node.code()).is_ok())
        .map(|(node, _)| node.code())
        .collect();
    let (a, b) = rates
        .iter()
        .flat_map(|a| rates.iter().map(move |b| (*a, *b)))
        .find(|(a, b)| worth(a).unwrap() != worth(b).unwrap())
        .expect("two rate leaves worth different points for 1 of 2");
    assert_ne!(worth(a).unwrap(), worth(b).unwrap());
    let mut text = String::from("round,unit,code,stage,kind,numerator,denominator\n");
    for round in ["r1", "r2", "r3"] {
        for code in [a, b] {
            text += &format!("{round},{unit},{code},self,rate,1,2\n");
        }
    }
    let results = same_as_full_check(&text, 1).unwrap();
    let one = Round::from_csv(
        &edition,
        &text
            .replace(",r2,", ",r1,")
            .lines()
            .take(3)
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    for r in 0..3 {
        assert_eq!(placements_of(&results, r), placements(&one), "round {r}");
    }
    let card = one.scorecard(unit).unwrap();
    let points = |code: &str| card.node(code).unwrap().self_points.unwrap().to_string();
    let want = |code: &str| match worth(code).unwrap() {
        cchc_core::Worth::Points(p) => p.to_string(),
        cchc_core::Worth::NotApplicable => "n/a".into(),
    };
    assert_eq!((points(a), points(b)), (want(a), want(b)));
}

#[test]
fn a_bad_answer_is_reported_on_every_row_that_repeats_it() {
    let edition = default_edition();
    let (_, text) = three_rounds();
    // Every yes-no answer of round y2 and y3 made "maybe"; in y1 the same leaves keep good
    // answers, which the memo remembers.
    let bad: Vec<String> = text
        .lines()
        .map(|line| {
            if line.contains(",yes-no,") && !line.ends_with(",y1") {
                line.replace(",yes-no,true,", ",yes-no,maybe,")
                    .replace(",yes-no,false,", ",yes-no,maybe,")
            } else {
                line.to_owned()
            }
        })
        .collect();
    let maybe: Vec<usize> = (1..bad.len())
        .filter(|&i| bad[i].contains(",maybe,"))
        .collect();
    assert!(maybe.len() > 50, "{}", maybe.len());
    let text = bad.join("\n") + "\n";
    for threads in [1, 2] {
        let items = same_as_full_check(&text, threads).unwrap_err();
        let rows: Vec<usize> = items
            .iter()
            .map(|item| {
                item.split(',').next().unwrap()["row ".len()..]
                    .parse()
                    .unwrap()
            })
            .collect();
        assert_eq!(rows, maybe);
        assert!(items.iter().all(|i| i.ends_with(": invalid-shape")));
        let first = &bad[maybe[0]];
        let (unit, code) = (
            first.split(',').next().unwrap(),
            first.split(',').nth(1).unwrap(),
        );
        assert_eq!(
            items[0],
            format!("row {}, unit {unit}, code {code}: invalid-shape", maybe[0])
        );
    }
    // The same cells accepted on a leaf through the unit itself, then given through the
    // authority, given twice, and with a bad `submitted` cell: each refused as the full check
    // refuses it.
    let text = "unit,code,stage,kind,yes,submitted\n\
                so-y-te,1.1.1,self,yes-no,true,\n\
                so-y-te,1.1.1,authority,yes-no,true,\n\
                so-y-te,1.1.1,self,yes-no,true,\n\
                so-y-te,1.1.1,survey,yes-no,true,perhaps\n";
    assert_eq!(
        same_as_full_check(text, 1).unwrap_err(),
        [
            "row 2, unit so-y-te, code 1.1.1: wrong-assessor",
            "row 3, unit so-y-te, code 1.1.1: invalid-shape",
            "row 4, unit so-y-te, code 1.1.1: invalid-shape",
        ]
    );
    // A row with too many cells among rows the memo knows (columns cannot hold it: compared
    // with the one-round reader).
    let text = "unit,code,stage,kind,yes\n\
                so-y-te,1.1.1,self,yes-no,true\n\
                so-y-te,1.1.2,self,yes-no,true,,\n\
                so-y-te,1.1.1,self,yes-no,true\n";
    let want = [
        "row 2, unit -, code -: invalid-shape",
        "row 3, unit so-y-te, code 1.1.1: invalid-shape",
    ];
    assert_eq!(Round::from_csv(&edition, text).unwrap_err().items(), want);
    let err = RoundsResults::from_csv(&edition, text, 1).unwrap_err();
    assert_eq!(err.items(), want);
}

#[test]
fn quoted_cells_and_crlf_line_ends_give_the_same_digits() {
    let (rounds, text) = three_rounds();
    let edition = default_edition();
    let plain = same_as_full_check(&text, 2).unwrap();
    // Line ends \r\n: still the plain reader.
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(same_as_full_check(&crlf, 2).unwrap(), plain);
    // A quoted cell (the whole text then goes to the general reader, on one thread).
    let quoted = text.replacen(",y1\n", ",\"y1\"\n", 1);
    assert_ne!(quoted, text);
    assert_eq!(same_as_full_check(&quoted, 2).unwrap(), plain);
    assert_eq!(
        RoundsResults::from_csv(&edition, &quoted.replace('\n', "\r\n"), 1).unwrap(),
        plain
    );
    for (r, round) in rounds.iter().enumerate() {
        assert_eq!(placements_of(&plain, r), placements(round));
    }
    // A quote in the table's last row, met by the plain reader of the last piece only: the
    // whole text is read again as quoted CSV, with the same digits.
    let (body, last) = text.trim_end().rsplit_once('\n').unwrap();
    let late = format!("{body}\n{}\n", last.replacen(",y3", ",\"y3\"", 1));
    assert_ne!(late, text);
    assert_eq!(same_as_full_check(&late, 2).unwrap(), plain);
    assert_eq!(same_as_full_check(&late, 3).unwrap(), plain);
    // A quoted cell holding a comma and a line end in the last row (a round of its own, named
    // "y\n,3"): read as the full check reads it, whatever the number of threads.
    let odd = format!("{body}\n{}\n", last.replacen(",y3", ",\"y\n,3\"", 1));
    let one = same_as_full_check(&odd, 1).unwrap();
    assert_eq!(one.rounds, ["y1", "y2", "y3", "y\n,3"]);
    assert_eq!(same_as_full_check(&odd, 2).unwrap(), one);
}

#[test]
fn a_shuffled_table_gives_the_digits_of_each_round_on_its_own() {
    let edition = default_edition();
    let (rounds, text) = three_rounds();
    let (head, body) = text.split_once('\n').unwrap();
    let mut lines: Vec<&str> = body.lines().collect();
    let mut mix = Mix(7);
    for i in (1..lines.len()).rev() {
        lines.swap(i, mix.below(i + 1));
    }
    let shuffled = format!("{head}\n{}\n", lines.join("\n"));
    for threads in [1, 2] {
        let results = same_as_full_check(&shuffled, threads).unwrap();
        let order: Vec<&str> = results.rounds.iter().map(String::as_str).collect();
        for (r, label) in order.iter().enumerate() {
            let i = ["y1", "y2", "y3"].iter().position(|l| l == label).unwrap();
            let one = Round::from_csv(&edition, &rounds[i].to_csv(None)).unwrap();
            assert_eq!(placements_of(&results, r), placements(&one), "{label}");
        }
    }
}

/// Random faults sown through a table of three rounds: the plain reader and its memo report
/// exactly the rows, units, codes and error codes the full check reports.
#[test]
fn random_faults_are_reported_as_the_full_check_reports_them() {
    let (_, text) = three_rounds();
    let lines: Vec<&str> = text.lines().collect();
    let faults: [(&str, &str); 21] = [
        (",yes-no,true,", ",yes-no,maybe,"),
        (",yes-no,false,", ",yes-no, true ,"),
        (",self,", ",authority,"),
        (",survey,tally,", ",survey,count,"),
        (",rate,", ",points,"),
        (",,du,", ",,nope,"),
        (";b=", ";z="),
        (";b=", ";a="),
        (",checklist,,,a", ",checklist,,,a;a"),
        (",appraisal,", ",final,"),
        (",tally,", ",tally ,"),
        (",count,,,,", ",count,,,,-"),
        // Rates, which the plain reader checks from their cells when the memo has not seen them.
        (",rate,,,,,", ",rate,,,,,-"),
        (",rate,,,,,", ",rate,,,,,x"),
        (",self,rate,", ",survey,rate,"),
        // Tallies, whose parts the plain reader cuts by hand.
        (";c=", ";;c="),
        (";c=", ";c"),
        (";c=", ";c=+"),
        (";d=", ";d=9999999999999999999"),
        (";d=", ";d= 0"),
        (";e=", ";e=1e"),
    ];
    for seed in 0..6 {
        let mut mix = Mix(seed);
        let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for _ in 0..40 {
            let (from, to) = faults[mix.below(faults.len())];
            let fits: Vec<usize> = (1..bad.len()).filter(|&i| bad[i].contains(from)).collect();
            if !fits.is_empty() {
                let line = fits[mix.below(fits.len())];
                bad[line] = bad[line].replacen(from, to, 1);
            }
        }
        // A line given twice.
        let twice = 1 + mix.below(bad.len() - 1);
        bad.insert(twice, bad[twice].clone());
        let text = bad.join("\n") + "\n";
        for threads in [1, 2] {
            let items = same_as_full_check(&text, threads).unwrap_err();
            assert!(items.len() >= 20, "seed {seed}: {items:?}");
        }
    }
}

/// Many rounds (more than one run of rounds per thread when ranked): the same columns on one
/// thread and on several, each round placed as it is on its own.
#[test]
fn many_rounds_are_ranked_alike_on_any_number_of_threads() {
    let (rounds, text) = three_rounds();
    let (head, body) = text.split_once('\n').unwrap();
    let mut many = format!("{head}\n");
    for copy in 0..50 {
        many += &body
            .replace(",y1\n", &format!(",a{copy}\n"))
            .replace(",y2\n", &format!(",b{copy}\n"))
            .replace(",y3\n", &format!(",c{copy}\n"));
    }
    let edition = default_edition();
    let one = RoundsResults::from_csv(&edition, &many, 1).unwrap();
    assert_eq!(one.rounds.len(), 150);
    assert_eq!(one.len(), 150 * edition.units().len());
    for threads in [2, 3, 7] {
        assert_eq!(
            RoundsResults::from_csv(&edition, &many, threads).unwrap(),
            one
        );
    }
    for (r, label) in one.rounds.iter().enumerate().step_by(37) {
        let round = &rounds[usize::from(label.as_bytes()[0] - b'a')];
        assert_eq!(placements_of(&one, r), placements(round), "{label}");
    }
}

#[test]
fn a_code_past_many_categories_is_refused_as_past_few() {
    // Variant 3 gives the tally column 70,000 unused categories: more than the reader reads in
    // place, so it renumbers them in row order unless a code does not fit; one that does not
    // is refused on its row, as in a column of few categories.
    let edition = default_edition();
    let text = table(&Round::synthetic(&edition, 4));
    let columns = columns_of(&text);
    let mut coded = Coded::of(&columns, 3);
    let tally = coded.columns.iter_mut().find(|c| c.0 == "tally").unwrap();
    let row = tally.3.iter().position(|&c| c >= 0).unwrap();
    let past = tally.4.len() as i32;
    tally.3[row] = past;
    let err = RoundsResults::from_coded(&edition, &coded.columns(), 2).unwrap_err();
    assert_eq!(err.code(), "invalid-rows");
    assert_eq!(
        err.items(),
        [format!("row {}, unit -, code -: invalid-shape", row + 1)]
    );
}

/// A coded column's name, codes and categories.
type Column<'a> = (&'a str, Vec<i32>, Vec<Option<String>>);

/// Coded columns from `(name, codes, categories)`, codes as `i32`s.
fn coded_columns<'a>(columns: &'a [Column<'a>]) -> Vec<CodedColumn<'a, String>> {
    columns
        .iter()
        .map(|(name, codes, categories)| CodedColumn {
            name,
            codes: Codes::I32(codes),
            categories,
        })
        .collect()
}

fn cats(texts: &[&str]) -> Vec<Option<String>> {
    texts.iter().map(|t| Some(t.to_string())).collect()
}

#[test]
fn a_code_past_the_categories_of_a_column_the_row_does_not_use_is_refused() {
    // Found by the coded_table fuzz target: the fast path read only the cells it needs, so a
    // row of points, or an answer the memo knew, was taken despite a code past the categories
    // of another column.
    let edition = default_edition();
    let points = [
        ("unit", vec![0], cats(&["so-y-te"])),
        ("code", vec![0], cats(&["1.1.1"])),
        ("stage", vec![0], cats(&["appraisal"])),
        ("points", vec![0], cats(&["0.5"])),
        ("tally", vec![0], vec![]),
    ];
    let err = RoundsResults::from_coded(&edition, &coded_columns(&points), 1).unwrap_err();
    assert_eq!(err.items(), ["row 1, unit -, code -: invalid-shape"]);
    let memo = [
        ("unit", vec![0, 1], cats(&["so-y-te", "so-tu-phap"])),
        ("code", vec![0, 0], cats(&["1.1.1"])),
        ("stage", vec![0, 0], cats(&["self"])),
        ("kind", vec![0, 0], cats(&["yes-no"])),
        ("yes", vec![0, 0], cats(&["true"])),
        ("option", vec![-1, 0], vec![]),
    ];
    let err = RoundsResults::from_coded(&edition, &coded_columns(&memo), 1).unwrap_err();
    assert_eq!(err.items(), ["row 2, unit -, code -: invalid-shape"]);
}

#[test]
fn the_largest_code_of_eight_bytes_is_refused_not_overflowed() {
    // Found by the coded_table fuzz target: the memo's key added 1 to the code.
    let edition = default_edition();
    let names = ["unit", "code", "stage", "kind", "yes"];
    let categories = [
        cats(&["so-y-te"]),
        cats(&["1.1.1"]),
        cats(&["self"]),
        cats(&["yes-no"]),
        cats(&["true"]),
    ];
    let zero = 0_i64.to_le_bytes();
    let largest = i64::MAX.to_le_bytes();
    let columns: Vec<CodedColumn<'_, String>> = names
        .iter()
        .zip(&categories)
        .map(|(name, categories)| CodedColumn {
            name,
            codes: Codes::little_endian(if *name == "yes" { &largest } else { &zero }, 8).unwrap(),
            categories,
        })
        .collect();
    let err = RoundsResults::from_coded(&edition, &columns, 1).unwrap_err();
    assert_eq!(err.items(), ["row 1, unit -, code -: invalid-shape"]);
}
