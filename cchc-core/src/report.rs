//! Reports the province prints: the self-assessment report a unit head signs, and the published
//! results table. Built as data by the core and rendered to printable HTML and to CSV here, so
//! every binding gives the same file.

use crate::answer::Answer;
use crate::assessment::Assessment;
use crate::criteria::Assessor;
use crate::edition::Edition;
use crate::method::Method;
use crate::record::{Evidence, RoundRecord, Stage, StageKind, Submission};
use crate::results::Results;
use crate::scorecard::score;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// How numbers are written in reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportOptions {
    /// Write decimals with a comma ("1,5") as Vietnamese documents do; CSV then separates
    /// fields with ';'.
    #[serde(default)]
    pub decimal_comma: bool,
}

impl ReportOptions {
    fn number(&self, value: Decimal) -> String {
        let text = value.to_string();
        if self.decimal_comma {
            text.replace('.', ",")
        } else {
            text
        }
    }
    fn separator(&self) -> char {
        if self.decimal_comma { ';' } else { ',' }
    }
}

/// One row of a self-assessment report: a field, a criterion or a leaf.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportItem {
    /// The code.
    pub code: String,
    /// The Vietnamese title.
    pub title: String,
    /// 1 field, 2 criterion, 3 sub-criterion.
    pub depth: usize,
    /// Maximum points.
    #[serde(with = "rust_decimal::serde::str")]
    pub max: Decimal,
    /// Whether this is a leaf (scored item).
    pub leaf: bool,
    /// Who assesses the leaf ("self", "survey", "authority"); `None` for parents.
    pub assessed_by: Option<String>,
    /// The unit's answer in words ("Có", "Không áp dụng", "7/9", …), if it answered this
    /// self-assessed leaf.
    pub answer: Option<String>,
    /// The same answer with decimal commas ("1,25"), for reports that ask for them.
    #[serde(skip)]
    answer_comma: Option<String>,
    /// The unit's own points (leaves and parents; absent on survey and authority leaves).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub points: Option<Decimal>,
    /// Evidence documents attached.
    pub evidence: Vec<Evidence>,
    /// The unit's explanation.
    pub explanation: Option<String>,
}

impl ReportItem {
    fn answer_text(&self, opts: &ReportOptions) -> &str {
        let text = if opts.decimal_comma {
            &self.answer_comma
        } else {
            &self.answer
        };
        text.as_deref().unwrap_or("")
    }
}

/// The self-assessment report of one unit, as its head signs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SelfAssessmentReport {
    /// The edition's title.
    pub edition_title: String,
    /// The year assessed.
    pub year: u16,
    /// The issuing decision ("3267/QĐ-UBND ngày 11/12/2018").
    pub decision: String,
    /// The province.
    pub province: String,
    /// The unit's id.
    pub unit: String,
    /// The unit's name.
    pub unit_name: String,
    /// The appendix ("I").
    pub appendix: String,
    /// The appendix's title.
    pub appendix_title: String,
    /// Trial or official.
    pub stage: StageKind,
    /// The submission, if made.
    pub submitted: Option<Submission>,
    /// Every node of the appendix, in table order.
    pub items: Vec<ReportItem>,
    /// The scored fields' max.
    #[serde(with = "rust_decimal::serde::str")]
    pub max: Decimal,
    /// The max less not-applicable items.
    #[serde(with = "rust_decimal::serde::str")]
    pub applicable_max: Decimal,
    /// The unit's own total.
    #[serde(with = "rust_decimal::serde::str")]
    pub self_total: Decimal,
    /// Whether any item text is a reconstruction rather than the official text.
    pub reconstructed: bool,
}

fn answer_text(method: &Method, answer: &Answer, opts: &ReportOptions) -> String {
    match answer {
        Answer::NotApplicable => "Không áp dụng".into(),
        Answer::YesNo { yes } => if *yes { "Có" } else { "Không" }.into(),
        Answer::Choice { option } => match method {
            Method::Options { options } => options
                .iter()
                .find(|o| &o.id == option)
                .map_or_else(|| option.clone(), |o| o.label.clone()),
            _ => option.clone(),
        },
        Answer::Checklist { ticked } => {
            let labels: Vec<String> = match method {
                Method::Checklist { items } => ticked
                    .iter()
                    .map(|id| {
                        items
                            .iter()
                            .find(|i| &i.id == id)
                            .map_or_else(|| id.clone(), |i| i.label.clone())
                    })
                    .collect(),
                _ => ticked.clone(),
            };
            if labels.is_empty() {
                "Không đạt điều kiện nào".into()
            } else {
                labels.join("; ")
            }
        }
        Answer::Count { count } => count.to_string(),
        Answer::Rate {
            numerator,
            denominator,
        } => format!(
            "{}/{}",
            opts.number(numerator.normalize()),
            opts.number(denominator.normalize())
        ),
        Answer::Points { points } => opts.number(points.normalize()),
        Answer::Tally { tally } => tally
            .iter()
            .map(|(grade, n)| format!("{grade}: {n}"))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn date_vn(at: &DateTime<FixedOffset>) -> String {
    format!(
        "{} (UTC{})",
        at.format("%H:%M ngày %d/%m/%Y"),
        at.format("%:z")
    )
}

impl SelfAssessmentReport {
    /// The report of a unit's stage (its answers, evidence and explanations).
    pub fn from_stage(edition: &Edition, unit: &str, kind: StageKind, stage: &Stage) -> Self {
        let mut assessment = stage.assessment.clone();
        assessment.unit = unit.to_owned();
        let mut report = Self::build(edition, &assessment, kind, stage.submitted.clone());
        for item in &mut report.items {
            if let Some(list) = stage.evidence.get(&item.code) {
                item.evidence = list.iter().map(|e| e.evidence.clone()).collect();
            }
            item.explanation = stage.explanations.get(&item.code).cloned();
        }
        report
    }

    /// The report of plain answers (no evidence), e.g. from a calculator.
    pub fn from_assessment(edition: &Edition, assessment: &Assessment) -> Self {
        Self::build(edition, assessment, StageKind::Official, None)
    }

    fn build(
        edition: &Edition,
        assessment: &Assessment,
        kind: StageKind,
        submitted: Option<Submission>,
    ) -> Self {
        let card = score(edition, assessment);
        let unit = edition.unit(&assessment.unit);
        let set = unit.and_then(|u| edition.criteria_for(u));
        let comma = ReportOptions {
            decimal_comma: true,
        };
        let mut items = Vec::new();
        let mut reconstructed = false;
        if let Some(set) = set {
            for (node, node_score) in set.nodes().iter().zip(&card.nodes) {
                reconstructed |= node.status() == crate::criteria::TextStatus::Reconstructed;
                let leaf = node.leaf();
                // The report is the unit's own: answers of the survey and of the authority are
                // not part of it.
                let own = leaf
                    .filter(|l| l.assessed_by == Assessor::SelfAssessed)
                    .and_then(|l| assessment.answers.get(node.code()).map(|a| (l, a)));
                let answer = own.map(|(l, a)| answer_text(&l.method, a, &ReportOptions::default()));
                let answer_comma = own.map(|(l, a)| answer_text(&l.method, a, &comma));
                items.push(ReportItem {
                    code: node.code().to_owned(),
                    title: node.title().to_owned(),
                    depth: node.depth(),
                    max: node.max().normalize(),
                    leaf: leaf.is_some(),
                    assessed_by: leaf.map(|l| l.assessed_by.as_str().to_owned()),
                    answer,
                    answer_comma,
                    points: node_score.self_points,
                    evidence: Vec::new(),
                    explanation: None,
                });
            }
        }
        let d = edition.decision();
        SelfAssessmentReport {
            edition_title: edition.title().to_owned(),
            year: edition.year(),
            decision: format!("{} ngày {}", d.number, d.date.format("%d/%m/%Y")),
            province: edition.province().to_owned(),
            unit: assessment.unit.clone(),
            unit_name: unit.map(|u| u.name().to_owned()).unwrap_or_default(),
            appendix: set
                .map(|s| s.appendix().as_str().to_owned())
                .unwrap_or_default(),
            appendix_title: set.map(|s| s.title().to_owned()).unwrap_or_default(),
            stage: kind,
            submitted,
            items,
            max: set.map_or(Decimal::ZERO, |s| s.max().normalize()),
            applicable_max: card.applicable_max,
            self_total: card.self_total,
            reconstructed,
        }
    }

    /// The report as a printable HTML page (Vietnamese labels, dd/mm/yyyy dates).
    pub fn to_html(&self, opts: &ReportOptions) -> String {
        let mut h = String::new();
        let title = format!(
            "Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {}",
            self.year
        );
        page_head(&mut h, &title);
        let _ = write!(
            h,
            "<p class=\"unit\">{}</p>\n<h1>BÁO CÁO KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM<br>CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {}</h1>\n",
            esc(&self.unit_name.to_uppercase()),
            self.year
        );
        let _ = writeln!(
            h,
            "<p class=\"basis\">Theo {} (Quyết định số {})</p>",
            esc(&self.appendix_title),
            esc(&self.decision)
        );
        if self.stage == StageKind::Trial {
            h.push_str(
                "<p class=\"warning\">BẢN CHẠY THỬ — không dùng để tính kết quả chính thức.</p>\n",
            );
        }
        h.push_str("<table>\n<thead><tr><th>Mã</th><th>Tiêu chí</th><th>Điểm tối đa</th><th>Tự đánh giá</th><th>Điểm tự chấm</th><th>Tài liệu kiểm chứng</th><th>Giải trình</th></tr></thead>\n<tbody>\n");
        for item in &self.items {
            let evidence: Vec<String> = item
                .evidence
                .iter()
                .map(|e| {
                    let text = format!(
                        "{} ngày {}: {}",
                        esc(&e.number),
                        e.date.format("%d/%m/%Y"),
                        esc(&e.title)
                    );
                    match &e.link {
                        Some(link) => format!("<a href=\"{}\">{text}</a>", esc(link)),
                        None => text,
                    }
                })
                .collect();
            let points = match (&item.assessed_by, item.points) {
                (Some(who), _) if who == "survey" => "(điều tra XHH)".to_owned(),
                (Some(who), _) if who == "authority" => "(cơ quan thẩm định)".to_owned(),
                (_, Some(p)) => opts.number(p),
                (_, None) => String::new(),
            };
            let _ = writeln!(
                h,
                "<tr class=\"d{}\"><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                item.depth,
                esc(&item.code),
                esc(&item.title),
                opts.number(item.max),
                esc(item.answer_text(opts)),
                points,
                evidence.join("<br>"),
                esc(item.explanation.as_deref().unwrap_or(""))
            );
        }
        let _ = writeln!(
            h,
            "</tbody>\n<tfoot><tr><th colspan=\"2\">Tổng điểm tự chấm (thang điểm {}; điểm tối đa áp dụng {})</th><th class=\"n\">{}</th><th></th><th class=\"n\">{}</th><th colspan=\"2\"></th></tr></tfoot>\n</table>",
            opts.number(self.max),
            opts.number(self.applicable_max),
            opts.number(self.max),
            opts.number(self.self_total)
        );
        match &self.submitted {
            Some(s) => {
                let _ = writeln!(
                    h,
                    "<p>Đã nộp lúc {} bởi {}.</p>",
                    date_vn(&s.at),
                    esc(&s.by)
                );
            }
            None => h.push_str("<p>Chưa nộp.</p>\n"),
        }
        if self.reconstructed {
            h.push_str("<p class=\"note\">Ghi chú: nội dung tiêu chí trong bảng là bản dựng lại (không phải văn bản chính thức của bộ chỉ số); mỗi mục có căn cứ tham chiếu trong dữ liệu.</p>\n");
        }
        let _ = write!(
            h,
            "<div class=\"sign\"><p><i>{}, ngày ..... tháng ..... năm .....</i></p><p><b>THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ</b><br><i>(Ký, ghi rõ họ tên và đóng dấu)</i></p></div>\n</body>\n</html>\n",
            esc(&self.province)
        );
        h
    }

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
                .map(|e| {
                    format!(
                        "{} ngày {}: {}",
                        e.number,
                        e.date.format("%d/%m/%Y"),
                        e.title
                    )
                })
                .collect();
            csv_row(
                &mut out,
                sep,
                &[
                    &item.code,
                    &item.title,
                    &opts.number(item.max),
                    item.answer_text(opts),
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

impl RoundRecord {
    /// The official self-assessment report of a unit, with its evidence and explanations.
    pub fn self_assessment_report(&self, edition: &Edition, unit: &str) -> SelfAssessmentReport {
        let stage = self
            .state()
            .units
            .get(unit)
            .map(|u| u.official.clone())
            .unwrap_or_default();
        SelfAssessmentReport::from_stage(edition, unit, StageKind::Official, &stage)
    }
}

impl Results {
    /// The published results as a printable HTML page: per group, units by rank with index and
    /// band, and the group's summary.
    pub fn to_html(&self, edition: &Edition, opts: &ReportOptions) -> String {
        let mut h = String::new();
        let title = format!(
            "Kết quả Chỉ số cải cách hành chính năm {} — {}",
            edition.year(),
            edition.province()
        );
        page_head(&mut h, &title);
        let _ = writeln!(
            h,
            "<h1>KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {}</h1>\n<p class=\"basis\">{} — Quyết định số {} ngày {}</p>",
            edition.year(),
            esc(edition.title()),
            esc(&edition.decision().number),
            edition.decision().date.format("%d/%m/%Y")
        );
        for group in &self.groups {
            let _ = writeln!(
                h,
                "<h2>{}. {} (Phụ lục {})</h2>\n<table>\n<thead><tr><th>Hạng</th><th>Đơn vị</th><th>Chỉ số (%)</th><th>Xếp loại</th></tr></thead>\n<tbody>",
                group.appendix,
                esc(group.group.name_vi()),
                group.appendix
            );
            for p in &group.ranking {
                let _ = writeln!(
                    h,
                    "<tr><td class=\"n\">{}</td><td>{}{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                    p.rank,
                    esc(&p.name),
                    if p.submitted {
                        ""
                    } else {
                        " <i>(chưa nộp)</i>"
                    },
                    opts.number(p.index),
                    esc(&p.band_label)
                );
            }
            let s = &group.summary;
            let show = |v: Option<Decimal>| v.map_or("—".to_owned(), |v| opts.number(v));
            let bands: Vec<String> = s
                .bands
                .iter()
                .map(|b| format!("{}: {}", esc(&b.label), b.count))
                .collect();
            let _ = writeln!(
                h,
                "</tbody>\n</table>\n<p class=\"summary\">{} đơn vị; trung bình {}; trung vị {}; thấp nhất {}; cao nhất {}. {}</p>",
                s.count,
                show(s.mean),
                show(s.median),
                show(s.min),
                show(s.max),
                bands.join("; ")
            );
        }
        h.push_str("</body>\n</html>\n");
        h
    }

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

fn page_head(h: &mut String, title: &str) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\nbody{{font-family:\"Times New Roman\",serif;font-size:13pt;margin:2cm}}\nh1{{text-align:center;font-size:14pt}}\nh2{{font-size:13pt}}\n.unit,.basis{{text-align:center}}\ntable{{border-collapse:collapse;width:100%}}\nth,td{{border:1px solid #000;padding:3px 5px;vertical-align:top}}\ntd.n,th.n{{text-align:right;white-space:nowrap}}\ntr.d1 td{{font-weight:bold}}\ntr.d2 td{{font-style:italic}}\n.warning{{color:#a00;text-align:center;font-weight:bold}}\n.note{{font-size:11pt}}\n.sign{{margin-left:55%;text-align:center;margin-top:2em}}\n@media print{{body{{margin:1cm}}a{{color:inherit;text-decoration:none}}}}\n</style>\n</head>\n<body>\n",
        esc(title)
    );
}

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Appends one CSV row (RFC 4180 quoting, CRLF line ends).
fn csv_row(out: &mut String, sep: char, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
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
