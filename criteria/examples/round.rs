//! The main job, on the embedded default edition: the whole 2018 Sóc Trăng round played through
//! time. Every one of the 47 units gets deterministic answers (seed 2018, or the seed given), and
//! everything goes through the round's record, checked like real commands:
//!
//! trial entries → official entries with evidence and submission → an edit refused after the
//! automatic lock → one unit's extension → survey points and deductions → appraisal → the
//! explanation round → publication → each group's ranked results with index and band.
//!
//! ```text
//! cargo run -q --example round            # seed 2018
//! cargo run -q --example round -- 7       # another synthetic round
//! ```

use cchc_core::{
    Actor, Answer, Assessment, Command, Decimal, Edition, Evidence, Named, Phase, RoundRecord,
    parse_instant,
};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use std::process::ExitCode;

fn at(text: &str) -> DateTime<FixedOffset> {
    // The instants below are literals with offsets; parsing them cannot fail.
    parse_instant(text).unwrap_or_default()
}

/// Applies a command the story expects to be accepted; stops the program with the refusal if not.
fn run(
    record: &mut RoundRecord,
    actor: &Actor,
    when: DateTime<FixedOffset>,
    command: Command,
) -> Result<(), String> {
    record
        .execute(actor, when, command)
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", when.to_rfc3339()))
}

fn main() -> ExitCode {
    match play() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn play() -> Result<(), String> {
    let seed: u64 = match std::env::args().nth(1) {
        None => 2018,
        Some(s) => s
            .parse()
            .map_err(|e| format!("the seed must be a whole number: {e}"))?,
    };
    let edition = cchc_criteria::default_edition();
    let d = edition.decision();
    println!("{}", edition.title());
    println!(
        "Quyết định {} ngày {} · dữ liệu tiêu chí: bản dựng lại (reconstructed) · seed {seed}",
        d.number,
        d.date.format("%d/%m/%Y")
    );
    let mut record = RoundRecord::new(&edition);
    let admin = Actor::admin("so-noi-vu");
    let council = Actor::appraiser("hoi-dong-tham-dinh");
    let late_unit = "h-tran-de";

    // 1. Trial run: three units try the software; their entries stay trial.
    let trial = at("2018-12-19T09:00:00+07:00");
    for unit in ["so-noi-vu", "tp-soc-trang", "bao-soc-trang"] {
        let a = Assessment::synthetic(&edition, unit, seed + 1).map_err(|e| e.to_string())?;
        let editor = Actor::unit_editor("can-bo", unit);
        for (code, answer) in a.data().answers.iter().take(10) {
            run(
                &mut record,
                &editor,
                trial,
                Command::Answer {
                    unit: unit.into(),
                    code: code.clone(),
                    answer: answer.clone(),
                },
            )?;
        }
    }
    println!(
        "\n18/12–23/12 chạy thử ({}): 3 đơn vị nhập thử; Sở Nội vụ: {} điểm thử, {} điểm chính thức",
        record.phase(trial).as_str(),
        record.trial_scorecard("so-noi-vu").self_total,
        record.scorecard("so-noi-vu").self_total
    );

    // 2. Official window: every unit answers, documents its claims and (mostly) submits.
    let assessments: Vec<_> = edition
        .units()
        .iter()
        .map(|u| Assessment::synthetic(&edition, u.id(), seed))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let mut submitted = 0;
    for (n, a) in assessments.iter().enumerate() {
        let unit = a.unit();
        let when = if unit == late_unit {
            at("2019-01-04T09:00:00+07:00") // enters everything under its extension, below
        } else {
            at("2018-12-24T08:00:00+07:00") + Duration::minutes(n as i64 * 13)
        };
        if unit == late_unit {
            continue;
        }
        submitted += enter(&mut record, &edition, a, when)? as usize;
    }
    println!(
        "24/12/2018–02/01/2019 chính thức: {} đơn vị nhập liệu, {submitted} đơn vị đã nộp",
        edition.units().len() - 1
    );

    // 3. The lock: 24:00 on 02/01/2019 has passed; an edit is refused, nothing is lost.
    let after_lock = at("2019-01-03T08:00:00+07:00");
    let editor = Actor::unit_editor("can-bo", "so-y-te");
    let before = record.scorecard("so-y-te").self_total;
    let refused = record.execute(
        &editor,
        after_lock,
        Command::Answer {
            unit: "so-y-te".into(),
            code: "1.1.1".into(),
            answer: Answer::YesNo { yes: true },
        },
    );
    if let Err(e) = refused {
        println!("03/01/2019 ({}): {e}", record.phase(after_lock).as_str());
    }
    let after = record.scorecard("so-y-te").self_total;
    println!(
        "   Sở Y tế: {after} điểm tự chấm đã ghi nhận trước khi khóa, {}",
        if after == before {
            "giữ nguyên"
        } else {
            "THAY ĐỔI (lỗi!)"
        }
    );

    // 4. One unit's extension.
    run(
        &mut record,
        &admin,
        after_lock,
        Command::GrantExtension {
            unit: late_unit.into(),
            until: at("2019-01-04T17:00:00+07:00"),
            reason: "Sự cố đường truyền ngày 02/01/2019".into(),
        },
    )?;
    let late = assessments
        .iter()
        .find(|a| a.unit() == late_unit)
        .ok_or("no late unit")?;
    enter(&mut record, &edition, late, at("2019-01-04T09:00:00+07:00"))?;
    println!(
        "03/01/2019 gia hạn cho {} đến 17:00 04/01/2019; đơn vị nhập và nộp trong hạn gia hạn ({} điểm tự chấm)",
        edition.unit(late_unit).map_or(late_unit, |u| u.name()),
        record.scorecard(late_unit).self_total
    );

    // 5. Survey points, deductions, appraisal.
    let council_at = at("2019-01-07T08:00:00+07:00");
    let (mut appraised, mut deductions) = (0, 0);
    for a in &assessments {
        let unit = a.unit().to_owned();
        for (code, answer) in &a.data().survey {
            run(
                &mut record,
                &council,
                council_at,
                Command::RecordSurvey {
                    unit: unit.clone(),
                    code: code.clone(),
                    answer: answer.clone(),
                },
            )?;
        }
        for (code, answer) in &a.data().authority {
            deductions += matches!(answer, Answer::Count { count } if *count > 0) as usize;
            run(
                &mut record,
                &council,
                council_at,
                Command::RecordAuthority {
                    unit: unit.clone(),
                    code: code.clone(),
                    answer: answer.clone(),
                },
            )?;
        }
        for (code, points) in &a.data().appraisals {
            appraised += 1;
            run(
                &mut record,
                &council,
                council_at,
                Command::Appraise {
                    unit: unit.clone(),
                    code: code.clone(),
                    points: *points,
                    comment: "Tài liệu kiểm chứng chưa đầy đủ".into(),
                },
            )?;
        }
    }
    println!(
        "07/01/2019 thẩm định: điều tra XHH, điểm trừ ({deductions} mục), điều chỉnh {appraised} tiêu chí"
    );

    // 6. The explanation round.
    let opened = at("2019-01-08T08:00:00+07:00");
    run(
        &mut record,
        &admin,
        opened,
        Command::OpenExplanationRound {
            until: at("2019-01-11T00:00:00+07:00"),
        },
    )?;
    let mut contests = 0;
    for a in &assessments {
        let editor = Actor::unit_editor("can-bo", a.unit());
        for (code, points) in &a.data().final_points {
            contests += 1;
            run(
                &mut record,
                &editor,
                at("2019-01-09T10:00:00+07:00"),
                Command::Contest {
                    unit: a.unit().to_owned(),
                    code: code.clone(),
                    text: "Đề nghị xem xét lại: đã bổ sung tài liệu kiểm chứng".into(),
                    proposed: *points,
                },
            )?;
        }
    }
    for a in &assessments {
        for (code, points) in &a.data().final_points {
            run(
                &mut record,
                &council,
                at("2019-01-12T08:00:00+07:00"),
                Command::Decide {
                    unit: a.unit().to_owned(),
                    code: code.clone(),
                    points: *points,
                    comment: "Chấp nhận giải trình".into(),
                },
            )?;
        }
    }
    println!(
        "08/01–10/01/2019 giải trình ({}): {contests} kiến nghị, Hội đồng chấp nhận",
        record.phase(opened).as_str()
    );

    // 7. Publication and the results.
    let published = at("2019-01-15T08:00:00+07:00");
    run(&mut record, &admin, published, Command::Publish)?;
    debug_assert_eq!(record.phase(published), Phase::Published);
    println!(
        "15/01/2019 công bố · {} sự kiện trong nhật ký ({} KB JSON)\n",
        record.events().len(),
        record.to_json().len() / 1024
    );
    let cards: Vec<_> = edition
        .units()
        .iter()
        .map(|u| record.scorecard(u.id()))
        .collect();
    let results = edition.rank(&cards);
    for group in &results.groups {
        println!(
            "{}. {} — Phụ lục {}",
            group.appendix,
            group.group.name_vi(),
            group.appendix
        );
        println!("  Hạng  Chỉ số  Tự chấm  Thẩm định  Cuối cùng  Điểm trừ  Xếp loại  Đơn vị");
        for p in &group.ranking {
            let c = cards
                .iter()
                .find(|c| c.unit == p.unit)
                .ok_or("no scorecard")?;
            println!(
                "  {:>4}  {:>6}  {:>7}  {:>9}  {:>9}  {:>8}  {:<8}  {}{}",
                p.rank,
                p.index.to_string(),
                c.self_total.to_string(),
                c.appraised_total.to_string(),
                c.total.to_string(),
                c.deductions.to_string(),
                p.band_label,
                p.name,
                if p.submitted { "" } else { " (chưa nộp)" }
            );
        }
        let m = &group.summary;
        let show = |v: Option<Decimal>| v.map_or("—".to_owned(), |v| v.to_string());
        let bands: Vec<String> = m
            .bands
            .iter()
            .map(|b| format!("{} {}", b.label, b.count))
            .collect();
        println!(
            "  {} đơn vị · trung bình {} · trung vị {} · thấp nhất {} · cao nhất {} · {}\n",
            m.count,
            show(m.mean),
            show(m.median),
            show(m.min),
            show(m.max),
            bands.join(", ")
        );
    }
    println!(
        "(Tự chấm: tiêu chí đơn vị tự đánh giá; Thẩm định và Cuối cùng gồm cả điểm điều tra XHH và điểm do cơ quan thẩm định chấm.)"
    );
    Ok(())
}

/// One unit's official entries: answers, evidence (or an explanation) for every claimed
/// evidence-required item, and the head's submission when the synthetic unit submits.
/// Returns whether it submitted.
fn enter(
    record: &mut RoundRecord,
    edition: &Edition,
    a: &Assessment,
    when: DateTime<FixedOffset>,
) -> Result<bool, String> {
    let unit = a.unit();
    let editor = Actor::unit_editor("can-bo", unit);
    let set = edition
        .unit(unit)
        .and_then(|u| edition.criteria_for(u))
        .ok_or("unit without appendix")?;
    for (code, answer) in &a.data().answers {
        run(
            record,
            &editor,
            when,
            Command::Answer {
                unit: unit.into(),
                code: code.clone(),
                answer: answer.clone(),
            },
        )?;
        let leaf = set
            .node(code)
            .and_then(|n| n.leaf())
            .ok_or("unknown leaf")?;
        let claims = !matches!(answer, Answer::NotApplicable | Answer::YesNo { yes: false });
        if leaf.evidence && claims {
            let command = if code.len() % 4 == 0 {
                Command::Explain {
                    unit: unit.into(),
                    code: code.clone(),
                    text: "Tài liệu lưu tại bộ phận văn thư của đơn vị".into(),
                }
            } else {
                Command::AttachEvidence {
                    unit: unit.into(),
                    code: code.clone(),
                    evidence: Evidence {
                        number: format!("{}/BC-{}", 10 + code.len(), unit.to_uppercase()),
                        date: NaiveDate::from_ymd_opt(2018, 12, 15).unwrap_or_default(),
                        title: format!("Báo cáo kết quả thực hiện tiêu chí {code}"),
                        link: None,
                        file: None,
                    },
                }
            };
            run(record, &editor, when, command)?;
        }
    }
    if a.is_submitted() {
        let head = Actor::unit_head("thu-truong", unit);
        run(
            record,
            &head,
            when + Duration::minutes(5),
            Command::Submit { unit: unit.into() },
        )?;
    }
    Ok(a.is_submitted())
}
