//! `docs/criteria-2018.md` is generated from the embedded data by the `criteria-table` example;
//! this test fails when the data changed and the table was not regenerated.

#[allow(dead_code)]
#[path = "../examples/criteria-table.rs"]
mod criteria_table;

#[test]
fn the_reviewers_table_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/criteria-2018.md");
    let have = std::fs::read_to_string(path).unwrap_or_default();
    let want = criteria_table::render(&cchc_criteria::default_edition());
    assert!(
        have == want,
        "docs/criteria-2018.md is stale: run \
         `cargo run -q -p cchc-criteria --example criteria-table > docs/criteria-2018.md`"
    );
}
