//! Criterion benchmarks of the core on the embedded 2018 edition.
//!
//! ```text
//! cargo bench -p cchc-benches --bench scoring
//! ```

use cchc_benches::synthetic_rounds;
use cchc_core::{Assessment, Assessor, Edition, Group, Named, Round};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// The default edition built from its compiled form, as `default_edition()` does on its first
/// call in a process (no TOML, no validation: see `criteria/build.rs`). The very first call of
/// the process is timed once and printed before criterion measures warm calls.
fn compiled(c: &mut Criterion) {
    let start = std::time::Instant::now();
    let first = cchc_criteria::compiled::load();
    let elapsed = start.elapsed();
    black_box(first);
    eprintln!("default edition from its compiled form, first call in this process: {elapsed:?}");
    c.bench_function("default edition from its compiled form", |b| {
        b.iter(cchc_criteria::compiled::load)
    });
}

fn load(c: &mut Criterion) {
    let files = cchc_criteria::edition_files(cchc_criteria::DEFAULT_EDITION).unwrap();
    c.bench_function("load and validate the embedded edition (TOML)", |b| {
        b.iter(|| Edition::from_toml_files(black_box(files)).unwrap())
    });
    let json = cchc_criteria::default_edition().to_json();
    c.bench_function("load and validate the edition from JSON", |b| {
        b.iter(|| Edition::from_json(black_box(&json)).unwrap())
    });
}

fn one_assessment(c: &mut Criterion) {
    let edition = cchc_criteria::default_edition();
    let mut group = c.benchmark_group("score one assessment");
    for &g in Group::ALL {
        let unit = edition.units_in(g).next().unwrap();
        let assessment = Assessment::synthetic(&edition, unit.id(), 1).unwrap();
        group.bench_function(format!("appendix {} (compact)", g.appendix()), |b| {
            b.iter(|| {
                black_box(&assessment)
                    .compact_scorecard()
                    .map(|c| c.index())
            })
        });
        group.bench_function(format!("appendix {}", g.appendix()), |b| {
            b.iter(|| black_box(&assessment).scorecard())
        });
    }
    group.finish();

    // Where the work of turning inputs into points is done: when they are given.
    let mut group = c.benchmark_group("give inputs");
    let unit = edition.units_in(Group::Department).next().unwrap();
    let assessment = Assessment::synthetic(&edition, unit.id(), 1).unwrap();
    let data = assessment.data().clone();
    group.bench_function(
        "appendix I: check and bind a whole assessment (from_data)",
        |b| {
            b.iter_batched(
                || data.clone(),
                |data| Assessment::from_data(&edition, data).unwrap(),
                BatchSize::SmallInput,
            )
        },
    );
    let (code, answer) = data.answers.iter().next().unwrap();
    let mut a = assessment.clone();
    group.bench_function("appendix I: give one answer", |b| {
        b.iter(|| {
            a.give(Assessor::SelfAssessed, black_box(code), answer.clone())
                .unwrap()
        })
    });
    group.finish();
}

fn whole_round(c: &mut Criterion) {
    let edition = cchc_criteria::default_edition();
    let mut round = Round::new(&edition);
    for a in synthetic_rounds(&edition, 1) {
        round.insert(a.into_data()).unwrap();
    }
    c.bench_function("score and rank a round of 47 units", |b| {
        b.iter(|| black_box(&round).results())
    });
}

fn many(c: &mut Criterion) {
    let edition = cchc_criteria::default_edition();
    // 2,128 rounds of 47 units = 100,016 assessments.
    let assessments = synthetic_rounds(&edition, 2128);
    let mut group = c.benchmark_group("bulk");
    group.sample_size(10);
    group.throughput(Throughput::Elements(assessments.len() as u64));
    group.bench_function("score 100,000 assessments", |b| {
        b.iter_batched(
            || (),
            |()| {
                // Score each and keep only its index, as a batch job streaming results would.
                let total: cchc_core::Decimal = assessments
                    .iter()
                    .filter_map(|a| a.compact_scorecard().ok().map(|c| c.index()))
                    .sum();
                black_box(total)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    let cards: Vec<_> = assessments[..47].iter().map(|a| a.scorecard()).collect();
    c.bench_function("rank 47 scorecards", |b| {
        b.iter(|| edition.rank(black_box(&cards)))
    });
}

/// How the cost grows with the number of assessments: 1 to 100,000, compact scoring.
fn growth(c: &mut Criterion) {
    let edition = cchc_criteria::default_edition();
    let assessments = synthetic_rounds(&edition, 2128);
    let mut group = c.benchmark_group("growth");
    group.sample_size(10);
    for n in [1_usize, 10, 100, 1_000, 10_000, 100_000] {
        let slice = &assessments[..n];
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| {
                let total: cchc_core::Decimal = black_box(slice)
                    .iter()
                    .filter_map(|a| a.compact_scorecard().ok().map(|c| c.index()))
                    .sum();
                black_box(total)
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    compiled,
    load,
    one_assessment,
    whole_round,
    many,
    growth
);
criterion_main!(benches);
