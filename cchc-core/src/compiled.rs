//! Compiled editions: an edition validated when a crate is built and embedded as Rust statics.
//!
//! `cchc-criteria`'s build script loads each edition's TOML with every check, then writes
//! [`to_rust`]'s output, a Rust block expression of type [`StaticEdition`], to a file the crate
//! `include!`s into a `static`. Every text of the edition borrows from the program's read-only
//! data (`Cow::Borrowed`), every list is a static slice, and the criteria sets' lookup tables
//! (codes in sorted order, parents, children, fields) were computed by the build script: at run
//! time [`Edition::from_static`] only wraps the static data in the edition's shared handle (one
//! allocation). No parsing, no validation, no failure path.
//!
//! **Contract.** There are no bytes to decode here, so no untrusted input can reach this path:
//! a `StaticEdition` is Rust source compiled into the program. [`Edition::from_static`] trusts it
//! to have been written by [`to_rust`] from an edition that loaded cleanly. Anything else (a
//! `StaticEdition` written by hand) is outside the contract: it is memory-safe (lookups are
//! bounds-checked), but the edition's invariants (unique codes, sums that add up, …) are not
//! checked, and scoring such an edition gives unspecified results. Load data you did not compile
//! yourself with [`Edition::from_toml_files`] or [`Edition::from_json`], which check everything.
//!
//! Available with the cargo feature `compiled`; hidden from the documentation because only
//! generated code should name these items.

use crate::criteria::{CriteriaSet, Leaf, Node, Section, TextStatus, Tree};
use crate::edition::{Band, Decision, Edition, EditionData, Schedule};
use crate::method::{Choice, Method};
use crate::rounding::Rounding;
use crate::unit::{Appendix, Group, Unit};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::fmt::Write;

/// An edition as Rust statics (see the module's contract): made only by [`edition`].
#[derive(Debug)]
pub struct StaticEdition(EditionData);

/// The edition of a compiled form, from its parts (generated code calls it in a `static`
/// initializer).
#[allow(clippy::too_many_arguments)]
pub const fn edition(
    id: &'static str,
    year: u16,
    province: &'static str,
    title: &'static str,
    rounding: Rounding,
    decision: Decision,
    schedule: Schedule,
    bands: &'static [Band],
    units: &'static [Unit],
    criteria: &'static [CriteriaSet],
) -> StaticEdition {
    StaticEdition(EditionData {
        id: Cow::Borrowed(id),
        year,
        province: Cow::Borrowed(province),
        title: Cow::Borrowed(title),
        rounding,
        decision,
        schedule,
        bands: Cow::Borrowed(bands),
        units: Cow::Borrowed(units),
        criteria: Cow::Borrowed(criteria),
    })
}

/// A unit from its parts.
pub const fn unit(id: &'static str, name: &'static str, group: Group) -> Unit {
    Unit {
        id: Cow::Borrowed(id),
        name: Cow::Borrowed(name),
        group,
    }
}

/// A node from its parts.
#[allow(clippy::too_many_arguments)]
pub const fn node(
    code: &'static str,
    title: &'static str,
    title_en: Option<&'static str>,
    max: Decimal,
    section: Section,
    leaf: Option<Leaf>,
    status: TextStatus,
    reference: &'static str,
) -> Node {
    Node {
        code: Cow::Borrowed(code),
        title: Cow::Borrowed(title),
        title_en: match title_en {
            Some(t) => Some(Cow::Borrowed(t)),
            None => None,
        },
        max,
        section,
        leaf,
        status,
        reference: Cow::Borrowed(reference),
    }
}

/// A criteria set from its parts, with the lookup tables the build script computed
/// (`Tree::build` of the loaded edition).
#[allow(clippy::too_many_arguments)]
pub const fn criteria_set(
    appendix: Appendix,
    title: &'static str,
    max: Decimal,
    nodes: &'static [Node],
    sorted: &'static [usize],
    parent: &'static [Option<usize>],
    fields: &'static [usize],
    children: &'static [usize],
    child_start: &'static [usize],
) -> CriteriaSet {
    CriteriaSet {
        appendix,
        title: Cow::Borrowed(title),
        max,
        nodes: Cow::Borrowed(nodes),
        index: Tree {
            sorted: Cow::Borrowed(sorted),
            parent: Cow::Borrowed(parent),
            fields: Cow::Borrowed(fields),
            children: Cow::Borrowed(children),
            child_start: Cow::Borrowed(child_start),
        },
    }
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

impl Edition {
    /// The edition that [`to_rust`] compiled (see the contract of `cchc_core::compiled`): the
    /// static data wrapped in the shared handle, texts, lists and lookup tables borrowed.
    /// Hidden like the module: only generated code (`cchc-criteria`) calls it.
    #[doc(hidden)]
    pub fn from_static(e: &'static StaticEdition) -> Edition {
        Edition::from_validated(e.0.clone())
    }
}

/// Writes an edition as a Rust block expression of type [`StaticEdition`], for a build script to
/// `include!` into a `static` (paths are absolute, `::cchc_core::…`; every slice is a named
/// `static` inside the block). Give it only an edition that loaded cleanly: every edition value
/// is one.
pub fn to_rust(edition: &Edition) -> String {
    let e = edition.data();
    let mut w = Gen {
        items: String::with_capacity(256 * 1024),
        next: 0,
    };
    let p = "::cchc_core::compiled::";
    let d = &e.decision;
    let decision = format!(
        "::cchc_core::Decision {{ number: {}, date: {p}date({}, {}, {}), issuer: {}, title: {} }}",
        cow(&d.number),
        d.date.year(),
        d.date.month(),
        d.date.day(),
        cow(&d.issuer),
        cow(&d.title)
    );
    let sc = &e.schedule;
    let schedule = format!(
        "::cchc_core::Schedule {{ trial_start: {}, trial_end: {}, official_start: {}, official_end: {}, report_due: {}, reference: {}, status: {} }}",
        instant_rust(&sc.trial_start),
        instant_rust(&sc.trial_end),
        instant_rust(&sc.official_start),
        instant_rust(&sc.official_end),
        instant_rust(&sc.report_due),
        cow(&sc.reference),
        status_rust(sc.status)
    );
    let bands: Vec<String> = e
        .bands
        .iter()
        .map(|b| {
            format!(
                "::cchc_core::Band {{ id: {}, label: {}, above: {}, at_least: {}, status: {}, reference: {} }}",
                cow(&b.id),
                cow(&b.label),
                opt_decimal_rust(b.above),
                opt_decimal_rust(b.at_least),
                status_rust(b.status),
                cow(&b.reference)
            )
        })
        .collect();
    let bands = w.slice("::cchc_core::Band", &bands);
    let units: Vec<String> = e
        .units
        .iter()
        .map(|u| {
            format!(
                "{p}unit({:?}, {:?}, ::cchc_core::Group::{:?})",
                u.id, u.name, u.group
            )
        })
        .collect();
    let units = w.slice("::cchc_core::Unit", &units);
    let mut sets = Vec::new();
    for c in e.criteria.iter() {
        let nodes: Vec<String> = c.nodes.iter().map(|n| w.node(n)).collect();
        let nodes = w.slice("::cchc_core::Node", &nodes);
        let t = &c.index;
        let sorted = w.numbers("usize", &t.sorted);
        let parents: Vec<String> = t.parent.iter().map(|p| format!("{p:?}")).collect();
        let parent = w.slice("::core::option::Option<usize>", &parents);
        let fields = w.numbers("usize", &t.fields);
        let children = w.numbers("usize", &t.children);
        let child_start = w.numbers("usize", &t.child_start);
        sets.push(format!(
            "{p}criteria_set(::cchc_core::Appendix::{:?}, {:?}, {}, {nodes}, {sorted}, {parent}, {fields}, {children}, {child_start})",
            c.appendix,
            c.title,
            decimal_rust(c.max)
        ));
    }
    let criteria = w.slice("::cchc_core::CriteriaSet", &sets);
    let mut out = w.items;
    let _ = write!(
        out,
        "{p}edition({:?}, {}, {:?}, {:?}, ::cchc_core::Rounding::{:?},\n {decision},\n {schedule},\n {bands}, {units}, {criteria})\n}}\n",
        e.id, e.year, e.province, e.title, e.rounding
    );
    format!("{{\n{out}")
}

/// The generated block's items: one named `static` per slice.
struct Gen {
    items: String,
    next: usize,
}

impl Gen {
    /// Declares a static array of `ty` holding `values` (Rust expressions) and returns a
    /// reference to it.
    fn slice(&mut self, ty: &str, values: &[String]) -> String {
        let name = format!("S{}", self.next);
        self.next += 1;
        let _ = write!(self.items, "static {name}: [{ty}; {}] = [", values.len());
        for v in values {
            let _ = write!(self.items, "\n {v},");
        }
        self.items.push_str("\n];\n");
        format!("&{name}")
    }

    fn numbers(&mut self, ty: &str, values: &[usize]) -> String {
        let values: Vec<String> = values.iter().map(usize::to_string).collect();
        self.slice(ty, &values)
    }

    fn node(&mut self, n: &Node) -> String {
        let p = "::cchc_core::compiled::";
        let leaf = match &n.leaf {
            None => "None".to_owned(),
            Some(l) => {
                let method = self.method(&l.method);
                format!(
                    "Some(::cchc_core::Leaf {{ method: {method}, assessed_by: ::cchc_core::Assessor::{:?}, evidence: {}, not_applicable: {} }})",
                    l.assessed_by, l.evidence, l.not_applicable
                )
            }
        };
        format!(
            "{p}node({:?}, {:?}, {:?}, {}, ::cchc_core::Section::{:?}, {leaf}, {}, {:?})",
            n.code,
            n.title,
            n.title_en.as_deref(),
            decimal_rust(n.max),
            n.section,
            status_rust(n.status),
            n.reference
        )
    }

    /// Choices or checklist items (`ty`, whose amount is `amount`) as a borrowed static slice.
    fn items<'a>(
        &mut self,
        ty: &str,
        amount: &str,
        items: impl Iterator<Item = (&'a str, &'a str, Decimal)>,
    ) -> String {
        let values: Vec<String> = items
            .map(|(id, label, value)| {
                format!(
                    "{ty} {{ id: {}, label: {}, {amount}: {} }}",
                    cow(id),
                    cow(label),
                    decimal_rust(value)
                )
            })
            .collect();
        let slice = self.slice(ty, &values);
        format!("::std::borrow::Cow::Borrowed({slice})")
    }

    fn choices(&mut self, choices: &[Choice]) -> String {
        let items = choices.iter().map(|c| (&*c.id, &*c.label, c.share));
        self.items("::cchc_core::Choice", "share", items)
    }

    fn method(&mut self, m: &Method) -> String {
        let p = "::cchc_core::Method::";
        match m {
            Method::YesNo => format!("{p}YesNo"),
            Method::Options { options } => {
                format!("{p}Options {{ options: {} }}", self.choices(options))
            }
            Method::Checklist { items } => {
                let items = items.iter().map(|i| (&*i.id, &*i.label, i.points));
                let items = self.items("::cchc_core::ChecklistItem", "points", items);
                format!("{p}Checklist {{ items: {items} }}")
            }
            Method::Count { per_item, cap } => format!(
                "{p}Count {{ per_item: {}, cap: {} }}",
                decimal_rust(*per_item),
                opt_decimal_rust(*cap)
            ),
            Method::RatioTiers { tiers } => {
                let values: Vec<String> = tiers
                    .iter()
                    .map(|t| {
                        format!(
                            "::cchc_core::Tier {{ at_least: {}, points: {} }}",
                            decimal_rust(t.at_least),
                            decimal_rust(t.points)
                        )
                    })
                    .collect();
                let slice = self.slice("::cchc_core::Tier", &values);
                format!("{p}RatioTiers {{ tiers: ::std::borrow::Cow::Borrowed({slice}) }}")
            }
            Method::Proportional => format!("{p}Proportional"),
            Method::Points { step } => format!("{p}Points {{ step: {} }}", decimal_rust(*step)),
            Method::Deduction { per_item } => {
                format!("{p}Deduction {{ per_item: {} }}", decimal_rust(*per_item))
            }
            Method::Survey { options } => {
                format!("{p}Survey {{ options: {} }}", self.choices(options))
            }
        }
    }
}

/// A borrowed text as a Rust expression of type `Cow<'static, str>`.
fn cow(text: &str) -> String {
    format!("::std::borrow::Cow::Borrowed({text:?})")
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
