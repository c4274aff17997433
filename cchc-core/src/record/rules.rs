//! Who may give which command, and when: one declarative table, checked before any command is
//! handled, and shown in `docs/record.md` (a test keeps the page equal to this table).

use super::command::{Actor, Command, Role};
use crate::error::{Error, ErrorKind};
use crate::name::Named;

/// One row of [`PERMISSIONS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Permission {
    /// The command's name, as in its JSON `type` ("answer", "submit", …).
    pub command: &'static str,
    /// The roles that may give it; any other role is refused with "permission-denied".
    pub roles: &'static [Role],
    /// When it is accepted (the phases, with the rule that decides within them).
    pub when: &'static str,
    /// What the command does, in the words of the refusal ("a unit-editor may not submit").
    pub verb: &'static str,
}

const UNIT: &[Role] = &[Role::UnitEditor, Role::UnitHead];
const HEAD: &[Role] = &[Role::UnitHead];
const COUNCIL: &[Role] = &[Role::Appraiser, Role::Admin];
const ADMIN: &[Role] = &[Role::Admin];

/// The unit's own window: the trial window, the official window or its extension, until the
/// stage is submitted.
const UNIT_WINDOW: &str = "trial, official (or the unit's extension), until submitted";

/// Which role may give which command in which phase. Every command is refused in the `published`
/// phase ("published") and when its instant is earlier than the last event's ("out-of-order"); a
/// unit's people act only on their own unit ("other-unit").
pub const PERMISSIONS: &[Permission] = &[
    Permission {
        command: "answer",
        roles: UNIT,
        when: UNIT_WINDOW,
        verb: "change a unit's answers",
    },
    Permission {
        command: "attach-evidence",
        roles: UNIT,
        when: UNIT_WINDOW,
        verb: "attach evidence",
    },
    Permission {
        command: "withdraw-evidence",
        roles: UNIT,
        when: UNIT_WINDOW,
        verb: "withdraw evidence",
    },
    Permission {
        command: "explain",
        roles: UNIT,
        when: UNIT_WINDOW,
        verb: "write explanations",
    },
    Permission {
        command: "submit",
        roles: HEAD,
        when: UNIT_WINDOW,
        verb: "submit",
    },
    Permission {
        command: "appraise",
        roles: COUNCIL,
        when: "appraisal: after the unit's window closed, before the explanation round",
        verb: "appraise",
    },
    Permission {
        command: "record-survey",
        roles: COUNCIL,
        when: "any phase before publication",
        verb: "record survey points",
    },
    Permission {
        command: "record-authority",
        roles: COUNCIL,
        when: "any phase before publication",
        verb: "record authority items and deductions",
    },
    Permission {
        command: "grant-extension",
        roles: ADMIN,
        when: "before the explanation round; the extension ends after the lock",
        verb: "grant extensions",
    },
    Permission {
        command: "open-explanation-round",
        roles: COUNCIL,
        when: "appraisal (after the lock), once",
        verb: "open the explanation round",
    },
    Permission {
        command: "contest",
        roles: UNIT,
        when: "explanation, until the round's end",
        verb: "contest",
    },
    Permission {
        command: "decide",
        roles: COUNCIL,
        when: "explanation",
        verb: "decide contests",
    },
    Permission {
        command: "publish",
        roles: ADMIN,
        when: "appraisal or explanation, once every unit's window has closed",
        verb: "publish",
    },
];

/// The row of a command (every command has one: a test checks it).
pub(crate) fn permission(command: &Command) -> Option<&'static Permission> {
    PERMISSIONS.iter().find(|p| p.command == command.name())
}

/// Refuses a command the actor's role may not give, naming the roles that may.
pub(crate) fn may_give(actor: &Actor, command: &Command) -> Result<(), Error> {
    let Some(p) = permission(command) else {
        return Ok(());
    };
    if p.roles.contains(&actor.role) {
        return Ok(());
    }
    let allowed = match p.roles {
        r if r == UNIT => "the unit's editor or head",
        r if r == HEAD => "the unit head",
        r if r == COUNCIL => "an appraiser or admin",
        _ => "an admin",
    };
    Err(Error::new(
        ErrorKind::PermissionDenied,
        command.unit(),
        format!(
            "a {} may not {}; only {allowed} may",
            actor.role.as_str(),
            p.verb
        ),
    )
    .with_limit(allowed.to_owned()))
}

/// Refuses anything but an admin for the round's administration outside commands (issuing
/// tokens, exporting the log, moving an overridden clock); `what` says what was asked, in the
/// words of the refusal ("issue tokens").
///
/// ```
/// use cchc_core::{Actor, may_administer};
/// assert!(may_administer(&Actor::admin("root"), "export the log").is_ok());
/// let err = may_administer(&Actor::appraiser("hoa"), "export the log").unwrap_err();
/// assert_eq!(err.code(), "permission-denied");
/// assert_eq!(err.limit(), Some("an admin"));
/// ```
pub fn may_administer(actor: &Actor, what: &str) -> Result<(), Error> {
    if actor.role == Role::Admin {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::PermissionDenied,
        actor.unit.as_deref(),
        format!(
            "a {} may not {what}; only an admin may",
            actor.role.as_str()
        ),
    )
    .with_limit("an admin".to_owned()))
}

/// The media types an evidence file may have: PDF, PNG, JPEG, Word and Excel documents.
pub const EVIDENCE_MEDIA_TYPES: &[&str] = &[
    "application/pdf",
    "image/png",
    "image/jpeg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

/// The largest evidence file, in bytes (10 MiB).
pub const EVIDENCE_FILE_LIMIT: u64 = 10 * 1024 * 1024;

/// Refuses an evidence file whose hash, type or size is not of the allowed form
/// ("invalid-value", the limit says what is allowed); its name is checked with the other texts.
fn file_form(command: &Command) -> Result<(), Error> {
    let Some((unit, code, file)) = command.evidence_file() else {
        return Ok(());
    };
    let refuse = |detail: String, limit: String| {
        Err(Error::new(ErrorKind::InvalidValue, Some(unit), detail)
            .with_criterion(code)
            .with_limit(limit))
    };
    let hex = file.sha256.len() == 64
        && file
            .sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !hex {
        return refuse(
            format!(
                "the evidence file's sha256 {:?} is not 64 lowercase hex digits",
                file.sha256
            ),
            "64 lowercase hex digits".to_owned(),
        );
    }
    if file.name.trim().is_empty() {
        return refuse(
            "the evidence file needs a name".to_owned(),
            "a file name".to_owned(),
        );
    }
    if !EVIDENCE_MEDIA_TYPES.contains(&file.media_type.as_str()) {
        return refuse(
            format!(
                "the evidence file's type {:?} is not accepted",
                file.media_type
            ),
            EVIDENCE_MEDIA_TYPES.join(", "),
        );
    }
    if file.size == 0 || file.size > EVIDENCE_FILE_LIMIT {
        return refuse(
            format!(
                "the evidence file has {} bytes; it must have 1 to {EVIDENCE_FILE_LIMIT}",
                file.size
            ),
            EVIDENCE_FILE_LIMIT.to_string(),
        );
    }
    Ok(())
}

/// The longest free text a command may carry, in characters, by what the text is.
pub const TEXT_LIMITS: &[(&str, usize)] = &[
    ("evidence number", 100),
    ("evidence title", 500),
    ("evidence link", 2_000),
    ("evidence file name", 255),
    ("explanation", 4_000),
    ("contest", 4_000),
    ("comment", 4_000),
    ("reason", 1_000),
];

fn limit_of(what: &str) -> usize {
    TEXT_LIMITS
        .iter()
        .find(|(w, _)| *w == what)
        .map_or(0, |(_, n)| *n)
}

/// The free texts of a command, each with what it is and the criterion it concerns.
fn texts(command: &Command) -> Vec<(&'static str, &str, Option<&str>)> {
    match command {
        Command::AttachEvidence { code, evidence, .. } => {
            let mut t = vec![
                (
                    "evidence number",
                    evidence.number.as_str(),
                    Some(code.as_str()),
                ),
                (
                    "evidence title",
                    evidence.title.as_str(),
                    Some(code.as_str()),
                ),
            ];
            if let Some(link) = &evidence.link {
                t.push(("evidence link", link.as_str(), Some(code.as_str())));
            }
            if let Some(file) = &evidence.file {
                t.push((
                    "evidence file name",
                    file.name.as_str(),
                    Some(code.as_str()),
                ));
            }
            t
        }
        Command::Explain { code, text, .. } => vec![("explanation", text, Some(code))],
        Command::Contest { code, text, .. } => vec![("contest", text, Some(code))],
        Command::Appraise { code, comment, .. } | Command::Decide { code, comment, .. } => {
            vec![("comment", comment, Some(code))]
        }
        Command::GrantExtension { reason, .. } => vec![("reason", reason, None)],
        _ => Vec::new(),
    }
}

/// Refuses untrusted text before it is recorded: a free text longer than its limit
/// ("text-too-long") and an evidence link that is not an `http` or `https` address
/// ("unsafe-link"), so no binding ever stores or prints a `javascript:` link or a 5 MB comment.
pub(crate) fn safe_texts(command: &Command) -> Result<(), Error> {
    for (what, text, code) in texts(command) {
        let limit = limit_of(what);
        let length = text.chars().count();
        if length > limit {
            let e = Error::new(
                ErrorKind::TextTooLong,
                command.unit(),
                format!("the {what} has {length} characters; at most {limit} are kept"),
            )
            .with_limit(limit.to_string());
            return Err(match code {
                Some(code) => e.with_criterion(code),
                None => e,
            });
        }
        if what == "evidence link" && !is_web_link(text) {
            let e = Error::new(
                ErrorKind::UnsafeLink,
                command.unit(),
                format!("the evidence link {text:?} is not an http or https address"),
            )
            .with_limit("http:// or https://".into());
            return Err(match code {
                Some(code) => e.with_criterion(code),
                None => e,
            });
        }
    }
    file_form(command)
}

/// Whether a link is a plain web address (`http://` or `https://`, any case), the only kind a
/// report prints as a link.
pub fn is_web_link(link: &str) -> bool {
    let lower = link.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !link.chars().any(char::is_control)
}

/// The table as Markdown, as `docs/record.md` shows it.
///
/// ```
/// let table = cchc_core::permissions_table();
/// assert!(table.contains("| `submit` | unit-head |"));
/// ```
pub fn permissions_table() -> String {
    let mut out = String::from("| command | roles | when |\n|---|---|---|\n");
    for p in PERMISSIONS {
        let roles: Vec<&str> = p.roles.iter().map(|r| r.as_str()).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            p.command,
            roles.join(", "),
            p.when
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_one_row() {
        let names = [
            "answer",
            "attach-evidence",
            "withdraw-evidence",
            "explain",
            "submit",
            "appraise",
            "open-explanation-round",
            "contest",
            "decide",
            "record-survey",
            "record-authority",
            "grant-extension",
            "publish",
        ];
        let mut table: Vec<&str> = PERMISSIONS.iter().map(|p| p.command).collect();
        table.sort_unstable();
        let mut all = names.to_vec();
        all.sort_unstable();
        assert_eq!(table, all);
    }
}
