//! The core's role × command × phase table through HTTP: every role (logged in by session and
//! by bearer token) gives every command in every phase, reached by moving the overridden clock
//! forward; each answer must be what the core gives for the same command on a parallel record
//! (`RoundRecord::execute` in-process): the same event, or the same error with the status the
//! contract gives its code. Then the reads of each role, and the lock at 24:00 on 02/01/2019.

mod common;

use cchc_core::{Actor, Command, Event, Named, Role, RoundRecord, StageKind, parse_instant};
use chrono::{DateTime, FixedOffset};
use common::{Auth, Client, IN_OFFICIAL, OTHER_UNIT, Server, UNIT, status_of, without_message};
use serde_json::{Value, json};

/// The passes of the table: the clock is set to each instant in turn (always forward: the record
/// only moves forward), and the phase the server must report there.
const PASSES: &[(&str, &str)] = &[
    ("2018-12-10T09:00:00+07:00", "before"),
    ("2018-12-20T09:00:00+07:00", "trial"),
    ("2018-12-28T09:00:00+07:00", "official"),
    ("2019-01-03T08:00:00+07:00", "appraisal"),
    ("2019-01-08T09:00:00+07:00", "explanation"),
    // The explanation round's contests are over; the admin's publish is accepted here.
    ("2019-01-12T09:00:00+07:00", "explanation"),
    ("2019-01-13T09:00:00+07:00", "published"),
];

/// The commands of the table, in the order each pass gives them (those that change the phase
/// last). Written as a portal would send them; `withdraw` names the last attached evidence.
fn commands(mirror: &RoundRecord) -> Vec<Value> {
    let evidence = last_evidence(mirror).unwrap_or(999);
    vec![
        json!({"type": "answer", "unit": UNIT, "code": "1.1.1",
               "answer": {"kind": "yes-no", "yes": true}}),
        json!({"type": "attach-evidence", "unit": UNIT, "code": "1.1.1",
               "evidence": {"number": "125/KH-SNV", "date": "2018-12-15",
                            "title": "Kế hoạch cải cách hành chính năm 2018",
                            "link": "https://example.invalid/125-kh-snv.pdf"}}),
        json!({"type": "withdraw-evidence", "unit": UNIT, "code": "1.1.1",
               "evidence": evidence}),
        json!({"type": "explain", "unit": UNIT, "code": "1.1.1",
               "text": "Kế hoạch ban hành ngày 15/12/2018, bản giấy lưu tại văn thư."}),
        json!({"type": "record-survey", "unit": UNIT, "code": "8.1.1",
               "answer": {"kind": "tally", "tally": {"a": 12, "b": 5, "c": 1}}}),
        json!({"type": "record-authority", "unit": UNIT, "code": "9.1",
               "answer": {"kind": "count", "count": 1}}),
        json!({"type": "appraise", "unit": UNIT, "code": "1.1.1", "points": "0",
               "comment": "Không có bản gốc kế hoạch."}),
        json!({"type": "contest", "unit": UNIT, "code": "1.1.1",
               "text": "Kế hoạch có số 125/KH-SNV, gửi kèm.", "proposed": "0.5"}),
        json!({"type": "decide", "unit": UNIT, "code": "1.1.1", "points": "0.5",
               "comment": "Chấp nhận giải trình."}),
        json!({"type": "grant-extension", "unit": UNIT,
               "until": "2019-01-03T06:00:00+07:00", "reason": "Mất điện ngày 02/01/2019."}),
        // Another unit's extension past the explanation round's end keeps publication waiting.
        json!({"type": "grant-extension", "unit": OTHER_UNIT,
               "until": "2019-01-11T00:00:00+07:00", "reason": "Thay đổi thủ trưởng đơn vị."}),
        json!({"type": "submit", "unit": UNIT}),
        json!({"type": "answer", "unit": UNIT, "code": "1.1.2",
               "answer": {"kind": "checklist", "ticked": ["a", "b"]}}),
        json!({"type": "open-explanation-round", "until": "2019-01-10T00:00:00+07:00"}),
        json!({"type": "publish"}),
    ]
}

/// The id of the last evidence attached to 1.1.1 of [`UNIT`], in either stage.
fn last_evidence(mirror: &RoundRecord) -> Option<u64> {
    let record = mirror.state().units.get(UNIT)?;
    [&record.trial, &record.official]
        .iter()
        .filter_map(|stage| stage.evidence.get("1.1.1"))
        .flatten()
        .map(|e| e.id)
        .max()
}

/// A person of the table: one account, logged in twice (a session and a bearer token).
struct Person {
    login: &'static str,
    actor: Actor,
    clients: [Client; 2],
}

fn people(server: &Server) -> Vec<Person> {
    let accounts = [
        ("bien-tap", Role::UnitEditor, Some(UNIT)),
        ("thu-truong", Role::UnitHead, Some(UNIT)),
        ("tham-dinh", Role::Appraiser, None),
        ("quan-tri", Role::Admin, None),
    ];
    accounts
        .into_iter()
        .map(|(login, role, unit)| {
            let anonymous = server.anonymous();
            let reply = anonymous.post_json(
                "/api/v1/session",
                &json!({"login": login, "password": common::password_of(login)}),
            );
            assert_eq!(reply.status, 200, "{}", reply.body);
            let body = reply.json();
            let actor: Actor = serde_json::from_value(body["actor"].clone()).expect("an actor");
            assert_eq!(
                (actor.role, actor.unit.as_deref()),
                (role, unit),
                "{login}: {body}"
            );
            let session = anonymous.log_in(login, &common::password_of(login));
            let bearer = server.token(login);
            let me = session.get("/api/v1/me").json();
            assert_eq!(
                serde_json::from_value::<Actor>(me["actor"].clone()).ok(),
                Some(actor.clone())
            );
            let Auth::Session { csrf, .. } = &session.auth else {
                unreachable!("log_in gives a session")
            };
            assert_eq!(me["csrf"], json!(csrf), "GET /me by session gives its csrf");
            let me = bearer.get("/api/v1/me").json();
            assert_eq!(
                serde_json::from_value::<Actor>(me["actor"].clone()).ok(),
                Some(actor.clone())
            );
            assert_eq!(me["csrf"], Value::Null, "GET /me by token: no csrf");
            Person {
                login,
                actor,
                clients: [session, bearer],
            }
        })
        .collect()
}

/// The instant the core is asked at: the pass's instant, or the last event's if the server's
/// clock (which runs on from the set instant) has already recorded a later one.
fn expectation_instant(
    mirror: &RoundRecord,
    nominal: DateTime<FixedOffset>,
) -> DateTime<FixedOffset> {
    mirror
        .state()
        .last_at
        .map_or(nominal, |last| last.max(nominal))
}

/// The scorecard the server must answer with an accepted command: the one of the stage the
/// event touched, as the core says (`stage_of`), or null for a round-wide command.
fn expected_scorecard(mirror: &RoundRecord, event: &Event) -> Value {
    match mirror.stage_of(event) {
        None => Value::Null,
        Some((unit, StageKind::Trial)) => value(&mirror.trial_scorecard(unit)).unwrap_or_default(),
        Some((unit, StageKind::Official)) => value(&mirror.scorecard(unit)).unwrap_or_default(),
    }
}

#[test]
fn every_role_and_command_in_every_phase_answers_as_the_core() {
    let server = Server::start("roles", Some(PASSES[0].0));
    let people = people(&server);
    let admin = &people[3].clients[1];
    let mut mirror = RoundRecord::new(&cchc_criteria::default_edition());
    let mut mismatches: Vec<String> = Vec::new();
    let mut accepted = 0;
    for (pass, (instant, phase_name)) in PASSES.iter().enumerate() {
        admin.set_clock(instant);
        let phase = people[0].clients[0].get("/api/v1/phase");
        assert_eq!(phase.status, 200, "{}", phase.body);
        let phase = phase.json();
        let now = parse_instant(phase["now"].as_str().expect("now")).expect("an instant");
        assert!(now >= parse_instant(instant).expect("instant"), "{phase}");
        // The phase the server reports is the core's at the server's instant, and the one
        // this pass is meant to reach.
        assert_eq!(phase["phase"], json!(mirror.phase(now).as_str()), "{phase}");
        assert_eq!(
            phase["phase"],
            json!(phase_name),
            "pass {pass} at {instant}"
        );
        let nominal = parse_instant(instant).expect("instant");
        for (c, _) in commands(&mirror).iter().enumerate() {
            for (r, person) in people.iter().enumerate() {
                // Rebuilt per person: `withdraw` names the evidence as it stands now.
                let body = &commands(&mirror)[c];
                let client = &person.clients[(pass + c + r) % 2];
                let how = if (pass + c + r) % 2 == 0 {
                    "session"
                } else {
                    "token"
                };
                let command = Command::from_json(&body.to_string()).expect("a core command");
                let at = expectation_instant(&mirror, nominal);
                let mut probe = mirror.clone();
                let expected = probe.execute(&person.actor, at, command).cloned();
                let reply = client.command(body);
                let case = format!(
                    "{phase_name} ({instant}), {} by {} ({how}): got {} {}",
                    body["type"].as_str().unwrap_or("?"),
                    person.login,
                    reply.status,
                    reply.body
                );
                match expected {
                    Ok(want) => {
                        assert_eq!(reply.status, 201, "core accepts; {case}");
                        let answer = reply.json();
                        let got: Event = serde_json::from_value(answer["event"].clone())
                            .unwrap_or_else(|e| panic!("an event ({e}); {case}"));
                        assert_eq!(
                            (got.seq, &got.actor, &got.command),
                            (want.seq, &want.actor, &want.command),
                            "{case}"
                        );
                        assert!(got.at >= nominal, "{case}");
                        assert_eq!(mirror.phase(got.at), mirror.phase(at), "{case}");
                        mirror
                            .execute(&got.actor, got.at, got.command.clone())
                            .unwrap_or_else(|e| panic!("the server's event replays: {e}; {case}"));
                        assert_eq!(
                            answer["scorecard"],
                            expected_scorecard(&mirror, &got),
                            "scorecard; {case}"
                        );
                        accepted += 1;
                    }
                    Err(error) => {
                        let want = serde_json::to_value(&error).expect("an error value");
                        let status = status_of(&want);
                        let got = serde_json::from_str::<Value>(&reply.body).unwrap_or(Value::Null);
                        if reply.status == 201 {
                            panic!(
                                "core refuses with {}; server accepted. {case}",
                                want["code"]
                            );
                        }
                        if reply.status != status || without_message(&got) != without_message(&want)
                        {
                            mismatches.push(format!(
                                "{case}\n    expected {status} {}",
                                without_message(&want)
                            ));
                        } else {
                            common::assert_error_shape(&got);
                        }
                    }
                }
            }
        }
        check_reads(
            &people,
            &mirror,
            expectation_instant(&mirror, nominal),
            &mut mismatches,
            phase_name,
        );
    }
    // The table reached every kind of answer: accepted commands and refusals of each kind.
    assert!(accepted >= 30, "only {accepted} commands accepted");
    let health = server.anonymous().get("/api/v1/health").json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["clock"], "override");
    assert_eq!(health["edition"], json!(mirror.edition().id()));
    assert_eq!(health["events"], json!(mirror.events().len()));
    // The server's log is the parallel record's, event for event.
    assert_eq!(server.events(), mirror.events());
    assert!(
        mismatches.is_empty(),
        "{} answer(s) differ from the core:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Every person reads both units' record, events, scorecards and report, and the results; the
/// answer is the core's read for that actor (`unit_view`, `unit_events`, `scorecard_for`,
/// `report_for`, `results_for`), or its refusal with the contract's status. A report is HTML
/// whose rendering options are the server's: only its status is compared.
fn check_reads(
    people: &[Person],
    mirror: &RoundRecord,
    at: DateTime<FixedOffset>,
    mismatches: &mut Vec<String>,
    phase: &str,
) {
    for person in people {
        let actor = &person.actor;
        let mut reads: Vec<(String, Result<Option<Value>, cchc_core::Error>)> = vec![(
            "/api/v1/results".to_owned(),
            mirror.results_for(actor, at).map(|r| value(&r)),
        )];
        for unit in [UNIT, OTHER_UNIT] {
            let units = format!("/api/v1/units/{unit}");
            reads.extend([
                (
                    format!("{units}/record"),
                    mirror.unit_view(actor, unit).map(|v| value(&v)),
                ),
                (
                    format!("{units}/events"),
                    mirror.unit_events(actor, unit).map(|v| value(&v)),
                ),
                (
                    format!("{units}/scorecard?stage=official"),
                    mirror
                        .scorecard_for(actor, unit, StageKind::Official)
                        .map(|v| value(&v)),
                ),
                (
                    format!("{units}/scorecard?stage=trial"),
                    mirror
                        .scorecard_for(actor, unit, StageKind::Trial)
                        .map(|v| value(&v)),
                ),
                (
                    format!("{units}/report.html"),
                    mirror.report_for(actor, unit).map(|_| None),
                ),
            ]);
        }
        for (i, client) in person.clients.iter().enumerate() {
            for (path, expected) in &reads {
                let reply = client.get(path);
                let got = serde_json::from_str::<Value>(&reply.body).unwrap_or(Value::Null);
                let (status, want, got) = match expected {
                    Ok(Some(value)) => (200, value.clone(), got),
                    Ok(None) => (200, Value::Null, Value::Null),
                    Err(error) => {
                        let value = serde_json::to_value(error).expect("an error value");
                        (
                            status_of(&value),
                            without_message(&value),
                            without_message(&got),
                        )
                    }
                };
                if reply.status != status || got != want {
                    let body: String = reply.body.chars().take(600).collect();
                    mismatches.push(format!(
                        "{phase}: GET {path} by {} ({}): got {} {body}\n    expected {status} {want}",
                        person.login,
                        ["session", "token"][i],
                        reply.status,
                    ));
                }
            }
        }
    }
}

/// A read's expected body: the core value as JSON.
fn value<T: serde::Serialize>(v: &T) -> Option<Value> {
    Some(serde_json::to_value(v).expect("a value"))
}

#[test]
fn the_record_locks_itself_at_24_00_on_02_01_2019() {
    let server = Server::start("lock", Some(IN_OFFICIAL));
    let admin = server.token("quan-tri");
    let editor = server.session("bien-tap");
    let edition = cchc_criteria::default_edition();
    // One second before the lock: accepted.
    admin.set_clock("2019-01-02T23:59:59+07:00");
    let reply = editor.command(&common::answer(UNIT, "1.1.1", true));
    assert_eq!(reply.status, 201, "{}", reply.body);
    let event: Event = serde_json::from_value(reply.json()["event"].clone()).expect("an event");
    assert_eq!(event.seq, 1);
    let lock = edition.schedule().official_end;
    assert!(event.at < lock, "recorded at {}", event.at);
    assert!(event.at >= parse_instant("2019-01-02T23:59:59+07:00").expect("instant"));
    // At the lock: refused with the lock instant as the limit, as the core refuses it.
    admin.set_clock("2019-01-03T00:00:00+07:00");
    let reply = editor.command(&common::answer(UNIT, "1.1.2", true));
    let error = reply.error(423, "window-closed");
    let mut mirror = RoundRecord::new(&edition);
    mirror
        .execute(&event.actor, event.at, event.command.clone())
        .expect("the accepted answer");
    let core = mirror
        .execute(
            &event.actor,
            parse_instant("2019-01-03T00:00:00+07:00").expect("instant"),
            Command::from_json(&common::answer(UNIT, "1.1.2", true).to_string()).expect("command"),
        )
        .expect_err("the core refuses after the lock");
    assert_eq!(
        without_message(&error),
        without_message(&serde_json::to_value(&core).expect("value"))
    );
    assert_eq!(error["limit"], "2019-01-03T00:00:00+07:00");
    assert_eq!(error["unit"], UNIT);
    assert_eq!(error["category"], "record");
    // The refused answer wrote nothing.
    assert_eq!(server.events(), vec![event]);
}

#[test]
fn the_clock_is_settable_only_when_overridden_and_only_by_the_admin() {
    let server = Server::start("clock", Some(IN_OFFICIAL));
    let health = server.anonymous().get("/api/v1/health").json();
    assert_eq!(health["clock"], "override");
    for login in ["bien-tap", "thu-truong", "tham-dinh"] {
        let reply = server.token(login).put_json(
            "/api/v1/clock",
            &json!({"now": "2019-01-03T00:00:00+07:00"}),
        );
        reply.error(403, "permission-denied");
    }
    let reply = server.anonymous().put_json(
        "/api/v1/clock",
        &json!({"now": "2019-01-03T00:00:00+07:00"}),
    );
    reply.error(401, "unauthenticated");
    // An instant without its offset is the core's invalid-instant.
    let reply = server
        .token("quan-tri")
        .put_json("/api/v1/clock", &json!({"now": "2019-01-03T00:00:00"}));
    reply.error(400, "invalid-instant");
    let editor = server.session("bien-tap");
    let phase = editor.get("/api/v1/phase").json();
    assert_eq!(
        phase["phase"], "official",
        "the refused clock changes did nothing"
    );
    // Moved back, the clock gives instants the record refuses: it only moves forward.
    let reply = editor.command(&common::answer(UNIT, "1.1.1", true));
    assert_eq!(reply.status, 201, "{}", reply.body);
    let event: Event = serde_json::from_value(reply.json()["event"].clone()).expect("an event");
    server
        .token("quan-tri")
        .set_clock("2018-12-27T09:00:00+07:00");
    let error = editor
        .command(&common::answer(UNIT, "1.1.2", true))
        .error(409, "out-of-order");
    assert_eq!(error["limit"], json!(event.at.to_rfc3339()));
    assert_eq!(server.events(), vec![event]);

    // Without an override there is no clock to set: the route does not exist.
    let system = Server::start("system-clock", None);
    let health = system.anonymous().get("/api/v1/health").json();
    assert_eq!(health["clock"], "system");
    let reply = system.token("quan-tri").put_json(
        "/api/v1/clock",
        &json!({"now": "2019-01-03T00:00:00+07:00"}),
    );
    reply.error(404, "not-found");
}

/// The criteria the pages lay out are the core's view of the appendix, to the byte; an appendix
/// that is not a name, or not in the edition, is refused as the core's error.
#[test]
fn criteria_views_are_the_cores() {
    let server = Server::start("criteria", Some(IN_OFFICIAL));
    let anyone = server.anonymous();
    let edition = cchc_criteria::default_edition();
    for appendix in cchc_core::Appendix::ALL {
        let reply = anyone.get(&format!("/api/v1/criteria/{appendix}"));
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(Some(reply.json()), value(&edition.criteria_view(*appendix)));
    }
    let first = anyone.get("/api/v1/criteria/I").json();
    assert_eq!(first["nodes"][0]["depth"], 1);
    let error = anyone.get("/api/v1/criteria/V").error(400, "unknown-name");
    assert_eq!(error["limit"], "I, II, III, IV");
}
