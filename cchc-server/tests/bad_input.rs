//! Bad input over HTTP: malformed JSON, bodies over the limits, wrong content types, forged or
//! missing cookies and tokens, a missing CSRF token, another unit's ids, unknown paths. Each gets
//! its exact status and error code, and writes nothing (the admin's log has no new event).

mod common;

use common::{Auth, Client, IN_OFFICIAL, OTHER_UNIT, Server, UNIT, answer, raw_request};
use serde_json::json;
use sha2::{Digest, Sha256};

const JSON_LIMIT: usize = 64 * 1024;
const FILE_LIMIT: usize = 10 * 1024 * 1024;

/// The number of events in the log (read by the admin).
fn event_count(server: &Server) -> usize {
    server.events().len()
}

/// An `explain` command whose JSON text is exactly `size` bytes.
fn explain_of_size(size: usize) -> String {
    let empty = json!({"type": "explain", "unit": UNIT, "code": "1.1.1", "text": ""}).to_string();
    let text = "x".repeat(size - empty.len());
    let body = json!({"type": "explain", "unit": UNIT, "code": "1.1.1", "text": text}).to_string();
    assert_eq!(body.len(), size);
    body
}

fn bearer(client: &Client) -> String {
    match &client.auth {
        Auth::Bearer(token) => token.clone(),
        other => panic!("not a token client: {other:?}"),
    }
}

#[test]
fn malformed_oversized_and_mistyped_bodies_are_refused_and_write_nothing() {
    let server = Server::start("bodies", Some(IN_OFFICIAL));
    let editor = server.token("bien-tap");
    let json_type = Some("application/json");
    let before = event_count(&server);

    // Not JSON.
    let reply = editor.send(
        "POST",
        "/api/v1/commands",
        json_type,
        Some(br#"{"type": "answer", "unit": "so-noi-vu","#),
    );
    reply.error(400, "invalid-json");
    // JSON, not a command.
    let reply = editor.command(&json!({"type": "fly", "unit": UNIT}));
    let error = reply.error(400, "invalid-shape");
    assert_eq!(error["limit"], "command");
    assert_eq!(error["category"], "input");
    // An answer the core refuses (category answer): 400, the core's code.
    let reply = editor.command(&json!({"type": "answer", "unit": UNIT, "code": "1.1.1",
        "answer": {"kind": "count", "count": 3}}));
    let error = reply.error(400, "wrong-answer-kind");
    assert_eq!(
        (&error["unit"], &error["criterion"]),
        (&json!(UNIT), &json!("1.1.1"))
    );

    // A body of exactly 64 KiB is read (the core then refuses the text as too long) ...
    let body = explain_of_size(JSON_LIMIT);
    let reply = editor.send("POST", "/api/v1/commands", json_type, Some(body.as_bytes()));
    let error = reply.error(400, "text-too-long");
    assert_eq!(error["limit"], "4000");
    assert_eq!(error["criterion"], "1.1.1");
    // ... one byte more is not.
    let body = explain_of_size(JSON_LIMIT + 1);
    let reply = editor.send("POST", "/api/v1/commands", json_type, Some(body.as_bytes()));
    let error = reply.error(413, "too-large");
    assert_eq!(error["category"], "input");

    // A valid command without the JSON content type.
    let command = answer(UNIT, "1.1.1", true).to_string();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let reply = editor.send(
            "POST",
            "/api/v1/commands",
            content_type,
            Some(command.as_bytes()),
        );
        let error = reply.error(415, "unsupported-type");
        assert_eq!(error["category"], "input", "{content_type:?}");
    }

    assert_eq!(event_count(&server), before, "nothing written");

    // The command refused above for its content type is accepted as JSON.
    let reply = editor.send(
        "POST",
        "/api/v1/commands",
        json_type,
        Some(command.as_bytes()),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(event_count(&server), before + 1);
}

#[test]
fn uploads_over_10_mib_of_another_type_or_without_csrf_are_refused() {
    let server = Server::start("files", Some(IN_OFFICIAL));
    let editor = server.token("bien-tap");
    let before = event_count(&server);
    let session = server.session("bien-tap");
    let Auth::Session { cookie, .. } = session.auth.clone() else {
        unreachable!("a session")
    };
    let no_csrf = session.with_auth(Auth::Session {
        cookie,
        csrf: String::new(),
    });
    no_csrf
        .send(
            "POST",
            "/api/v1/files",
            Some("application/pdf"),
            Some(b"%PDF-1.4\n"),
        )
        .error(403, "csrf");
    for content_type in [
        Some("application/octet-stream"),
        Some("application/json"),
        None,
    ] {
        let reply = editor.send("POST", "/api/v1/files", content_type, Some(b"%PDF-1.4\n"));
        reply.error(415, "unsupported-type");
    }
    // A type that is not accepted, and one byte over 10 MiB.
    let reply = editor.send(
        "POST",
        "/api/v1/files",
        Some("text/html"),
        Some(b"<script>alert(1)</script>"),
    );
    reply.error(415, "unsupported-type");
    let head = format!(
        "POST /api/v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/pdf\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        bearer(&editor),
        FILE_LIMIT + 1
    );
    let addr = server.running.as_ref().expect("running").addr;
    let (status, body) = raw_request(addr, &head, vec![b'%'; FILE_LIMIT + 1]);
    assert_eq!(status, 413, "{body}");
    let error: serde_json::Value = serde_json::from_str(&body).expect("an error body");
    assert_eq!(error["code"], "too-large");
    common::assert_error_shape(&error);
    assert_eq!(event_count(&server), before, "nothing written");

    // Positive controls: exactly 10 MiB is stored, by content hash; the same file twice gives
    // the same answer. Uploading writes no event.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(FILE_LIMIT, b' ');
    let sha256: String = Sha256::digest(&pdf)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    for _ in 0..2 {
        let reply = editor.send("POST", "/api/v1/files", Some("application/pdf"), Some(&pdf));
        assert_eq!(reply.status, 201, "{}", reply.body);
        assert_eq!(
            reply.json(),
            json!({"sha256": sha256, "size": FILE_LIMIT, "media_type": "application/pdf"})
        );
    }
    assert_eq!(event_count(&server), before);
}

#[test]
fn forged_and_missing_credentials_and_csrf_are_refused_and_write_nothing() {
    let server = Server::start("credentials", Some(IN_OFFICIAL));
    let anonymous = server.anonymous();
    let session = server.session("bien-tap");
    let Auth::Session { cookie, csrf } = session.auth.clone() else {
        unreachable!("a session")
    };
    let before = event_count(&server);
    let command = answer(UNIT, "1.1.1", true);

    // No credentials.
    anonymous.get("/api/v1/me").error(401, "unauthenticated");
    anonymous.command(&command).error(401, "unauthenticated");
    anonymous
        .get(&format!("/api/v1/units/{UNIT}/record"))
        .error(401, "unauthenticated");
    // A forged cookie (with a CSRF header, so only the cookie can be wrong).
    let forged = session.with_auth(Auth::Session {
        cookie: "Zm9yZ2VkLXNlc3Npb24taWQtMDAwMDAwMDAwMDAwMDAwMA".into(),
        csrf: csrf.clone(),
    });
    forged.get("/api/v1/me").error(401, "unauthenticated");
    forged.command(&command).error(401, "unauthenticated");
    // A cookie that is not this session's (its CSRF value).
    let swapped = session.with_auth(Auth::Session {
        cookie: csrf.clone(),
        csrf: cookie.clone(),
    });
    swapped.command(&command).error(401, "unauthenticated");
    // A forged bearer token, and a bearer header that is not one.
    let token = server.token("bien-tap");
    let forged = token.with_auth(Auth::Bearer(format!("{}x", bearer(&token))));
    forged.get("/api/v1/me").error(401, "unauthenticated");
    forged.command(&command).error(401, "unauthenticated");
    let reply = anonymous.send_with(
        "POST",
        "/api/v1/commands",
        Some("application/json"),
        Some(command.to_string().as_bytes()),
        &[("Authorization", &format!("Basic {}", bearer(&token)))],
    );
    reply.error(401, "unauthenticated");
    // Wrong password, unknown login: the same refusal, the same message.
    let wrong = anonymous.post_json(
        "/api/v1/session",
        &json!({"login": "bien-tap", "password": "sai-mat-khau"}),
    );
    let unknown = anonymous.post_json(
        "/api/v1/session",
        &json!({"login": "khong-co-ai", "password": "sai-mat-khau"}),
    );
    let (wrong, unknown) = (
        wrong.error(401, "unauthenticated"),
        unknown.error(401, "unauthenticated"),
    );
    assert_eq!(wrong, unknown, "nothing tells whether the login exists");
    assert_eq!(
        common::session_cookie(&anonymous.post_json(
            "/api/v1/session",
            &json!({"login": "bien-tap", "password": "sai-mat-khau"}),
        )),
        None
    );

    // The cookie without X-CSRF-Token, and with a wrong one, on every unsafe method.
    let no_csrf = session.with_auth(Auth::Session {
        cookie: cookie.clone(),
        csrf: String::new(),
    });
    let wrong_csrf = session.with_auth(Auth::Session {
        cookie: cookie.clone(),
        csrf: format!("{csrf}x"),
    });
    for client in [&no_csrf, &wrong_csrf] {
        client.command(&command).error(403, "csrf");
        client
            .put_json(
                "/api/v1/clock",
                &json!({"now": "2019-01-03T00:00:00+07:00"}),
            )
            .error(403, "csrf");
        client.delete("/api/v1/session").error(403, "csrf");
    }
    // The admin's cookie without CSRF cannot make tokens or move the clock either.
    let admin = server.session("quan-tri");
    let Auth::Session {
        cookie: admin_cookie,
        ..
    } = admin.auth.clone()
    else {
        unreachable!("a session")
    };
    let admin_no_csrf = admin.with_auth(Auth::Session {
        cookie: admin_cookie,
        csrf: String::new(),
    });
    admin_no_csrf
        .post_json(
            "/api/v1/tokens",
            &json!({"login": "bien-tap", "label": "x"}),
        )
        .error(403, "csrf");
    admin_no_csrf
        .put_json(
            "/api/v1/clock",
            &json!({"now": "2019-01-03T00:00:00+07:00"}),
        )
        .error(403, "csrf");
    // Only the admin makes tokens.
    session
        .post_json(
            "/api/v1/tokens",
            &json!({"login": "bien-tap", "label": "x"}),
        )
        .error(403, "permission-denied");
    assert_eq!(event_count(&server), before, "nothing written");
    let phase = session.get("/api/v1/phase").json();
    assert_eq!(phase["phase"], "official", "the clock did not move");

    // Positive controls: the session with its CSRF token, and a token without one, write.
    let reply = session.command(&command);
    assert_eq!(reply.status, 201, "{}", reply.body);
    let reply = token.command(&answer(UNIT, "1.1.1", false));
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(event_count(&server), before + 2);
    // Logging out ends the session: its cookie is refused afterwards.
    let reply = session.delete("/api/v1/session");
    assert_eq!(reply.status, 204, "{}", reply.body);
    session.get("/api/v1/me").error(401, "unauthenticated");
    session.command(&command).error(401, "unauthenticated");
    assert_eq!(event_count(&server), before + 2);
}

/// The attributes of the session cookie a log-in sets, lowercase.
fn cookie_attributes(server: &Server) -> Vec<String> {
    let reply = server.anonymous().post_json(
        "/api/v1/session",
        &json!({"login": "bien-tap", "password": common::password_of("bien-tap")}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let cookie = reply
        .header("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("cchc_session="))
        .expect("the session cookie")
        .to_owned();
    cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect()
}

#[test]
fn the_session_cookie_is_http_only_strict_and_secure_unless_told() {
    let secure = Server::start_with("cookie", Some(IN_OFFICIAL), common::ACCOUNTS, true);
    let attributes = cookie_attributes(&secure);
    for wanted in ["httponly", "samesite=strict", "path=/", "secure"] {
        assert!(
            attributes.iter().any(|a| a == wanted),
            "{wanted} in {attributes:?}"
        );
    }
    // --insecure-cookies: the same cookie without Secure.
    let insecure = Server::start("cookie-insecure", Some(IN_OFFICIAL));
    let attributes = cookie_attributes(&insecure);
    for wanted in ["httponly", "samesite=strict", "path=/"] {
        assert!(
            attributes.iter().any(|a| a == wanted),
            "{wanted} in {attributes:?}"
        );
    }
    assert!(!attributes.iter().any(|a| a == "secure"), "{attributes:?}");
}

#[test]
fn another_units_ids_and_unknown_paths_are_refused_and_write_nothing() {
    let server = Server::start("other-unit", Some(IN_OFFICIAL));
    let editor = server.session("bien-tap");
    let head = server.token("thu-truong");
    let other = server.token("bien-tap-tp");
    // The other unit has a record to read.
    let reply = other.command(&answer(OTHER_UNIT, "1.1.1", true));
    assert_eq!(reply.status, 201, "{}", reply.body);
    let before = event_count(&server);

    // Acting for another unit.
    let error = editor
        .command(&answer(OTHER_UNIT, "1.1.1", false))
        .error(403, "other-unit");
    assert_eq!(error["unit"], OTHER_UNIT);
    assert_eq!(error["category"], "record");
    head.command(&json!({"type": "submit", "unit": OTHER_UNIT}))
        .error(403, "other-unit");
    head.command(
        &json!({"type": "explain", "unit": OTHER_UNIT, "code": "1.1.1",
        "text": "Giải trình hộ đơn vị khác."}),
    )
    .error(403, "other-unit");
    // Reading another unit.
    for path in [
        "record",
        "events",
        "scorecard?stage=official",
        "scorecard?stage=trial",
        "report.html",
        "report.csv",
    ] {
        for client in [&editor, &head] {
            let reply = client.get(&format!("/api/v1/units/{OTHER_UNIT}/{path}"));
            let error = reply.error(403, "other-unit");
            assert_eq!(error["unit"], OTHER_UNIT, "{path}");
        }
    }
    // A unit the edition lacks, in a path (the council reads every unit, so only the unit is
    // wrong) and in a command (the core's answer error: 400).
    for login in ["tham-dinh", "quan-tri"] {
        let council = server.token(login);
        for path in [
            "record",
            "events",
            "scorecard?stage=official",
            "report.html",
        ] {
            let error = council
                .get(&format!("/api/v1/units/so-khong-co/{path}"))
                .error(404, "unknown-unit");
            assert_eq!(error["unit"], "so-khong-co", "{path}");
        }
    }
    editor
        .command(&answer("so-khong-co", "1.1.1", true))
        .error(400, "unknown-unit");
    // Unknown routes.
    for client in [&editor, &server.anonymous()] {
        client.get("/api/v1/khong-co").error(404, "not-found");
        client
            .post_json("/api/v1/khong-co", &json!({}))
            .error(404, "not-found");
    }
    // A method the path does not serve: 405 with code not-found (docs/server.md).
    editor.delete("/api/v1/commands").error(405, "not-found");
    editor
        .put_json("/api/v1/commands", &answer(UNIT, "1.1.1", true))
        .error(405, "not-found");
    assert_eq!(event_count(&server), before, "nothing written");

    // Positive controls: each unit reads its own record.
    let reply = other.get(&format!("/api/v1/units/{OTHER_UNIT}/record"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.json()["official"]["assessment"]["answers"]["1.1.1"],
        json!({"kind": "yes-no", "yes": true})
    );
    let reply = editor.get(&format!("/api/v1/units/{UNIT}/record"));
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn evidence_files_are_read_only_by_whom_the_core_allows() {
    let server = Server::start("files-read", Some(IN_OFFICIAL));
    let editor = server.token("bien-tap");
    let pdf = b"%PDF-1.4\n% ke hoach 125/KH-SNV\n".to_vec();
    let reply = editor.send("POST", "/api/v1/files", Some("application/pdf"), Some(&pdf));
    assert_eq!(reply.status, 201, "{}", reply.body);
    let sha256 = reply.json()["sha256"].as_str().expect("sha256").to_owned();
    let attach = |file: serde_json::Value| {
        json!({"type": "attach-evidence", "unit": UNIT, "code": "1.1.1",
               "evidence": {"number": "125/KH-SNV", "date": "2018-12-15",
                            "title": "Kế hoạch CCHC năm 2018", "file": file}})
    };
    let file = |sha256: &str, size: usize| {
        json!({"sha256": sha256, "name": "ke-hoach-125.pdf",
               "media_type": "application/pdf", "size": size})
    };
    let before = event_count(&server);
    // A file that was never uploaded, or named with another size: refused, nothing written.
    let reply = editor.command(&attach(file(&"0".repeat(64), pdf.len())));
    let error = reply.error(400, "invalid-value");
    assert_eq!(error["unit"], UNIT);
    assert_eq!(error["criterion"], "1.1.1");
    assert_eq!(
        error["message"],
        format!(
            "invalid-value: unit {UNIT}, criterion 1.1.1: the file {} was not uploaded; \
             upload it with POST /api/v1/files first",
            "0".repeat(64)
        )
    );
    let error = editor
        .command(&attach(file(&sha256, pdf.len() + 1)))
        .error(400, "invalid-value");
    assert_eq!(
        error["message"],
        format!(
            "invalid-value: unit {UNIT}, criterion 1.1.1: the file {sha256} was uploaded as \
             application/pdf of {} bytes, not application/pdf of {} bytes",
            pdf.len(),
            pdf.len() + 1
        )
    );
    assert_eq!(event_count(&server), before, "nothing written");
    let reply = editor.command(&attach(file(&sha256, pdf.len())));
    assert_eq!(reply.status, 201, "{}", reply.body);

    // Who may read it is the core's may_read_file on the server's record.
    let record = cchc_core::RoundRecord::replay(&cchc_criteria::default_edition(), server.events())
        .expect("the log replays");
    let path = format!("/api/v1/files/{sha256}");
    let mut readers = 0;
    for login in [
        "bien-tap",
        "thu-truong",
        "bien-tap-tp",
        "tham-dinh",
        "quan-tri",
    ] {
        for client in [server.session(login), server.token(login)] {
            let actor = client.actor();
            let reply = client.get(&path);
            match record.may_read_file(&actor, &sha256) {
                Ok(()) => {
                    assert_eq!(reply.status, 200, "{login}: {}", reply.body);
                    assert_eq!(reply.body.as_bytes(), pdf.as_slice(), "{login}");
                    let types = reply.header("content-type");
                    assert_eq!(types, ["application/pdf"], "{login}");
                    readers += 1;
                }
                Err(e) => {
                    let want = serde_json::to_value(&e).expect("value");
                    let got = reply.error(common::status_of(&want), e.code());
                    assert_eq!(
                        common::without_message(&got),
                        common::without_message(&want)
                    );
                }
            }
        }
    }
    assert_eq!(
        readers, 8,
        "the unit's two people and the council, by session and token"
    );
    server.anonymous().get(&path).error(401, "unauthenticated");
    server
        .token("quan-tri")
        .get(&format!("/api/v1/files/{}", "0".repeat(64)))
        .error(404, "not-found");
}

#[test]
fn a_revoked_token_is_refused_from_the_next_request_on() {
    let server = Server::start("tokens", Some(IN_OFFICIAL));
    let admin = server.session("quan-tri");
    let reply = admin.post_json(
        "/api/v1/tokens",
        &json!({"login": "bien-tap", "label": "cổng thông tin tỉnh"}),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    let issued = reply.json();
    let token = issued["token"].as_str().expect("token").to_owned();
    let id = issued["id"].as_str().expect("id").to_owned();
    let hash: String = Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(id, hash[..16]);
    let editor = Client::new(&server.url, Auth::Bearer(token));
    assert_eq!(editor.get("/api/v1/me").json()["actor"]["id"], "bien-tap");

    // The admin sees it by id, never the token; nobody else lists or revokes.
    let listed = admin.get("/api/v1/tokens");
    assert_eq!(listed.status, 200, "{}", listed.body);
    let listed = listed.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(listed[0]["login"], "bien-tap");
    assert_eq!(listed[0]["label"], "cổng thông tin tỉnh");
    assert!(listed[0].get("token").is_none());
    editor.get("/api/v1/tokens").error(403, "permission-denied");
    let path = format!("/api/v1/tokens/{id}");
    editor.delete(&path).error(403, "permission-denied");
    server
        .anonymous()
        .delete(&path)
        .error(401, "unauthenticated");
    let Auth::Session { cookie, .. } = &admin.auth else {
        panic!("the admin has a cookie session")
    };
    let forged = admin.with_auth(Auth::Session {
        cookie: cookie.clone(),
        csrf: "0".repeat(64),
    });
    forged.delete(&path).error(403, "csrf");

    let before = event_count(&server);
    let reply = admin.delete(&path);
    assert_eq!(reply.status, 204, "{}", reply.body);
    editor.get("/api/v1/me").error(401, "unauthenticated");
    admin.delete(&path).error(404, "not-found");
    admin
        .delete("/api/v1/tokens/not-a-token-id")
        .error(404, "not-found");
    assert_eq!(admin.get("/api/v1/tokens").json(), json!([]));
    assert_eq!(event_count(&server), before, "tokens are not events");
}
