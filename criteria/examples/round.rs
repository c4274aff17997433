//! The main job, on the embedded default edition: a whole synthetic round of the 2018 Sóc Trăng
//! PAR Index. Every one of the 47 units gets deterministic answers (seed 2018), the council
//! lowers some self-scores, and each group's ranked results are printed with index and band.
//!
//! ```text
//! cargo run -q --example round            # seed 2018
//! cargo run -q --example round -- 7       # another synthetic round
//! ```

use cchc_core::{Round, Section, synthetic_assessment};
use std::process::ExitCode;

fn main() -> ExitCode {
    let seed: u64 = match std::env::args().nth(1).map(|s| s.parse()) {
        None => 2018,
        Some(Ok(seed)) => seed,
        Some(Err(e)) => {
            eprintln!("the seed must be a whole number: {e}");
            return ExitCode::from(2);
        }
    };
    let edition = cchc_criteria::default_edition();
    let d = edition.decision();
    println!("{}", edition.title());
    println!(
        "Quyết định {} ngày {} — {} · dữ liệu tiêu chí: bản dựng lại (reconstructed)",
        d.number,
        d.date.format("%d/%m/%Y"),
        d.issuer
    );
    let mut round = Round::default();
    for unit in edition.units() {
        match synthetic_assessment(edition, unit.id(), seed) {
            Ok(assessment) => {
                if let Err(e) = round.insert(edition, assessment) {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            }
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let cards = round.scorecards(edition);
    let results = cchc_core::rank(edition, &cards);
    println!(
        "Vòng chấm điểm tổng hợp (seed {seed}): tự chấm → thẩm định → giải trình → điều tra XHH, điểm trừ\n"
    );
    for group in &results.groups {
        let set = edition.criteria(group.appendix);
        let fields: Vec<String> = set
            .map(|s| {
                s.fields()
                    .filter(|f| f.section() == Section::Scored)
                    .map(|f| format!("{} ({})", f.code(), f.max()))
                    .collect()
            })
            .unwrap_or_default();
        println!(
            "{}. {} — Phụ lục {} — lĩnh vực: {}",
            group.appendix,
            group.group.name_vi(),
            group.appendix,
            fields.join(", ")
        );
        println!("  Hạng  Chỉ số  Điểm đạt  Điểm trừ  Xếp loại  Đơn vị");
        for p in &group.ranking {
            let card = cards.iter().find(|c| c.unit == p.unit);
            let (total, deductions) = card.map_or(Default::default(), |c| (c.total, c.deductions));
            println!(
                "  {:>4}  {:>6}  {:>8}  {:>8}  {:<8}  {}{}",
                p.rank,
                p.index.to_string(),
                total.to_string(),
                deductions.to_string(),
                p.band_label,
                p.name,
                if p.submitted { "" } else { " (chưa nộp)" }
            );
        }
        let s = &group.summary;
        let show = |v: Option<cchc_core::Decimal>| v.map_or("—".to_owned(), |v| v.to_string());
        let bands: Vec<String> = s
            .bands
            .iter()
            .map(|b| format!("{} {}", b.label, b.count))
            .collect();
        println!(
            "  {} đơn vị · trung bình {} · trung vị {} · thấp nhất {} · cao nhất {} · {}\n",
            s.count,
            show(s.mean),
            show(s.median),
            show(s.min),
            show(s.max),
            bands.join(", ")
        );
    }
    ExitCode::SUCCESS
}
