//! The committed JSON Schemas (`schemas/`) are the ones the Rust types derive, byte for byte.
//! Regenerate with `cargo run -q -p cchc-core --features schema --example schemas -- schemas`.

#[test]
fn committed_schemas_are_the_derived_ones() {
    let dir = cchc_tests::repo_root().join("schemas");
    let mut stale = Vec::new();
    let derived = cchc_core::schema_files();
    for (name, text) in &derived {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let mut committed: Vec<String> = std::fs::read_dir(&dir)
        .expect("schemas/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    let mut names: Vec<String> = derived.into_iter().map(|(n, _)| n).collect();
    names.sort();
    assert_eq!(
        committed, names,
        "schemas/ holds exactly the derived schemas"
    );
    assert!(
        stale.is_empty(),
        "stale schemas (regenerate them): {stale:?}"
    );
}
