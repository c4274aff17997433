//! Answers: what someone declares for one leaf, and how an answer becomes points.

use crate::criteria::{Leaf, Node};
use crate::error::{Error, ErrorKind};
use crate::method::{Choice, Method};
use crate::rounding::Rounding;
use crate::tagged::internally_tagged;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

internally_tagged! {
tag = "kind", twin = answer_twin;
/// An answer to one leaf. In JSON every answer has a `kind`; decimals are strings.
///
/// ```
/// use cchc_core::Answer;
/// let a: Answer = serde_json::from_str(r#"{"kind": "rate", "numerator": "7", "denominator": "9"}"#).unwrap();
/// assert_eq!(a.kind(), "rate");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Answer {
    /// For `yes-no` leaves.
    YesNo {
        /// Whether the requirement was met.
        yes: bool,
    },
    /// For `options` leaves: the chosen option's id.
    #[serde(rename = "option")]
    Choice {
        /// The option's id.
        option: String,
    },
    /// For `checklist` leaves: the ids of the conditions met.
    Checklist {
        /// Ticked item ids, each at most once.
        ticked: Vec<String>,
    },
    /// For `count` and `deduction` leaves.
    Count {
        /// How many (documents issued, violations found, …).
        count: i64,
    },
    /// For `ratio-tiers` and `proportional` leaves: done / required.
    Rate {
        /// What was done.
        #[serde(with = "crate::decimal::Str")]
        numerator: Decimal,
        /// What was required.
        #[serde(with = "crate::decimal::Str")]
        denominator: Decimal,
    },
    /// For `points` leaves: judgement points.
    Points {
        /// The points given.
        #[serde(with = "crate::decimal::Str")]
        points: Decimal,
    },
    /// For `survey` leaves: how many respondents gave each grade.
    Tally {
        /// Respondents per grade id.
        tally: BTreeMap<String, i64>,
    },
    /// The leaf does not apply to the unit (only where the leaf allows it).
    NotApplicable,
}
}

impl Answer {
    /// The answer kind's stable name ("yes-no", "option", …).
    pub fn kind(&self) -> &'static str {
        match self {
            Answer::YesNo { .. } => "yes-no",
            Answer::Choice { .. } => "option",
            Answer::Checklist { .. } => "checklist",
            Answer::Count { .. } => "count",
            Answer::Rate { .. } => "rate",
            Answer::Points { .. } => "points",
            Answer::Tally { .. } => "tally",
            Answer::NotApplicable => "not-applicable",
        }
    }

    /// Parses an answer from its JSON form (docs/scoring.md §1). Only the shape is checked here;
    /// whether it fits a leaf is checked when it is given.
    ///
    /// ```
    /// use cchc_core::Answer;
    /// let a = Answer::from_json(r#"{"kind": "points", "points": "1.25"}"#).unwrap();
    /// assert_eq!(a.to_json(), r#"{"kind":"points","points":"1.25"}"#);
    /// assert!(Answer::from_json(r#"{"kind": "points", "points": 1.25}"#).is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Answer, Error> {
        serde_json::from_str(text).map_err(|e| Error::from_serde_json("answer", &e))
    }

    /// The answer as compact JSON (decimals as strings).
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serializing cannot fail.
        crate::to_json_text(self, false).unwrap_or_default()
    }
}

/// What an accepted answer is worth. In JSON: `{"kind": "points", "points": "1.5"}` or
/// `{"kind": "not-applicable"}`.
///
/// ```
/// use cchc_core::Worth;
/// let w = Worth::Points("1.5".parse().unwrap());
/// assert_eq!(serde_json::to_string(&w).unwrap(), r#"{"kind":"points","points":"1.5"}"#);
/// assert_eq!(serde_json::from_str::<Worth>(r#"{"kind":"not-applicable"}"#).unwrap(), Worth::NotApplicable);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "WorthWire", into = "WorthWire")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(with = "WorthWire"))]
pub enum Worth {
    /// Points (for a deduction leaf: the points taken off).
    Points(Decimal),
    /// The leaf leaves the scale.
    NotApplicable,
}

internally_tagged! {
tag = "kind", twin = worth_twin;
/// The JSON form of [`Worth`]: a tagged object (serde cannot tag a newtype variant holding a
/// string).
#[derive(Clone, Copy, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "Worth"))]
enum WorthWire {
    /// Points (for a deduction leaf: the points taken off).
    Points {
        /// The points.
        #[serde(with = "crate::decimal::Str")]
        points: Decimal,
    },
    /// The leaf leaves the scale.
    NotApplicable,
}
}

impl From<WorthWire> for Worth {
    fn from(w: WorthWire) -> Worth {
        match w {
            WorthWire::Points { points } => Worth::Points(points),
            WorthWire::NotApplicable => Worth::NotApplicable,
        }
    }
}

impl From<Worth> for WorthWire {
    fn from(w: Worth) -> WorthWire {
        match w {
            Worth::Points(points) => WorthWire::Points { points },
            Worth::NotApplicable => WorthWire::NotApplicable,
        }
    }
}

/// The context an answer is checked in, for error messages.
pub(crate) struct Subject<'a> {
    pub(crate) unit: Option<&'a str>,
    pub(crate) node: &'a Node,
    pub(crate) leaf: &'a Leaf,
}

impl Subject<'_> {
    pub(crate) fn error(&self, kind: ErrorKind, limit: Option<String>, detail: String) -> Error {
        Error::answer(
            kind,
            self.unit,
            Some(self.node.code()),
            Some(self.leaf.method.kind()),
            limit,
            detail,
        )
    }
}

fn check_amount(s: &Subject<'_>, value: Decimal, what: &str) -> Result<(), Error> {
    check_sign(s, value, what)?;
    check_precision(s, value, what)
}

fn check_sign(s: &Subject<'_>, value: Decimal, what: &str) -> Result<(), Error> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(s.error(
            ErrorKind::NegativeValue,
            Some("0".into()),
            format!("{what} {value} is negative"),
        ));
    }
    Ok(())
}

fn check_precision(s: &Subject<'_>, value: Decimal, what: &str) -> Result<(), Error> {
    if value.normalize().scale() > 2 {
        return Err(s.error(
            ErrorKind::TooPrecise,
            Some("2 decimals".into()),
            format!("{what} {value} has more than two decimals"),
        ));
    }
    Ok(())
}

/// Checks points given directly (appraisal, explanation round, `points` answers): not
/// negative, at most two decimals, at most `limit`.
pub(crate) fn check_points(
    s: &Subject<'_>,
    points: Decimal,
    limit: Decimal,
) -> Result<Decimal, Error> {
    check_amount(s, points, "points")?;
    if points > limit {
        return Err(s.error(
            ErrorKind::AboveMax,
            Some(limit.normalize().to_string()),
            format!("{points} points is above the max {}", limit.normalize()),
        ));
    }
    Ok(points.normalize())
}

fn check_count(s: &Subject<'_>, count: i64) -> Result<Decimal, Error> {
    if count < 0 {
        return Err(s.error(
            ErrorKind::NegativeValue,
            Some("0".into()),
            format!("count {count} is negative"),
        ));
    }
    Ok(Decimal::from(count))
}

/// Whether a rate reaches a tier: `numerator × 100 ≥ at_least × denominator`, compared exactly.
/// Only for amounts too large for a decimal to multiply (beyond 10^26, far past any real count)
/// is the rate itself compared, so that no input can overflow.
fn reaches_tier(numerator: Decimal, denominator: Decimal, at_least: Decimal) -> bool {
    match (
        numerator.checked_mul(Decimal::ONE_HUNDRED),
        at_least.checked_mul(denominator),
    ) {
        (Some(done), Some(needed)) => done >= needed,
        _ => numerator
            .checked_div(denominator)
            .is_some_and(|rate| rate * Decimal::ONE_HUNDRED >= at_least),
    }
}

/// `max × numerator ÷ denominator` (numerator ≤ denominator, denominator > 0), multiplied first
/// so that the result is exact before rounding; for amounts too large to multiply, divided first.
fn share_of(max: Decimal, numerator: Decimal, denominator: Decimal) -> Decimal {
    max.checked_mul(numerator)
        .and_then(|product| product.checked_div(denominator))
        .or_else(|| {
            numerator
                .checked_div(denominator)
                .and_then(|rate| max.checked_mul(rate))
        })
        .unwrap_or(Decimal::ZERO)
}

/// `round(max × part ÷ whole)` to two decimals by the rule (all non-negative, `whole` above 0):
/// the one formula of options, proportional and survey points. Computed exactly on integers
/// (hundredths of a point) when the amounts fit, which is every real case ([`share_cents`]);
/// through [`share_of`] otherwise.
fn round_share(rounding: Rounding, max: Decimal, part: Decimal, whole: Decimal) -> Decimal {
    let (p, w) = (
        (part.mantissa(), part.scale()),
        (whole.mantissa(), whole.scale()),
    );
    match share_cents(rounding, max, p, w) {
        Some(cents) => Decimal::new(cents, 2),
        None => rounding.round(share_of(max, part, whole)),
    }
}

/// [`round_share`] on integers, in hundredths of a point: `part` and `whole` as (mantissa,
/// scale) pairs. `None` when an amount is negative, `whole` is 0, or a product does not fit.
fn share_cents(
    rounding: Rounding,
    max: Decimal,
    (p, ps): (i128, u32),
    (w, ws): (i128, u32),
) -> Option<i64> {
    let m = max.mantissa();
    if m < 0 || p < 0 || w <= 0 {
        return None;
    }
    // cents = m·10^-ms × p·10^-ps ÷ (w·10^-ws) × 100
    let numerator = m
        .checked_mul(p)?
        .checked_mul(i128::from(pow10(ws.checked_add(2)?)?))?;
    let denominator = w.checked_mul(i128::from(pow10(max.scale().checked_add(ps)?)?))?;
    i64::try_from(rounding.div(numerator, denominator)).ok()
}

/// A rate's amount (its numerator or denominator) as a whole number of hundredths, when it is
/// one the rate rule admits — not negative, at most two decimals (as `check_sign` and
/// `check_precision` admit it) — and fits in an i64: what [`rate_points`] takes. (A tier's
/// points, which an edition holds to the same, are read so too.)
pub(crate) fn rate_amount(value: Decimal) -> Option<i64> {
    let m = i64::try_from(value.mantissa()).ok()?;
    if m < 0 {
        return None;
    }
    match value.scale() {
        0 => m.checked_mul(100),
        1 => m.checked_mul(10),
        2 => Some(m),
        // More decimals: only zeros may follow the second.
        scale => {
            let unit = pow10(scale - 2)?;
            (m % unit == 0).then_some(m / unit)
        }
    }
}

/// What a rate of `numerator` over `denominator` (each a [`rate_amount`], in hundredths) is
/// worth on a leaf of `method` (ratio tiers or proportional) with `max` points, on integers
/// ([`RateScale::hundredths`]). `None` when the rate is refused (a zero denominator, a numerator
/// above it), the method takes no rate, or an amount does not fit (then the decimals decide).
pub(crate) fn rate_points(
    method: &Method,
    max: Decimal,
    numerator: i64,
    denominator: i64,
    rounding: Rounding,
) -> Option<Decimal> {
    let hundredths = RateScale::of(method, max)?.hundredths(numerator, denominator, rounding)?;
    Some(Decimal::new(hundredths, 2))
}

/// A rate leaf's method as the integer rate rule reads it: made once per leaf by a reader of
/// many rates (the batch reader), or per answer by [`rate_points`].
#[derive(Clone, Copy)]
pub(crate) enum RateScale<'m> {
    /// The tiers, in order.
    Tiers(&'m [crate::method::Tier]),
    /// The leaf's max, shared in proportion.
    Share(Decimal),
}

impl<'m> RateScale<'m> {
    /// The rule of a leaf of `method` with `max` points, if it takes a rate.
    pub(crate) fn of(method: &'m Method, max: Decimal) -> Option<RateScale<'m>> {
        match method {
            Method::RatioTiers { tiers } => Some(RateScale::Tiers(tiers)),
            Method::Proportional => Some(RateScale::Share(max)),
            _ => None,
        }
    }

    /// The rule of a node's leaf, if it takes a rate.
    pub(crate) fn of_node(node: &'m crate::criteria::Node) -> Option<RateScale<'m>> {
        RateScale::of(&node.leaf()?.method, node.max())
    }

    /// What the rate of `numerator` over `denominator` (in hundredths) is worth, in hundredths of
    /// a point: the points of the first tier it reaches (`numerator × 100 ≥ at_least ×
    /// denominator`, as `reaches_tier` compares it; 0 when none), or `max × numerator ÷
    /// denominator` rounded by [`share_cents`]. `None` when the rate is refused (a zero
    /// denominator, a numerator above it) or an amount does not fit.
    pub(crate) fn hundredths(
        self,
        numerator: i64,
        denominator: i64,
        rounding: Rounding,
    ) -> Option<i64> {
        if numerator < 0 || denominator <= 0 || numerator > denominator {
            return None;
        }
        let (n, d) = (i128::from(numerator), i128::from(denominator));
        match self {
            RateScale::Tiers(tiers) => {
                for tier in tiers {
                    let (a, scale) = (tier.at_least.mantissa(), tier.at_least.scale());
                    // n·100 ≥ a·10^-scale × d  ⇔  n·100·10^scale ≥ a·d (the hundredths cancel),
                    // in 64 bits when both products fit (every real rate), else in 128.
                    let factor = pow10(scale)?.checked_mul(100)?;
                    let small = i64::try_from(a).ok().and_then(|a| {
                        Some((numerator.checked_mul(factor)?, a.checked_mul(denominator)?))
                    });
                    let reached = match small {
                        Some((done, needed)) => done >= needed,
                        None => n.checked_mul(i128::from(factor))? >= a.checked_mul(d)?,
                    };
                    if reached {
                        return rate_amount(tier.points);
                    }
                }
                Some(0)
            }
            RateScale::Share(max) => share_cents(rounding, max, (n, 2), (d, 2)),
        }
    }
}

fn wrong_kind(s: &Subject<'_>, answer: &Answer) -> Error {
    let expected = match &s.leaf.method {
        Method::YesNo => "yes-no",
        Method::Options { .. } => "option",
        Method::Checklist { .. } => "checklist",
        Method::Count { .. } | Method::Deduction { .. } => "count",
        Method::RatioTiers { .. } | Method::Proportional => "rate",
        Method::Points { .. } => "points",
        Method::Survey { .. } => "tally",
    };
    s.error(
        ErrorKind::WrongAnswerKind,
        Some(expected.into()),
        format!(
            "a {} answer does not fit a {} leaf; give a {expected} answer",
            answer.kind(),
            s.leaf.method.kind()
        ),
    )
}

/// The points of a survey leaf from a tally: its grades in order (as a `BTreeMap` holds them),
/// each once, with their counts. Every grade is checked before any count, so the error does not
/// depend on the order of the counts.
pub(crate) fn survey_points<'t>(
    s: &Subject<'_>,
    options: &[Choice],
    tally: impl Iterator<Item = (&'t str, i64)> + Clone,
    rounding: Rounding,
) -> Result<Decimal, Error> {
    let max = s.node.max();
    // A tally of known grades that the integers score: the same points, without the checks'
    // passes (anything they would refuse, the integers decline).
    if let Some(points) = survey_cents(max, options, tally.clone(), rounding) {
        return Ok(points);
    }
    let share_of_grade = |grade: &str| options.iter().find(|o| crate::batch::same(&o.id, grade));
    if let Some((grade, _)) = tally.clone().find(|(g, _)| share_of_grade(g).is_none()) {
        let ids: Vec<&str> = options.iter().map(|o| &*o.id).collect();
        return Err(s.error(
            ErrorKind::UnknownOption,
            Some(ids.join(", ")),
            format!("unknown grade {grade:?}; the grades are {}", ids.join(", ")),
        ));
    }
    let mut weighted = Decimal::ZERO;
    let mut respondents = Decimal::ZERO;
    for (grade, n) in tally {
        let n = check_count(s, n)?;
        let share = share_of_grade(grade).map_or(Decimal::ZERO, |o| o.share);
        weighted += share * n;
        respondents += n;
    }
    if respondents.is_zero() {
        return Err(s.error(
            ErrorKind::NoRespondents,
            None,
            "the tally has no respondents".into(),
        ));
    }
    Ok(match Decimal::ONE_HUNDRED.checked_mul(respondents) {
        Some(whole) => round_share(rounding, max, weighted, whole),
        None => Decimal::ZERO,
    })
}

/// [`survey_points`] in integers, for a tally of known grades whose counts are not negative,
/// each grade once, with at least one respondent, at most [`SurveyScale::OPTIONS`] options,
/// and whose sums fit in 64 bits: the weighted sum `Σ share × count` is kept as a mantissa at
/// the shares' largest scale, and [`round_share`]'s exact rule is applied to it, so the points
/// are those the decimals give (the same value, divided and rounded by the same integer rule).
/// `None` (the decimals then decide, and refuse what they refuse) for anything else.
pub(crate) fn survey_cents<'t>(
    max: Decimal,
    options: &[Choice],
    tally: impl Iterator<Item = (&'t str, i64)>,
    rounding: Rounding,
) -> Option<Decimal> {
    SurveyScale::of(max, options)?.cents(tally, rounding)
}

/// Powers of ten up to 10^18 (the largest in an i64), read rather than computed.
const POW10: [i64; 19] = {
    let mut p = [1_i64; 19];
    let mut k = 1;
    while k < 19 {
        p[k] = p[k - 1] * 10;
        k += 1;
    }
    p
};

/// 10^k, when it fits in an i64.
fn pow10(k: u32) -> Option<i64> {
    POW10.get(k as usize).copied()
}

/// A survey leaf's max and options as [`survey_cents`] reads them: each option's share as a
/// whole number at the shares' largest scale. Made for each tally, or once per leaf by a reader
/// of many tallies (the batch reader).
#[derive(Clone, Copy)]
pub(crate) struct SurveyScale<'o> {
    options: &'o [Choice],
    /// Each option's share × 10^`scale` (the first `options.len()`).
    shares: [i64; SurveyScale::OPTIONS],
    /// Each option's id when it is one byte (0, which no grade is, for a longer id).
    letters: [u8; SurveyScale::OPTIONS],
    /// The shares' largest scale.
    scale: u32,
    max: Decimal,
}

impl<'o> SurveyScale<'o> {
    /// The most options the integer rule reads (more: the decimals decide).
    const OPTIONS: usize = 16;

    /// The leaf's options as whole numbers, if there are 1 to [`Self::OPTIONS`] of them and
    /// every share fits in an i64 at the largest scale.
    pub(crate) fn of(max: Decimal, options: &'o [Choice]) -> Option<SurveyScale<'o>> {
        if options.len() > Self::OPTIONS {
            return None;
        }
        let scale = options.iter().map(|o| o.share.scale()).max()?;
        let (mut shares, mut letters) = ([0; Self::OPTIONS], [0; Self::OPTIONS]);
        for ((at, letter), option) in shares.iter_mut().zip(&mut letters).zip(options) {
            let share = option.share;
            *at = i64::try_from(share.mantissa())
                .ok()?
                .checked_mul(pow10(scale - share.scale())?)?;
            if let &[id] = option.id.as_bytes() {
                *letter = id;
            }
        }
        Some(SurveyScale {
            options,
            shares,
            letters,
            scale,
            max,
        })
    }

    /// The options of a survey leaf ([`Self::of`]); `None` for any other node.
    pub(crate) fn of_node(node: &'o crate::criteria::Node) -> Option<SurveyScale<'o>> {
        match &node.leaf()?.method {
            Method::Survey { options } => SurveyScale::of(node.max(), options),
            _ => None,
        }
    }

    /// [`survey_cents`] of a tally, given as `(grade, count)` parts.
    pub(crate) fn cents<'t>(
        &self,
        tally: impl Iterator<Item = (&'t str, i64)>,
        rounding: Rounding,
    ) -> Option<Decimal> {
        Some(Decimal::new(self.hundredths(tally, rounding)?, 2))
    }

    /// [`Self::cents`] as a whole number of hundredths of a point (what a scorecard sums).
    pub(crate) fn hundredths<'t>(
        &self,
        tally: impl Iterator<Item = (&'t str, i64)>,
        rounding: Rounding,
    ) -> Option<i64> {
        let options = self.options;
        // In i64 (what a tally's counts and an edition's shares need; past it, the decimals
        // decide).
        let (mut weighted, mut respondents) = (0_i64, 0_i64);
        // The options given, to decline a grade given twice (a map cannot hold it twice).
        let mut given = 0_u32;
        for (grade, n) in tally {
            if n < 0 {
                return None;
            }
            // A one-letter grade (as surveys grade) compared as one byte.
            let k = match grade.as_bytes() {
                &[g] if g != 0 => self
                    .letters
                    .get(..options.len())?
                    .iter()
                    .position(|&l| l == g),
                _ => options
                    .iter()
                    .position(|o| crate::batch::same(&o.id, grade)),
            }?;
            let bit = 1_u32.checked_shl(u32::try_from(k).ok()?)?;
            if given & bit != 0 {
                return None;
            }
            given |= bit;
            weighted = weighted.checked_add(self.shares.get(k)?.checked_mul(n)?)?;
            respondents = respondents.checked_add(n)?;
        }
        let m = i64::try_from(self.max.mantissa()).ok()?;
        if respondents <= 0 || weighted < 0 || m < 0 {
            return None;
        }
        // As `round_share`'s exact rule with part = weighted·10^-scale, whole = 100 ×
        // respondents: two i64 factors make an i128 product that cannot overflow.
        let numerator = (i128::from(m) * i128::from(weighted)).checked_mul(100)?;
        let denominator = (i128::from(respondents) * 100).checked_mul(i128::from(pow10(
            self.max.scale().checked_add(self.scale)?,
        )?))?;
        i64::try_from(rounding.div(numerator, denominator)).ok()
    }
}

/// Turns an answer into points by the leaf's method, or refuses it.
pub(crate) fn worth(s: &Subject<'_>, answer: &Answer, rounding: Rounding) -> Result<Worth, Error> {
    let max = s.node.max();
    let points = match (&s.leaf.method, answer) {
        (_, Answer::NotApplicable) => {
            return if s.leaf.not_applicable {
                Ok(Worth::NotApplicable)
            } else {
                Err(s.error(
                    ErrorKind::NotApplicableRefused,
                    None,
                    "this criterion may not be answered \"not applicable\"".into(),
                ))
            };
        }
        (Method::YesNo, Answer::YesNo { yes }) => {
            if *yes {
                max
            } else {
                Decimal::ZERO
            }
        }
        (Method::Options { options }, Answer::Choice { option }) => {
            let Some(choice) = options.iter().find(|o| &o.id == option) else {
                let ids: Vec<&str> = options.iter().map(|o| &*o.id).collect();
                return Err(s.error(
                    ErrorKind::UnknownOption,
                    Some(ids.join(", ")),
                    format!(
                        "unknown option {option:?}; the options are {}",
                        ids.join(", ")
                    ),
                ));
            };
            round_share(rounding, max, choice.share, Decimal::ONE_HUNDRED)
        }
        (Method::Checklist { items }, Answer::Checklist { ticked }) => {
            let mut sum = Decimal::ZERO;
            for (n, id) in ticked.iter().enumerate() {
                let Some(item) = items.iter().find(|i| &i.id == id) else {
                    let ids: Vec<&str> = items.iter().map(|i| &*i.id).collect();
                    return Err(s.error(
                        ErrorKind::UnknownItem,
                        Some(ids.join(", ")),
                        format!("unknown item {id:?}; the items are {}", ids.join(", ")),
                    ));
                };
                if ticked[..n].contains(id) {
                    return Err(s.error(
                        ErrorKind::UnknownItem,
                        None,
                        format!("item {id:?} is ticked twice"),
                    ));
                }
                sum += item.points;
            }
            sum
        }
        (Method::Count { per_item, cap }, Answer::Count { count }) => {
            let n = check_count(s, *count)?;
            (n * per_item).min(cap.unwrap_or(max))
        }
        (Method::Deduction { per_item }, Answer::Count { count }) => {
            let n = check_count(s, *count)?;
            (n * per_item).min(max)
        }
        (
            method @ (Method::RatioTiers { .. } | Method::Proportional),
            Answer::Rate {
                numerator,
                denominator,
            },
        ) => {
            // Both signs before either precision, so a rate with two faults gets the same code
            // in every implementation (the reference scorer's documented order).
            check_sign(s, *numerator, "numerator")?;
            check_sign(s, *denominator, "denominator")?;
            check_precision(s, *numerator, "numerator")?;
            check_precision(s, *denominator, "denominator")?;
            if denominator.is_zero() {
                return Err(s.error(
                    ErrorKind::ZeroDenominator,
                    None,
                    "the denominator is 0; a rate needs something required".into(),
                ));
            }
            if numerator > denominator {
                return Err(s.error(
                    ErrorKind::NumeratorAboveDenominator,
                    Some(denominator.normalize().to_string()),
                    format!("numerator {numerator} is above denominator {denominator}"),
                ));
            }
            // On integers where the amounts fit (every real rate), else by the decimals.
            let exact = rate_amount(*numerator)
                .zip(rate_amount(*denominator))
                .and_then(|(n, d)| rate_points(method, max, n, d, rounding));
            match (exact, method) {
                (Some(points), _) => points,
                (None, Method::RatioTiers { tiers }) => tiers
                    .iter()
                    .find(|t| reaches_tier(*numerator, *denominator, t.at_least))
                    .map_or(Decimal::ZERO, |t| t.points),
                (None, _) => round_share(rounding, max, *numerator, *denominator),
            }
        }
        (Method::Points { step }, Answer::Points { points }) => {
            let points = check_points(s, *points, max)?;
            if !(points % *step).is_zero() {
                return Err(s.error(
                    ErrorKind::OffStep,
                    Some(step.normalize().to_string()),
                    format!(
                        "{points} points is not a multiple of the step {}",
                        step.normalize()
                    ),
                ));
            }
            points
        }
        (Method::Survey { options }, Answer::Tally { tally }) => survey_points(
            s,
            options,
            tally.iter().map(|(grade, n)| (grade.as_str(), *n)),
            rounding,
        )?,
        _ => return Err(wrong_kind(s, answer)),
    };
    Ok(Worth::Points(points.normalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tally's points by the decimals (what `survey_points` computes when `survey_cents`
    /// declines).
    fn by_decimals(
        max: Decimal,
        options: &[Choice],
        tally: &[(&str, i64)],
        r: Rounding,
    ) -> Decimal {
        let mut weighted = Decimal::ZERO;
        let mut respondents = Decimal::ZERO;
        for &(grade, n) in tally {
            let share = options.iter().find(|o| o.id == grade).unwrap().share;
            weighted += share * Decimal::from(n);
            respondents += Decimal::from(n);
        }
        round_share(r, max, weighted, Decimal::ONE_HUNDRED * respondents)
    }

    #[test]
    fn rate_points_in_integers_are_the_decimals_points() {
        use crate::method::Tier;
        let mut next = crate::test_numbers(0x9e37_79b9_7f4a_7c15_u64);
        // An amount of up to two decimals, some written with trailing zeros past them.
        fn amount(next: &mut impl FnMut(u64) -> u64, limit: u64) -> Decimal {
            let scale = next(3) as u32;
            let value = Decimal::new(next(limit) as i64, scale);
            match next(4) {
                0 => value * Decimal::new(1000, 3),
                _ => value,
            }
        }
        let mut compared = 0;
        for _ in 0..20_000 {
            let limit = [10, 1_000, 1_000_000_000_000][next(3) as usize];
            let (mut numerator, mut denominator) =
                (amount(&mut next, limit), amount(&mut next, limit));
            if numerator > denominator {
                std::mem::swap(&mut numerator, &mut denominator);
            }
            if denominator.is_zero() {
                continue;
            }
            let tiers: Vec<Tier> = (0..next(4))
                .map(|_| Tier {
                    at_least: Decimal::new(next(10_001) as i64, next(3) as u32),
                    points: Decimal::new(next(1_000) as i64, next(3) as u32),
                })
                .collect();
            let max = Decimal::new(next(1_000) as i64, next(3) as u32);
            let (n, d) = (
                rate_amount(numerator).unwrap(),
                rate_amount(denominator).unwrap(),
            );
            for r in [Rounding::HalfUp, Rounding::HalfEven, Rounding::Down] {
                let tiered = Method::RatioTiers {
                    tiers: tiers.clone().into(),
                };
                let by_tiers = tiers
                    .iter()
                    .find(|t| reaches_tier(numerator, denominator, t.at_least))
                    .map_or(Decimal::ZERO, |t| t.points);
                assert_eq!(rate_points(&tiered, max, n, d, r), Some(by_tiers));
                let by_share = rounding_share_by_decimals(r, max, numerator, denominator);
                let share = rate_points(&Method::Proportional, max, n, d, r);
                assert_eq!(share, Some(by_share), "{numerator}/{denominator} of {max}");
                compared += 2;
            }
        }
        assert!(compared > 100_000, "{compared}");
        // Amounts whose products leave 64 bits: the tiers compared in 128, the same tier.
        let tiers = vec![
            Tier {
                at_least: Decimal::new(9_999, 2),
                points: Decimal::new(150, 2),
            },
            Tier {
                at_least: Decimal::new(5, 1),
                points: Decimal::ONE,
            },
        ];
        let tiered = Method::RatioTiers {
            tiers: tiers.clone().into(),
        };
        for (n, d) in [
            (i64::MAX / 3, i64::MAX / 3),
            (i64::MAX / 7, i64::MAX / 3),
            (1, i64::MAX),
        ] {
            let (numerator, denominator) = (Decimal::new(n, 2), Decimal::new(d, 2));
            let by_tiers = tiers
                .iter()
                .find(|t| reaches_tier(numerator, denominator, t.at_least))
                .map_or(Decimal::ZERO, |t| t.points);
            let points = rate_points(&tiered, Decimal::TEN, n, d, Rounding::HalfUp);
            assert_eq!(points, Some(by_tiers), "{n}/{d}");
        }
        // What the rule does not take: more than two decimals, a negative amount, a refused
        // rate, a method without rates.
        assert_eq!(rate_amount(Decimal::new(1_005, 3)), None);
        assert_eq!(rate_amount(Decimal::new(1_050, 3)), Some(105));
        assert_eq!(rate_amount(Decimal::new(-1, 0)), None);
        let p = Method::Proportional;
        assert_eq!(rate_points(&p, Decimal::TEN, 5, 0, Rounding::HalfUp), None);
        assert_eq!(rate_points(&p, Decimal::TEN, 6, 5, Rounding::HalfUp), None);
        assert_eq!(
            rate_points(&Method::YesNo, Decimal::TEN, 1, 5, Rounding::HalfUp),
            None
        );
    }

    /// `max × numerator ÷ denominator` rounded by the decimals alone (what [`round_share`]
    /// gives when [`share_cents`] declines).
    fn rounding_share_by_decimals(
        r: Rounding,
        max: Decimal,
        numerator: Decimal,
        denominator: Decimal,
    ) -> Decimal {
        r.round(share_of(max, numerator, denominator))
    }

    #[test]
    fn survey_points_in_integers_are_the_decimals_points() {
        let mut next = crate::test_numbers(0x2545_f491_4f6c_dd1d_u64);
        let mut compared = 0;
        for _ in 0..20_000 {
            // One-letter grades (matched as one byte) and a longer one.
            let grades = ["A", "B", "C", "DD", "E"];
            let options: Vec<Choice> = grades
                .iter()
                .map(|&id| Choice {
                    id: id.into(),
                    label: id.into(),
                    share: Decimal::new(next(100_001) as i64, next(4) as u32),
                })
                .collect();
            let max = Decimal::new(next(1_000) as i64, next(3) as u32);
            let tally: Vec<(&str, i64)> = grades
                .iter()
                .filter(|_| next(4) > 0)
                .copied()
                .collect::<Vec<_>>()
                .into_iter()
                .map(|g| {
                    let limit = [3, 1_000, 1_000_000_000][next(3) as usize];
                    (g, next(limit) as i64)
                })
                .collect();
            for r in [Rounding::HalfUp, Rounding::HalfEven, Rounding::Down] {
                if let Some(points) = survey_cents(max, &options, tally.iter().copied(), r) {
                    assert_eq!(
                        points,
                        by_decimals(max, &options, &tally, r),
                        "{tally:?} {r:?}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 50_000, "{compared}");
    }
}
