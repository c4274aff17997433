//! Inputs shared by the benchmarks in `benches/benches/` and the baseline comparison with the
//! reference scorer in `benches/reference/`.

use cchc_core::{Assessment, Edition};

/// Synthetic assessments of every unit of the edition, `rounds` times over (seeds 1..=rounds).
pub fn synthetic_rounds(edition: &Edition, rounds: u64) -> Vec<Assessment> {
    let mut out = Vec::new();
    for seed in 1..=rounds {
        for unit in edition.units() {
            if let Ok(a) = Assessment::synthetic(edition, unit.id(), seed) {
                out.push(a);
            }
        }
    }
    out
}
