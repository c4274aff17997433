//! Who acts, and what they ask the record to do.

use crate::answer::Answer;
use crate::name::named;
use crate::tagged::internally_tagged;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What an actor may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Enters the unit's answers, evidence and explanations.
    UnitEditor,
    /// Everything a unit editor does, and signs and submits the self-assessment.
    UnitHead,
    /// The appraisal council (Hội đồng thẩm định): appraises, decides contests, records survey
    /// points and authority-only items.
    Appraiser,
    /// The Department of Home Affairs' administrator: everything an appraiser does, grants
    /// extensions, opens the explanation round and publishes.
    Admin,
}

named!(Role, "role", {
    UnitEditor => "unit-editor",
    UnitHead => "unit-head",
    Appraiser => "appraiser",
    Admin => "admin",
});

impl Role {
    /// Whether this role belongs to one unit.
    pub fn is_unit_role(self) -> bool {
        matches!(self, Role::UnitEditor | Role::UnitHead)
    }
}

/// Someone acting on the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Who (a login or a name), as recorded in the log.
    pub id: String,
    /// Their role.
    pub role: Role,
    /// The unit a unit editor or head belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Actor {
    /// A unit editor of `unit`.
    pub fn unit_editor(id: &str, unit: &str) -> Actor {
        Actor {
            id: id.to_owned(),
            role: Role::UnitEditor,
            unit: Some(unit.to_owned()),
        }
    }
    /// The head of `unit`.
    pub fn unit_head(id: &str, unit: &str) -> Actor {
        Actor {
            id: id.to_owned(),
            role: Role::UnitHead,
            unit: Some(unit.to_owned()),
        }
    }
    /// An appraiser.
    pub fn appraiser(id: &str) -> Actor {
        Actor {
            id: id.to_owned(),
            role: Role::Appraiser,
            unit: None,
        }
    }
    /// An administrator.
    pub fn admin(id: &str) -> Actor {
        Actor {
            id: id.to_owned(),
            role: Role::Admin,
            unit: None,
        }
    }
}

/// A document attached as evidence (tài liệu kiểm chứng).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Document number and symbol ("125/KH-UBND").
    pub number: String,
    /// Date of the document.
    #[serde(deserialize_with = "crate::relaxed::de_date")]
    pub date: NaiveDate,
    /// Title of the document.
    pub title: String,
    /// Where it can be read, if online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The file itself, when it was uploaded to a server (`cchc-server`'s `POST /files`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<EvidenceFile>,
}

/// An uploaded file cited by an evidence document: its content hash, its name, its media type
/// and its size. The core checks the form (hash of 64 lowercase hex digits, a name within
/// [`TEXT_LIMITS`](crate::TEXT_LIMITS), a type of [`EVIDENCE_MEDIA_TYPES`](crate::EVIDENCE_MEDIA_TYPES),
/// a size within [`EVIDENCE_FILE_LIMIT`](crate::EVIDENCE_FILE_LIMIT)); the server checks the
/// file was uploaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    /// Lowercase hex SHA-256 of the file's bytes (64 digits).
    pub sha256: String,
    /// The file's name, as the unit gave it ("ke-hoach-125.pdf").
    pub name: String,
    /// Its media type (one of [`EVIDENCE_MEDIA_TYPES`](crate::EVIDENCE_MEDIA_TYPES)).
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
}

internally_tagged! {
tag = "type", twin = command_twin;
/// A request to change the record. Checked (role, window, limits) before it becomes an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Command {
    /// Declare or change the unit's answer to a self-assessed leaf.
    Answer {
        /// The unit.
        unit: String,
        /// The leaf.
        code: String,
        /// The answer.
        answer: Answer,
    },
    /// Attach an evidence document to a leaf.
    AttachEvidence {
        /// The unit.
        unit: String,
        /// The leaf.
        code: String,
        /// The document.
        evidence: Evidence,
    },
    /// Withdraw an attached document, by the id its attachment event received.
    WithdrawEvidence {
        /// The unit.
        unit: String,
        /// The leaf.
        code: String,
        /// The evidence id (the sequence number of the attaching event).
        evidence: u64,
    },
    /// Write (or replace) the explanation of a leaf (why there is no evidence, or context).
    Explain {
        /// The unit.
        unit: String,
        /// The leaf.
        code: String,
        /// The explanation.
        text: String,
    },
    /// Submit the self-assessment (unit head only).
    Submit {
        /// The unit.
        unit: String,
    },
    /// Appraise a self-assessed leaf: accept or adjust its points, with a comment.
    Appraise {
        /// The unit.
        unit: String,
        /// The leaf.
        code: String,
        /// The council's points.
        #[serde(with = "crate::decimal::Str")]
        points: Decimal,
        /// The council's comment.
        #[serde(default)]
        comment: String,
    },
    /// Open the explanation round (giải trình) for contests until an instant.
    OpenExplanationRound {
        /// Contests are accepted until this instant (exclusive).
        #[serde(deserialize_with = "crate::relaxed::de_instant")]
        until: DateTime<FixedOffset>,
    },
    /// Contest an appraised leaf with an explanation and a proposed score.
    Contest {
        /// The unit.
        unit: String,
        /// The leaf.
        code: String,
        /// The unit's explanation.
        text: String,
        /// The score the unit proposes.
        #[serde(with = "crate::decimal::Str")]
        proposed: Decimal,
    },
    /// Decide a contest: the final points of the leaf.
    Decide {
        /// The unit.
        unit: String,
        /// The leaf.
        code: String,
        /// The final points.
        #[serde(with = "crate::decimal::Str")]
        points: Decimal,
        /// The reasons.
        #[serde(default)]
        comment: String,
    },
    /// Record the survey's tally of a survey leaf.
    RecordSurvey {
        /// The unit.
        unit: String,
        /// The leaf.
        code: String,
        /// A `tally` answer.
        answer: Answer,
    },
    /// Record the authority's answer on an authority-only or deduction leaf.
    RecordAuthority {
        /// The unit.
        unit: String,
        /// The leaf.
        code: String,
        /// The answer.
        answer: Answer,
    },
    /// Give one unit until an instant to finish its self-assessment.
    GrantExtension {
        /// The unit.
        unit: String,
        /// The unit may edit until this instant (exclusive).
        #[serde(deserialize_with = "crate::relaxed::de_instant")]
        until: DateTime<FixedOffset>,
        /// Why.
        reason: String,
    },
    /// Publish the results: the record becomes final.
    Publish,
}
}

impl Command {
    /// The command's stable name ("answer", "submit", …).
    pub fn name(&self) -> &'static str {
        match self {
            Command::Answer { .. } => "answer",
            Command::AttachEvidence { .. } => "attach-evidence",
            Command::WithdrawEvidence { .. } => "withdraw-evidence",
            Command::Explain { .. } => "explain",
            Command::Submit { .. } => "submit",
            Command::Appraise { .. } => "appraise",
            Command::OpenExplanationRound { .. } => "open-explanation-round",
            Command::Contest { .. } => "contest",
            Command::Decide { .. } => "decide",
            Command::RecordSurvey { .. } => "record-survey",
            Command::RecordAuthority { .. } => "record-authority",
            Command::GrantExtension { .. } => "grant-extension",
            Command::Publish => "publish",
        }
    }

    /// Parses a command from its JSON form (as in the stored log's events).
    ///
    /// ```
    /// use cchc_core::Command;
    /// let c = Command::from_json(r#"{"type": "submit", "unit": "so-y-te"}"#).unwrap();
    /// assert_eq!(c.name(), "submit");
    /// assert_eq!(Command::from_json(&c.to_json()).unwrap(), c);
    /// ```
    pub fn from_json(text: &str) -> Result<Command, crate::error::Error> {
        serde_json::from_str(text).map_err(|e| crate::error::Error::from_serde_json("command", &e))
    }

    /// The command as compact JSON (decimals as strings, instants with their offsets).
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serializing cannot fail.
        crate::to_json_text(self, false).unwrap_or_default()
    }

    /// The uploaded file an `attach-evidence` command cites, with its unit and leaf.
    pub fn evidence_file(&self) -> Option<(&str, &str, &EvidenceFile)> {
        match self {
            Command::AttachEvidence {
                unit,
                code,
                evidence,
            } => evidence
                .file
                .as_ref()
                .map(|f| (unit.as_str(), code.as_str(), f)),
            _ => None,
        }
    }

    /// The unit the command concerns, if any.
    pub fn unit(&self) -> Option<&str> {
        match self {
            Command::Answer { unit, .. }
            | Command::AttachEvidence { unit, .. }
            | Command::WithdrawEvidence { unit, .. }
            | Command::Explain { unit, .. }
            | Command::Submit { unit }
            | Command::Appraise { unit, .. }
            | Command::Contest { unit, .. }
            | Command::Decide { unit, .. }
            | Command::RecordSurvey { unit, .. }
            | Command::RecordAuthority { unit, .. }
            | Command::GrantExtension { unit, .. } => Some(unit),
            Command::OpenExplanationRound { .. } | Command::Publish => None,
        }
    }
}

/// A command that was accepted: what happened, who did it and when. Events are never edited or
/// removed; the record's state is a fold over them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Position in the log, from 1.
    pub seq: u64,
    /// When, with its offset.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub at: DateTime<FixedOffset>,
    /// Who.
    pub actor: Actor,
    /// What.
    pub command: Command,
}
