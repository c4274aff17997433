//! Validates an edition folder on disk and lists every problem, for people editing criteria data.
//!
//! ```text
//! cargo run -q -p cchc-core --example check-edition -- criteria/soc-trang-2018
//! ```

use cchc_core::Edition;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: check-edition FOLDER (a folder with edition.toml)");
        return ExitCode::from(2);
    };
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!("{dir}: {e}");
            return ExitCode::from(2);
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "toml") {
            let name = entry.file_name().to_string_lossy().into_owned();
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((name, text)),
                Err(e) => {
                    eprintln!("{}: {e}", path.display());
                    return ExitCode::from(2);
                }
            }
        }
    }
    files.sort_by_key(|(name, _)| (name != "edition.toml", name.clone()));
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    match Edition::from_toml_files(&pairs) {
        Ok(edition) => {
            println!("{}: edition {} is valid", dir, edition.id());
            for set in edition.criteria_sets() {
                println!(
                    "  appendix {}: max {}, {} nodes, {} leaves",
                    set.appendix(),
                    set.max(),
                    set.nodes().len(),
                    set.leaves().count()
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
