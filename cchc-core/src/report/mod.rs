//! Reports the province prints: the self-assessment report a unit head signs, and the published
//! results table. Built as data by the core and rendered to printable HTML and to CSV here, so
//! every binding gives the same file. The model is here; `html` and `csv` render it.

use crate::answer::Answer;
use crate::assessment::AssessmentData;
use crate::criteria::Assessor;
use crate::edition::Edition;
use crate::instant::{day_month_year, time_and_date_vn};
use crate::method::Method;
use crate::name::Named;
use crate::record::{Evidence, RoundRecord, Stage, StageKind, Submission};
use crate::scorecard::score;
mod csv;
mod html;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How numbers are written in reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportItem {
    /// The code.
    pub code: String,
    /// The Vietnamese title.
    pub title: String,
    /// 1 field, 2 criterion, 3 sub-criterion.
    pub depth: usize,
    /// Maximum points.
    #[serde(with = "crate::decimal::Str")]
    pub max: Decimal,
    /// Whether this is a leaf (scored item).
    pub leaf: bool,
    /// Who assesses the leaf ("self", "survey", "authority"); `None` for parents.
    pub assessed_by: Option<String>,
    /// The unit's answer in words ("Có", "Không áp dụng", "7/9", …), if it answered this
    /// self-assessed leaf.
    pub answer: Option<String>,
    /// The unit's own points (leaves and parents; absent on survey and authority leaves).
    #[serde(with = "crate::decimal::OptionStr")]
    pub points: Option<Decimal>,
    /// Evidence documents attached.
    pub evidence: Vec<Evidence>,
    /// The unit's explanation.
    pub explanation: Option<String>,
}

impl ReportItem {
    /// The answer as a report writes it: with decimal commas when asked, which change only a
    /// number or a rate ("1.25" → "1,25", "2.5/4" → "2,5/4"); any other text is as it is. Made
    /// from `answer` alone, so a report read back from JSON prints as the report itself.
    fn answer_text(&self, opts: &ReportOptions) -> Cow<'_, str> {
        let answer = self.answer.as_deref().unwrap_or("");
        if opts.decimal_comma && is_number_or_rate(answer) {
            Cow::Owned(answer.replace('.', ","))
        } else {
            Cow::Borrowed(answer)
        }
    }
}

/// Whether a text is a decimal ("-1.25", "3") or two of them with a slash ("7/9"): the text of a
/// points, count or rate answer.
fn is_number_or_rate(text: &str) -> bool {
    fn is_decimal(part: &str) -> bool {
        let digits = part.strip_prefix('-').unwrap_or(part);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
        !whole.is_empty()
            && !fraction.is_empty()
            && whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
    }
    match text.split_once('/') {
        Some((numerator, denominator)) => is_decimal(numerator) && is_decimal(denominator),
        None => is_decimal(text),
    }
}

/// The self-assessment report of one unit, as its head signs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    #[serde(with = "crate::decimal::Str")]
    pub max: Decimal,
    /// The max less not-applicable items.
    #[serde(with = "crate::decimal::Str")]
    pub applicable_max: Decimal,
    /// The unit's own total.
    #[serde(with = "crate::decimal::Str")]
    pub self_total: Decimal,
    /// Whether any item text is a reconstruction rather than the official text.
    pub reconstructed: bool,
}

fn answer_text(method: &Method, answer: &Answer) -> String {
    match answer {
        Answer::NotApplicable => "Không áp dụng".into(),
        Answer::YesNo { yes } => if *yes { "Có" } else { "Không" }.into(),
        Answer::Choice { option } => match method {
            Method::Options { options } => options
                .iter()
                .find(|o| &o.id == option)
                .map_or_else(|| option.clone(), |o| o.label.to_string()),
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
                            .map_or_else(|| id.clone(), |i| i.label.to_string())
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
        } => format!("{}/{}", numerator.normalize(), denominator.normalize()),
        Answer::Points { points } => points.normalize().to_string(),
        Answer::Tally { tally } => tally
            .iter()
            .map(|(grade, n)| format!("{grade}: {n}"))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

impl SelfAssessmentReport {
    /// The report of a unit's stage (its answers, evidence and explanations).
    pub(crate) fn from_stage(
        edition: &Edition,
        unit: &str,
        kind: StageKind,
        stage: &Stage,
    ) -> Self {
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
    pub(crate) fn from_data(edition: &Edition, assessment: &AssessmentData) -> Self {
        Self::build(edition, assessment, StageKind::Official, None)
    }

    fn build(
        edition: &Edition,
        assessment: &AssessmentData,
        kind: StageKind,
        submitted: Option<Submission>,
    ) -> Self {
        let card = score(edition, assessment);
        let unit = edition.unit(&assessment.unit);
        let set = unit.and_then(|u| edition.criteria_for(u));
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
                let answer = own.map(|(l, a)| answer_text(&l.method, a));
                items.push(ReportItem {
                    code: node.code().to_owned(),
                    title: node.title().to_owned(),
                    depth: node.depth(),
                    max: node.max().normalize(),
                    leaf: leaf.is_some(),
                    assessed_by: leaf.map(|l| l.assessed_by.as_str().to_owned()),
                    answer,
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
            decision: format!("{} ngày {}", d.number, day_month_year(d.date)),
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
}

impl RoundRecord {
    /// The official self-assessment report of a unit, with its evidence and explanations.
    pub fn self_assessment_report(&self, unit: &str) -> SelfAssessmentReport {
        let stage = self
            .state()
            .units
            .get(unit)
            .map(|u| u.official.clone())
            .unwrap_or_default();
        SelfAssessmentReport::from_stage(self.edition(), unit, StageKind::Official, &stage)
    }
}
