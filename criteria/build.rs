//! Validates each embedded edition when the crate is built and compiles it into Rust statics.
//!
//! The TOML files are loaded with every check of `Edition::from_toml_files`; an edition with
//! problems fails the build with each problem listed (file, line, message). A sound edition is
//! written as a `cchc_core::compiled::StaticEdition` expression to `$OUT_DIR/<id>.rs`, which
//! `src/lib.rs` includes: at run time the default edition is built from statics, with no parsing
//! and no failure path.

use cchc_core::Edition;
use std::path::Path;

/// (edition id, folder, files in load order): the same list as `src/lib.rs`.
const EDITIONS: &[(&str, &[&str])] = &[(
    "soc-trang-2018",
    &[
        "edition.toml",
        "units.toml",
        "appendix-1.toml",
        "appendix-2.toml",
        "appendix-3.toml",
        "appendix-4.toml",
    ],
)];

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut failed = false;
    for (id, names) in EDITIONS {
        let folder = Path::new(id);
        println!("cargo:rerun-if-changed={id}");
        let mut texts = Vec::new();
        for name in *names {
            let path = folder.join(name);
            println!("cargo:rerun-if-changed={}", path.display());
            match std::fs::read_to_string(&path) {
                Ok(text) => texts.push((*name, text)),
                Err(e) => {
                    eprintln!("cchc-criteria: cannot read {}: {e}", path.display());
                    failed = true;
                }
            }
        }
        let files: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
        match Edition::from_toml_files(&files) {
            Ok(edition) => {
                let code = cchc_core::compiled::to_rust(&edition);
                let out = Path::new(&out_dir).join(format!("{id}.rs"));
                if let Err(e) = std::fs::write(&out, code) {
                    eprintln!("cchc-criteria: cannot write {}: {e}", out.display());
                    failed = true;
                }
            }
            Err(err) => {
                eprintln!("cchc-criteria: the edition {id} does not load: {err}");
                for problem in err.problems() {
                    eprintln!("  {problem}");
                    println!("cargo:warning={id}: {problem}");
                }
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}
