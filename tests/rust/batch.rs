//! The analyst's batch path (`docs/batch.md`): the long table as CSV text, as rows and as
//! columns gives the round that giving the same inputs one by one gives, digit for digit; every
//! bad row is reported at once and nothing is loaded.

use cchc_core::{Answer, AssessmentData, ROW_COLUMNS, Round, read_csv};
use cchc_criteria::default_edition;

/// One cell of CSV: quoted when it holds a comma or a quote.
fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

/// The rows of one assessment, each as (column, text) pairs.
fn rows_of(data: &AssessmentData) -> Vec<Vec<(&'static str, String)>> {
    let mut rows = Vec::new();
    let channels = [
        ("self", &data.answers),
        ("authority", &data.authority),
        ("survey", &data.survey),
    ];
    for (stage, map) in channels {
        for (code, answer) in map {
            let mut row = vec![("code", code.clone()), ("stage", stage.to_owned())];
            let (kind, cells): (&str, Vec<(&'static str, String)>) = match answer {
                Answer::YesNo { yes } => ("yes-no", vec![("yes", yes.to_string())]),
                Answer::Choice { option } => ("option", vec![("option", option.clone())]),
                Answer::Checklist { ticked } => ("checklist", vec![("ticked", ticked.join(";"))]),
                Answer::Count { count } => ("count", vec![("count", count.to_string())]),
                Answer::Rate {
                    numerator,
                    denominator,
                } => (
                    "rate",
                    vec![
                        ("numerator", numerator.to_string()),
                        ("denominator", denominator.to_string()),
                    ],
                ),
                Answer::Points { points } => ("points", vec![("points", points.to_string())]),
                Answer::Tally { tally } => {
                    let text: Vec<String> = tally.iter().map(|(g, n)| format!("{g}={n}")).collect();
                    ("tally", vec![("tally", text.join(";"))])
                }
                Answer::NotApplicable => ("not-applicable", vec![]),
            };
            row.push(("kind", kind.to_owned()));
            row.extend(cells);
            rows.push(row);
        }
    }
    for (stage, map) in [
        ("appraisal", &data.appraisals),
        ("final", &data.final_points),
    ] {
        for (code, points) in map {
            rows.push(vec![
                ("code", code.clone()),
                ("stage", stage.to_owned()),
                ("points", points.to_string()),
            ]);
        }
    }
    for row in &mut rows {
        row.push(("unit", data.unit.clone()));
    }
    if let Some(first) = rows.first_mut().filter(|_| data.submitted) {
        first.push(("submitted", "true".to_owned()));
    }
    rows
}

/// A round as the long table in CSV, columns in the order of [`ROW_COLUMNS`].
fn table(round: &Round) -> String {
    let mut text = ROW_COLUMNS.join(",") + "\n";
    for assessment in round.assessments() {
        for row in rows_of(assessment.data()) {
            let cells: Vec<String> = ROW_COLUMNS
                .iter()
                .map(|c| {
                    let cell = row.iter().find(|(name, _)| name == c);
                    cell.map(|(_, v)| quote(v)).unwrap_or_default()
                })
                .collect();
            text += &(cells.join(",") + "\n");
        }
    }
    text
}

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
        let columns: Vec<Vec<Option<String>>> = (0..ROW_COLUMNS.len())
            .map(|i| {
                let cells = csv
                    .lines()
                    .skip(1)
                    .map(|line| read_csv(&format!("{}\n{line}\n", ROW_COLUMNS.join(","))).unwrap());
                cells.map(|rows| cell_of(&rows[0], i)).collect()
            })
            .collect();
        let named: Vec<(&str, &[Option<String>])> = ROW_COLUMNS
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
