//! Prints an embedded edition as JSON (decimals as strings) to stdout.
//!
//! ```text
//! cargo run -q --example export-edition -- soc-trang-2018 > soc-trang-2018.json
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| cchc_criteria::DEFAULT_EDITION.to_owned());
    match cchc_criteria::edition(&id) {
        Some(edition) => {
            println!("{}", edition.to_json());
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "no embedded edition {id:?}; the embedded editions are: {}",
                cchc_criteria::EDITION_IDS.join(", ")
            );
            ExitCode::FAILURE
        }
    }
}
