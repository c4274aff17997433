//! # cchc-criteria
//!
//! The criteria data of cchc editions, embedded at compile time so that every build (native,
//! Python, WASM) has a working default edition with no files on disk. Each edition is a folder of
//! reviewed TOML files under `criteria/` (format: `docs/edition-format.md`).
//!
//! ```
//! let edition = cchc_criteria::default_edition();
//! assert_eq!(edition.id(), "soc-trang-2018");
//! assert_eq!(edition.decision().number, "3267/QĐ-UBND");
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use cchc_core::Edition;
use std::sync::OnceLock;

/// The id of the edition used when none is named.
pub const DEFAULT_EDITION: &str = "soc-trang-2018";

/// The ids of the embedded editions.
pub const EDITION_IDS: &[&str] = &[DEFAULT_EDITION];

/// The embedded editions as compiled by `build.rs`: validated when this crate was built, stored
/// as Rust statics (`cchc_core::compiled`). Building an [`Edition`] from them parses and checks
/// nothing, so it cannot fail.
pub mod compiled {
    use cchc_core::Edition;
    use cchc_core::compiled::StaticEdition;

    static SOC_TRANG_2018: StaticEdition = include!(concat!(env!("OUT_DIR"), "/soc-trang-2018.rs"));

    /// Builds a fresh copy of the default edition from its compiled form (what
    /// [`default_edition`](crate::default_edition) does once per process; benchmarks measure it).
    ///
    /// ```
    /// let edition = cchc_criteria::compiled::load();
    /// assert_eq!(edition, cchc_criteria::default_edition());
    /// assert!(!edition.same_as(&cchc_criteria::default_edition()));
    /// ```
    pub fn load() -> Edition {
        Edition::from_static(&SOC_TRANG_2018)
    }
}

#[cfg(feature = "toml")]
const SOC_TRANG_2018: &[(&str, &str)] = &[
    (
        "edition.toml",
        include_str!("../soc-trang-2018/edition.toml"),
    ),
    ("units.toml", include_str!("../soc-trang-2018/units.toml")),
    (
        "appendix-1.toml",
        include_str!("../soc-trang-2018/appendix-1.toml"),
    ),
    (
        "appendix-2.toml",
        include_str!("../soc-trang-2018/appendix-2.toml"),
    ),
    (
        "appendix-3.toml",
        include_str!("../soc-trang-2018/appendix-3.toml"),
    ),
    (
        "appendix-4.toml",
        include_str!("../soc-trang-2018/appendix-4.toml"),
    ),
];

/// The TOML files of an embedded edition, as `(file name, text)` pairs ready for
/// `Edition::from_toml_files` (cargo feature `toml`, on by default).
///
/// ```
/// let files = cchc_criteria::edition_files("soc-trang-2018").unwrap();
/// assert_eq!(files[0].0, "edition.toml");
/// assert!(cchc_criteria::edition_files("nowhere-1999").is_none());
/// ```
#[cfg(feature = "toml")]
pub fn edition_files(id: &str) -> Option<&'static [(&'static str, &'static str)]> {
    match id {
        DEFAULT_EDITION => Some(SOC_TRANG_2018),
        _ => None,
    }
}

/// An embedded edition by id; `None` for an id that is not embedded. Every call returns a handle
/// to the same shared edition.
///
/// ```
/// let a = cchc_criteria::edition("soc-trang-2018").unwrap();
/// let b = cchc_criteria::default_edition();
/// assert!(a.same_as(&b));
/// assert!(cchc_criteria::edition("nowhere-1999").is_none());
/// ```
pub fn edition(id: &str) -> Option<Edition> {
    match id {
        DEFAULT_EDITION => Some(default_edition()),
        _ => None,
    }
}

/// The default embedded edition (Sóc Trăng 2018), as a shared handle. Built once per process
/// from its compiled form ([`compiled::load`]); it was validated when this crate was built, so
/// this cannot fail.
pub fn default_edition() -> Edition {
    static SOC_TRANG: OnceLock<Edition> = OnceLock::new();
    SOC_TRANG.get_or_init(compiled::load).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled edition is the very edition its TOML files load to.
    #[cfg(feature = "toml")]
    #[test]
    fn compiled_edition_equals_its_toml() {
        for id in EDITION_IDS {
            let files = edition_files(id).unwrap();
            let from_toml = Edition::from_toml_files(files).unwrap_or_else(|e| panic!("{e}"));
            let compiled = edition(id).unwrap();
            assert_eq!(compiled, from_toml);
            assert_eq!(compiled.to_json(), from_toml.to_json());
        }
    }
}
