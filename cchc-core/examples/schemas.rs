//! Writes the JSON Schemas of every interchange shape into a folder (the repository's `schemas/`),
//! or checks that the folder is current.
//!
//! ```text
//! cargo run -q -p cchc-core --features schema --example schemas -- schemas
//! cargo run -q -p cchc-core --features schema --example schemas -- schemas --check
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let Some(dir) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: schemas DIR [--check]");
        return ExitCode::from(2);
    };
    let mut stale = 0;
    for (name, text) in cchc_core::schema_files() {
        let path = dir.join(&name);
        if check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                eprintln!("{}: stale (regenerate with this example)", path.display());
                stale += 1;
            }
        } else if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    if stale > 0 {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
