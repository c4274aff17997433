//! One batch call on synthetic rounds, for a profiler (`docs/performance.md`): the long table of
//! `ROUNDS` synthetic rounds in dictionary form (`i32` codes, categories in order of first use),
//! read `REPEAT` times by `RoundsResults::from_coded` on `THREADS` threads, then (unless
//! `CCHC_NO_CSV` is set) the same table in text by `RoundsResults::from_csv`; prints the time per
//! assessment of each.
//!
//! ```bash
//! cargo run --release -p cchc-benches --example coded_call -- 60 1 1
//! CCHC_NO_CSV=1 valgrind --tool=callgrind --toggle-collect='cchc_core::batch::coded::rounds_from_coded*' \
//!     target/release/examples/coded_call 60 1 1
//! ```
//!
//! Arguments: `ROUNDS` (default 300), `THREADS` (default 1), `REPEAT` (default 3).

use cchc_core::{CodedColumn, Codes, Round, RoundsResults, rounds_to_csv};
use std::collections::HashMap;
use std::time::Instant;

/// A column being coded: each distinct cell's code, the categories, a code per row (-1: empty).
type Coding<'a> = (HashMap<&'a str, i32>, Vec<Option<String>>, Vec<i32>);

fn main() {
    let arg = |k: usize, default: u64| {
        std::env::args()
            .nth(k)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let (rounds, threads, repeat) = (arg(1, 300), arg(2, 1) as usize, arg(3, 3).max(1) as u32);
    let edition = cchc_criteria::default_edition();
    let labelled: Vec<(String, Round)> = (1..=rounds)
        .map(|seed| (seed.to_string(), Round::synthetic(&edition, seed)))
        .collect();
    let text = rounds_to_csv(
        labelled
            .iter()
            .map(|(label, round)| (label.as_str(), round)),
    );
    let mut lines = text.lines();
    let names: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let mut coded: Vec<Coding<'_>> = names.iter().map(|_| Default::default()).collect();
    for line in lines {
        // Synthetic rounds have no quoted cells: a comma always ends a cell.
        for ((seen, categories, codes), cell) in coded.iter_mut().zip(line.split(',')) {
            let code = match cell {
                "" => -1,
                cell => *seen.entry(cell).or_insert_with(|| {
                    categories.push(Some(cell.to_string()));
                    categories.len() as i32 - 1
                }),
            };
            codes.push(code);
        }
    }
    let columns: Vec<CodedColumn<'_, String>> = names
        .iter()
        .zip(&coded)
        .map(|(name, (_, categories, codes))| CodedColumn {
            name,
            codes: Codes::I32(codes),
            categories,
        })
        .collect();
    let assessments = rounds as f64 * edition.units().len() as f64;
    let per = |started: Instant| started.elapsed().as_secs_f64() / f64::from(repeat) / assessments;
    let started = Instant::now();
    for _ in 0..repeat {
        let results = RoundsResults::from_coded(&edition, &columns, threads);
        std::hint::black_box(results.map(|r| r.len()).unwrap_or(0));
    }
    println!("from_coded: {:.2} µs per assessment", per(started) * 1e6);
    if std::env::var_os("CCHC_NO_CSV").is_none() {
        let started = Instant::now();
        for _ in 0..repeat {
            let results = RoundsResults::from_csv(&edition, &text, threads);
            std::hint::black_box(results.map(|r| r.len()).unwrap_or(0));
        }
        println!("from_csv:   {:.2} µs per assessment", per(started) * 1e6);
    }
}
