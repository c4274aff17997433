//! A bounded load test of `cchc-server`: answer commands over HTTP on 127.0.0.1.
//!
//! Starts the server in-process (its own tokio runtime) on a temporary database with the clock
//! in the official window, then, for 1, 4 and 8 client threads in turn (each an editor of its own
//! unit, by bearer token, one keep-alive connection each), posts a fixed number of answer
//! commands and prints answers/s and the p50/p99/max latency of the 201s. Every command must be
//! accepted; the log must end with exactly that many events. The baseline printed first, in the
//! same run, is the core alone executing the same answers in memory.
//!
//! Run: `cargo bench -p cchc-server --bench load` (release). Optional environment:
//! `CCHC_LOAD_ANSWERS` (answers per run, default 4000), `CCHC_LOAD_CLIENTS` (e.g. "1,4,8").
//! The clients share the machine's cores with the server: the figures are those of one box doing
//! both, with every answer durably committed (`synchronous=FULL`) before its 201.

use cchc_core::Named;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const LEAVES: &[&str] = &[
    "1.1.1", "2.1.2", "2.3.2", "4.1.1", "4.1.2", "4.3.1", "5.5.3", "6.1.1", "6.1.2", "6.3.1",
    "6.3.2", "7.1.1", "7.4.1",
];

fn new_agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build(),
    )
}

fn post(agent: &ureq::Agent, url: &str, auth: &[(&str, &str)], body: &Value) -> (u16, Value) {
    let mut request = agent.post(url).header("Content-Type", "application/json");
    for (name, value) in auth {
        request = request.header(*name, *value);
    }
    let mut response = request
        .send(body.to_string())
        .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().expect("a body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn main() {
    let answers: usize = std::env::var("CCHC_LOAD_ANSWERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let clients: Vec<usize> = std::env::var("CCHC_LOAD_CLIENTS")
        .unwrap_or_else(|_| "1,4,8".into())
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    let most = clients.iter().copied().max().unwrap_or(1);
    let edition = cchc_criteria::default_edition();
    let units: Vec<String> = edition
        .units()
        .iter()
        .filter(|u| u.group().as_str() == "department")
        .take(most)
        .map(|u| u.id().to_owned())
        .collect();
    assert_eq!(units.len(), most, "one department per client");

    let dir = std::env::temp_dir().join(format!("cchc-server-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("load.db");
    let mut csv = String::from("login,role,unit,password\nquan-tri,admin,,mat-khau-quan-tri\n");
    for (i, unit) in units.iter().enumerate() {
        csv.push_str(&format!("editor-{i},unit-editor,{unit},mat-khau-{i}\n"));
    }
    cchc_server::import_accounts(&db, &csv).expect("accounts");
    let mut config = cchc_server::Config::new(&db);
    config.clock_override =
        Some(cchc_core::parse_instant("2018-12-28T09:00:00+07:00").expect("instant"));
    config.insecure_cookies = true;
    let running = cchc_server::start(config).expect("start");
    let base = running.url();

    // The admin's session makes one bearer token per editor.
    let agent = new_agent();
    let mut response = agent
        .post(format!("{base}/api/v1/session"))
        .header("Content-Type", "application/json")
        .send(json!({"login": "quan-tri", "password": "mat-khau-quan-tri"}).to_string())
        .expect("log in");
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.split(';').next()?.strip_prefix("cchc_session="))
        .expect("a session cookie")
        .to_owned();
    let login: Value =
        serde_json::from_str(&response.body_mut().read_to_string().expect("body")).expect("json");
    let csrf = login["csrf"].as_str().expect("csrf").to_owned();
    let cookie_header = format!("cchc_session={cookie}");
    let tokens: Vec<String> = (0..most)
        .map(|i| {
            let (status, body) = post(
                &agent,
                &format!("{base}/api/v1/tokens"),
                &[("Cookie", &cookie_header), ("X-CSRF-Token", &csrf)],
                &json!({"login": format!("editor-{i}"), "label": "load"}),
            );
            assert_eq!(status, 201, "{body}");
            body["token"].as_str().expect("token").to_owned()
        })
        .collect();

    println!(
        "cchc-server load: {answers} answer commands per run, in-process server, {} core(s)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    // Baseline in the same run: the same answers given to the core alone, in memory (what
    // HTTP, authentication, SQLite and the durable commit add is the difference).
    let core_rate = {
        let mut record = cchc_core::RoundRecord::new(&edition);
        let actor = cchc_core::Actor::unit_editor("editor-0", &units[0]);
        let at = cchc_core::parse_instant("2018-12-28T09:00:00+07:00").expect("instant");
        let started = Instant::now();
        for k in 0..answers {
            let code = LEAVES[k % LEAVES.len()];
            let yes = (k / LEAVES.len()) % 2 == 0;
            let command = json!({"type": "answer", "unit": units[0], "code": code,
                "answer": {"kind": "yes-no", "yes": yes}});
            let command = cchc_core::Command::from_json(&command.to_string()).expect("command");
            record.execute(&actor, at, command).expect("accepted");
        }
        answers as f64 / started.elapsed().as_secs_f64()
    };
    println!("core alone (RoundRecord::execute, in memory, 1 thread): {core_rate:.0} answers/s");
    println!("clients  answers/s  p50 ms  p99 ms  max ms  wall s");
    let mut total = 0;
    for &n in &clients {
        let per_client = answers / n;
        let started = Instant::now();
        let threads: Vec<_> = (0..n)
            .map(|i| {
                let url = format!("{base}/api/v1/commands");
                let auth = format!("Bearer {}", tokens[i]);
                let unit = units[i].clone();
                std::thread::spawn(move || {
                    let agent = new_agent();
                    let mut latencies = Vec::with_capacity(per_client);
                    for k in 0..per_client {
                        let code = LEAVES[k % LEAVES.len()];
                        let yes = (k / LEAVES.len()) % 2 == 0;
                        let command = json!({"type": "answer", "unit": unit, "code": code,
                            "answer": {"kind": "yes-no", "yes": yes}});
                        let sent = Instant::now();
                        let (status, body) =
                            post(&agent, &url, &[("Authorization", &auth)], &command);
                        latencies.push(sent.elapsed());
                        assert_eq!(status, 201, "{body}");
                    }
                    latencies
                })
            })
            .collect();
        let mut latencies: Vec<Duration> = threads
            .into_iter()
            .flat_map(|t| t.join().expect("a client"))
            .collect();
        let wall = started.elapsed();
        latencies.sort_unstable();
        let at = |q: f64| {
            let i = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len());
            latencies[i - 1].as_secs_f64() * 1000.0
        };
        total += latencies.len();
        println!(
            "{n:>7}  {:>9.0}  {:>6.2}  {:>6.2}  {:>6.2}  {:>6.2}",
            latencies.len() as f64 / wall.as_secs_f64(),
            at(0.50),
            at(0.99),
            at(1.0),
            wall.as_secs_f64()
        );
    }
    // Every acknowledged answer is in the log.
    let mut response = agent
        .get(format!("{base}/api/v1/health"))
        .call()
        .expect("health");
    let health: Value =
        serde_json::from_str(&response.body_mut().read_to_string().expect("body")).expect("json");
    assert_eq!(health["events"], json!(total), "{health}");
    running.stop();
    let _ = std::fs::remove_dir_all(&dir);
}
