//! Dotted codes that address a criteria tree ("1", "1.1", "1.1.1").

use std::fmt;

/// A well-formed dotted code: one to three positive integers without leading zeros.
///
/// ```
/// use cchc_core::Code;
/// let code = Code::parse("3.2.1").unwrap();
/// assert_eq!(code.depth(), 3);
/// assert_eq!(code.parent().unwrap().as_str(), "3.2");
/// assert!(Code::parse("3.02").is_none());
/// assert!(Code::parse("1.1.1.1").is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(String);

impl Code {
    /// The deepest level a code may have (sub-criterion).
    pub const MAX_DEPTH: usize = 3;

    /// Parses a code; `None` when it is not one to three dot-separated positive integers.
    pub fn parse(text: &str) -> Option<Code> {
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() > Self::MAX_DEPTH {
            return None;
        }
        let well_formed = parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && !p.starts_with('0')
        });
        well_formed.then(|| Code(text.to_owned()))
    }

    /// The code's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 1 for a field, 2 for a criterion, 3 for a sub-criterion.
    pub fn depth(&self) -> usize {
        self.0.split('.').count()
    }

    /// The parent's code; `None` for a field.
    pub fn parent(&self) -> Option<Code> {
        self.0.rsplit_once('.').map(|(p, _)| Code(p.to_owned()))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
