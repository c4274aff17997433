//! Criterion benchmarks of the core's batch path (`docs/batch.md`): many rounds of the long
//! table in one CSV text, parsed, checked, scored and ranked by `RoundsResults::from_csv`, on one
//! thread and on two; the same table as dictionary-coded columns (`RoundsResults::from_coded`,
//! what a pandas frame of categorical columns hands over); and one round loaded as a `Round`
//! (`Round::from_csv`) for comparison.
//!
//! ```text
//! cargo bench -p cchc-benches --bench batch
//! ```

use cchc_core::{CodedColumn, Codes, Round, RoundsResults, rounds_to_csv};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::collections::HashMap;
use std::hint::black_box;

/// The columns of a CSV text without quotes, dictionary-coded: per column, its name, a code per
/// row (categories numbered in order of first appearance, -1 for an empty cell) and the
/// categories.
fn coded(text: &str) -> Vec<(String, Vec<i32>, Vec<Option<String>>)> {
    let mut lines = text.lines();
    let names: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let mut seen: Vec<HashMap<&str, i32>> = vec![HashMap::new(); names.len()];
    let mut out: Vec<(String, Vec<i32>, Vec<Option<String>>)> = names
        .iter()
        .map(|n| (n.to_string(), Vec::new(), Vec::new()))
        .collect();
    for line in lines {
        for ((cell, map), (_, codes, categories)) in line.split(',').zip(&mut seen).zip(&mut out) {
            let code = if cell.is_empty() {
                -1
            } else {
                *map.entry(cell).or_insert_with(|| {
                    categories.push(Some(cell.to_string()));
                    categories.len() as i32 - 1
                })
            };
            codes.push(code);
        }
    }
    out
}

fn batch(c: &mut Criterion) {
    let edition = cchc_criteria::default_edition();
    let rounds: Vec<(String, Round)> = (1..=100)
        .map(|seed| (seed.to_string(), Round::synthetic(&edition, seed)))
        .collect();
    let text = rounds_to_csv(rounds.iter().map(|(l, r)| (l.as_str(), r)));
    let assessments = (rounds.len() * edition.units().len()) as u64;
    let mut group = c.benchmark_group("batch path (100 rounds of 47 in one CSV text)");
    group.sample_size(10);
    group.throughput(Throughput::Elements(assessments));
    for threads in [1, 2] {
        group.bench_function(
            format!("RoundsResults::from_csv, {threads} thread(s)"),
            |b| {
                b.iter(|| {
                    RoundsResults::from_csv(&edition, black_box(&text), threads).map(|r| r.len())
                })
            },
        );
    }
    let owned = coded(&text);
    let columns: Vec<CodedColumn<'_, String>> = owned
        .iter()
        .map(|(name, codes, categories)| CodedColumn {
            name,
            codes: Codes::I32(codes),
            categories,
        })
        .collect();
    for threads in [1, 2] {
        group.bench_function(
            format!("RoundsResults::from_coded, {threads} thread(s)"),
            |b| {
                b.iter(|| {
                    RoundsResults::from_coded(&edition, black_box(&columns), threads)
                        .map(|r| r.len())
                })
            },
        );
    }
    group.finish();

    let one = rounds[0].1.to_csv(None);
    let mut group = c.benchmark_group("one round of 47 in CSV");
    group.throughput(Throughput::Elements(edition.units().len() as u64));
    group.bench_function("Round::from_csv (inputs kept) and results()", |b| {
        b.iter(|| Round::from_csv(&edition, black_box(&one)).map(|r| r.results()))
    });
    group.bench_function("RoundsResults::from_csv, 1 thread", |b| {
        b.iter(|| RoundsResults::from_csv(&edition, black_box(&one), 1).map(|r| r.len()))
    });
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
