//! CSV of the reports, for spreadsheets.

use super::*;
use crate::results::Results;

impl SelfAssessmentReport {
    /// The report as CSV: one row per node, then the total.
    pub fn to_csv(&self, opts: &ReportOptions) -> String {
        let sep = opts.separator();
        let mut out = String::new();
        csv_row(
            &mut out,
            sep,
            &[
                "ma",
                "tieu_chi",
                "diem_toi_da",
                "tu_danh_gia",
                "diem_tu_cham",
                "tai_lieu_kiem_chung",
                "giai_trinh",
            ],
        );
        for item in &self.items {
            let evidence: Vec<String> = item
                .evidence
                .iter()
                .map(|e| format!("{} ngày {}: {}", e.number, day_month_year(e.date), e.title))
                .collect();
            csv_row(
                &mut out,
                sep,
                &[
                    &item.code,
                    &item.title,
                    &opts.number(item.max),
                    &item.answer_text(opts),
                    &item.points.map(|p| opts.number(p)).unwrap_or_default(),
                    &evidence.join(" | "),
                    item.explanation.as_deref().unwrap_or(""),
                ],
            );
        }
        csv_row(
            &mut out,
            sep,
            &[
                "",
                "Tổng điểm tự chấm",
                &opts.number(self.max),
                "",
                &opts.number(self.self_total),
                "",
                "",
            ],
        );
        out
    }
}

impl Results {
    /// The published results as CSV: one row per unit.
    pub fn to_csv(&self, opts: &ReportOptions) -> String {
        let sep = opts.separator();
        let mut out = String::new();
        csv_row(
            &mut out,
            sep,
            &[
                "nhom",
                "phu_luc",
                "hang",
                "ma_don_vi",
                "don_vi",
                "chi_so",
                "xep_loai",
                "da_nop",
            ],
        );
        for group in &self.groups {
            for p in &group.ranking {
                csv_row(
                    &mut out,
                    sep,
                    &[
                        group.group.as_str(),
                        group.appendix.as_str(),
                        &p.rank.to_string(),
                        &p.unit,
                        &p.name,
                        &opts.number(p.index),
                        &p.band_label,
                        if p.submitted { "1" } else { "0" },
                    ],
                );
            }
        }
        out
    }
}

/// Appends one CSV row (RFC 4180 quoting, CRLF line ends). A text cell that a spreadsheet would
/// read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// leading `'`, so an explanation such as `=HYPERLINK(…)` stays text; numbers ("-0,5") do not.
fn csv_row(out: &mut String, sep: char, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        let neutral;
        let field = if is_formula(field) {
            neutral = format!("'{field}");
            neutral.as_str()
        } else {
            field
        };
        if field.contains([sep, '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

/// Whether a cell would start a formula in a spreadsheet and is not a plain number.
fn is_formula(field: &str) -> bool {
    field.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && rust_decimal::Decimal::from_str_exact(&field.replace(',', ".")).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        let mut out = String::new();
        csv_row(
            &mut out,
            ';',
            &["=HYPERLINK(\"x\")", "-0,5", "+1", "@SUM(A1)", "\tx", "a-b"],
        );
        assert_eq!(
            out,
            "\"'=HYPERLINK(\"\"x\"\")\";-0,5;+1;'@SUM(A1);'\tx;a-b\r\n"
        );
    }
}
