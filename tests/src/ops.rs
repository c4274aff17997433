//! Turns arbitrary bytes into a sequence of commands on the test edition, for property tests
//! and fuzzing: every byte string is a valid program, most of whose commands should be refused.

use cchc_core::{Actor, Answer, Command, Decimal, Evidence};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use std::collections::BTreeMap;

/// One decoded step: who, how many minutes after the previous step, and what.
#[derive(Clone, Debug)]
pub struct Op {
    /// The actor.
    pub actor: Actor,
    /// Minutes since the previous step (may be 0).
    pub minutes: i64,
    /// The command.
    pub command: Command,
}

const UNITS: [&str; 4] = ["so-a", "so-b", "so-c", "so-z"];
const CODES: [&str; 12] = [
    "1.1", "1.2", "1.3.1", "1.4", "1.5", "1.6", "2.1", "2.2", "3.1", "1", "1.3", "9.9",
];
const IDS: [&str; 6] = ["tot", "kha", "khong", "a", "b", "A"];

/// Reads bytes one at a time, giving zeros once they run out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.next() as usize % items.len()]
    }
    /// A decimal from 0 to 6.35 in steps of 0.05, sometimes negative or with 3 decimals.
    fn decimal(&mut self) -> Decimal {
        let raw = self.next();
        match raw {
            250 => Decimal::new(-25, 2),
            251 => Decimal::new(125, 3),
            _ => Decimal::new(i64::from(raw % 128) * 5, 2),
        }
    }
}

fn actor(b: &mut Bytes<'_>) -> Actor {
    let unit = *b.pick(&UNITS[..3]);
    match b.next() % 6 {
        0 | 1 => Actor::unit_editor("editor", unit),
        2 => Actor::unit_head("head", unit),
        3 => Actor::appraiser("council"),
        4 => Actor::admin("admin"),
        _ => Actor::unit_editor("editor", "so-a"),
    }
}

/// An answer of the kind the test edition's leaf expects (so that many are accepted).
fn fitting(b: &mut Bytes<'_>, code: &str) -> Answer {
    let n = b.next();
    match code {
        "1.1" => Answer::YesNo { yes: n % 2 == 0 },
        "1.2" => Answer::Choice {
            option: ["tot", "kha", "khong"][n as usize % 3].into(),
        },
        "1.3.1" => Answer::Checklist {
            ticked: [
                vec![],
                vec!["a".into()],
                vec!["b".into()],
                vec!["a".into(), "b".into()],
            ][n as usize % 4]
                .clone(),
        },
        "1.5" | "1.6" => {
            let den = i64::from(n % 20) + 1;
            Answer::Rate {
                numerator: Decimal::from(i64::from(b.next()) % (den + 1)),
                denominator: Decimal::from(den),
            }
        }
        "2.1" => Answer::Points {
            points: Decimal::new(i64::from(n % 21) * 25, 2),
        },
        "2.2" => Answer::Tally {
            tally: [("A", n % 7), ("B", b.next() % 7), ("D", 1)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), i64::from(v)))
                .collect(),
        },
        _ => Answer::Count {
            count: i64::from(n % 6),
        },
    }
}

fn answer(b: &mut Bytes<'_>, code: &str) -> Answer {
    if b.next() % 2 == 0 {
        return fitting(b, code);
    }
    match b.next() % 8 {
        0 => Answer::YesNo {
            yes: b.next() % 2 == 0,
        },
        1 => Answer::Choice {
            option: b.pick(&IDS).to_string(),
        },
        2 => Answer::Checklist {
            ticked: (0..b.next() % 3)
                .map(|_| b.pick(&IDS).to_string())
                .collect(),
        },
        3 => Answer::Count {
            count: i64::from(b.next() % 12) - 1,
        },
        4 => Answer::Rate {
            numerator: b.decimal(),
            denominator: b.decimal(),
        },
        5 => Answer::Points {
            points: b.decimal(),
        },
        6 => {
            let mut tally = BTreeMap::new();
            for _ in 0..b.next() % 3 {
                tally.insert(b.pick(&IDS).to_string(), i64::from(b.next() % 20) - 1);
            }
            Answer::Tally { tally }
        }
        _ => Answer::NotApplicable,
    }
}

/// Decodes bytes into steps (about 6 bytes a step).
pub fn decode(data: &[u8], start: DateTime<FixedOffset>) -> (DateTime<FixedOffset>, Vec<Op>) {
    let mut b = Bytes(data);
    let mut ops = Vec::new();
    let mut guard = 0;
    // Decisions mostly answer the latest contest, so that some are accepted.
    let mut last_contest: Option<(String, String)> = None;
    while !b.0.is_empty() && guard < 512 {
        guard += 1;
        let actor = actor(&mut b);
        // Mostly small steps, so that sequences spend time in every window.
        let minutes = match b.next() % 8 {
            0..=3 => 0,
            4 | 5 => i64::from(b.next()),
            6 => i64::from(b.next()) * 10,
            _ => i64::from(b.next()) * 30,
        };
        // A unit's people mostly act on their own unit.
        let unit = match (&actor.unit, b.next() % 5) {
            (Some(own), 0..=3) => own.clone(),
            _ => b.pick(&UNITS).to_string(),
        };
        let code = b.pick(&CODES).to_string();
        let hours = Duration::hours(i64::from(b.next() % 120) + 1);
        let command = match b.next() % 14 {
            0..=2 => Command::Answer {
                answer: answer(&mut b, &code),
                unit,
                code,
            },
            3 => Command::AttachEvidence {
                unit,
                code,
                evidence: Evidence {
                    number: format!("{}/KH", b.next()),
                    date: NaiveDate::from_ymd_opt(2018, 6, 1).unwrap_or_default(),
                    title: if b.next() % 5 == 0 {
                        String::new()
                    } else {
                        "Kế hoạch".into()
                    },
                    link: None,
                    file: None,
                },
            },
            4 => Command::WithdrawEvidence {
                unit,
                code,
                evidence: u64::from(b.next() % 16),
            },
            5 => Command::Explain {
                unit,
                code,
                text: if b.next() % 4 == 0 {
                    String::new()
                } else {
                    "Giải thích".into()
                },
            },
            6 => Command::Submit { unit },
            7 => Command::Appraise {
                unit,
                code,
                points: b.decimal(),
                comment: "Nhận xét".into(),
            },
            8 if b.next() % 3 == 0 => Command::OpenExplanationRound {
                until: start + hours * 100,
            },
            8 => Command::Appraise {
                unit,
                code,
                points: Decimal::new(i64::from(b.next() % 9) * 25, 2),
                comment: String::new(),
            },
            9 => {
                let code = b.pick(&CODES[..3]).to_string();
                last_contest = Some((unit.clone(), code.clone()));
                Command::Contest {
                    unit,
                    code,
                    text: "Đề nghị".into(),
                    proposed: Decimal::new(i64::from(b.next() % 9) * 25, 2),
                }
            }
            10 => {
                let (unit, code) = match (&last_contest, b.next() % 4) {
                    (Some(last), 0..=2) => last.clone(),
                    _ => (unit, code),
                };
                Command::Decide {
                    unit,
                    code,
                    points: Decimal::new(i64::from(b.next() % 9) * 25, 2),
                    comment: String::new(),
                }
            }
            11 => Command::RecordSurvey {
                answer: answer(&mut b, &code),
                unit,
                code,
            },
            12 => Command::RecordAuthority {
                answer: answer(&mut b, &code),
                unit,
                code,
            },
            _ => match b.next() % 12 {
                0 => Command::Publish,
                _ => Command::GrantExtension {
                    unit,
                    until: start + hours * 200,
                    reason: "Sự cố".into(),
                },
            },
        };
        ops.push(Op {
            actor,
            minutes,
            command,
        });
    }
    (start, ops)
}

/// One edit of a bound assessment of the test edition.
#[derive(Clone, Debug)]
pub enum Edit {
    /// `Assessment::give`.
    Give(cchc_core::Assessor, String, Answer),
    /// `Assessment::appraise`.
    Appraise(String, Decimal),
    /// `Assessment::decide`.
    Decide(String, Decimal),
    /// `Assessment::clear`.
    Clear(String),
    /// `Assessment::clear_all`.
    ClearAll,
    /// `Assessment::set_submitted`.
    Submitted(bool),
}

/// Decodes bytes into edits of one unit's assessment (about 4 bytes an edit): answers mostly
/// through the leaf's own channel and mostly of the kind it expects, so that many are accepted.
pub fn decode_edits(data: &[u8]) -> Vec<Edit> {
    use cchc_core::Assessor;
    let mut b = Bytes(data);
    let mut edits = Vec::new();
    while !b.0.is_empty() && edits.len() < 512 {
        let code = b.pick(&CODES).to_string();
        let own = match code.as_str() {
            "2.1" | "3.1" => Assessor::Authority,
            "2.2" => Assessor::Survey,
            _ => Assessor::SelfAssessed,
        };
        let edit = match b.next() % 16 {
            0..=6 => {
                let assessor = match b.next() % 8 {
                    0 => Assessor::SelfAssessed,
                    1 => Assessor::Authority,
                    2 => Assessor::Survey,
                    _ => own,
                };
                Edit::Give(assessor, code.clone(), answer(&mut b, &code))
            }
            7..=9 => Edit::Appraise(code, b.decimal()),
            10 | 11 => Edit::Decide(code, b.decimal()),
            12 | 13 => Edit::Clear(code),
            14 => Edit::Submitted(b.next() % 2 == 0),
            _ if b.next() % 8 == 0 => Edit::ClearAll,
            _ => Edit::Clear(code),
        };
        edits.push(edit);
    }
    edits
}
