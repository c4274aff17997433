//! Differential test: random assessments of every appendix of the embedded edition, scored by the
//! Rust core and by the independent reference scorer (`benches/reference/cchc_reference.py`,
//! plain Python written from the rule book). Every scorecard, ranking, summary, refusal and
//! analysis must come out as identical strings.
//!
//! The inputs are synthetic assessments with random noise on top: appraisals and decisions with
//! random points (some above the max, negative or too precise), answers replaced by random ones
//! of any kind and stage (many invalid). Needs `python3` ≥ 3.11 (`PYTHON` overrides the command).

use cchc_core::{Appendix, Assessment, Decimal, Edition, Method, Named, Round, Scorecard, Unit};
use cchc_tests::{Refused, SplitMix64, apply_assessment, compare_subset, repo_root};
use serde_json::{Map, Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

const EDITION: &str = "soc-trang-2018";
/// 143 rounds × 7 central agencies = 1,001 assessments of the smallest appendix (IV).
const ROUNDS: u64 = 143;
/// Each appendix is compared on at least this many assessments: the units of a group take part
/// in the first ⌈1000 / units in the group⌉ rounds only (as in the Python differential test).
const PER_APPENDIX: u64 = 1000;

/// The rounds a unit of this group takes part in.
fn rounds_needed(edition: &Edition, unit: &Unit) -> u64 {
    PER_APPENDIX.div_ceil(edition.units_in(unit.group()).count() as u64)
}

fn random_points(rng: &mut SplitMix64, max: Decimal) -> String {
    match rng.below(10) {
        0 => "-0.25".into(),
        1 => "0.125".into(),
        2 => (max + Decimal::new(25, 2)).to_string(),
        _ => {
            let quarters = (max * Decimal::from(4)).trunc();
            let q: u64 = quarters.try_into().unwrap_or(0);
            (Decimal::from(rng.below(q + 1)) / Decimal::from(4))
                .normalize()
                .to_string()
        }
    }
}

fn random_answer(rng: &mut SplitMix64, method: &Method) -> Value {
    let ids: Vec<String> = match method {
        Method::Options { options } | Method::Survey { options } => {
            options.iter().map(|o| o.id.to_string()).collect()
        }
        Method::Checklist { items } => items.iter().map(|i| i.id.to_string()).collect(),
        _ => vec!["a".into()],
    };
    let pick = |rng: &mut SplitMix64| {
        if rng.chance(85) {
            ids[rng.below(ids.len() as u64) as usize].clone()
        } else {
            "zz".to_owned()
        }
    };
    let decimal = |rng: &mut SplitMix64| match rng.below(12) {
        0 => "-1".to_owned(),
        1 => "0.005".to_owned(),
        n => (Decimal::from(rng.below(40)) / Decimal::from(n))
            .round_dp(2)
            .normalize()
            .to_string(),
    };
    match rng.below(8) {
        0 => json!({"kind": "yes-no", "yes": rng.chance(50)}),
        1 => json!({"kind": "option", "option": pick(rng)}),
        2 => {
            let ticked: Vec<String> = (0..rng.below(4)).map(|_| pick(rng)).collect();
            json!({"kind": "checklist", "ticked": ticked})
        }
        3 => json!({"kind": "count", "count": rng.below(12) as i64 - 1}),
        4 => json!({"kind": "rate", "numerator": decimal(rng), "denominator": decimal(rng)}),
        5 => json!({"kind": "points", "points": decimal(rng)}),
        6 => {
            let mut tally = Map::new();
            for _ in 0..rng.below(4) {
                tally.insert(pick(rng), json!(rng.below(30) as i64 - 2));
            }
            json!({"kind": "tally", "tally": tally})
        }
        _ => json!({"kind": "not-applicable"}),
    }
}

/// Round `seed` of raw assessments, synthetic answers plus noise: the units of every appendix
/// that still needs rounds to reach 1,000 assessments (all units in the first rounds, the
/// central agencies in all 143).
fn random_round(edition: &Edition, seed: u64, rng: &mut SplitMix64) -> Vec<Value> {
    let mut out = Vec::new();
    for unit in edition.units() {
        if seed > rounds_needed(edition, unit) {
            continue;
        }
        let assessment = Assessment::synthetic(edition, unit.id(), seed).expect("synthetic");
        let mut raw = serde_json::to_value(&assessment).expect("assessment json");
        let set = edition.criteria_for(unit).expect("appendix");
        let leaves: Vec<_> = set.leaves().collect();
        for _ in 0..rng.below(4) {
            let (node, leaf) = leaves[rng.below(leaves.len() as u64) as usize];
            let stage =
                ["answers", "authority", "survey", "appraisals", "final"][rng.below(5) as usize];
            let value = if stage == "appraisals" || stage == "final" {
                json!(random_points(rng, node.max()))
            } else {
                random_answer(rng, &leaf.method)
            };
            let map = raw
                .as_object_mut()
                .expect("object")
                .entry(stage)
                .or_insert_with(|| json!({}));
            map[node.code()] = value;
        }
        if rng.chance(10) {
            raw.as_object_mut().expect("object").remove("submitted");
        }
        out.push(raw);
    }
    out
}

fn card_json(card: &Scorecard) -> Value {
    let mut fields = Map::new();
    for f in &card.fields {
        fields.insert(
            f.code.clone(),
            json!({"max": f.max.to_string(), "applicable_max": f.applicable_max.to_string(),
                   "self": f.self_points.to_string(), "appraised": f.appraised.to_string(),
                   "final": f.final_points.to_string(), "sub_index": f.sub_index.map(|d| d.to_string())}),
        );
    }
    let mut nodes = Map::new();
    for n in &card.nodes {
        nodes.insert(
            n.code.clone(),
            json!({"max": n.max.to_string(), "applicable_max": n.applicable_max.to_string(),
                   "self": n.self_points.map(|d| d.to_string()), "appraised": n.appraised.to_string(),
                   "final": n.final_points.to_string(), "survey": n.survey.map(|d| d.to_string())}),
        );
    }
    json!({
        "group": card.group.as_str(), "submitted": card.submitted,
        "applicable_max": card.applicable_max.to_string(), "self_total": card.self_total.to_string(),
        "appraised_total": card.appraised_total.to_string(), "final_total": card.final_total.to_string(),
        "deductions": card.deductions.to_string(), "bonus": card.bonus.to_string(),
        "total": card.total.to_string(), "index": card.index.to_string(),
        "fields": fields, "nodes": nodes,
    })
}

/// The Rust core's answer for one round, in the reference scorer's output shape.
fn rust_round(edition: &Edition, assessments: &[Value]) -> Value {
    let mut round = Round::new(edition);
    let mut refused: Vec<Refused> = Vec::new();
    for a in assessments {
        refused.extend(apply_assessment(&mut round, a));
    }
    let cards = round.scorecards();
    let results = edition.rank(&cards);
    let mut ranked = Map::new();
    let mut summaries = Map::new();
    for g in &results.groups {
        let list: Vec<Value> = g
            .ranking
            .iter()
            .map(|p| json!({"unit": p.unit, "rank": p.rank, "index": p.index.to_string(), "band": p.band}))
            .collect();
        ranked.insert(g.group.as_str().into(), Value::Array(list));
        let s = &g.summary;
        let bands: Map<String, Value> = s
            .bands
            .iter()
            .map(|b| (b.band.clone(), json!(b.count)))
            .collect();
        let text = |d: Option<Decimal>| d.map(|d| d.to_string());
        summaries.insert(
            g.group.as_str().into(),
            json!({"count": s.count, "bands": bands, "mean": text(s.mean), "median": text(s.median),
                   "min": text(s.min), "max": text(s.max)}),
        );
    }
    let mut fix_first = Map::new();
    for card in &cards {
        let p = edition.priorities(card);
        let fields: Map<String, Value> = p
            .fields
            .iter()
            .map(|f| (f.code.clone(), json!(f.lost.to_string())))
            .collect();
        let leaves: Vec<Value> = p
            .items
            .iter()
            .map(|i| json!({"code": i.code, "recoverable": i.recoverable.to_string()}))
            .collect();
        fix_first.insert(
            card.unit.clone(),
            json!({"fields": fields, "leaves": leaves}),
        );
    }
    let gaps = edition.self_vs_appraised(&cards);
    let mut units = Map::new();
    for total in &gaps.units {
        let leaves: Map<String, Value> = gaps
            .items
            .iter()
            .filter(|g| g.unit == total.key)
            .map(|g| (g.code.clone(), json!(g.gap.to_string())))
            .collect();
        units.insert(
            total.key.clone(),
            json!({"gap": total.gap.to_string(), "leaves": leaves}),
        );
    }
    let mut per_leaf: Map<String, Value> = Map::new();
    for c in &gaps.criteria {
        let entry = per_leaf
            .entry(c.appendix.as_str().to_owned())
            .or_insert_with(|| json!({}));
        entry[c.key.as_str()] = json!(c.gap.to_string());
    }
    let mut refusals: Vec<(String, String, String)> = refused
        .into_iter()
        .map(|r| (r.unit, r.code, r.error))
        .collect();
    refusals.sort();
    json!({
        "scorecards": cards.iter().map(|c| (c.unit.clone(), card_json(c))).collect::<Map<_, _>>(),
        "results": ranked,
        "summaries": summaries,
        "refusals": refusals,
        "analysis": {"fix_first": fix_first, "self_vs_appraised": {"units": units, "leaves": per_leaf}},
    })
}

#[test]
fn rust_and_the_reference_scorer_agree_on_random_assessments() {
    let edition = cchc_criteria::edition(EDITION).expect("embedded edition");
    let mut rng = SplitMix64::new(0xC0FFEE);
    let rounds: Vec<Vec<Value>> = (1..=ROUNDS)
        .map(|seed| random_round(&edition, seed, &mut rng))
        .collect();
    assert_eq!(
        edition
            .units()
            .iter()
            .map(|u| rounds_needed(&edition, u))
            .max(),
        Some(ROUNDS)
    );

    let payload =
        json!({"rounds": rounds.iter().map(|r| json!({"assessments": r})).collect::<Vec<_>>()});
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let script = repo_root().join("benches/reference/cchc_reference.py");
    let mut child = Command::new(&python)
        .arg(&script)
        .args(["score-rounds", &format!("embedded:{EDITION}")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let input = serde_json::to_vec(&payload).expect("payload");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    // Score in Rust while the reference works in its own process.
    let ours: Vec<Value> = rounds.iter().map(|raw| rust_round(&edition, raw)).collect();
    let output = child.wait_with_output().expect("reference scorer");
    writer
        .join()
        .expect("writer")
        .expect("write to the reference scorer");
    assert!(output.status.success(), "the reference scorer failed");
    let reference: Value = serde_json::from_slice(&output.stdout).expect("reference output");
    let reference_rounds = reference["rounds"].as_array().expect("rounds");
    assert_eq!(reference_rounds.len(), rounds.len());

    let (mut refusals, mut compared) = (0, 0);
    for (i, ((raw, ours), theirs)) in rounds.iter().zip(&ours).zip(reference_rounds).enumerate() {
        let mut theirs = theirs.clone();
        let mut their_refusals: Vec<(String, String, String)> = theirs["refusals"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let s = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
                (s("unit"), s("code"), s("error"))
            })
            .collect();
        their_refusals.sort();
        theirs["refusals"] = serde_json::to_value(&their_refusals).expect("refusals");
        refusals += their_refusals.len();
        compared += raw.len();
        let mut diffs = Vec::new();
        compare_subset(&format!("round {}", i + 1), ours, &theirs, &mut diffs);
        compare_subset(
            &format!("round {} (reverse)", i + 1),
            &theirs["analysis"],
            &ours["analysis"],
            &mut diffs,
        );
        assert!(
            diffs.is_empty(),
            "{}",
            diffs
                .iter()
                .take(20)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // Every appendix is compared on at least 1,000 assessments.
    for &appendix in Appendix::ALL {
        let of_appendix = rounds
            .iter()
            .flatten()
            .filter(|raw| {
                let unit = raw["unit"].as_str().and_then(|id| edition.unit(id));
                unit.is_some_and(|u| u.group() == appendix.group())
            })
            .count() as u64;
        assert!(
            of_appendix >= PER_APPENDIX,
            "appendix {appendix}: only {of_appendix} assessments"
        );
    }
    let expected: u64 = edition
        .units()
        .iter()
        .map(|u| rounds_needed(&edition, u))
        .sum();
    assert_eq!(compared as u64, expected);
    assert!(
        refusals > 100,
        "the noise should produce refusals; got {refusals}"
    );
    eprintln!("{compared} assessments in {ROUNDS} rounds agree; {refusals} refusals agree");
}
