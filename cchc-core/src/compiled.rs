//! Compiled editions: an edition validated when a crate is built and embedded as Rust statics.
//!
//! `cchc-criteria`'s build script loads each edition's TOML with every check, then writes
//! [`to_rust`]'s output, a Rust expression of type [`StaticEdition`], to a file the crate
//! `include!`s. At run time [`Edition::from_static`] turns the statics into an edition: no
//! parsing, no validation, no failure path.
//!
//! **Contract.** There are no bytes to decode here, so no untrusted input can reach this path:
//! a `StaticEdition` is Rust source compiled into the program. [`Edition::from_static`] trusts it
//! to have been written by [`to_rust`] from an edition that loaded cleanly. Anything else (a
//! `StaticEdition` written by hand) is outside the contract: it is memory-safe, but the edition's
//! invariants (unique codes, sums that add up, …) are not checked, and scoring such an edition
//! gives unspecified results. Load data you did not compile yourself with
//! [`Edition::from_toml_files`] or [`Edition::from_json`], which check everything.
//!
//! Available with the cargo feature `compiled`; hidden from the documentation because only
//! generated code should name these types.

use crate::criteria::{Assessor, CriteriaSet, Leaf, Node, Section, TextStatus};
use crate::edition::{Band, Decision, Edition, EditionData, Schedule};
use crate::method::{ChecklistItem, Choice, Method, Tier};
use crate::rounding::Rounding;
use crate::unit::{Appendix, Group, Unit};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use rust_decimal::Decimal;
use std::fmt::Write;

/// An edition as Rust statics (see the module's contract).
#[derive(Debug)]
pub struct StaticEdition {
    pub id: &'static str,
    pub year: u16,
    pub province: &'static str,
    pub title: &'static str,
    pub rounding: Rounding,
    pub decision: StaticDecision,
    pub schedule: StaticSchedule,
    pub bands: &'static [StaticBand],
    pub units: &'static [StaticUnit],
    pub criteria: &'static [StaticCriteriaSet],
}

/// [`Decision`] as statics.
#[derive(Debug)]
pub struct StaticDecision {
    pub number: &'static str,
    pub date: NaiveDate,
    pub issuer: &'static str,
    pub title: &'static str,
}

/// [`Schedule`] as statics.
#[derive(Debug)]
pub struct StaticSchedule {
    pub trial_start: DateTime<FixedOffset>,
    pub trial_end: DateTime<FixedOffset>,
    pub official_start: DateTime<FixedOffset>,
    pub official_end: DateTime<FixedOffset>,
    pub report_due: DateTime<FixedOffset>,
    pub reference: &'static str,
    pub status: TextStatus,
}

/// [`Band`] as statics.
#[derive(Debug)]
pub struct StaticBand {
    pub id: &'static str,
    pub label: &'static str,
    pub above: Option<Decimal>,
    pub at_least: Option<Decimal>,
    pub status: TextStatus,
    pub reference: &'static str,
}

/// [`Unit`] as statics.
#[derive(Debug)]
pub struct StaticUnit {
    pub id: &'static str,
    pub name: &'static str,
    pub group: Group,
}

/// [`CriteriaSet`] as statics.
#[derive(Debug)]
pub struct StaticCriteriaSet {
    pub appendix: Appendix,
    pub title: &'static str,
    pub max: Decimal,
    pub nodes: &'static [StaticNode],
}

/// [`Node`] as statics.
#[derive(Debug)]
pub struct StaticNode {
    pub code: &'static str,
    pub title: &'static str,
    pub title_en: Option<&'static str>,
    pub max: Decimal,
    pub section: Section,
    pub leaf: Option<StaticLeaf>,
    pub status: TextStatus,
    pub reference: &'static str,
}

/// [`Leaf`] as statics.
#[derive(Debug)]
pub struct StaticLeaf {
    pub method: StaticMethod,
    pub assessed_by: Assessor,
    pub evidence: bool,
    pub not_applicable: bool,
}

/// A choice or a checklist item as statics: id, label and share or points.
#[derive(Debug)]
pub struct StaticItem {
    pub id: &'static str,
    pub label: &'static str,
    pub value: Decimal,
}

/// [`Method`] as statics.
#[derive(Debug)]
pub enum StaticMethod {
    YesNo,
    Options(&'static [StaticItem]),
    Checklist(&'static [StaticItem]),
    Count {
        per_item: Decimal,
        cap: Option<Decimal>,
    },
    RatioTiers(&'static [Tier]),
    Proportional,
    Points(Decimal),
    Deduction(Decimal),
    Survey(&'static [StaticItem]),
}

/// An instant from its UTC fields and offset, evaluated when the program is compiled (generated
/// code calls it in a `static` initializer: a wrong field is a compile error, never a panic at
/// run time).
#[allow(clippy::too_many_arguments)]
pub const fn instant(
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nano: u32,
    offset_seconds: i32,
) -> DateTime<FixedOffset> {
    let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
        panic!("compiled edition: invalid date")
    };
    let Some(utc) = date.and_hms_nano_opt(hour, minute, second, nano) else {
        panic!("compiled edition: invalid time")
    };
    let Some(offset) = FixedOffset::east_opt(offset_seconds) else {
        panic!("compiled edition: invalid offset")
    };
    DateTime::from_naive_utc_and_offset(utc, offset)
}

/// A date, evaluated when the program is compiled (see [`instant`]).
pub const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("compiled edition: invalid date"),
    }
}

/// A decimal from its parts (see [`Decimal::from_parts`]).
pub const fn decimal(lo: u32, mid: u32, hi: u32, negative: bool, scale: u32) -> Decimal {
    Decimal::from_parts(lo, mid, hi, negative, scale)
}

fn s(text: &str) -> String {
    text.to_owned()
}

fn items(items: &[StaticItem]) -> Vec<Choice> {
    items
        .iter()
        .map(|i| Choice {
            id: s(i.id),
            label: s(i.label),
            share: i.value,
        })
        .collect()
}

impl StaticMethod {
    fn method(&self) -> Method {
        match self {
            StaticMethod::YesNo => Method::YesNo,
            StaticMethod::Options(o) => Method::Options { options: items(o) },
            StaticMethod::Checklist(c) => Method::Checklist {
                items: c
                    .iter()
                    .map(|i| ChecklistItem {
                        id: s(i.id),
                        label: s(i.label),
                        points: i.value,
                    })
                    .collect(),
            },
            StaticMethod::Count { per_item, cap } => Method::Count {
                per_item: *per_item,
                cap: *cap,
            },
            StaticMethod::RatioTiers(t) => Method::RatioTiers { tiers: t.to_vec() },
            StaticMethod::Proportional => Method::Proportional,
            StaticMethod::Points(step) => Method::Points { step: *step },
            StaticMethod::Deduction(per_item) => Method::Deduction {
                per_item: *per_item,
            },
            StaticMethod::Survey(o) => Method::Survey { options: items(o) },
        }
    }
}

impl Edition {
    /// The edition that [`to_rust`] compiled (see the contract of `cchc_core::compiled`): no
    /// parsing and no validation, only the owned values and the criteria indices are built.
    /// Hidden like the module: only generated code (`cchc-criteria`) calls it.
    #[doc(hidden)]
    pub fn from_static(e: &'static StaticEdition) -> Edition {
        let d = &e.decision;
        let sc = &e.schedule;
        Edition::from_data(EditionData {
            id: s(e.id),
            year: e.year,
            province: s(e.province),
            title: s(e.title),
            rounding: e.rounding,
            decision: Decision {
                number: s(d.number),
                date: d.date,
                issuer: s(d.issuer),
                title: s(d.title),
            },
            schedule: Schedule {
                trial_start: sc.trial_start,
                trial_end: sc.trial_end,
                official_start: sc.official_start,
                official_end: sc.official_end,
                report_due: sc.report_due,
                reference: s(sc.reference),
                status: sc.status,
            },
            bands: e
                .bands
                .iter()
                .map(|b| Band {
                    id: s(b.id),
                    label: s(b.label),
                    above: b.above,
                    at_least: b.at_least,
                    status: b.status,
                    reference: s(b.reference),
                })
                .collect(),
            units: e
                .units
                .iter()
                .map(|u| Unit {
                    id: s(u.id),
                    name: s(u.name),
                    group: u.group,
                })
                .collect(),
            criteria: e
                .criteria
                .iter()
                .map(|c| CriteriaSet {
                    appendix: c.appendix,
                    title: s(c.title),
                    max: c.max,
                    nodes: c
                        .nodes
                        .iter()
                        .map(|n| Node {
                            code: s(n.code),
                            title: s(n.title),
                            title_en: n.title_en.map(s),
                            max: n.max,
                            section: n.section,
                            leaf: n.leaf.as_ref().map(|l| Leaf {
                                method: l.method.method(),
                                assessed_by: l.assessed_by,
                                evidence: l.evidence,
                                not_applicable: l.not_applicable,
                            }),
                            status: n.status,
                            reference: s(n.reference),
                        })
                        .collect(),
                    index: Default::default(),
                })
                .collect(),
        })
    }
}

/// Writes an edition as a Rust expression of type [`StaticEdition`], for a build script to
/// `include!` (paths are absolute, `::cchc_core::…`). Give it only an edition that loaded
/// cleanly: every edition value is one.
pub fn to_rust(edition: &Edition) -> String {
    let e = edition.data();
    let mut out = String::with_capacity(256 * 1024);
    let w = &mut out;
    let p = "::cchc_core::compiled::";
    let _ = write!(
        w,
        "{p}StaticEdition {{\n id: {:?},\n year: {},\n province: {:?},\n title: {:?},\n rounding: ::cchc_core::Rounding::{:?},\n",
        e.id, e.year, e.province, e.title, e.rounding
    );
    let d = &e.decision;
    let _ = writeln!(
        w,
        " decision: {p}StaticDecision {{ number: {:?}, date: {p}date({}, {}, {}), issuer: {:?}, title: {:?} }},",
        d.number,
        d.date.year(),
        d.date.month(),
        d.date.day(),
        d.issuer,
        d.title
    );
    let sc = &e.schedule;
    let _ = writeln!(
        w,
        " schedule: {p}StaticSchedule {{ trial_start: {}, trial_end: {}, official_start: {}, official_end: {}, report_due: {}, reference: {:?}, status: {} }},",
        instant_rust(&sc.trial_start),
        instant_rust(&sc.trial_end),
        instant_rust(&sc.official_start),
        instant_rust(&sc.official_end),
        instant_rust(&sc.report_due),
        sc.reference,
        status_rust(sc.status)
    );
    w.push_str(" bands: &[\n");
    for b in &e.bands {
        let _ = writeln!(
            w,
            "  {p}StaticBand {{ id: {:?}, label: {:?}, above: {}, at_least: {}, status: {}, reference: {:?} }},",
            b.id,
            b.label,
            opt_decimal_rust(b.above),
            opt_decimal_rust(b.at_least),
            status_rust(b.status),
            b.reference
        );
    }
    w.push_str(" ],\n units: &[\n");
    for u in &e.units {
        let _ = writeln!(
            w,
            "  {p}StaticUnit {{ id: {:?}, name: {:?}, group: ::cchc_core::Group::{:?} }},",
            u.id, u.name, u.group
        );
    }
    w.push_str(" ],\n criteria: &[\n");
    for c in &e.criteria {
        let _ = writeln!(
            w,
            "  {p}StaticCriteriaSet {{ appendix: ::cchc_core::Appendix::{:?}, title: {:?}, max: {}, nodes: &[",
            c.appendix,
            c.title,
            decimal_rust(c.max)
        );
        for n in &c.nodes {
            let leaf = match &n.leaf {
                None => "None".to_owned(),
                Some(l) => format!(
                    "Some({p}StaticLeaf {{ method: {}, assessed_by: ::cchc_core::Assessor::{:?}, evidence: {}, not_applicable: {} }})",
                    method_rust(&l.method),
                    l.assessed_by,
                    l.evidence,
                    l.not_applicable
                ),
            };
            let _ = writeln!(
                w,
                "   {p}StaticNode {{ code: {:?}, title: {:?}, title_en: {:?}, max: {}, section: ::cchc_core::Section::{:?}, leaf: {leaf}, status: {}, reference: {:?} }},",
                n.code,
                n.title,
                n.title_en,
                decimal_rust(n.max),
                n.section,
                status_rust(n.status),
                n.reference
            );
        }
        w.push_str("  ] },\n");
    }
    w.push_str(" ],\n}\n");
    out
}

fn status_rust(status: TextStatus) -> String {
    format!("::cchc_core::TextStatus::{status:?}")
}

fn decimal_rust(d: Decimal) -> String {
    let m = d.mantissa().unsigned_abs();
    format!(
        "::cchc_core::compiled::decimal({}, {}, {}, {}, {})",
        m as u32,
        (m >> 32) as u32,
        (m >> 64) as u32,
        d.is_sign_negative(),
        d.scale()
    )
}

fn opt_decimal_rust(d: Option<Decimal>) -> String {
    match d {
        Some(d) => format!("Some({})", decimal_rust(d)),
        None => "None".to_owned(),
    }
}

fn instant_rust(t: &DateTime<FixedOffset>) -> String {
    let u = t.naive_utc();
    format!(
        "::cchc_core::compiled::instant({}, {}, {}, {}, {}, {}, {}, {})",
        u.year(),
        u.month(),
        u.day(),
        u.hour(),
        u.minute(),
        u.second(),
        u.nanosecond(),
        t.offset().local_minus_utc()
    )
}

fn items_rust(items: impl Iterator<Item = (String, String, Decimal)>) -> String {
    let mut out = String::from("&[");
    for (id, label, value) in items {
        let _ = write!(
            out,
            "::cchc_core::compiled::StaticItem {{ id: {id:?}, label: {label:?}, value: {} }}, ",
            decimal_rust(value)
        );
    }
    out.push(']');
    out
}

fn choices_rust(choices: &[Choice]) -> String {
    items_rust(
        choices
            .iter()
            .map(|c| (c.id.clone(), c.label.clone(), c.share)),
    )
}

fn method_rust(m: &Method) -> String {
    let p = "::cchc_core::compiled::StaticMethod::";
    match m {
        Method::YesNo => format!("{p}YesNo"),
        Method::Options { options } => format!("{p}Options({})", choices_rust(options)),
        Method::Checklist { items } => format!(
            "{p}Checklist({})",
            items_rust(
                items
                    .iter()
                    .map(|i| (i.id.clone(), i.label.clone(), i.points))
            )
        ),
        Method::Count { per_item, cap } => format!(
            "{p}Count {{ per_item: {}, cap: {} }}",
            decimal_rust(*per_item),
            opt_decimal_rust(*cap)
        ),
        Method::RatioTiers { tiers } => {
            let mut out = format!("{p}RatioTiers(&[");
            for t in tiers {
                let _ = write!(
                    out,
                    "::cchc_core::Tier {{ at_least: {}, points: {} }}, ",
                    decimal_rust(t.at_least),
                    decimal_rust(t.points)
                );
            }
            out.push_str("])");
            out
        }
        Method::Proportional => format!("{p}Proportional"),
        Method::Points { step } => format!("{p}Points({})", decimal_rust(*step)),
        Method::Deduction { per_item } => format!("{p}Deduction({})", decimal_rust(*per_item)),
        Method::Survey { options } => format!("{p}Survey({})", choices_rust(options)),
    }
}
