//! Loading editions: the embedded 2018 edition, the test edition, and bad files that must be
//! refused with exactly the problems listed in their `expected.txt`.

use cchc_core::{Appendix, Assessor, Edition, Group, Method, Named, Section, TextStatus};
use cchc_tests::{load_files, read_toml_dir, tests_dir};
use std::collections::BTreeSet;
use std::fs;

fn mini() -> Edition {
    load_files(&read_toml_dir(&tests_dir().join("editions/mini"))).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_test_edition_loads_with_every_method() {
    let edition = mini();
    assert_eq!(edition.id(), "mini-2018");
    assert_eq!(edition.units().len(), 3);
    let set = edition.criteria(Appendix::I).unwrap();
    assert_eq!(set.max().to_string(), "20");
    let kinds: BTreeSet<&str> = set.leaves().map(|(_, leaf)| leaf.method.kind()).collect();
    assert_eq!(kinds, Method::KINDS.into_iter().collect());
    assert_eq!(set.node("1.3.1").unwrap().max().to_string(), "1");
    let children: Vec<&str> = set.children("1").map(|n| n.code()).collect();
    assert_eq!(children, ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]);
    assert_eq!(set.parent("1.3.1").unwrap().code(), "1.3");
    assert_eq!(set.section_of("3.1"), Some(Section::Deduction));
    let survey = set.node("2.2").unwrap().leaf().unwrap();
    assert_eq!(survey.assessed_by, Assessor::Survey);
}

/// Every folder in `tests/editions/bad/` replaces one or more files of the test edition with a
/// broken one; loading must fail with exactly the lines of its `expected.txt`.
/// Run with `BLESS=1` to write a missing `expected.txt` (then review it by hand).
#[test]
fn bad_files_are_refused_with_every_problem_listed() {
    let base = read_toml_dir(&tests_dir().join("editions/mini"));
    let dir = tests_dir().join("editions/bad");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "only {} bad cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let mut files = base.clone();
        files.extend(read_toml_dir(case));
        let got = match load_files(&files) {
            Ok(_) => "(loaded without problems)\n".to_owned(),
            Err(e) => e.problems().iter().map(|p| format!("{p}\n")).collect(),
        };
        let expected_path = case.join("expected.txt");
        match fs::read_to_string(&expected_path) {
            Ok(expected) if expected == got => {}
            Ok(expected) => failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                case.display()
            )),
            Err(_) if std::env::var_os("BLESS").is_some() => {
                fs::write(&expected_path, &got).unwrap();
            }
            Err(_) => failures.push(format!("{}: no expected.txt; got\n{got}", case.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_file_with_several_problems_lists_them_all() {
    let mut files = read_toml_dir(&tests_dir().join("editions/mini"));
    let appendix = files["appendix-1.toml"]
        .replace("code = \"1.6\"", "code = \"1.06\"")
        .replace("share = 75", "share = 101")
        .replace("step = 0.25", "step = 0.3")
        .replace("points = 0.75", "points = 0.5");
    files.insert("appendix-1.toml".into(), appendix);
    files.insert(
        "units.toml".into(),
        files["units.toml"].replace("id = \"so-c\"", "id = \"so-a\""),
    );
    let err = load_files(&files).unwrap_err();
    let kinds: Vec<(&str, Option<u32>, &str)> = err
        .problems()
        .iter()
        .map(|p| (p.location.file.as_str(), p.location.line, p.kind.code()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("units.toml", Some(11), "duplicate-unit"),
            ("appendix-1.toml", Some(22), "share-out-of-range"),
            ("appendix-1.toml", Some(49), "checklist-sum"),
            ("appendix-1.toml", Some(89), "malformed-code"),
            ("appendix-1.toml", Some(103), "step-not-dividing"),
        ]
    );
    assert_eq!(err.code(), "invalid-edition");
    assert_eq!(err.detail(), "5 problems");
    assert!(err.to_string().starts_with("invalid-edition: 5 problems\n"));
}

#[test]
fn json_export_loads_back_identically() {
    for edition in [mini(), cchc_criteria::default_edition()] {
        let json = edition.to_json();
        let back = Edition::from_json(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, edition);
        assert_eq!(back.to_json(), json);
    }
}

#[test]
fn json_keeps_decimals_as_strings_and_instants_with_offsets() {
    let json: serde_json::Value = serde_json::from_str(&mini().to_json()).unwrap();
    assert_eq!(json["format"], 1);
    assert_eq!(json["criteria"][0]["max"], "20");
    assert_eq!(
        json["criteria"][0]["nodes"][4]["leaf"]["method"]["items"][0]["points"],
        "0.25"
    );
    assert_eq!(
        json["schedule"]["official_end"],
        "2019-01-03T00:00:00+07:00"
    );
    assert_eq!(json["bands"][0]["above"], "90");
}

#[test]
fn json_that_breaks_a_rule_is_refused_like_toml() {
    let json = mini()
        .to_json()
        .replacen("\"max\": \"20\"", "\"max\": \"21\"", 1);
    let err = Edition::from_json(&json).unwrap_err();
    let lines: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(
        lines,
        ["<json> max-mismatch: appendix I declares max 21 but its scored fields sum to 20"]
    );
    let err = Edition::from_json("{\"format\": 2}").unwrap_err();
    assert_eq!(err.problems()[0].kind.code(), "format-version");
    let err = Edition::from_json("[1, 2").unwrap_err();
    assert_eq!(err.problems()[0].kind.code(), "syntax");
}

// ---- the embedded 2018 Sóc Trăng edition ----

#[test]
fn the_2018_edition_has_the_47_units_of_the_letter_in_order() {
    let edition = cchc_criteria::default_edition();
    assert_eq!(edition.units().len(), 47);
    let counts: Vec<usize> = Group::ALL
        .iter()
        .map(|g| edition.units_in(*g).count())
        .collect();
    assert_eq!(counts, [21, 11, 8, 7]);
    let first: Vec<&str> = Group::ALL
        .iter()
        .map(|g| edition.units_in(*g).next().unwrap().name())
        .collect();
    assert_eq!(
        first,
        [
            "Văn phòng Ủy ban nhân dân tỉnh",
            "Ủy ban nhân dân thành phố Sóc Trăng",
            "Ban Quản lý Dự án 1",
            "Cục Thuế tỉnh"
        ]
    );
    let last: Vec<&str> = Group::ALL
        .iter()
        .map(|g| edition.units_in(*g).last().unwrap().name())
        .collect();
    assert_eq!(
        last,
        [
            "Ban Dân tộc",
            "Ủy ban nhân dân huyện Trần Đề",
            "Đài Phát thanh – Truyền hình",
            "Công an tỉnh"
        ]
    );
    // Groups appear in the letter's order: I, II, III, IV.
    let groups: Vec<Group> = edition.units().iter().map(|u| u.group()).collect();
    let mut sorted = groups.clone();
    sorted.sort();
    assert_eq!(groups, sorted);
}

#[test]
fn the_2018_edition_schedule_and_decision_come_from_the_letter() {
    let edition = cchc_criteria::default_edition();
    assert_eq!(edition.decision().number, "3267/QĐ-UBND");
    assert_eq!(edition.decision().date.to_string(), "2018-12-11");
    let s = edition.schedule();
    assert_eq!(s.trial_start.to_rfc3339(), "2018-12-18T00:00:00+07:00");
    assert_eq!(s.trial_end.to_rfc3339(), "2018-12-24T00:00:00+07:00");
    assert_eq!(s.official_start.to_rfc3339(), "2018-12-24T00:00:00+07:00");
    assert_eq!(s.official_end.to_rfc3339(), "2019-01-03T00:00:00+07:00");
    assert_eq!(s.report_due.to_rfc3339(), "2019-01-05T00:00:00+07:00");
    assert_eq!(s.status, TextStatus::Official);
    let bands: Vec<(String, String)> = edition
        .bands()
        .iter()
        .map(|b| {
            let (v, inclusive) = b.lower_bound();
            (
                b.label.to_string(),
                format!("{}{v}", if inclusive { ">=" } else { ">" }),
            )
        })
        .collect();
    let expected = [
        ("Nhóm 1", ">90"),
        ("Nhóm 2", ">=80"),
        ("Nhóm 3", ">=65"),
        ("Nhóm 4", ">=50"),
        ("Nhóm 5", ">=0"),
    ];
    assert_eq!(bands, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    for (index, band) in [
        ("90.01", "Nhóm 1"),
        ("90", "Nhóm 2"),
        ("80", "Nhóm 2"),
        ("79.99", "Nhóm 3"),
        ("65", "Nhóm 3"),
        ("50", "Nhóm 4"),
        ("49.99", "Nhóm 5"),
        ("0", "Nhóm 5"),
    ] {
        assert_eq!(
            edition.band_for(index.parse().unwrap()).unwrap().label,
            band,
            "{index}"
        );
    }
}

#[test]
fn the_2018_appendices_are_complete_reconstructions() {
    let edition = cchc_criteria::default_edition();
    let mut kinds = BTreeSet::new();
    for &appendix in Appendix::ALL {
        let set = edition.criteria(appendix).unwrap();
        assert_eq!(set.max().to_string(), "100", "appendix {appendix}");
        let depth = |d: usize| set.nodes().iter().filter(|n| n.depth() == d).count();
        let leaves = set.leaves().count();
        if matches!(appendix, Appendix::I | Appendix::II) {
            assert!(
                set.fields()
                    .filter(|f| f.section() == Section::Scored)
                    .count()
                    >= 7,
                "{appendix}"
            );
            assert!(depth(2) >= 30, "appendix {appendix}: {} criteria", depth(2));
            assert!(leaves >= 55, "appendix {appendix}: {leaves} leaves");
        } else {
            assert!(leaves < edition.criteria(Appendix::I).unwrap().leaves().count());
        }
        let survey: cchc_core::Decimal = set
            .leaves()
            .filter(|(_, l)| l.assessed_by == Assessor::Survey)
            .map(|(n, _)| n.max())
            .sum();
        assert!(
            survey > cchc_core::Decimal::ZERO,
            "appendix {appendix} has no survey part"
        );
        for node in set.nodes() {
            assert_eq!(
                node.status(),
                TextStatus::Reconstructed,
                "{appendix} {}",
                node.code()
            );
            assert!(
                !node.reference().trim().is_empty(),
                "{appendix} {} has no reference",
                node.code()
            );
            assert!(!node.title().trim().is_empty());
        }
        kinds.extend(set.leaves().map(|(_, l)| l.method.kind()));
    }
    assert_eq!(
        kinds,
        Method::KINDS.into_iter().collect(),
        "every method kind is used"
    );
}

/// The test editions the WASM suites use, as JSON (`tests/editions/json/<folder>.json`): the
/// browser build has no TOML loader, so JS loads these. Each must be exactly what its TOML folder
/// loads to. Run with `BLESS=1` to rewrite them.
#[test]
fn json_copies_of_the_test_editions_are_current() {
    let dir = tests_dir().join("editions/json");
    let mut stale = Vec::new();
    for name in [
        "mini",
        "bonus-bands",
        "rounding-down",
        "rounding-half-even",
        "rounding-half-up",
    ] {
        let edition = load_files(&read_toml_dir(&tests_dir().join("editions").join(name)))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let json = edition.to_json() + "\n";
        let path = dir.join(format!("{name}.json"));
        assert_eq!(Edition::from_json(&json).unwrap(), edition, "{name}");
        if fs::read_to_string(&path).ok().as_deref() != Some(json.as_str()) {
            if std::env::var_os("BLESS").is_some() {
                fs::create_dir_all(&dir).unwrap();
                fs::write(&path, &json).unwrap();
            } else {
                stale.push(name);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale JSON copies (run with BLESS=1): {stale:?}"
    );
}
