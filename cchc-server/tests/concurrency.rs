//! Many clients writing at once: 8 editors × 50 answers and 8 competing submits of one unit, all
//! released together. The log must be gapless (seq 1..N), hold exactly the acknowledged events
//! (each 201's event at its seq, nothing lost, nothing twice), exactly one submit accepted, and
//! replay in the core; after a stop and a start on the same database every view is byte-equal.
//! The same burst split between two servers on one database (as two processes would be) must
//! give the same guarantees.

mod common;

use cchc_core::{Event, Named, RoundRecord};
use common::{Client, IN_OFFICIAL, Reply, Server, YES_NO_LEAVES, answer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::{Arc, Barrier};

const WRITERS: usize = 8;
const ANSWERS: usize = 50;
const SUBMITTERS: usize = 8;

/// The 8 departments the writers answer for (appendix I), and the unit whose head submits.
fn units() -> Vec<String> {
    let edition = cchc_criteria::default_edition();
    let departments: Vec<String> = edition
        .units()
        .iter()
        .filter(|u| u.group().as_str() == "department")
        .map(|u| u.id().to_owned())
        .collect();
    assert!(departments.len() > WRITERS);
    departments[..=WRITERS].to_vec()
}

fn accounts(units: &[String]) -> String {
    let mut csv = String::from("login,role,unit,password\n");
    for (i, unit) in units.iter().enumerate() {
        csv.push_str(&format!(
            "editor-{i},unit-editor,{unit},mat-khau-editor-{i}\n"
        ));
    }
    let submitted = &units[WRITERS];
    csv.push_str(&format!("head,unit-head,{submitted},mat-khau-head\n"));
    csv.push_str("quan-tri,admin,,mat-khau-quan-tri\n");
    csv
}

/// The answers writer `i` sends for its unit, in order.
fn answers_of(unit: &str) -> Vec<Value> {
    (0..ANSWERS)
        .map(|n| {
            let code = YES_NO_LEAVES[n % YES_NO_LEAVES.len()];
            answer(unit, code, (n / YES_NO_LEAVES.len()) % 2 == 0)
        })
        .collect()
}

/// Releases every writer (a client and its unit: [`ANSWERS`] answers in a row) and every
/// submitter (one submit of `submitted`) at once. Checks every answer was accepted, exactly one
/// submit was accepted and the others refused as already submitted, no seq was acknowledged
/// twice; returns the acknowledged events by seq.
fn burst(
    writers: Vec<(Client, String)>,
    submitters: Vec<Client>,
    submitted: &str,
) -> BTreeMap<u64, Event> {
    let barrier = Arc::new(Barrier::new(writers.len() + submitters.len()));
    let mut threads = Vec::new();
    for (client, unit) in writers {
        let barrier = Arc::clone(&barrier);
        threads.push(std::thread::spawn(move || {
            barrier.wait();
            answers_of(&unit)
                .into_iter()
                .map(|command| {
                    let reply = client.command(&command);
                    (command, reply)
                })
                .collect::<Vec<(Value, Reply)>>()
        }));
    }
    for client in submitters {
        let barrier = Arc::clone(&barrier);
        let unit = submitted.to_owned();
        threads.push(std::thread::spawn(move || {
            barrier.wait();
            let command = serde_json::json!({"type": "submit", "unit": unit});
            vec![(command.clone(), client.command(&command))]
        }));
    }
    let replies: Vec<(Value, Reply)> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("a client thread"))
        .collect();
    // Every answer accepted; exactly one submit accepted, the others refused as already submitted.
    let mut acknowledged: BTreeMap<u64, Event> = BTreeMap::new();
    let mut submits = 0;
    for (command, reply) in &replies {
        let is_submit = command["type"] == "submit";
        if reply.status == 201 {
            let event: Event =
                serde_json::from_value(reply.json()["event"].clone()).expect("an event");
            assert_eq!(
                serde_json::to_value(&event.command).ok().as_ref(),
                Some(command)
            );
            let seq = event.seq;
            assert!(
                acknowledged.insert(seq, event).is_none(),
                "seq {seq} acknowledged twice"
            );
            submits += usize::from(is_submit);
        } else {
            assert!(
                is_submit,
                "an answer refused: {} {}",
                reply.status, reply.body
            );
            let error = reply.error(409, "already-submitted");
            assert_eq!(error["unit"], serde_json::json!(submitted));
        }
    }
    assert_eq!(submits, 1, "exactly one competing submit is accepted");
    acknowledged
}

/// The log is seq 1..N without a gap and holds exactly the acknowledged events; each unit's
/// answers are in the order its writer sent them.
fn check_log(events: &[Event], acknowledged: &BTreeMap<u64, Event>, writers: &[String]) {
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    let expected: Vec<u64> = (1..=acknowledged.len() as u64).collect();
    assert_eq!(seqs, expected, "gapless seq 1..N");
    for event in events {
        assert_eq!(
            Some(event),
            acknowledged.get(&event.seq),
            "event {}",
            event.seq
        );
    }
    for unit in writers {
        let mine: Vec<Value> = events
            .iter()
            .filter(|e| e.command.unit() == Some(unit))
            .map(|e| serde_json::to_value(&e.command).expect("value"))
            .collect();
        assert_eq!(mine, answers_of(unit), "{unit}");
    }
}

#[test]
fn concurrent_writers_give_a_gapless_log_with_every_acknowledged_event_once() {
    let units = units();
    let mut server = Server::start_with("concurrency", Some(IN_OFFICIAL), &accounts(&units), false);
    // Half the clients by session, half by token.
    let writers: Vec<(Client, String)> = (0..WRITERS)
        .map(|i| {
            let login = format!("editor-{i}");
            let client = if i % 2 == 0 {
                server.session(&login)
            } else {
                server.token(&login)
            };
            (client, units[i].clone())
        })
        .collect();
    let submitters: Vec<Client> = (0..SUBMITTERS)
        .map(|i| {
            if i % 2 == 0 {
                server.session("head")
            } else {
                server.token("head")
            }
        })
        .collect();
    let acknowledged = burst(writers, submitters, &units[WRITERS]);
    assert_eq!(acknowledged.len(), WRITERS * ANSWERS + 1);

    let log = server.log();
    let events = common::events_of(&log);
    check_log(&events, &acknowledged, &units[..WRITERS]);
    // The final state is a replay of the log: every unit's record as the server shows it is the
    // record the core rebuilds from the log.
    let edition = cchc_criteria::default_edition();
    let replayed = RoundRecord::replay(&edition, events.clone()).expect("the log replays");
    let admin = server.token("quan-tri");
    let reader_actor = admin.actor();
    for unit in &units {
        let reply = admin.get(&format!("/api/v1/units/{unit}/record"));
        assert_eq!(reply.status, 200, "{}", reply.body);
        let want = serde_json::to_value(replayed.unit_view(&reader_actor, unit).expect("view"))
            .expect("value");
        assert_eq!(reply.json(), want, "{unit}");
    }

    // Stop, start on the same database: the state replayed from the table is the same.
    let paths = views(&units);
    let before: Vec<(u16, String)> = paths.iter().map(|p| read(&admin, p)).collect();
    server.stop();
    server.restart();
    let admin = server.token("quan-tri");
    let after: Vec<(u16, String)> = paths.iter().map(|p| read(&admin, p)).collect();
    for ((path, before), after) in paths.iter().zip(&before).zip(&after) {
        assert_eq!(before.0, 200, "GET {path}: {}", before.1);
        assert_eq!(before, after, "GET {path} after a restart");
    }
    let health = server.anonymous().get("/api/v1/health").json();
    assert_eq!(health["events"], serde_json::json!(events.len()));
}

/// The views compared across a restart.
fn views(units: &[String]) -> Vec<String> {
    let mut paths = vec!["/api/v1/log".to_owned()];
    for unit in units {
        for view in [
            "record",
            "events",
            "scorecard?stage=official",
            "scorecard?stage=trial",
        ] {
            paths.push(format!("/api/v1/units/{unit}/{view}"));
        }
    }
    paths
}

fn read(client: &Client, path: &str) -> (u16, String) {
    let reply = client.get(path);
    (reply.status, reply.body)
}

/// The default edition with its windows moved around today: the official window open from ten
/// days ago to ten days from now, so servers on the system clock accept answers.
fn edition_open_now() -> cchc_core::Edition {
    let edition = cchc_criteria::default_edition();
    let mut value: Value = serde_json::from_str(&edition.to_json()).expect("edition JSON");
    let now = chrono::Utc::now().with_timezone(&cchc_core::vietnam());
    let day = chrono::Duration::days(1);
    let schedule = &mut value["schedule"];
    for (key, at) in [
        ("trial_start", now - day * 20),
        ("trial_end", now - day * 10),
        ("official_start", now - day * 10),
        ("official_end", now + day * 10),
        ("report_due", now + day * 12),
    ] {
        schedule[key] = Value::String(at.to_rfc3339());
    }
    cchc_core::Edition::from_json(&value.to_string()).expect("the edition")
}

/// Two servers (as two processes would) on one database, on the system clock: the writes of
/// both interleave in one gapless log, and of the competing submits sent to both exactly one is
/// accepted.
#[test]
fn two_servers_on_one_database_never_both_accept_what_only_one_may() {
    let units = units();
    let dir = common::TempDir::new("two-servers");
    let db = dir.db();
    // The database is created with the edition open today, then gets its accounts.
    let mut create = cchc_server::Config::new(&db);
    create.edition = Some(edition_open_now());
    cchc_server::start(create)
        .unwrap_or_else(|e| panic!("create: {e}"))
        .stop();
    cchc_server::import_accounts(&db, &accounts(&units)).expect("accounts");
    let start = || {
        let mut config = cchc_server::Config::new(&db);
        config.insecure_cookies = true;
        cchc_server::start(config).unwrap_or_else(|e| panic!("start: {e}"))
    };
    let servers = [start(), start()];
    let client = |server: usize, login: &str| {
        Client::new(&servers[server].url(), common::Auth::None)
            .log_in(login, &common::password_of(login))
    };
    let health = client(0, "quan-tri").get("/api/v1/health").json();
    assert_eq!(health["clock"], "system");
    // Half the writers and half the submitters on each server.
    let writers: Vec<(Client, String)> = (0..WRITERS)
        .map(|i| (client(i % 2, &format!("editor-{i}")), units[i].clone()))
        .collect();
    let submitters: Vec<Client> = (0..SUBMITTERS).map(|i| client(i % 2, "head")).collect();
    let acknowledged = burst(writers, submitters, &units[WRITERS]);
    assert_eq!(acknowledged.len(), WRITERS * ANSWERS + 1);
    for server in servers {
        server.stop();
    }
    // A server started afresh replays the table both wrote.
    let third = start();
    let admin = Client::new(&third.url(), common::Auth::None)
        .log_in("quan-tri", &common::password_of("quan-tri"));
    let reply = admin.get("/api/v1/log");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let events = common::events_of(&reply.json());
    check_log(&events, &acknowledged, &units[..WRITERS]);
    third.stop();
}
