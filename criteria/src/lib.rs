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
/// [`Edition::from_toml_files`].
///
/// ```
/// let files = cchc_criteria::edition_files("soc-trang-2018").unwrap();
/// assert_eq!(files[0].0, "edition.toml");
/// assert!(cchc_criteria::edition_files("nowhere-1999").is_none());
/// ```
pub fn edition_files(id: &str) -> Option<&'static [(&'static str, &'static str)]> {
    match id {
        DEFAULT_EDITION => Some(SOC_TRANG_2018),
        _ => None,
    }
}

/// An embedded edition by id, parsed and validated once per process; `None` for an id that is
/// not embedded. Every call returns a handle to the same shared edition.
///
/// ```
/// let a = cchc_criteria::edition("soc-trang-2018").unwrap();
/// let b = cchc_criteria::default_edition();
/// assert!(a.same_as(&b));
/// assert!(cchc_criteria::edition("nowhere-1999").is_none());
/// ```
pub fn edition(id: &str) -> Option<Edition> {
    static SOC_TRANG: OnceLock<Option<Edition>> = OnceLock::new();
    match id {
        DEFAULT_EDITION => SOC_TRANG
            .get_or_init(|| Edition::from_toml_files(SOC_TRANG_2018).ok())
            .clone(),
        _ => None,
    }
}

/// The default embedded edition (Sóc Trăng 2018), as a shared handle.
///
/// # Panics
/// Never in a released build: the embedded data is validated by this crate's tests.
pub fn default_edition() -> Edition {
    match edition(DEFAULT_EDITION) {
        Some(edition) => edition,
        None => panic!(
            "the embedded edition {DEFAULT_EDITION} does not load; run `cargo test -p cchc-criteria` to see why"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_edition_loads() {
        for id in EDITION_IDS {
            let files = edition_files(id).unwrap();
            if let Err(e) = Edition::from_toml_files(files) {
                panic!("{e}");
            }
        }
    }
}
