//! The main job, run on the embedded default edition: prints the 2018 Sóc Trăng edition —
//! its schedule, its units per group and each appendix's fields with their maxima.
//!
//! ```text
//! cargo run -q --example round
//! ```

use cchc_core::{Group, Section};

fn main() {
    let edition = cchc_criteria::default_edition();
    let d = edition.decision();
    println!("{} ({})", edition.title(), edition.id());
    println!(
        "Quyết định {} ngày {} — {}",
        d.number,
        d.date.format("%d/%m/%Y"),
        d.issuer
    );
    let s = edition.schedule();
    let fmt = "%d/%m/%Y %H:%M %:z";
    println!(
        "Thử nghiệm {} → {} · Chính thức {} → {} (khóa) · Báo cáo trước {}",
        s.trial_start.format(fmt),
        s.trial_end.format(fmt),
        s.official_start.format(fmt),
        s.official_end.format(fmt),
        s.report_due.format(fmt)
    );
    println!();
    for group in Group::ALL {
        let units: Vec<_> = edition.units_in(group).collect();
        let appendix = group.appendix();
        println!(
            "{}. {} — {} đơn vị, Phụ lục {}",
            appendix,
            group.name_vi(),
            units.len(),
            appendix
        );
        for (n, unit) in units.iter().enumerate() {
            println!("   {:>2}. {}", n + 1, unit.name());
        }
        let Some(set) = edition.criteria(appendix) else {
            continue;
        };
        let leaves = set.leaves().count();
        let criteria = set.nodes().iter().filter(|n| n.depth() == 2).count();
        println!(
            "   {} — {} điểm, {} tiêu chí, {} tiêu chí thành phần có chấm điểm",
            set.title(),
            set.max(),
            criteria,
            leaves
        );
        for field in set.fields() {
            let note = match field.section() {
                Section::Scored => "",
                Section::Deduction => " (điểm trừ, tối đa)",
                Section::Bonus => " (điểm thưởng, ngoài thang điểm)",
            };
            println!(
                "   {:>5}  {:<3} {}{}",
                field.max().to_string(),
                field.code(),
                field.title(),
                note
            );
        }
        println!();
    }
    println!(
        "Nội dung các phụ lục là bản dựng lại (reconstructed), không phải văn bản chính thức;"
    );
    println!("mỗi mục ghi rõ căn cứ tham chiếu. Xem docs/edition-format.md.");
}
