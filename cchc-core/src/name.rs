//! Stable names of the library's enums: one trait, one spelling (kebab-case, as in data files and
//! JSON), one way to parse.

use crate::error::Error;

/// An enum with stable names, e.g. [`Group`](crate::Group) ("department", …) or
/// [`Appendix`](crate::Appendix) ("I" … "IV"). The names are those of the serde form.
///
/// ```
/// use cchc_core::{Appendix, Group, Named};
/// assert_eq!(Group::CentralAgency.as_str(), "central-agency");
/// assert_eq!(Appendix::parse("III"), Some(Appendix::III));
/// assert_eq!(Group::ALL.len(), 4);
/// ```
pub trait Named: Copy + 'static {
    /// What the names name, for messages ("appendix", "role", …).
    const WHAT: &'static str;
    /// Every value, in their documented order.
    const ALL: &'static [Self];
    /// The stable name.
    fn as_str(self) -> &'static str;
    /// The value with this name, if any.
    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == text)
    }
}

/// Parses a stable name; an unknown one is refused with code "unknown-name".
///
/// ```
/// use cchc_core::{Role, parse_name};
/// assert_eq!(parse_name::<Role>("admin").unwrap(), Role::Admin);
/// let err = parse_name::<Role>("boss").unwrap_err();
/// assert_eq!(err.code(), "unknown-name");
/// assert_eq!(err.limit(), Some("unit-editor, unit-head, appraiser, admin"));
/// ```
pub fn parse_name<T: Named>(text: &str) -> Result<T, Error> {
    T::parse(text).ok_or_else(|| Error::unknown_name::<T>(text))
}

/// Implements [`Named`] (and `Display`) for an enum from its list of variants and names.
macro_rules! named {
    ($ty:ident, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $crate::name::Named for $ty {
            const WHAT: &'static str = $what;
            const ALL: &'static [$ty] = &[$($ty::$variant),+];
            fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::name::Named::as_str(*self))
            }
        }
    };
}
pub(crate) use named;
