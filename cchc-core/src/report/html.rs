//! Printable HTML of the reports (Vietnamese labels, dd/mm/yyyy dates).

use super::*;
use crate::results::Results;
use std::fmt::Write as _;

impl SelfAssessmentReport {
    /// The report as a printable HTML page (Vietnamese labels, dd/mm/yyyy dates).
    pub fn to_html(&self, opts: &ReportOptions) -> String {
        self.to_html_with(opts, str::to_uppercase)
    }

    /// The report as [`to_html`](Self::to_html) writes it, the unit's name put in capitals by
    /// `upper` instead of [`str::to_uppercase`]: for a binding whose host already has Unicode's
    /// case mapping. The WebAssembly modules pass the JS engine's `toUpperCase`, which leaves
    /// Rust's case tables (7 to 10 KB of the browser module, gzipped) out of the module; both
    /// give Unicode's full uppercase mapping.
    ///
    /// ```
    /// use cchc_core::{Answer, Assessment, ReportOptions};
    /// let edition = cchc_criteria::default_edition();
    /// let mut a = Assessment::new(&edition, "so-tu-phap").unwrap();
    /// a.answer("1.1.1", Answer::YesNo { yes: true }).unwrap();
    /// let report = a.report();
    /// let opts = ReportOptions::default();
    /// assert_eq!(report.to_html_with(&opts, str::to_uppercase), report.to_html(&opts));
    /// assert!(report.to_html_with(&opts, str::to_owned).contains(&report.unit_name));
    /// ```
    pub fn to_html_with(&self, opts: &ReportOptions, upper: impl Fn(&str) -> String) -> String {
        let mut h = String::new();
        let title = format!(
            "Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {}",
            self.year
        );
        page_head(&mut h, &title);
        let _ = write!(
            h,
            "<p class=\"unit\">{}</p>\n<h1>BÁO CÁO KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM<br>CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {}</h1>\n",
            esc(&upper(&self.unit_name)),
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
                        day_month_year(e.date),
                        esc(&e.title)
                    );
                    match &e.link {
                        // Only web addresses become links, even from a log older than the check.
                        Some(link) if crate::record::is_web_link(link) => {
                            format!("<a href=\"{}\">{text}</a>", esc(link))
                        }
                        _ => text,
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
                esc(&item.answer_text(opts)),
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
                    time_and_date_vn(&s.at),
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
            day_month_year(edition.decision().date)
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
