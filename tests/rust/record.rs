//! The round's life on the embedded 2018 edition: schedule and lock, roles, the append-only
//! record, appraisal and the explanation round, storage.

use cchc_core::{
    Actor, Answer, Command, Decimal, Edition, Evidence, Phase, RoundRecord, parse_instant,
};
use chrono::{DateTime, FixedOffset, NaiveDate};

fn at(text: &str) -> DateTime<FixedOffset> {
    parse_instant(text).unwrap()
}

fn edition() -> Edition {
    cchc_criteria::default_edition()
}

fn answer(unit: &str, code: &str, answer: Answer) -> Command {
    Command::Answer {
        unit: unit.into(),
        code: code.into(),
        answer,
    }
}

fn yes(unit: &str, code: &str) -> Command {
    answer(unit, code, Answer::YesNo { yes: true })
}

const IN_OFFICIAL: &str = "2018-12-28T09:00:00+07:00";
const AFTER_LOCK: &str = "2019-01-03T08:00:00+07:00";

#[test]
fn the_phase_is_a_function_of_the_instant() {
    let e = &edition();
    let record = RoundRecord::new(e);
    let cases = [
        ("2018-12-17T23:59:59+07:00", Phase::Before),
        ("2018-12-18T00:00:00+07:00", Phase::Trial),
        ("2018-12-23T23:59:59+07:00", Phase::Trial),
        ("2018-12-24T00:00:00+07:00", Phase::Official),
        ("2019-01-02T23:59:59+07:00", Phase::Official),
        ("2019-01-03T00:00:00+07:00", Phase::Appraisal),
        ("2019-01-02T16:59:59Z", Phase::Official),
        ("2019-01-02T17:00:00Z", Phase::Appraisal),
    ];
    for (instant, phase) in cases {
        assert_eq!(record.phase(at(instant)), phase, "{instant}");
    }
    let err = parse_instant("2019-01-02T23:59:59").unwrap_err();
    assert_eq!(err.code(), "invalid-instant");
    assert_eq!(
        err.detail(),
        "instant \"2019-01-02T23:59:59\" has no UTC offset; write it with one, e.g. 2019-01-02T23:59:59+07:00"
    );
}

#[test]
fn the_record_locks_itself_at_24_00_on_02_01_2019() {
    let e = &edition();
    let mut record = RoundRecord::new(e);
    let editor = Actor::unit_editor("lan", "so-tu-phap");
    record
        .execute(
            &editor,
            at("2019-01-02T23:59:59+07:00"),
            yes("so-tu-phap", "1.1.1"),
        )
        .unwrap();
    for late in [
        "2019-01-03T00:00:00+07:00",
        "2019-01-02T17:00:00Z",
        "2019-02-01T10:00:00+07:00",
    ] {
        let err = record
            .execute(&editor, at(late), yes("so-tu-phap", "1.1.2"))
            .unwrap_err();
        assert_eq!(err.code(), "window-closed");
        assert_eq!(err.limit(), Some("2019-01-03T00:00:00+07:00"));
        assert_eq!(
            err.to_string(),
            "window-closed: unit so-tu-phap: the self-assessment is closed: the record locked automatically at 2019-01-03T00:00:00+07:00; what was recorded before is kept"
        );
    }
    assert_eq!(record.events().len(), 1);
    let card = record.scorecard("so-tu-phap");
    assert_eq!(card.self_total.to_string(), "0.5");
    assert!(
        !card.submitted,
        "never submitted: scored on what it recorded, flagged"
    );
}

#[test]
fn trial_entries_stay_trial_and_the_official_record_starts_empty() {
    let e = &edition();
    let mut record = RoundRecord::new(e);
    let editor = Actor::unit_editor("lan", "so-y-te");
    record
        .execute(
            &editor,
            at("2018-12-20T10:00:00+07:00"),
            yes("so-y-te", "1.1.1"),
        )
        .unwrap();
    assert_eq!(
        record.trial_scorecard("so-y-te").self_total.to_string(),
        "0.5"
    );
    assert_eq!(record.scorecard("so-y-te").self_total.to_string(), "0");
    let err = record
        .execute(
            &editor,
            at("2018-12-17T10:00:00+07:00"),
            yes("so-y-te", "1.1.1"),
        )
        .unwrap_err();
    assert_eq!(err.code(), "out-of-order");
    let mut fresh = RoundRecord::new(e);
    let err = fresh
        .execute(
            &editor,
            at("2018-12-17T10:00:00+07:00"),
            yes("so-y-te", "1.1.1"),
        )
        .unwrap_err();
    assert_eq!(err.code(), "window-closed");
    assert_eq!(err.limit(), Some("2018-12-18T00:00:00+07:00"));
}

#[test]
fn roles_are_enforced_with_stable_codes() {
    let e = &edition();
    let mut record = RoundRecord::new(e);
    let t = at(IN_OFFICIAL);
    let other = Actor::unit_editor("minh", "so-tai-chinh");
    let err = record
        .execute(&other, t, yes("so-tu-phap", "1.1.1"))
        .unwrap_err();
    assert_eq!(err.code(), "other-unit");
    assert_eq!(
        err.to_string(),
        "other-unit: unit so-tu-phap: unit-editor of so-tai-chinh may not act on the record of so-tu-phap"
    );
    assert_eq!(
        record.unit_view(&other, "so-tu-phap").unwrap_err().code(),
        "other-unit"
    );
    assert!(record.unit_view(&other, "so-tai-chinh").is_ok());
    assert_eq!(
        record.unit_events(&other, "so-tu-phap").unwrap_err().code(),
        "other-unit"
    );
    assert_eq!(record.unit_events(&other, "so-tai-chinh").unwrap().len(), 0);
    assert!(
        record
            .unit_view(&Actor::appraiser("hoa"), "so-tu-phap")
            .is_ok()
    );

    let appraiser = Actor::appraiser("hoa");
    let err = record
        .execute(&appraiser, t, yes("so-tu-phap", "1.1.1"))
        .unwrap_err();
    assert_eq!(err.code(), "permission-denied");
    assert_eq!(err.limit(), Some("the unit's editor or head"));

    let editor = Actor::unit_editor("lan", "so-tu-phap");
    let err = record
        .execute(
            &editor,
            t,
            Command::Submit {
                unit: "so-tu-phap".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "permission-denied");
    assert_eq!(err.limit(), Some("the unit head"));

    let appraise = Command::Appraise {
        unit: "so-tu-phap".into(),
        code: "1.1.1".into(),
        points: Decimal::ZERO,
        comment: String::new(),
    };
    let err = record
        .execute(&editor, at(AFTER_LOCK), appraise.clone())
        .unwrap_err();
    assert_eq!(err.code(), "permission-denied");

    // Nobody self-scores a survey item, and a unit cannot record survey points.
    let survey_leaf = survey_leaf_of("so-tu-phap");
    let tally = Answer::Tally {
        tally: [("A".to_owned(), 3)].into_iter().collect(),
    };
    let err = record
        .execute(
            &editor,
            t,
            answer("so-tu-phap", &survey_leaf, tally.clone()),
        )
        .unwrap_err();
    assert_eq!(err.code(), "not-self-assessed");
    // A refused answer comes back as the answer's own error, not a wrapper.
    assert_eq!(err.category(), cchc_core::Category::Answer);
    assert_eq!(err.unit(), Some("so-tu-phap"));
    assert_eq!(err.criterion(), Some(survey_leaf.as_str()));
    let err = record
        .execute(
            &editor,
            t,
            Command::RecordSurvey {
                unit: "so-tu-phap".into(),
                code: survey_leaf.clone(),
                answer: tally,
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "permission-denied");
    assert!(
        record.events().is_empty(),
        "every refusal left the log empty"
    );
    assert!(record.state().units.is_empty(), "and the state untouched");
}

fn survey_leaf_of(unit: &str) -> String {
    let e = &edition();
    let set = e.criteria_for(e.unit(unit).unwrap()).unwrap();
    set.leaves()
        .find(|(_, l)| l.assessed_by == cchc_core::Assessor::Survey)
        .map(|(n, _)| n.code().to_owned())
        .unwrap()
}

fn evidence_leaves(unit: &str, n: usize) -> Vec<String> {
    let e = &edition();
    let set = e.criteria_for(e.unit(unit).unwrap()).unwrap();
    set.leaves()
        .filter(|(_, l)| {
            l.evidence
                && l.assessed_by == cchc_core::Assessor::SelfAssessed
                && l.method == cchc_core::Method::YesNo
        })
        .map(|(node, _)| node.code().to_owned())
        .take(n)
        .collect()
}

#[test]
fn submitting_needs_evidence_or_an_explanation_for_every_claimed_item() {
    let e = &edition();
    let mut record = RoundRecord::new(e);
    let t = at(IN_OFFICIAL);
    let unit = "so-noi-vu";
    let editor = Actor::unit_editor("lan", unit);
    let head = Actor::unit_head("giam-doc", unit);
    let leaves = evidence_leaves(unit, 3);
    for code in &leaves {
        record.execute(&editor, t, yes(unit, code)).unwrap();
    }
    let err = record
        .execute(&head, t, Command::Submit { unit: unit.into() })
        .unwrap_err();
    assert_eq!(err.code(), "evidence-missing");
    assert_eq!(err.items(), leaves.as_slice());
    record
        .execute(
            &editor,
            t,
            Command::AttachEvidence {
                unit: unit.into(),
                code: leaves[0].clone(),
                evidence: Evidence {
                    number: "125/KH-SNV".into(),
                    date: NaiveDate::from_ymd_opt(2018, 1, 15).unwrap(),
                    title: "Kế hoạch cải cách hành chính năm 2018".into(),
                    link: None,
                    file: None,
                },
            },
        )
        .unwrap();
    record
        .execute(
            &editor,
            t,
            Command::Explain {
                unit: unit.into(),
                code: leaves[1].clone(),
                text: "Văn bản đang lưu tại Văn phòng Sở".into(),
            },
        )
        .unwrap();
    let err = record
        .execute(&head, t, Command::Submit { unit: unit.into() })
        .unwrap_err();
    assert_eq!(err.items(), &leaves[2..]);
    record
        .execute(
            &editor,
            t,
            answer(unit, &leaves[2], Answer::YesNo { yes: false }),
        )
        .unwrap();
    record
        .execute(&head, t, Command::Submit { unit: unit.into() })
        .unwrap();
    let err = record
        .execute(&editor, t, yes(unit, &leaves[2]))
        .unwrap_err();
    assert_eq!(err.code(), "already-submitted");
    assert!(record.scorecard(unit).submitted);
}

#[test]
fn an_extension_reopens_one_unit_only() {
    let e = &edition();
    let mut record = RoundRecord::new(e);
    let admin = Actor::admin("snv");
    record
        .execute(
            &admin,
            at("2019-01-03T08:00:00+07:00"),
            Command::GrantExtension {
                unit: "h-tran-de".into(),
                until: at("2019-01-04T17:00:00+07:00"),
                reason: "Mất điện diện rộng ngày 02/01/2019".into(),
            },
        )
        .unwrap();
    let t = at("2019-01-04T09:00:00+07:00");
    let ours = Actor::unit_editor("an", "h-tran-de");
    record.execute(&ours, t, yes("h-tran-de", "1.1.1")).unwrap();
    let theirs = Actor::unit_editor("binh", "h-ke-sach");
    let err = record
        .execute(&theirs, t, yes("h-ke-sach", "1.1.1"))
        .unwrap_err();
    assert_eq!(err.code(), "window-closed");
    let err = record
        .execute(
            &ours,
            at("2019-01-04T17:00:00+07:00"),
            yes("h-tran-de", "1.1.1"),
        )
        .unwrap_err();
    assert_eq!(err.limit(), Some("2019-01-04T17:00:00+07:00"));
    // Publishing waits for the extension to end.
    let err = record
        .execute(&admin, at("2019-01-04T16:59:59+07:00"), Command::Publish)
        .unwrap_err();
    assert_eq!(err.code(), "wrong-phase");
    assert_eq!(err.items(), ["h-tran-de"]);
}

#[test]
fn appraisal_explanation_round_and_publication() {
    let e = &edition();
    let mut record = RoundRecord::new(e);
    let unit = "so-xay-dung";
    let editor = Actor::unit_editor("lan", unit);
    let appraiser = Actor::appraiser("hoi-dong");
    let admin = Actor::admin("snv");
    record
        .execute(&editor, at(IN_OFFICIAL), yes(unit, "1.1.1"))
        .unwrap();
    let appraise = |points: &str| Command::Appraise {
        unit: unit.into(),
        code: "1.1.1".into(),
        points: points.parse().unwrap(),
        comment: "Kế hoạch ban hành chậm".into(),
    };
    let err = record
        .execute(&appraiser, at(IN_OFFICIAL), appraise("0"))
        .unwrap_err();
    assert_eq!(err.code(), "wrong-phase");
    record
        .execute(&appraiser, at(AFTER_LOCK), appraise("0"))
        .unwrap();
    let err = record
        .execute(&appraiser, at(AFTER_LOCK), appraise("0.75"))
        .unwrap_err();
    assert_eq!(err.code(), "above-max");
    assert_eq!(err.limit(), Some("0.5"));

    let contest = Command::Contest {
        unit: unit.into(),
        code: "1.1.1".into(),
        text: "Kế hoạch ban hành đúng hạn (QĐ 12/QĐ-SXD ngày 10/01/2018)".into(),
        proposed: "0.5".parse().unwrap(),
    };
    let err = record
        .execute(&editor, at("2019-01-05T08:00:00+07:00"), contest.clone())
        .unwrap_err();
    assert_eq!(err.code(), "wrong-phase");
    record
        .execute(
            &admin,
            at("2019-01-05T08:00:00+07:00"),
            Command::OpenExplanationRound {
                until: at("2019-01-10T00:00:00+07:00"),
            },
        )
        .unwrap();
    assert_eq!(
        record.phase(at("2019-01-05T09:00:00+07:00")),
        Phase::Explanation
    );
    record
        .execute(&editor, at("2019-01-06T08:00:00+07:00"), contest)
        .unwrap();
    let other = Command::Contest {
        unit: unit.into(),
        code: "1.1.2".into(),
        text: "x".into(),
        proposed: Decimal::ZERO,
    };
    let err = record
        .execute(&editor, at("2019-01-06T08:00:00+07:00"), other)
        .unwrap_err();
    assert_eq!(err.code(), "nothing-to-contest");
    record
        .execute(
            &appraiser,
            at("2019-01-11T08:00:00+07:00"),
            Command::Decide {
                unit: unit.into(),
                code: "1.1.1".into(),
                points: "0.5".parse().unwrap(),
                comment: "Chấp nhận giải trình".into(),
            },
        )
        .unwrap();
    let card = record.scorecard(unit);
    let node = card.node("1.1.1").unwrap();
    assert_eq!(
        [node.self_points.unwrap(), node.appraised, node.final_points].map(|d| d.to_string()),
        ["0.5", "0", "0.5"]
    );
    record
        .execute(&admin, at("2019-01-15T08:00:00+07:00"), Command::Publish)
        .unwrap();
    assert_eq!(
        record.phase(at("2019-01-15T08:00:00+07:00")),
        Phase::Published
    );
    let err = record
        .execute(&appraiser, at("2019-01-16T08:00:00+07:00"), appraise("0"))
        .unwrap_err();
    assert_eq!(err.code(), "published");
    assert_eq!(err.limit(), Some("2019-01-15T08:00:00+07:00"));
}

#[test]
fn the_log_round_trips_through_json_and_replays_to_the_same_state() {
    let e = &edition();
    let mut record = RoundRecord::new(e);
    let editor = Actor::unit_editor("lan", "so-y-te");
    let leaves = evidence_leaves("so-y-te", 2);
    record
        .execute(
            &editor,
            at("2018-12-20T10:00:00+07:00"),
            yes("so-y-te", &leaves[0]),
        )
        .unwrap();
    record
        .execute(&editor, at(IN_OFFICIAL), yes("so-y-te", &leaves[1]))
        .unwrap();
    record
        .execute(
            &Actor::appraiser("hd"),
            at(AFTER_LOCK),
            Command::Appraise {
                unit: "so-y-te".into(),
                code: leaves[1].clone(),
                points: "0.25".parse().unwrap(),
                comment: "Thiếu tài liệu".into(),
            },
        )
        .unwrap();
    let json = record.to_json();
    assert!(json.contains("\"at\": \"2018-12-28T09:00:00+07:00\""));
    assert!(json.contains("\"points\": \"0.25\""));
    let back = RoundRecord::from_json(e, &json).unwrap();
    assert_eq!(back, record);
    assert_eq!(back.state(), record.state());
    let tampered = json.replace("\"0.25\"", "\"9\"");
    let err = RoundRecord::from_json(e, &tampered).unwrap_err();
    assert_eq!(err.code(), "invalid-log");
    assert!(
        err.to_string()
            .contains("event 3 does not replay: above-max"),
        "{err}"
    );
    assert_eq!(
        RoundRecord::from_json(e, "{").unwrap_err().code(),
        "invalid-log"
    );
}

#[test]
fn a_round_played_through_the_record_scores_like_the_same_inputs_given_directly() {
    let e = &edition();
    let mut record = RoundRecord::new(e);
    let council = Actor::appraiser("hd");
    let mut direct = Vec::new();
    for unit in e.units() {
        let mut a = cchc_core::Assessment::synthetic(e, unit.id(), 11).unwrap();
        a.set_submitted(false);
        let editor = Actor::unit_editor("cb", unit.id());
        for (code, given) in &a.data().answers {
            record
                .execute(
                    &editor,
                    at(IN_OFFICIAL),
                    answer(unit.id(), code, given.clone()),
                )
                .unwrap();
        }
        direct.push(a);
    }
    for a in &direct {
        let unit = a.unit().to_owned();
        for (code, given) in &a.data().survey {
            let command = Command::RecordSurvey {
                unit: unit.clone(),
                code: code.clone(),
                answer: given.clone(),
            };
            record.execute(&council, at(AFTER_LOCK), command).unwrap();
        }
        for (code, given) in &a.data().authority {
            let command = Command::RecordAuthority {
                unit: unit.clone(),
                code: code.clone(),
                answer: given.clone(),
            };
            record.execute(&council, at(AFTER_LOCK), command).unwrap();
        }
        for (code, points) in &a.data().appraisals {
            let command = Command::Appraise {
                unit: unit.clone(),
                code: code.clone(),
                points: *points,
                comment: String::new(),
            };
            record.execute(&council, at(AFTER_LOCK), command).unwrap();
        }
    }
    let admin = Actor::admin("snv");
    let round = Command::OpenExplanationRound {
        until: at("2019-01-10T00:00:00+07:00"),
    };
    record
        .execute(&admin, at("2019-01-05T00:00:00+07:00"), round)
        .unwrap();
    for a in &direct {
        let editor = Actor::unit_editor("cb", a.unit());
        for (code, points) in &a.data().final_points {
            let contest = Command::Contest {
                unit: a.unit().to_owned(),
                code: code.clone(),
                text: "Đề nghị".into(),
                proposed: *points,
            };
            record
                .execute(&editor, at("2019-01-06T00:00:00+07:00"), contest)
                .unwrap();
            let decide = Command::Decide {
                unit: a.unit().to_owned(),
                code: code.clone(),
                points: *points,
                comment: String::new(),
            };
            record
                .execute(&council, at("2019-01-06T00:00:00+07:00"), decide)
                .unwrap();
        }
    }
    let mut compared = 0;
    for a in &direct {
        assert_eq!(record.scorecard(a.unit()), a.scorecard(), "{}", a.unit());
        compared += 1;
    }
    assert_eq!(compared, 47);
}

/// `docs/record.md` shows the core's table of who may give which command, exactly.
#[test]
fn docs_record_shows_the_permissions_table() {
    let text = std::fs::read_to_string(cchc_tests::repo_root().join("docs/record.md")).unwrap();
    let start = "<!-- permissions: generated from cchc_core::permissions_table() -->\n";
    let begin = text.find(start).expect("start marker") + start.len();
    let end = text.find("<!-- /permissions -->").expect("end marker");
    assert_eq!(&text[begin..end], cchc_core::permissions_table());
}

/// The read rules the HTTP binding forwards: a unit reads only its own scorecards and report;
/// the results are the council's until they are published; which scorecard an event touched.
#[test]
fn read_rules_of_scorecards_reports_and_results() {
    use cchc_core::StageKind;
    let e = &edition();
    let mut record = RoundRecord::new(e);
    let editor = Actor::unit_editor("lan", "so-noi-vu");
    let other = Actor::unit_head("mai", "so-y-te");
    let appraiser = Actor::appraiser("hoa");
    let admin = Actor::admin("root");

    // Trial window: the event touched the trial stage.
    let trial = record
        .execute(
            &editor,
            at("2018-12-20T09:00:00+07:00"),
            yes("so-noi-vu", "1.1.1"),
        )
        .unwrap()
        .clone();
    assert_eq!(
        record.stage_of(&trial),
        Some(("so-noi-vu", StageKind::Trial))
    );
    let official = record
        .execute(&editor, at(IN_OFFICIAL), yes("so-noi-vu", "2.1.2"))
        .unwrap()
        .clone();
    assert_eq!(
        record.stage_of(&official),
        Some(("so-noi-vu", StageKind::Official))
    );

    let card = record
        .scorecard_for(&editor, "so-noi-vu", StageKind::Trial)
        .unwrap();
    assert_eq!(card, record.trial_scorecard("so-noi-vu"));
    let card = record
        .scorecard_for(&appraiser, "so-noi-vu", StageKind::Official)
        .unwrap();
    assert_eq!(card, record.scorecard("so-noi-vu"));
    assert_eq!(card.self_total.to_string(), "1");
    let err = record
        .scorecard_for(&other, "so-noi-vu", StageKind::Official)
        .unwrap_err();
    assert_eq!((err.code(), err.unit()), ("other-unit", Some("so-noi-vu")));
    let err = record
        .scorecard_for(&admin, "so-khong-co", StageKind::Official)
        .unwrap_err();
    assert_eq!(err.code(), "unknown-unit");
    assert_eq!(
        record.report_for(&other, "so-noi-vu").unwrap_err().code(),
        "other-unit"
    );
    assert_eq!(
        record.report_for(&editor, "so-noi-vu").unwrap(),
        record.self_assessment_report("so-noi-vu")
    );

    // Results: the council at any time, the units only once published.
    assert!(record.results_for(&appraiser, at(IN_OFFICIAL)).is_ok());
    let err = record.results_for(&editor, at(AFTER_LOCK)).unwrap_err();
    assert_eq!(err.code(), "permission-denied");
    assert_eq!(err.limit(), Some("published"));
    assert_eq!(
        err.detail(),
        "a unit-editor may read the results only once they are published; the round is in phase appraisal"
    );
    let publish = record
        .execute(&admin, at("2019-01-15T08:00:00+07:00"), Command::Publish)
        .unwrap()
        .clone();
    assert_eq!(record.stage_of(&publish), None);
    let results = record
        .results_for(&other, at("2019-01-15T08:00:01+07:00"))
        .unwrap();
    assert_eq!(results, record.round().results());
}

/// Evidence may cite an uploaded file: its form is checked in the core, and a unit's people may
/// read only the files their own unit's evidence cites.
#[test]
fn evidence_files_are_checked_and_read_by_their_unit() {
    use cchc_core::EvidenceFile;
    let e = &edition();
    let mut record = RoundRecord::new(e);
    let editor = Actor::unit_editor("lan", "so-noi-vu");
    let sha = "ab".repeat(32);
    let attach = |file: EvidenceFile| Command::AttachEvidence {
        unit: "so-noi-vu".into(),
        code: "1.1.1".into(),
        evidence: Evidence {
            number: "125/KH-SNV".into(),
            date: NaiveDate::from_ymd_opt(2018, 1, 15).unwrap(),
            title: "Kế hoạch".into(),
            link: None,
            file: Some(file),
        },
    };
    let good = EvidenceFile {
        sha256: sha.clone(),
        name: "ke-hoach-125.pdf".into(),
        media_type: "application/pdf".into(),
        size: 1234,
    };
    let refusals = [
        (
            EvidenceFile {
                sha256: "AB".repeat(32),
                ..good.clone()
            },
            "invalid-value",
            "64 lowercase hex digits",
        ),
        (
            EvidenceFile {
                media_type: "text/html".into(),
                ..good.clone()
            },
            "invalid-value",
            "application/pdf, image/png, image/jpeg, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            EvidenceFile {
                size: 10 * 1024 * 1024 + 1,
                ..good.clone()
            },
            "invalid-value",
            "10485760",
        ),
        (
            EvidenceFile {
                name: "a".repeat(256),
                ..good.clone()
            },
            "text-too-long",
            "255",
        ),
        (
            EvidenceFile {
                name: " ".into(),
                ..good.clone()
            },
            "invalid-value",
            "a file name",
        ),
    ];
    for (file, code, limit) in refusals {
        let err = record
            .execute(&editor, at(IN_OFFICIAL), attach(file))
            .unwrap_err();
        assert_eq!((err.code(), err.limit()), (code, Some(limit)));
        assert_eq!(err.criterion(), Some("1.1.1"));
    }
    assert!(record.events().is_empty());

    let other = Actor::unit_head("mai", "so-y-te");
    assert_eq!(
        record.may_read_file(&editor, &sha).unwrap_err().code(),
        "permission-denied"
    );
    record
        .execute(&editor, at(IN_OFFICIAL), attach(good))
        .unwrap();
    assert!(record.may_read_file(&editor, &sha).is_ok());
    assert!(record.may_read_file(&Actor::appraiser("hoa"), &sha).is_ok());
    let err = record.may_read_file(&other, &sha).unwrap_err();
    assert_eq!(
        (err.code(), err.unit()),
        ("permission-denied", Some("so-y-te"))
    );
    // The stored log round-trips the file.
    let again = RoundRecord::from_json(e, &record.to_json()).unwrap();
    assert_eq!(again, record);
}
