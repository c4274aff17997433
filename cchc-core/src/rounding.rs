//! The edition's rounding rule: how computed values are brought to two decimals.

use crate::name::named;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// How computed values (proportional and survey points, the index, sub-indices) are rounded to
/// two decimals. Each value is rounded once, where it is computed.
///
/// ```
/// use cchc_core::Rounding;
/// use rust_decimal::Decimal;
/// let x: Decimal = "0.125".parse().unwrap();
/// assert_eq!(Rounding::HalfUp.round(x).to_string(), "0.13");
/// assert_eq!(Rounding::HalfEven.round(x).to_string(), "0.12");
/// assert_eq!(Rounding::Down.round(x).to_string(), "0.12");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Rounding {
    /// Half away from zero: 0.125 → 0.13 (the usual "làm tròn").
    #[default]
    HalfUp,
    /// Half to even (banker's rounding): 0.125 → 0.12.
    HalfEven,
    /// Truncate: 0.129 → 0.12.
    Down,
}

named!(Rounding, "rounding rule", { HalfUp => "half-up", HalfEven => "half-even", Down => "down" });

impl Rounding {
    /// Decimal places kept.
    pub const PLACES: u32 = 2;

    /// Rounds to two decimals by this rule.
    pub fn round(self, value: Decimal) -> Decimal {
        let strategy = match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::Down => RoundingStrategy::ToZero,
        };
        value.round_dp_with_strategy(Self::PLACES, strategy)
    }

    /// `numerator ÷ denominator` rounded to a whole number by this rule (both non-negative,
    /// the denominator above 0): the same rule as [`round`](Self::round), on integers.
    pub(crate) fn div(self, numerator: i128, denominator: i128) -> i128 {
        // In 64 bits where both fit (a 128-bit division is a call, several times slower).
        let (q, r) = match (i64::try_from(numerator), i64::try_from(denominator)) {
            (Ok(n), Ok(d)) if d > 0 => (i128::from(n / d), i128::from(n % d)),
            _ => (numerator / denominator, numerator % denominator),
        };
        let twice = r.saturating_mul(2);
        let up = match self {
            Rounding::HalfUp => twice >= denominator,
            Rounding::HalfEven => twice > denominator || (twice == denominator && q % 2 == 1),
            Rounding::Down => false,
        };
        q + i128::from(up)
    }
}
