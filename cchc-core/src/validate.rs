//! Semantic validation of an edition, shared by the TOML and JSON loaders.

use crate::code::Code;
use crate::criteria::{Assessor, CriteriaSet, Leaf, Node, Section};
use crate::edition::EditionData as Edition;
use crate::method::{Choice, Method};
use crate::problem::{Location, Problem, ProblemKind};
use crate::unit::Appendix;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// A place in an edition that a problem can point to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Site {
    /// A key of the edition's metadata, e.g. "schedule.trial_end".
    Key(String),
    /// The n-th unit.
    Unit(usize),
    /// The n-th band.
    Band(usize),
    /// An appendix as a whole.
    Set(Appendix),
    /// The n-th node of an appendix.
    Node(Appendix, usize),
    /// One key ("code", "max") of the n-th node of an appendix; falls back to the node.
    NodeKey(Appendix, usize, &'static str),
}

/// Where each site was read from, and which nodes could not be read cleanly (their sums are
/// not checked, so one mistake is reported once rather than again at every ancestor).
#[derive(Debug, Default)]
pub(crate) struct Sites {
    pub(crate) default_file: String,
    pub(crate) map: HashMap<Site, Location>,
    pub(crate) tainted: HashSet<(Appendix, usize)>,
    /// Appendices named by the edition whose file could not be read at all.
    pub(crate) unreadable: HashSet<Appendix>,
}

impl Sites {
    pub(crate) fn for_file(file: &str) -> Sites {
        Sites {
            default_file: file.to_owned(),
            ..Sites::default()
        }
    }
    pub(crate) fn locate(&self, site: &Site) -> Location {
        if let Site::NodeKey(app, i, _) = site {
            if !self.map.contains_key(site) {
                return self.locate(&Site::Node(*app, *i));
            }
        }
        self.map.get(site).cloned().unwrap_or_else(|| Location {
            file: self.default_file.clone(),
            line: None,
        })
    }
}

/// Collects problems.
pub(crate) struct Report<'s> {
    pub(crate) sites: &'s Sites,
    pub(crate) problems: Vec<Problem>,
}

impl Report<'_> {
    pub(crate) fn push(
        &mut self,
        kind: ProblemKind,
        site: &Site,
        subject: Option<&str>,
        message: String,
    ) {
        self.problems.push(Problem {
            kind,
            location: self.sites.locate(site),
            subject: subject.map(str::to_owned),
            message,
        });
    }

    /// Checks that an amount is not negative, has at most two decimals and stays within
    /// [`MAX_AMOUNT`]. Returns whether it is fine.
    fn amount(&mut self, value: Decimal, what: &str, site: &Site, subject: Option<&str>) -> bool {
        if value > MAX_AMOUNT {
            self.push(
                ProblemKind::AboveMax,
                site,
                subject,
                format!("{what} is {value}; no amount in an edition may exceed {MAX_AMOUNT}"),
            );
            return false;
        }
        if value.is_sign_negative() && !value.is_zero() {
            self.push(
                ProblemKind::Negative,
                site,
                subject,
                format!("{what} is {value}; it may not be negative"),
            );
            false
        } else if value.normalize().scale() > 2 {
            self.push(
                ProblemKind::Precision,
                site,
                subject,
                format!("{what} is {value}; at most two decimals are allowed"),
            );
            false
        } else {
            true
        }
    }
}

/// The largest amount (points, shares, steps) an edition may state. Real tables stay far below;
/// the bound keeps every sum and product of scoring exact and free of overflow.
pub(crate) const MAX_AMOUNT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

pub(crate) fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

/// Validates a whole edition; an empty list means it is sound.
pub(crate) fn validate(edition: &Edition, sites: &Sites) -> Vec<Problem> {
    let mut report = Report {
        sites,
        problems: Vec::new(),
    };
    edition_meta(edition, &mut report);
    units(edition, &mut report);
    let mut seen = HashSet::new();
    for set in edition.criteria.iter() {
        if !seen.insert(set.appendix) {
            report.push(
                ProblemKind::AppendixMismatch,
                &Site::Set(set.appendix),
                None,
                format!("appendix {} is given twice", set.appendix),
            );
        }
        criteria_set(set, &mut report);
    }
    report.problems
}

fn edition_meta(edition: &Edition, report: &mut Report<'_>) {
    // An empty id was already reported as missing by the reader.
    if !edition.id.is_empty() && !is_slug(&edition.id) {
        report.push(
            ProblemKind::InvalidValue,
            &Site::Key("id".into()),
            None,
            format!(
                "edition id {:?} must be lowercase ASCII letters, digits and '-'",
                edition.id
            ),
        );
    }
    let s = &edition.schedule;
    let steps = [
        ("trial_start", s.trial_start, "trial_end", s.trial_end, true),
        (
            "trial_end",
            s.trial_end,
            "official_start",
            s.official_start,
            false,
        ),
        (
            "official_start",
            s.official_start,
            "official_end",
            s.official_end,
            true,
        ),
        (
            "official_end",
            s.official_end,
            "report_due",
            s.report_due,
            false,
        ),
    ];
    for (a_name, a, b_name, b, strict) in steps {
        let wrong = if strict { a >= b } else { a > b };
        if wrong {
            let relation = if strict { "before" } else { "no later than" };
            let kind = if strict { "runs backwards" } else { "overlaps" };
            report.push(
                ProblemKind::ScheduleOrder,
                &Site::Key(format!("schedule.{b_name}")),
                Some(&format!("schedule.{b_name}")),
                format!(
                    "the schedule {kind}: {a_name} ({}) must be {relation} {b_name} ({})",
                    a.to_rfc3339(),
                    b.to_rfc3339()
                ),
            );
        }
    }
    bands(edition, report);
}

fn bands(edition: &Edition, report: &mut Report<'_>) {
    if edition.bands.is_empty() {
        report.push(
            ProblemKind::BandOrder,
            &Site::Key("band".into()),
            None,
            "the edition has no classification bands".into(),
        );
        return;
    }
    let mut ids = HashSet::new();
    let mut previous: Option<Decimal> = None;
    for (i, band) in edition.bands.iter().enumerate() {
        let site = Site::Band(i);
        let subject = Some(&*band.id);
        if !ids.insert(&*band.id) {
            report.push(
                ProblemKind::BandOrder,
                &site,
                subject,
                format!("band id {:?} is used twice", band.id),
            );
        }
        let bound = match (band.above, band.at_least) {
            (Some(_), Some(_)) | (None, None) => {
                report.push(
                    ProblemKind::BandOrder,
                    &site,
                    subject,
                    format!(
                        "band {:?} needs exactly one lower bound: `above` or `at_least`",
                        band.id
                    ),
                );
                continue;
            }
            (Some(v), None) | (None, Some(v)) => v,
        };
        if !report.amount(bound, "the lower bound", &site, subject) {
            continue;
        }
        if bound > Decimal::ONE_HUNDRED {
            report.push(
                ProblemKind::ShareOutOfRange,
                &site,
                subject,
                format!("band {:?} starts at {bound} %, above 100 %", band.id),
            );
        }
        if let Some(prev) = previous {
            if bound >= prev {
                report.push(
                    ProblemKind::BandOrder,
                    &site,
                    subject,
                    format!(
                        "band {:?} starts at {bound} %, not below the band above it ({prev} %); list bands highest first",
                        band.id
                    ),
                );
            }
        }
        previous = Some(bound);
    }
    let last = edition.bands.len() - 1;
    let lowest = &edition.bands[last];
    if lowest.at_least != Some(Decimal::ZERO) {
        report.push(
            ProblemKind::BandOrder,
            &Site::Band(last),
            Some(&lowest.id),
            format!(
                "the lowest band {:?} must be `at_least = 0` so that every index has a band",
                lowest.id
            ),
        );
    }
}

fn units(edition: &Edition, report: &mut Report<'_>) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, unit) in edition.units.iter().enumerate() {
        let site = Site::Unit(i);
        if !is_slug(&unit.id) {
            report.push(
                ProblemKind::InvalidValue,
                &site,
                Some(&unit.id),
                format!(
                    "unit id {:?} must be lowercase ASCII letters, digits and '-'",
                    unit.id
                ),
            );
        }
        if unit.name.trim().is_empty() {
            report.push(
                ProblemKind::MissingKey,
                &site,
                Some(&unit.id),
                format!("unit {:?} has no name", unit.id),
            );
        }
        if let Some(first) = ids.insert(&unit.id, i) {
            report.push(
                ProblemKind::DuplicateUnit,
                &site,
                Some(&unit.id),
                format!(
                    "unit id {:?} is used twice (units {} and {})",
                    unit.id,
                    first + 1,
                    i + 1
                ),
            );
        }
        let appendix = unit.group.appendix();
        if !edition.criteria.iter().any(|c| c.appendix == appendix)
            && !report.sites.unreadable.contains(&appendix)
        {
            report.push(
                ProblemKind::UnitGroup,
                &site,
                Some(&unit.id),
                format!(
                    "unit {:?} is in group {} but the edition has no appendix {appendix}",
                    unit.id, unit.group
                ),
            );
        }
    }
}

fn criteria_set(set: &CriteriaSet, report: &mut Report<'_>) {
    let app = set.appendix;
    let mut by_code: HashMap<&str, usize> = HashMap::new();
    let mut tainted: HashSet<usize> = report
        .sites
        .tainted
        .iter()
        .filter(|(a, _)| *a == app)
        .map(|(_, i)| *i)
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); set.nodes.len()];
    let mut fields: Vec<usize> = Vec::new();
    let mut field_of: Vec<Option<usize>> = vec![None; set.nodes.len()];
    // Until every code is sound, the tree's shape is unknown: sums and "needs a method" are not
    // checked, so one wrong code is reported once.
    let mut code_problems = false;

    for (i, node) in set.nodes.iter().enumerate() {
        let site = Site::Node(app, i);
        let subject = Some(&*node.code);
        if !report.amount(node.max, "max", &Site::NodeKey(app, i, "max"), subject) {
            tainted.insert(i);
        }
        let code_site = Site::NodeKey(app, i, "code");
        let Some(code) = Code::parse(&node.code) else {
            code_problems = true;
            report.push(
                ProblemKind::MalformedCode,
                &code_site,
                subject,
                format!(
                    "code {:?} is not 1 to 3 dot-separated positive integers without leading zeros (\"1\", \"1.2\", \"1.2.3\")",
                    node.code
                ),
            );
            tainted.insert(i);
            continue;
        };
        if let Some(&first) = by_code.get(&*node.code) {
            let first_line = report.sites.locate(&Site::NodeKey(app, first, "code")).line;
            let at = first_line
                .map(|l| format!(" (first at line {l})"))
                .unwrap_or_default();
            code_problems = true;
            report.push(
                ProblemKind::DuplicateCode,
                &code_site,
                subject,
                format!("code {} appears twice in appendix {app}{at}", node.code),
            );
            tainted.insert(i);
            continue;
        }
        by_code.insert(&node.code, i);
        match code.parent() {
            None => {
                fields.push(i);
                field_of[i] = Some(i);
            }
            Some(parent) => match by_code.get(parent.as_str()) {
                Some(&p) => {
                    children[p].push(i);
                    field_of[i] = field_of[p];
                }
                None => {
                    code_problems = true;
                    report.push(
                        ProblemKind::OrphanCode,
                        &code_site,
                        subject,
                        format!(
                            "code {} has no parent {parent} before it in appendix {app}",
                            node.code
                        ),
                    );
                    tainted.insert(i);
                }
            },
        }
        if code.depth() > 1 && node.section != Section::Scored {
            report.push(
                ProblemKind::SectionMismatch,
                &site,
                subject,
                format!(
                    "only a field may set a section; {} is not a field",
                    node.code
                ),
            );
        }
    }

    for (i, node) in set.nodes.iter().enumerate() {
        let site = Site::Node(app, i);
        let subject = Some(&*node.code);
        let has_children = !children[i].is_empty();
        if node.code.split('.').count() == 1
            && !has_children
            && !tainted.contains(&i)
            && !code_problems
        {
            report.push(
                ProblemKind::Structure,
                &site,
                subject,
                format!("field {} has no criteria", node.code),
            );
            continue;
        }
        match (&node.leaf, has_children) {
            (Some(_), true) => report.push(
                ProblemKind::Structure,
                &site,
                subject,
                format!(
                    "{} has children, so it takes its max from them and may not have a method",
                    node.code
                ),
            ),
            (None, false) if !tainted.contains(&i) && !code_problems => report.push(
                ProblemKind::Structure,
                &site,
                subject,
                format!("{} has no children, so it needs a method", node.code),
            ),
            (Some(leaf), false) => {
                let section = field_of[i].map(|f| set.nodes[f].section);
                if !leaf_method(node, leaf, section, &site, report) {
                    tainted.insert(i);
                }
            }
            _ => {}
        }
    }

    if code_problems {
        return;
    }
    // Sums, bottom-up so a mismatch is reported where it is, once.
    for (i, node) in set.nodes.iter().enumerate() {
        let kids = &children[i];
        if kids.is_empty() || tainted.contains(&i) || kids.iter().any(|k| tainted.contains(k)) {
            continue;
        }
        let sum: Decimal = kids.iter().map(|&k| set.nodes[k].max).sum();
        if sum != node.max {
            report.push(
                ProblemKind::MaxMismatch,
                &Site::Node(app, i),
                Some(&node.code),
                format!(
                    "max of {} is {} but its children sum to {sum}",
                    node.code, node.max
                ),
            );
        }
    }
    let scored: Vec<usize> = fields
        .iter()
        .copied()
        .filter(|&f| set.nodes[f].section == Section::Scored)
        .collect();
    if !scored.iter().any(|f| tainted.contains(f)) {
        let sum: Decimal = scored.iter().map(|&f| set.nodes[f].max).sum();
        if sum != set.max {
            report.push(
                ProblemKind::MaxMismatch,
                &Site::Set(app),
                None,
                format!(
                    "appendix {app} declares max {} but its scored fields sum to {sum}",
                    set.max
                ),
            );
        }
    }
}

/// Checks a leaf's method against its max, flags and section. Returns whether it is consistent.
fn leaf_method(
    node: &Node,
    leaf: &Leaf,
    section: Option<Section>,
    site: &Site,
    report: &mut Report<'_>,
) -> bool {
    let before = report.problems.len();
    let code = &*node.code;
    let subject = Some(code);
    let max = node.max;
    let kind = leaf.method.kind();
    match &leaf.method {
        Method::YesNo | Method::Proportional => {}
        Method::Options { options } | Method::Survey { options } => {
            choices(code, kind, options, site, report);
        }
        Method::Checklist { items } => {
            let ids: Vec<&str> = items.iter().map(|i| &*i.id).collect();
            unique_ids(code, kind, &ids, site, report);
            let mut clean = true;
            for item in items.iter() {
                clean &= report.amount(
                    item.points,
                    &format!("points of item {:?}", item.id),
                    site,
                    subject,
                );
            }
            let sum: Decimal = items.iter().map(|i| i.points).sum();
            if clean && !items.is_empty() && sum != max {
                report.push(
                    ProblemKind::ChecklistSum,
                    site,
                    subject,
                    format!(
                        "checklist items of {code} sum to {sum}, {} its max {max}",
                        if sum > max { "above" } else { "below" }
                    ),
                );
            }
        }
        Method::Count { per_item, cap } => {
            per_item_check(code, *per_item, cap.unwrap_or(max), site, report);
            if let Some(cap) = cap {
                if report.amount(*cap, "cap", site, subject) && *cap > max {
                    report.push(
                        ProblemKind::AboveMax,
                        site,
                        subject,
                        format!("cap {cap} of {code} is above its max {max}"),
                    );
                }
            }
        }
        Method::Deduction { per_item } => per_item_check(code, *per_item, max, site, report),
        Method::RatioTiers { tiers } => {
            if tiers.is_empty() {
                report.push(
                    ProblemKind::ChoiceList,
                    site,
                    subject,
                    format!("ratio-tiers leaf {code} has no tiers"),
                );
            }
            let mut previous: Option<(Decimal, Decimal)> = None;
            for (n, tier) in tiers.iter().enumerate() {
                let what = format!("tier {}", n + 1);
                let ok = report.amount(tier.at_least, &format!("{what} at_least"), site, subject)
                    & report.amount(tier.points, &format!("{what} points"), site, subject);
                if !ok {
                    continue;
                }
                if tier.at_least > Decimal::ONE_HUNDRED {
                    report.push(
                        ProblemKind::ShareOutOfRange,
                        site,
                        subject,
                        format!(
                            "{what} of {code} starts at {} %, above 100 %",
                            tier.at_least
                        ),
                    );
                }
                if tier.points > max {
                    report.push(
                        ProblemKind::AboveMax,
                        site,
                        subject,
                        format!(
                            "{what} of {code} gives {} points, above its max {max}",
                            tier.points
                        ),
                    );
                }
                if let Some((rate, points)) = previous {
                    if tier.at_least >= rate || tier.points > points {
                        report.push(
                            ProblemKind::TierOrder,
                            site,
                            subject,
                            format!(
                                "{what} of {code} (at least {} % → {}) must have a lower threshold and no more points than the tier before it (at least {rate} % → {points})",
                                tier.at_least, tier.points
                            ),
                        );
                    }
                }
                previous = Some((tier.at_least, tier.points));
            }
        }
        Method::Points { step } => {
            if report.amount(*step, "step", site, subject)
                && (step.is_zero() || !(max % *step).is_zero())
            {
                report.push(
                    ProblemKind::StepNotDividing,
                    site,
                    subject,
                    format!("step {step} of {code} does not divide its max {max}"),
                );
            }
        }
    }

    let is_survey = matches!(leaf.method, Method::Survey { .. });
    if is_survey != (leaf.assessed_by == Assessor::Survey) {
        report.push(
            ProblemKind::Assessor,
            site,
            subject,
            if is_survey {
                format!("survey leaf {code} must have assessed_by = \"survey\"")
            } else {
                format!(
                    "{code} is assessed by the survey but its method is {kind}; use method \"survey\""
                )
            },
        );
    }
    let is_deduction = matches!(leaf.method, Method::Deduction { .. });
    if is_deduction && leaf.assessed_by != Assessor::Authority {
        report.push(
            ProblemKind::Assessor,
            site,
            subject,
            format!("deduction leaf {code} must have assessed_by = \"authority\""),
        );
    }
    match section {
        Some(Section::Deduction) if !is_deduction => report.push(
            ProblemKind::SectionMismatch,
            site,
            subject,
            format!(
                "{code} is in a deduction field, so its method must be \"deduction\", not {kind}"
            ),
        ),
        Some(Section::Scored | Section::Bonus) if is_deduction => report.push(
            ProblemKind::SectionMismatch,
            site,
            subject,
            format!("deduction leaf {code} must be in a field with section = \"deduction\""),
        ),
        Some(Section::Bonus) if is_survey => report.push(
            ProblemKind::SectionMismatch,
            site,
            subject,
            format!("survey leaf {code} may not be in a bonus field"),
        ),
        _ => {}
    }
    report.problems.len() == before
}

fn per_item_check(
    code: &str,
    per_item: Decimal,
    limit: Decimal,
    site: &Site,
    report: &mut Report<'_>,
) {
    if !report.amount(per_item, "per_item", site, Some(code)) {
        return;
    }
    if per_item.is_zero() {
        report.push(
            ProblemKind::InvalidValue,
            site,
            Some(code),
            format!("per_item of {code} must be above 0"),
        );
    } else if per_item > limit {
        report.push(
            ProblemKind::AboveMax,
            site,
            Some(code),
            format!("per_item {per_item} of {code} is above its limit {limit}"),
        );
    }
}

fn choices(code: &str, kind: &str, options: &[Choice], site: &Site, report: &mut Report<'_>) {
    if options.is_empty() {
        report.push(
            ProblemKind::ChoiceList,
            site,
            Some(code),
            format!("{kind} leaf {code} has no options"),
        );
    }
    let ids: Vec<&str> = options.iter().map(|o| &*o.id).collect();
    unique_ids(code, kind, &ids, site, report);
    for option in options {
        let what = format!("share of option {:?}", option.id);
        if report.amount(option.share, &what, site, Some(code))
            && option.share > Decimal::ONE_HUNDRED
        {
            report.push(
                ProblemKind::ShareOutOfRange,
                site,
                Some(code),
                format!(
                    "option {:?} of {code} is worth {} %, above 100 %",
                    option.id, option.share
                ),
            );
        }
    }
}

fn unique_ids(code: &str, kind: &str, ids: &[&str], site: &Site, report: &mut Report<'_>) {
    let mut seen = HashSet::new();
    for id in ids {
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            report.push(
                ProblemKind::ChoiceList,
                site,
                Some(code),
                format!(
                    "{kind} id {id:?} of {code} must be short ASCII letters, digits, '-' or '_'"
                ),
            );
        } else if !seen.insert(*id) {
            report.push(
                ProblemKind::ChoiceList,
                site,
                Some(code),
                format!("{kind} id {id:?} appears twice in {code}"),
            );
        }
    }
}
