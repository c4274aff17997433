//! Side-by-side: the Rust core against the independent reference scorer (plain Python), on the
//! same synthetic assessments in the same run. Prints time per assessment and the ratio.
//!
//! ```text
//! cargo bench -p cchc-benches --bench vs_reference
//! ```

use cchc_benches::synthetic_rounds;
use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

const ROUNDS: u64 = 10;
const REPEAT: usize = 5;

fn main() {
    let edition = cchc_criteria::default_edition();
    let assessments = synthetic_rounds(&edition, ROUNDS);
    let per_round = edition.units().len();

    // Rust: best of REPEAT passes over every assessment (scorecards only, like the baseline).
    let mut best = f64::MAX;
    for _ in 0..REPEAT {
        let start = Instant::now();
        for a in &assessments {
            black_box(black_box(a).scorecard());
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let rust_us = best / assessments.len() as f64 * 1e6;

    // The reference scorer, fed the same assessments as rounds of the edition's units.
    let rounds: Vec<serde_json::Value> = assessments
        .chunks(per_round)
        .map(|chunk| serde_json::json!({ "assessments": chunk }))
        .collect();
    let payload = serde_json::json!({ "rounds": rounds });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/reference/cchc_reference.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let child = Command::new(&python)
        .args([
            script,
            "bench",
            "embedded:soc-trang-2018",
            &REPEAT.to_string(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let baseline_us = child.ok().and_then(|mut child| {
        let input = serde_json::to_vec(&payload).ok()?;
        child.stdin.take()?.write_all(&input).ok()?;
        let out = child.wait_with_output().ok()?;
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
        report["per_assessment_us"].as_f64()
    });

    println!(
        "{} assessments ({ROUNDS} synthetic rounds of the 2018 edition), best of {REPEAT}",
        assessments.len()
    );
    println!("  rust core          {rust_us:>10.1} µs per assessment");
    match baseline_us {
        Some(py) => {
            println!("  reference (Python) {py:>10.1} µs per assessment");
            println!(
                "  ratio              {:>10.0}× faster than the baseline",
                py / rust_us
            );
        }
        None => println!("  reference (Python) not available ({python} failed)"),
    }
}
