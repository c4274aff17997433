//! The one error value of cchc: a stable code, a category, a message a person can act on, and the
//! structured fields behind it (unit, criterion, method, limit, items, problems).
//!
//! Every binding hands this same value to its callers: Python raises one exception class per
//! category, JS throws one `Error` subclass per category, HTTP answers with its JSON. Every code
//! is listed in `docs/errors.md`.

use crate::name::Named;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The four families of refusal; bindings map each to one exception class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// An answer, appraisal or decision that does not fit its criterion.
    Answer,
    /// A command the round's record refuses (role, window, phase, evidence, log).
    Record,
    /// Edition data (TOML or JSON) that does not validate.
    Edition,
    /// A value that does not have the expected form (JSON, shape, decimal, name, instant).
    Input,
}

crate::name::named!(Category, "category", {
    Answer => "answer",
    Record => "record",
    Edition => "edition",
    Input => "input",
});

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $category:ident; )*) => {
        /// Why something was refused, as a stable machine code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        pub enum ErrorKind {
            $( $(#[$doc])* #[serde(rename = $code)] $variant, )*
        }

        impl ErrorKind {
            /// Every kind, in the order of `docs/errors.md`.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant),*];

            /// The stable code, e.g. "above-max".
            pub fn code(self) -> &'static str {
                match self { $( ErrorKind::$variant => $code, )* }
            }

            /// The family the kind belongs to.
            pub fn category(self) -> Category {
                match self { $( ErrorKind::$variant => Category::$category, )* }
            }
        }
    };
}

kinds! {
    /// The unit is not in the edition.
    UnknownUnit = "unknown-unit", Answer;
    /// The code is not a leaf of the unit's appendix.
    UnknownCriterion = "unknown-criterion", Answer;
    /// The answer's kind does not fit the leaf's method.
    WrongAnswerKind = "wrong-answer-kind", Answer;
    /// An option or survey grade the leaf does not list.
    UnknownOption = "unknown-option", Answer;
    /// A checklist item the leaf does not list, or one ticked twice.
    UnknownItem = "unknown-item", Answer;
    /// A negative count, numerator, denominator or points.
    NegativeValue = "negative-value", Answer;
    /// A rate with denominator 0.
    ZeroDenominator = "zero-denominator", Answer;
    /// A rate with numerator above denominator.
    NumeratorAboveDenominator = "numerator-above-denominator", Answer;
    /// Points above the leaf's (applicable) max.
    AboveMax = "above-max", Answer;
    /// Points not a multiple of the leaf's step.
    OffStep = "off-step", Answer;
    /// More than two decimals.
    TooPrecise = "too-precise", Answer;
    /// "Not applicable" on a leaf that does not allow it.
    NotApplicableRefused = "not-applicable-refused", Answer;
    /// A unit's own answer on a survey or authority-only leaf.
    NotSelfAssessed = "not-self-assessed", Answer;
    /// A survey tally with no respondents.
    NoRespondents = "no-respondents", Answer;
    /// An answer through an assessor the leaf does not have (e.g. the council appraising a
    /// survey leaf, an authority answer on a self-assessed leaf).
    WrongAssessor = "wrong-assessor", Answer;
    /// The actor's role may not give this command.
    PermissionDenied = "permission-denied", Record;
    /// A unit's actor acting on, or reading, another unit's record.
    OtherUnit = "other-unit", Record;
    /// The unit's window is not open at this instant (before it, or after the lock).
    WindowClosed = "window-closed", Record;
    /// The step of the process this command belongs to is not open (appraisal before the lock,
    /// a contest outside the explanation round, …).
    WrongPhase = "wrong-phase", Record;
    /// The results were published: the record is final.
    Published = "published", Record;
    /// The self-assessment was already submitted.
    AlreadySubmitted = "already-submitted", Record;
    /// Evidence-required items claimed with neither evidence nor an explanation.
    EvidenceMissing = "evidence-missing", Record;
    /// An evidence id the record does not have.
    UnknownEvidence = "unknown-evidence", Record;
    /// A contest of an item the council did not appraise, or a decision with no contest.
    NothingToContest = "nothing-to-contest", Record;
    /// An instant earlier than the last event's: the log only moves forward in time.
    OutOfOrder = "out-of-order", Record;
    /// Text that must not be empty was empty, or an extension that ends before it starts.
    InvalidValue = "invalid-value", Record;
    /// A stored log that does not parse, has another schema or edition, or does not replay.
    InvalidLog = "invalid-log", Record;
    /// A free text (explanation, comment, reason, evidence title…) longer than its limit.
    TextTooLong = "text-too-long", Record;
    /// An evidence link that is not an `http` or `https` address (e.g. `javascript:`).
    UnsafeLink = "unsafe-link", Record;
    /// A request without a valid session or token, or a login refused (HTTP binding).
    Unauthenticated = "unauthenticated", Record;
    /// A change sent with a session cookie but without its CSRF token (HTTP binding).
    Csrf = "csrf", Record;
    /// The durable store failed to read or write; nothing was recorded (HTTP binding).
    Storage = "storage", Record;
    /// Edition data with problems; every problem is listed.
    InvalidEdition = "invalid-edition", Edition;
    /// Text that is not JSON.
    InvalidJson = "invalid-json", Input;
    /// A value without the expected shape (a missing or unknown key, a wrong type).
    InvalidShape = "invalid-shape", Input;
    /// A number where a decimal string belongs, or text that is not a decimal.
    NotADecimal = "not-a-decimal", Input;
    /// A name that is none of the allowed ones (an appendix "V", a role "boss").
    UnknownName = "unknown-name", Input;
    /// An instant that is not RFC 3339, or has no UTC offset.
    InvalidInstant = "invalid-instant", Input;
    /// Rows of a long table (a data frame, CSV) with faults: `items` lists every bad row.
    InvalidRows = "invalid-rows", Input;
    /// A request body over its size limit (HTTP binding).
    TooLarge = "too-large", Input;
    /// A request body of a media type that is not accepted there (HTTP binding).
    UnsupportedType = "unsupported-type", Input;
    /// A path or resource that does not exist (HTTP binding).
    NotFound = "not-found", Input;
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Something refused; nothing was recorded or changed.
///
/// One value for every refusal of the library, whatever the operation: an answer, a command, an
/// edition file, a malformed input. It serializes as
/// `{"code", "category", "message", "unit", "criterion", "method", "limit", "items", "problems"}`.
///
/// ```
/// use cchc_core::{Answer, Assessment, Category};
/// let edition = cchc_criteria::default_edition();
/// let mut assessment = Assessment::new(&edition, "so-tu-phap").unwrap();
/// let err = assessment.answer("1.1.1", Answer::Count { count: 2 }).unwrap_err();
/// assert_eq!(err.code(), "wrong-answer-kind");
/// assert_eq!(err.category(), Category::Answer);
/// assert_eq!(err.unit(), Some("so-tu-phap"));
/// assert_eq!(err.criterion(), Some("1.1.1"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct Error(Box<Details>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Details {
    kind: ErrorKind,
    unit: Option<String>,
    criterion: Option<String>,
    method: Option<String>,
    limit: Option<String>,
    items: Vec<String>,
    problems: Vec<Problem>,
    detail: String,
}

impl Error {
    /// An error of a kind with what is wrong in words; add context with the `with_…` methods.
    pub(crate) fn new(kind: ErrorKind, unit: Option<&str>, detail: String) -> Error {
        Error(Box::new(Details {
            kind,
            unit: unit.map(str::to_owned),
            criterion: None,
            method: None,
            limit: None,
            items: Vec::new(),
            problems: Vec::new(),
            detail,
        }))
    }
    /// An answer refused, with its whole context.
    pub(crate) fn answer(
        kind: ErrorKind,
        unit: Option<&str>,
        criterion: Option<&str>,
        method: Option<&str>,
        limit: Option<String>,
        detail: String,
    ) -> Error {
        let mut e = Error::new(kind, unit, detail);
        e.0.criterion = criterion.map(str::to_owned);
        e.0.method = method.map(str::to_owned);
        e.0.limit = limit;
        e
    }
    pub(crate) fn with_unit(mut self, unit: &str) -> Error {
        self.0.unit = Some(unit.to_owned());
        self
    }
    /// The same error about criterion `code`: its `criterion` field and its message name it.
    /// For a caller that adds a check of its own to a command about one criterion (the server's
    /// check that a cited evidence file was uploaded).
    ///
    /// ```
    /// use cchc_core::Error;
    /// let err = Error::invalid_value(Some("so-noi-vu"), "the file was not uploaded").with_criterion("1.2");
    /// assert_eq!(err.criterion(), Some("1.2"));
    /// assert_eq!(
    ///     err.message(),
    ///     "invalid-value: unit so-noi-vu, criterion 1.2: the file was not uploaded"
    /// );
    /// ```
    pub fn with_criterion(mut self, code: &str) -> Error {
        self.0.criterion = Some(code.to_owned());
        self
    }
    pub(crate) fn with_limit(mut self, limit: String) -> Error {
        self.0.limit = Some(limit);
        self
    }
    pub(crate) fn with_items(mut self, items: Vec<String>) -> Error {
        self.0.items = items;
        self
    }
    pub(crate) fn edition(problems: Vec<Problem>) -> Error {
        let n = problems.len();
        let mut e = Error::new(
            ErrorKind::InvalidEdition,
            None,
            format!("{n} problem{}", if n == 1 { "" } else { "s" }),
        );
        e.0.problems = problems;
        e
    }

    /// A value a binding could not convert to the shape the core expects (`what`: "answer",
    /// "command", "actor", …); code "invalid-shape".
    ///
    /// ```
    /// let err = cchc_core::Error::invalid_shape("answer", "missing field `kind`");
    /// assert_eq!(err.code(), "invalid-shape");
    /// assert_eq!(err.limit(), Some("answer"));
    /// ```
    pub fn invalid_shape(what: &str, detail: impl fmt::Display) -> Error {
        Error::new(
            ErrorKind::InvalidShape,
            None,
            format!("not a valid {what}: {detail}"),
        )
        .with_limit(what.to_owned())
    }

    /// Text that is not JSON (`what`: what it should have been); code "invalid-json".
    pub fn invalid_json(what: &str, detail: impl fmt::Display) -> Error {
        Error::new(
            ErrorKind::InvalidJson,
            None,
            format!("the {what} is not JSON: {detail}"),
        )
        .with_limit(what.to_owned())
    }

    /// A value given where a decimal belongs that is not one (a float, a JS number, a word);
    /// code "not-a-decimal". `given` is how the value looked.
    pub fn not_a_decimal(what: &str, given: &str) -> Error {
        Error::new(
            ErrorKind::NotADecimal,
            None,
            format!(
                "{what} must be a decimal written as text, such as \"1.25\" (floats are refused: they are not exact); got {given}"
            ),
        )
        .with_limit(what.to_owned())
    }

    /// A name that is none of `T`'s; code "unknown-name", the limit lists the allowed names.
    ///
    /// ```
    /// use cchc_core::{Appendix, Error};
    /// let err = Error::unknown_name::<Appendix>("V");
    /// assert_eq!(err.code(), "unknown-name");
    /// assert_eq!(err.limit(), Some("I, II, III, IV"));
    /// ```
    pub fn unknown_name<T: Named>(given: &str) -> Error {
        let allowed: Vec<&str> = T::ALL.iter().map(|t| t.as_str()).collect();
        Error::new(
            ErrorKind::UnknownName,
            None,
            format!(
                "{given:?} is not a known {}; expected one of {}",
                T::WHAT,
                allowed.join(", ")
            ),
        )
        .with_limit(allowed.join(", "))
    }

    /// A request that could not be tied to an account (no session or token, a forged or expired
    /// one, a wrong login or password); code "unauthenticated". For the HTTP binding.
    ///
    /// ```
    /// let err = cchc_core::Error::unauthenticated("no session cookie and no bearer token");
    /// assert_eq!(err.code(), "unauthenticated");
    /// assert_eq!(err.category(), cchc_core::Category::Record);
    /// ```
    pub fn unauthenticated(detail: impl fmt::Display) -> Error {
        Error::new(ErrorKind::Unauthenticated, None, detail.to_string())
    }

    /// A change sent with a session cookie whose CSRF token is missing or wrong; code "csrf",
    /// the limit names the header expected. For the HTTP binding.
    pub fn csrf(header: &str) -> Error {
        Error::new(
            ErrorKind::Csrf,
            None,
            format!("a change made with a session cookie must carry the header {header} with the session's token"),
        )
        .with_limit(header.to_owned())
    }

    /// The durable store failed (`detail`: what it was doing and why); code "storage". Nothing
    /// was recorded. For the HTTP binding.
    pub fn storage(detail: impl fmt::Display) -> Error {
        Error::new(ErrorKind::Storage, None, detail.to_string())
    }

    /// A body of `what` larger than `limit` bytes; code "too-large", limit = the bytes allowed.
    ///
    /// ```
    /// let err = cchc_core::Error::too_large("file", 10 * 1024 * 1024);
    /// assert_eq!(err.code(), "too-large");
    /// assert_eq!(err.limit(), Some("10485760"));
    /// ```
    pub fn too_large(what: &str, limit: usize) -> Error {
        Error::new(
            ErrorKind::TooLarge,
            None,
            format!("the {what} is larger than {limit} bytes"),
        )
        .with_limit(limit.to_string())
    }

    /// A body whose media type (`given`) is none of `allowed`; code "unsupported-type", limit =
    /// the allowed types.
    pub fn unsupported_type(given: &str, allowed: &[&str]) -> Error {
        Error::new(
            ErrorKind::UnsupportedType,
            None,
            format!(
                "the media type {given:?} is not accepted here; expected one of {}",
                allowed.join(", ")
            ),
        )
        .with_limit(allowed.join(", "))
    }

    /// Nothing is at `what` (a path, a file hash); code "not-found".
    pub fn not_found(what: &str) -> Error {
        Error::new(ErrorKind::NotFound, None, format!("there is no {what}"))
    }

    /// A value that must not be empty was empty, or one that cannot be used as given (a login
    /// given twice, a unit role without its unit); code "invalid-value".
    ///
    /// ```
    /// let err = cchc_core::Error::invalid_value(Some("so-y-te"), "a unit-editor needs a unit");
    /// assert_eq!(err.code(), "invalid-value");
    /// assert_eq!(err.unit(), Some("so-y-te"));
    /// ```
    pub fn invalid_value(unit: Option<&str>, detail: impl fmt::Display) -> Error {
        Error::new(ErrorKind::InvalidValue, unit, detail.to_string())
    }

    /// Wraps a JSON parse failure of `what` into "invalid-json" (not JSON at all) or
    /// "invalid-shape" (JSON of the wrong shape).
    pub(crate) fn from_serde_json(what: &str, e: &serde_json::Error) -> Error {
        if e.is_syntax() || e.is_eof() {
            Error::invalid_json(what, e)
        } else {
            Error::invalid_shape(what, e)
        }
    }

    /// The stable error code, e.g. "above-max".
    pub fn code(&self) -> &'static str {
        self.0.kind.code()
    }
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }
    /// The family of the refusal.
    pub fn category(&self) -> Category {
        self.0.kind.category()
    }
    /// The unit concerned, when there is one.
    pub fn unit(&self) -> Option<&str> {
        self.0.unit.as_deref()
    }
    /// The criterion code, when there is one.
    pub fn criterion(&self) -> Option<&str> {
        self.0.criterion.as_deref()
    }
    /// The criterion's method, when there is one.
    pub fn method(&self) -> Option<&str> {
        self.0.method.as_deref()
    }
    /// The limit that was broken (a max, a step, the allowed options, the lock instant, the role
    /// required, the expected shape…), as text.
    pub fn limit(&self) -> Option<&str> {
        self.0.limit.as_deref()
    }
    /// The items concerned (e.g. every evidence-required item lacking evidence).
    pub fn items(&self) -> &[String] {
        &self.0.items
    }
    /// Every problem of an edition refused ("invalid-edition"), in file order.
    pub fn problems(&self) -> &[Problem] {
        &self.0.problems
    }
    /// What is wrong, in words, without the context the message adds.
    pub fn detail(&self) -> &str {
        &self.0.detail
    }
    /// The whole message: code, unit, criterion and what is wrong (the `Display` text).
    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        let mut context = Vec::new();
        if let Some(unit) = &d.unit {
            context.push(format!("unit {unit}"));
        }
        if let Some(code) = &d.criterion {
            match &d.method {
                Some(method) => context.push(format!("criterion {code} ({method})")),
                None => context.push(format!("criterion {code}")),
            }
        }
        if context.is_empty() {
            write!(f, "{}: {}", d.kind.code(), d.detail)?;
        } else {
            write!(f, "{}: {}: {}", d.kind.code(), context.join(", "), d.detail)?;
        }
        for p in &d.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// The serialized form, the same in every binding.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Error"))]
pub(crate) struct Wire<'a> {
    code: &'static str,
    category: Category,
    message: String,
    unit: Option<&'a str>,
    criterion: Option<&'a str>,
    method: Option<&'a str>,
    limit: Option<&'a str>,
    items: &'a [String],
    problems: &'a [Problem],
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Wire {
            code: self.code(),
            category: self.category(),
            message: self.message(),
            unit: self.unit(),
            criterion: self.criterion(),
            method: self.method(),
            limit: self.limit(),
            items: self.items(),
            problems: self.problems(),
        }
        .serialize(serializer)
    }
}

impl Error {
    /// The error as compact JSON, the form every binding and the HTTP API hand out.
    ///
    /// ```
    /// let err = cchc_core::parse_decimal("points", "abc").unwrap_err();
    /// let json: serde_json::Value = serde_json::from_str(&err.to_json()).unwrap();
    /// assert_eq!(json["code"], "not-a-decimal");
    /// assert_eq!(json["category"], "input");
    /// ```
    pub fn to_json(&self) -> String {
        crate::to_json_text(self, false).unwrap_or_default()
    }
}

/// Parses a decimal written as text ("1.25"); anything else is "not-a-decimal".
///
/// ```
/// assert_eq!(cchc_core::parse_decimal("points", "1.25").unwrap().to_string(), "1.25");
/// assert_eq!(cchc_core::parse_decimal("points", "1e3").unwrap_err().code(), "not-a-decimal");
/// ```
pub fn parse_decimal(what: &str, text: &str) -> Result<rust_decimal::Decimal, Error> {
    rust_decimal::Decimal::from_str_exact(text.trim())
        .map_err(|_| Error::not_a_decimal(what, &format!("{text:?}")))
}
