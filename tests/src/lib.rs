//! Helpers shared by the cross-crate tests: locating and loading the test data in this folder.

use cchc_core::{Edition, EditionError};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The `tests/` folder of the repository.
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    tests_dir().join("..")
}

/// Reads every `*.toml` file of a folder as `(file name, text)`.
pub fn read_toml_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|x| x == "toml") {
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            files.insert(name, text);
        }
    }
    files
}

/// Loads an edition from a folder of TOML files, `edition.toml` first as the loader expects
/// file order for reporting.
pub fn load_files(files: &BTreeMap<String, String>) -> Result<Edition, EditionError> {
    let mut pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    pairs.sort_by_key(|(n, _)| (*n != "edition.toml", *n != "units.toml", n.to_string()));
    Edition::from_toml_files(&pairs)
}
