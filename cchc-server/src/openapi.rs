//! The OpenAPI 3.1 document of `/api/v1`, assembled from the routes below and the core's JSON
//! Schemas (`cchc_core::schemas()`, the ones committed in `schemas/`). It is served at
//! `/api/v1/openapi.json` and committed as `cchc-server/openapi.json`; a test fails when the two
//! differ. Regenerate with:
//!
//! ```text
//! cargo run -p cchc-server -- openapi > cchc-server/openapi.json
//! ```

use serde_json::{Map, Value, json};
use std::sync::OnceLock;

/// The component name of each core schema used by the API (file stem → name).
const CORE_SCHEMAS: &[(&str, &str)] = &[
    ("edition", "Edition"),
    ("criteria-view", "CriteriaView"),
    ("answer", "Answer"),
    ("actor", "Actor"),
    ("command", "Command"),
    ("event", "Event"),
    ("record", "RecordLog"),
    ("unit-record", "UnitRecord"),
    ("scorecard", "Scorecard"),
    ("results", "Results"),
    ("report", "SelfAssessmentReport"),
    ("error", "Error"),
];

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn json_content(schema: Value) -> Value {
    json!({"application/json": {"schema": schema}})
}

/// The error answers a route may give, each the core's error JSON.
fn errors(statuses: &[(&str, &str)]) -> Vec<(String, Value)> {
    statuses
        .iter()
        .map(|(status, why)| {
            (
                (*status).to_owned(),
                json!({"description": why, "content": json_content(schema_ref("Error"))}),
            )
        })
        .collect()
}

const AUTH: (&str, &str) = (
    "401",
    "unauthenticated: no valid session cookie or bearer token",
);
const CSRF: (&str, &str) = (
    "403",
    "csrf (a cookie session without X-CSRF-Token), permission-denied or other-unit",
);
const FORBIDDEN: (&str, &str) = ("403", "permission-denied or other-unit (the core's rules)");
const UNKNOWN_UNIT: (&str, &str) = (
    "404",
    "unknown-unit: the unit in the path is not in the edition",
);
const BAD: (&str, &str) = (
    "400",
    "invalid-json, invalid-shape, or a refusal of category answer/input (the core's error)",
);
const TOO_LARGE: (&str, &str) = ("413", "too-large: the body is over its limit");
const MEDIA: (&str, &str) = (
    "415",
    "unsupported-type: the body's Content-Type is not accepted",
);
const STORAGE: (&str, &str) = ("500", "storage: the database failed; nothing was recorded");

/// One operation.
struct Op {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    auth: bool,
    body: Option<Value>,
    ok: (&'static str, Value),
    errors: Vec<(String, Value)>,
}

fn ok_json(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": json_content(schema)})
}

fn ok_text(description: &str, media: &str) -> Value {
    json!({"description": description, "content": {media: {"schema": {"type": "string"}}}})
}

fn unit_param() -> Value {
    json!({"name": "unit", "in": "path", "required": true, "schema": {"type": "string"},
           "description": "A unit id of the edition, e.g. so-noi-vu"})
}

fn operations() -> Vec<Op> {
    let session_answer = json!({
        "type": "object", "required": ["actor", "csrf"],
        "properties": {"actor": schema_ref("Actor"), "csrf": {"type": ["string", "null"],
            "description": "The value of X-CSRF-Token for changes made with this session (null for a bearer token)"}}
    });
    let instant = json!({"type": "string", "format": "date-time",
        "description": "RFC 3339 with its offset, e.g. 2019-01-02T23:59:59+07:00"});
    vec![
        Op {
            method: "post",
            path: "/session",
            summary: "Log in: opens a session (cookie cchc_session, HttpOnly, SameSite=Strict) and returns its CSRF token",
            auth: false,
            body: Some(
                json!({"type": "object", "required": ["login", "password"], "additionalProperties": false,
                "properties": {"login": {"type": "string"}, "password": {"type": "string"}}}),
            ),
            ok: (
                "200",
                ok_json(
                    "The actor and the session's CSRF token",
                    session_answer.clone(),
                ),
            ),
            errors: errors(&[
                BAD,
                (
                    "401",
                    "unauthenticated: wrong login or password (one answer for both)",
                ),
                TOO_LARGE,
                MEDIA,
            ]),
        },
        Op {
            method: "delete",
            path: "/session",
            summary: "Log out: ends the cookie session",
            auth: true,
            body: None,
            ok: (
                "204",
                json!({"description": "The session is ended and its cookie cleared"}),
            ),
            errors: errors(&[AUTH, CSRF]),
        },
        Op {
            method: "get",
            path: "/me",
            summary: "Who is asking",
            auth: true,
            body: None,
            ok: (
                "200",
                ok_json(
                    "The actor, and the CSRF token of a cookie session",
                    session_answer,
                ),
            ),
            errors: errors(&[AUTH]),
        },
        Op {
            method: "post",
            path: "/tokens",
            summary: "Issue a bearer token for an account (admin); the token is shown once",
            auth: true,
            body: Some(
                json!({"type": "object", "required": ["login", "label"], "additionalProperties": false,
                "properties": {"login": {"type": "string"}, "label": {"type": "string", "maxLength": 200}}}),
            ),
            ok: (
                "201",
                ok_json(
                    "The token",
                    json!({"type": "object", "required": ["token", "id"],
                "properties": {"token": {"type": "string"},
                    "id": {"type": "string", "pattern": "^[0-9a-f]{16}$",
                        "description": "What names the token in GET and DELETE /tokens"}}}),
                ),
            ),
            errors: errors(&[
                BAD,
                AUTH,
                CSRF,
                ("404", "not-found: no such account"),
                TOO_LARGE,
                MEDIA,
            ]),
        },
        Op {
            method: "get",
            path: "/tokens",
            summary: "Every bearer token, oldest first, by id (admin); never the tokens themselves",
            auth: true,
            body: None,
            ok: (
                "200",
                ok_json(
                    "The tokens",
                    json!({"type": "array", "items": {"type": "object",
                        "required": ["id", "login", "label", "created"],
                        "properties": {"id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
                            "login": {"type": "string"}, "label": {"type": "string"},
                            "created": {"type": "string", "format": "date-time"}}}}),
                ),
            ),
            errors: errors(&[AUTH, FORBIDDEN]),
        },
        Op {
            method: "delete",
            path: "/tokens/{id}",
            summary: "Revoke a bearer token (admin): it is refused from the next request on",
            auth: true,
            body: None,
            ok: ("204", json!({"description": "Revoked"})),
            errors: errors(&[AUTH, CSRF, FORBIDDEN, ("404", "not-found: no such token")]),
        },
        Op {
            method: "get",
            path: "/health",
            summary: "The server's state: edition, clock, number of events",
            auth: false,
            body: None,
            ok: (
                "200",
                ok_json(
                    "Health",
                    json!({"type": "object",
                "required": ["status", "edition", "now", "clock", "events"],
                "properties": {"status": {"const": "ok"}, "edition": {"type": "string"}, "now": instant.clone(),
                    "clock": {"enum": ["system", "override"]}, "events": {"type": "integer", "minimum": 0}}}),
                ),
            ),
            errors: errors(&[STORAGE]),
        },
        Op {
            method: "get",
            path: "/edition",
            summary: "The round's edition (units, criteria, schedule, bands)",
            auth: false,
            body: None,
            ok: ("200", ok_json("The edition JSON", schema_ref("Edition"))),
            errors: Vec::new(),
        },
        Op {
            method: "get",
            path: "/criteria/{appendix}",
            summary: "One appendix's criteria laid out for a form: every node with its depth and section",
            auth: false,
            body: None,
            ok: (
                "200",
                ok_json("The criteria view", schema_ref("CriteriaView")),
            ),
            errors: errors(&[
                ("400", "unknown-name: the appendix is not I, II, III or IV"),
                (
                    "404",
                    "not-found: the edition has no criteria for the appendix",
                ),
            ]),
        },
        Op {
            method: "get",
            path: "/phase",
            summary: "The round's phase now, by the server's clock",
            auth: true,
            body: None,
            ok: (
                "200",
                ok_json(
                    "The phase",
                    json!({"type": "object",
                "required": ["now", "phase", "clock", "official_end", "explanation_until", "published_at", "events"],
                "properties": {"now": instant.clone(),
                    "phase": {"enum": ["before", "trial", "official", "appraisal", "explanation", "published"]},
                    "clock": {"enum": ["system", "override"]},
                    "official_end": instant.clone(),
                    "explanation_until": {"type": ["string", "null"], "format": "date-time"},
                    "published_at": {"type": ["string", "null"], "format": "date-time"},
                    "events": {"type": "integer", "minimum": 0}}}),
                ),
            ),
            errors: errors(&[AUTH]),
        },
        Op {
            method: "post",
            path: "/commands",
            summary: "Give a command to the round's record (checked by the core at the server's instant; a refusal writes nothing)",
            auth: true,
            body: Some(schema_ref("Command")),
            ok: (
                "201",
                ok_json(
                    "The event recorded, and the scorecard of the unit and stage it changed (null for round-wide commands)",
                    json!({"type": "object", "required": ["event", "scorecard"],
                    "properties": {"event": schema_ref("Event"),
                        "scorecard": {"oneOf": [schema_ref("Scorecard"), {"type": "null"}]}}}),
                ),
            ),
            errors: errors(&[
                BAD,
                AUTH,
                CSRF,
                (
                    "409",
                    "wrong-phase, published, already-submitted, evidence-missing (items: the criteria lacking evidence), nothing-to-contest, out-of-order, unknown-evidence",
                ),
                TOO_LARGE,
                MEDIA,
                (
                    "423",
                    "window-closed: the unit's window is not open (limit: the lock instant)",
                ),
                STORAGE,
            ]),
        },
        Op {
            method: "post",
            path: "/files",
            summary: "Upload an evidence file (raw body; PDF, PNG, JPEG, docx, xlsx; at most 10 MiB); stored once by SHA-256",
            auth: true,
            body: None,
            ok: (
                "201",
                ok_json(
                    "The file's hash, size and type, to cite in attach-evidence",
                    json!({"type": "object", "required": ["sha256", "size", "media_type"],
                    "properties": {"sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        "size": {"type": "integer"}, "media_type": {"type": "string"}}}),
                ),
            ),
            errors: errors(&[
                ("400", "invalid-value: an empty file"),
                AUTH,
                CSRF,
                TOO_LARGE,
                MEDIA,
                STORAGE,
            ]),
        },
        Op {
            method: "get",
            path: "/files/{sha256}",
            summary: "An uploaded file, to those the core lets read it (the council; a unit whose evidence cites it)",
            auth: true,
            body: None,
            ok: (
                "200",
                json!({"description": "The bytes, with their media type",
                "content": {"application/octet-stream": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}}),
            ),
            errors: errors(&[AUTH, FORBIDDEN, ("404", "not-found: no such file")]),
        },
        Op {
            method: "get",
            path: "/units/{unit}/record",
            summary: "One unit's record (the core's unit_view)",
            auth: true,
            body: None,
            ok: (
                "200",
                ok_json("The unit's record", schema_ref("UnitRecord")),
            ),
            errors: errors(&[AUTH, FORBIDDEN, UNKNOWN_UNIT]),
        },
        Op {
            method: "get",
            path: "/units/{unit}/events",
            summary: "One unit's events (the core's unit_events)",
            auth: true,
            body: None,
            ok: (
                "200",
                ok_json(
                    "The events, in order",
                    json!({"type": "array", "items": schema_ref("Event")}),
                ),
            ),
            errors: errors(&[AUTH, FORBIDDEN, UNKNOWN_UNIT]),
        },
        Op {
            method: "get",
            path: "/units/{unit}/scorecard",
            summary: "One unit's scorecard, official (default) or trial (?stage=trial)",
            auth: true,
            body: None,
            ok: ("200", ok_json("The scorecard", schema_ref("Scorecard"))),
            errors: errors(&[
                ("400", "invalid-shape: an unknown stage or parameter"),
                AUTH,
                FORBIDDEN,
                UNKNOWN_UNIT,
            ]),
        },
        Op {
            method: "get",
            path: "/units/{unit}/report.html",
            summary: "One unit's self-assessment report as HTML (the core's)",
            auth: true,
            body: None,
            ok: ("200", ok_text("The report", "text/html")),
            errors: errors(&[AUTH, FORBIDDEN, UNKNOWN_UNIT]),
        },
        Op {
            method: "get",
            path: "/units/{unit}/report.csv",
            summary: "One unit's self-assessment report as CSV (the core's; formula-like cells neutralised)",
            auth: true,
            body: None,
            ok: ("200", ok_text("The report", "text/csv")),
            errors: errors(&[AUTH, FORBIDDEN, UNKNOWN_UNIT]),
        },
        Op {
            method: "get",
            path: "/results",
            summary: "The round's results (the council at any time; units once published)",
            auth: true,
            body: None,
            ok: (
                "200",
                ok_json("Ranking, bands and summaries", schema_ref("Results")),
            ),
            errors: errors(&[AUTH, FORBIDDEN]),
        },
        Op {
            method: "get",
            path: "/results.html",
            summary: "The round's results as HTML (same rule)",
            auth: true,
            body: None,
            ok: ("200", ok_text("The results", "text/html")),
            errors: errors(&[AUTH, FORBIDDEN]),
        },
        Op {
            method: "get",
            path: "/results.csv",
            summary: "The round's results as CSV (same rule)",
            auth: true,
            body: None,
            ok: ("200", ok_text("The results", "text/csv")),
            errors: errors(&[AUTH, FORBIDDEN]),
        },
        Op {
            method: "get",
            path: "/log",
            summary: "The record's log (admin), as `cchc-server log export` writes it",
            auth: true,
            body: None,
            ok: ("200", ok_json("The record JSON", schema_ref("RecordLog"))),
            errors: errors(&[AUTH, FORBIDDEN]),
        },
        Op {
            method: "put",
            path: "/clock",
            summary: "Move the overridden clock (admin; exists only when the server was started with a clock override); `frozen`: it reads `now` until set again, else it advances with real time from `now`",
            auth: true,
            body: Some(
                json!({"type": "object", "required": ["now"], "additionalProperties": false,
                "properties": {"now": instant.clone(), "frozen": {"type": "boolean", "default": false}}}),
            ),
            ok: (
                "200",
                ok_json(
                    "The clock now",
                    json!({"type": "object", "required": ["now", "clock"],
                "properties": {"now": instant, "clock": {"const": "override"}}}),
                ),
            ),
            errors: errors(&[
                BAD,
                AUTH,
                CSRF,
                ("404", "not-found: the server runs on the system clock"),
                TOO_LARGE,
                MEDIA,
            ]),
        },
        Op {
            method: "get",
            path: "/openapi.json",
            summary: "This document",
            auth: false,
            body: None,
            ok: (
                "200",
                json!({"description": "The OpenAPI 3.1 document", "content": {"application/json": {"schema": {"type": "object"}}}}),
            ),
            errors: Vec::new(),
        },
    ]
}

/// Rewrites every `#/$defs/NAME` reference through `rename` to `#/components/schemas/…`.
fn relink(value: &mut Value, rename: &Map<String, Value>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref") {
                if let Some(name) = target.strip_prefix("#/$defs/") {
                    let to = rename.get(name).and_then(Value::as_str).unwrap_or(name);
                    *target = format!("#/components/schemas/{to}");
                }
            }
            map.values_mut().for_each(|v| relink(v, rename));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| relink(v, rename)),
        _ => {}
    }
}

/// The core's schemas as components: each root under its name, and every `$defs` entry hoisted
/// beside them (a definition of the same name and another content gets the root's name as a
/// prefix), with references rewritten to `#/components/schemas/…`.
fn components() -> Map<String, Value> {
    let mut schemas = Map::new();
    let core = cchc_core::schemas();
    for (stem, name) in CORE_SCHEMAS {
        let Some((_, _, schema)) = core.iter().find(|(n, _, _)| n == stem) else {
            continue;
        };
        let mut schema = schema.clone();
        let Value::Object(root) = &mut schema else {
            continue;
        };
        root.remove("$schema");
        root.remove("$id");
        let defs = match root.remove("$defs") {
            Some(Value::Object(defs)) => defs,
            _ => Map::new(),
        };
        let mut rename = Map::new();
        for (def, value) in &defs {
            let taken = schemas.get(def).is_some_and(|v| v != value)
                || CORE_SCHEMAS.iter().any(|(_, n)| n == def);
            let to = if taken {
                format!("{name}{def}")
            } else {
                def.clone()
            };
            rename.insert(def.clone(), Value::String(to));
        }
        for (def, mut value) in defs {
            relink(&mut value, &rename);
            let to = rename
                .get(&def)
                .and_then(Value::as_str)
                .unwrap_or(&def)
                .to_owned();
            schemas.insert(to, value);
        }
        relink(&mut schema, &rename);
        schemas.insert((*name).to_owned(), schema);
    }
    schemas
}

/// The OpenAPI 3.1 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for op in operations() {
        let mut operation = Map::new();
        operation.insert("summary".into(), op.summary.into());
        let mut parameters = Vec::new();
        if op.path.contains("{unit}") {
            parameters.push(unit_param());
        }
        if op.path.contains("{appendix}") {
            parameters.push(json!({"name": "appendix", "in": "path", "required": true,
                "schema": {"enum": ["I", "II", "III", "IV"]}}));
        }
        if op.path.contains("{sha256}") {
            parameters.push(json!({"name": "sha256", "in": "path", "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}));
        }
        if op.path.contains("{id}") {
            parameters.push(json!({"name": "id", "in": "path", "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{16}$"}}));
        }
        if op.path.ends_with("/scorecard") {
            parameters.push(json!({"name": "stage", "in": "query", "required": false,
                "schema": {"enum": ["official", "trial"], "default": "official"}}));
        }
        if !parameters.is_empty() {
            operation.insert("parameters".into(), parameters.into());
        }
        if let Some(body) = op.body {
            operation.insert(
                "requestBody".into(),
                json!({"required": true, "content": json_content(body)}),
            );
        } else if op.path == "/files" {
            let types: Map<String, Value> = cchc_core::EVIDENCE_MEDIA_TYPES
                .iter()
                .map(|t| {
                    (
                        (*t).to_owned(),
                        json!({"schema": {"type": "string", "contentMediaType": t}}),
                    )
                })
                .collect();
            operation.insert(
                "requestBody".into(),
                json!({"required": true, "content": types}),
            );
        }
        let mut responses = Map::new();
        responses.insert(op.ok.0.into(), op.ok.1);
        for (status, response) in op.errors {
            responses.insert(status, response);
        }
        responses.insert(
            "default".into(),
            json!({"description": "Any other refusal: the core's error JSON", "content": json_content(schema_ref("Error"))}),
        );
        operation.insert("responses".into(), Value::Object(responses));
        operation.insert(
            "security".into(),
            if op.auth {
                json!([{"session": []}, {"bearer": []}])
            } else {
                json!([])
            },
        );
        let entry = paths
            .entry(op.path.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(op.method.into(), Value::Object(operation));
        }
    }
    let schemas = components();
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "cchc-server",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The HTTP binding of cchc: the round's record (Vietnam's provincial PAR index) over JSON. Every rule is the core's; every error body is the core's error JSON (docs/errors.md). Decimals are strings, instants RFC 3339 with their offset. See docs/server.md.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": crate::app::SESSION_COOKIE,
                    "description": "From POST /session. Changes (POST, PUT, DELETE) must also send the header X-CSRF-Token with the session's csrf value."},
                "bearer": {"type": "http", "scheme": "bearer",
                    "description": "A token from POST /tokens, for portal back-ends; no CSRF header needed."},
            },
        },
    })
}

/// The document as served and committed: pretty-printed JSON with a final newline.
pub fn document_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| serde_json::to_string_pretty(&document()).unwrap_or_default() + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_openapi_json_is_the_generated_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == document_text(),
            "cchc-server/openapi.json differs from the document the code generates; regenerate it with\n  cargo run -p cchc-server -- openapi > cchc-server/openapi.json"
        );
    }

    #[test]
    fn every_reference_resolves() {
        let doc = document();
        let text = doc.to_string();
        for (_, name) in CORE_SCHEMAS {
            assert!(doc["components"]["schemas"][name].is_object(), "{name}");
        }
        let mut rest = text.as_str();
        while let Some(i) = rest.find("#/components/schemas/") {
            rest = &rest[i + "#/components/schemas/".len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
            assert!(doc["components"]["schemas"][&name].is_object(), "{name}");
        }
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(
            doc["paths"]["/commands"]["post"]["responses"]["423"]["content"]["application/json"]["schema"]
                ["$ref"],
            "#/components/schemas/Error"
        );
    }
}
