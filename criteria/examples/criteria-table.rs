//! Prints the reviewer's table of the embedded 2018 edition (Markdown) to stdout: per appendix every
//! field, criterion and sub-criterion with its max, method, who assesses it, whether it may be not
//! applicable and its reference; the field totals beside the national index's field maxima.
//!
//! ```text
//! cargo run -q -p cchc-criteria --example criteria-table > docs/criteria-2018.md
//! ```
//!
//! `criteria/tests/criteria_table.rs` checks that `docs/criteria-2018.md` is current.

use cchc_core::{Appendix, Assessor, CriteriaSet, Decimal, Edition, Method, Named, Node, Section};
use std::fmt::Write;

/// The field maxima of the national provincial PAR Index, QĐ 2948/QĐ-BNV of 28/12/2017.
const NATIONAL: [(&str, &str, &str); 8] = [
    ("1", "Công tác chỉ đạo, điều hành CCHC", "10"),
    ("2", "Xây dựng và tổ chức thực hiện VBQPPL", "10"),
    ("3", "Cải cách thủ tục hành chính", "14.5"),
    ("4", "Cải cách tổ chức bộ máy hành chính nhà nước", "11"),
    ("5", "Xây dựng và nâng cao chất lượng đội ngũ CBCCVC", "16"),
    ("6", "Cải cách tài chính công", "7"),
    ("7", "Hiện đại hóa hành chính", "16"),
    (
        "8",
        "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH",
        "15.5",
    ),
];

fn num(d: Decimal) -> String {
    d.normalize().to_string()
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn method(node: &Node) -> String {
    let Some(leaf) = node.leaf() else {
        return String::new();
    };
    let shares = |options: &[cchc_core::Choice]| {
        options
            .iter()
            .map(|o| num(o.share))
            .collect::<Vec<_>>()
            .join("/")
    };
    match &leaf.method {
        Method::YesNo => "yes-no".to_owned(),
        Method::Options { options } => format!("options {} %", shares(options)),
        Method::Checklist { items } => format!(
            "checklist {}",
            items
                .iter()
                .map(|i| num(i.points))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        Method::Count { per_item, cap } => format!(
            "count {} each, cap {}",
            num(*per_item),
            num(cap.unwrap_or(node.max()))
        ),
        Method::RatioTiers { tiers } => format!(
            "tiers {}",
            tiers
                .iter()
                .map(|t| format!("≥{} % → {}", num(t.at_least), num(t.points)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Method::Proportional => "rate × max".to_owned(),
        Method::Points { step } => format!("points, step {}", num(*step)),
        Method::Deduction { per_item } => format!("−{} each, at most max", num(*per_item)),
        Method::Survey { options } => format!("survey {} %", shares(options)),
    }
}

fn assessor(node: &Node) -> &'static str {
    match node.leaf().map(|l| l.assessed_by) {
        Some(Assessor::SelfAssessed) => "self",
        Some(Assessor::Authority) => "authority",
        Some(Assessor::Survey) => "survey",
        None => "",
    }
}

fn scored_leaves(set: &CriteriaSet) -> usize {
    set.leaves()
        .filter(|(n, _)| set.section_of(n.code()) == Some(Section::Scored))
        .count()
}

fn field_max(set: &CriteriaSet, code: &str) -> Option<Decimal> {
    set.fields()
        .find(|f| f.code() == code && f.section() == Section::Scored)
        .map(|f| f.max())
}

/// The whole table as Markdown.
pub fn render(edition: &Edition) -> String {
    let sets: Vec<(Appendix, &CriteriaSet)> = Appendix::ALL
        .iter()
        .filter_map(|a| edition.criteria(*a).map(|s| (*a, s)))
        .collect();
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# Criteria of the {} edition: the reviewer's table\n",
        edition.id()
    );
    let _ = writeln!(
        w,
        "Generated from `criteria/{}/` by `cargo run -q -p cchc-criteria --example criteria-table > \
         docs/criteria-2018.md`; do not edit by hand (a test checks it is current).\n",
        edition.id()
    );
    let _ = writeln!(
        w,
        "**Every node is a reconstruction** (`status = \"reconstructed\"`): the appendices of {} of {} \
         are not public. The trees are modelled on the national provincial index QĐ 2948/QĐ-BNV of \
         28/12/2017 (8 fields, 38 criteria, 81 sub-criteria) and its successor QĐ 2636/QĐ-BNV of \
         10/12/2018, on the breadth of the provincial department and district sets of 2017–2018, and \
         on the four groups of the province's later sets (QĐ 3136/QĐ-UBND of 29/10/2019, QĐ \
         3119/QĐ-UBND of 05/11/2021). Each reference names the document (number, date) and the content \
         it rests on; assumptions say so. Rules: `docs/edition-format.md`.\n",
        edition.decision().number,
        edition.decision().date.format("%d/%m/%Y"),
    );

    let _ = writeln!(w, "## Overview\n");
    let _ = writeln!(
        w,
        "| Appendix | Units | Scored leaves | Criteria | Survey points | Leaves that may be not applicable | Deduction max |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|---:|");
    for (appendix, set) in &sets {
        let criteria = set
            .nodes()
            .iter()
            .filter(|n| n.depth() == 2 && set.section_of(n.code()) == Some(Section::Scored))
            .count();
        let survey: Decimal = set
            .leaves()
            .filter(|(_, l)| l.assessed_by == Assessor::Survey)
            .map(|(n, _)| n.max())
            .sum();
        let na = set.leaves().filter(|(_, l)| l.not_applicable).count();
        let deduction: Decimal = set
            .fields()
            .filter(|f| f.section() == Section::Deduction)
            .map(|f| f.max())
            .sum();
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} |",
            appendix.as_str(),
            edition.units_in(appendix.group()).count(),
            scored_leaves(set),
            criteria,
            num(survey),
            na,
            num(deduction)
        );
    }

    let _ = writeln!(
        w,
        "\n## Field totals beside the national index (QĐ 2948/QĐ-BNV)\n"
    );
    let _ = writeln!(
        w,
        "One field code and order in every appendix, after the national index; \"—\" is a field the \
         appendix does not have. Field 8 is the survey (30 points in each appendix; the national index \
         gives its field 8 15.5 points and spreads other survey items over its fields).\n"
    );
    let mut head = "| Field | National index | National max |".to_owned();
    let mut rule = "|---|---|---:|".to_owned();
    for (appendix, _) in &sets {
        let _ = write!(head, " {} |", appendix.as_str());
        rule.push_str("---:|");
    }
    let _ = writeln!(w, "{head}\n{rule}");
    for (code, title, max) in NATIONAL {
        let mut row = format!("| {code} | {title} | {max} |");
        for (_, set) in &sets {
            let v = field_max(set, code).map_or("—".to_owned(), num);
            let _ = write!(row, " {v} |");
        }
        let _ = writeln!(w, "{row}");
    }
    let mut row = "| | **Total** | 100 |".to_owned();
    for (_, set) in &sets {
        let _ = write!(row, " {} |", num(set.max()));
    }
    let _ = writeln!(w, "{row}");

    for (appendix, set) in &sets {
        let _ = writeln!(
            w,
            "\n## Appendix {}: {}",
            appendix.as_str(),
            cell(set.title())
        );
        for field in set.fields() {
            let section = match field.section() {
                Section::Scored => String::new(),
                other => format!(" ({})", other.as_str()),
            };
            let _ = writeln!(
                w,
                "\n### {} {} — max {}{}\n",
                field.code(),
                cell(field.title()),
                num(field.max()),
                section
            );
            let _ = writeln!(w, "Reference: {}\n", cell(field.reference()));
            let _ = writeln!(
                w,
                "| Code | Title | Max | Method | Assessed by | N/A | Reference |"
            );
            let _ = writeln!(w, "|---|---|---:|---|---|---|---|");
            let prefix = format!("{}.", field.code());
            for node in set.nodes().iter().filter(|n| n.code().starts_with(&prefix)) {
                let na = if node.leaf().is_some_and(|l| l.not_applicable) {
                    "yes"
                } else {
                    ""
                };
                let code = if node.is_leaf() {
                    node.code().to_owned()
                } else {
                    format!("**{}**", node.code())
                };
                let _ = writeln!(
                    w,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    code,
                    cell(node.title()),
                    num(node.max()),
                    cell(&method(node)),
                    assessor(node),
                    na,
                    cell(node.reference())
                );
            }
        }
    }
    out
}

fn main() {
    print!("{}", render(&cchc_criteria::default_edition()));
}
