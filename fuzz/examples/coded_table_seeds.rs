//! Writes the seed corpus of the `coded_table` target (`fuzz/corpus/coded_table/`): rows of
//! synthetic rounds of the embedded edition, encoded in the target's byte format (see
//! `fuzz_targets/coded_table.rs`) with their categories spelled out, so that the short CI run
//! starts from tables that score.
//!
//!     cargo run --manifest-path fuzz/Cargo.toml --example coded_table_seeds

use cchc_core::{ROW_COLUMNS, Round};
use std::path::Path;

#[path = "../fuzz_targets/shared/cells.rs"]
mod cells;
use cells::cells_of;

/// What a seed asks beyond its rows.
#[derive(Clone, Copy, Default)]
struct Ask {
    twist: u8,
    shape: u8,
    style: u8,
    /// Width bytes, by column in turn.
    widths: [u8; 4],
}

/// Codes a seed gives instead of a row's own: (row, column, code byte).
type Faults<'a> = &'a [(usize, usize, u8)];

/// The rows (cells by column position) encoded with the columns of `mask`, in order.
fn encode(rows: &[[Option<String>; 14]], mask: u16, ask: Ask, faults: Faults) -> Vec<u8> {
    assert!(rows.len() <= 255);
    let mut out = vec![ask.twist];
    out.extend(mask.to_le_bytes());
    out.extend([0, ask.shape, ask.style, rows.len() as u8, 0]);
    for (k, column) in (0..ROW_COLUMNS.len())
        .filter(|&c| mask & (1 << c) != 0)
        .enumerate()
    {
        let mut categories: Vec<&str> = Vec::new();
        let mut codes = Vec::new();
        for row in rows {
            codes.push(match &row[column] {
                None => 0xFF,
                Some(text) => {
                    let at = categories
                        .iter()
                        .position(|c| c == text)
                        .unwrap_or_else(|| {
                            categories.push(text);
                            categories.len() - 1
                        });
                    u8::try_from(at)
                        .ok()
                        .filter(|&c| c < 0xF0)
                        .expect("few categories")
                }
            });
        }
        for &(row, c, code) in faults {
            if c == column {
                codes[row] = code;
            }
        }
        out.push(ask.widths[k % 4]);
        out.push(categories.len() as u8);
        for text in categories {
            let bytes = text.as_bytes();
            out.push(0xE3);
            out.push(
                u8::try_from(bytes.len())
                    .ok()
                    .filter(|&n| n <= 32)
                    .expect("short cells"),
            );
            out.extend(bytes);
        }
        out.extend(codes);
    }
    out
}

fn main() {
    let edition = cchc_criteria::default_edition();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/coded_table");
    std::fs::create_dir_all(&dir).expect("corpus folder");
    let round = |seed: u64, label: &str| -> Vec<[Option<String>; 14]> {
        Round::synthetic(&edition, seed)
            .to_rows(Some(label))
            .iter()
            .map(cells_of)
            .collect()
    };
    let of_unit = |rows: &[[Option<String>; 14]], unit: &str, n: usize| {
        rows.iter()
            .filter(|r| r[0].as_deref() == Some(unit))
            .take(n)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (y1, y2) = (round(1, "2019"), round(2, "2020"));
    let all = 0x3fff;
    let no_round = 0x1fff;
    let mut seeds: Vec<(&str, Vec<u8>)> = Vec::new();

    // One unit's rows, one round, codes as i32.
    let unit = of_unit(&y1, "so-y-te", 40);
    seeds.push(("one-unit", encode(&unit, no_round, Ask::default(), &[])));

    // Two rounds of two units, codes of every width.
    let mut two = of_unit(&y1, "so-y-te", 12);
    two.extend(of_unit(&y1, "so-tu-phap", 12));
    two.extend(of_unit(&y2, "so-y-te", 12));
    two.extend(of_unit(&y2, "so-tu-phap", 12));
    let widths = Ask {
        widths: [1, 2, 3, 4],
        ..Ask::default()
    };
    seeds.push(("two-rounds", encode(&two, all, widths, &[])));

    // The same rows with faults: a code past the categories, empty cells, a row of empty
    // cells, a unit coming back after another.
    let faults = [(3, 4, 0xF1), (5, 2, 0xFF), (7, 1, 0xFE), (9, 0, 0xFC)];
    let mut back = two.clone();
    back.swap(10, 20);
    let mut blank = back.clone();
    blank[12] = Default::default();
    seeds.push(("faults", encode(&blank, all, widths, &faults)));

    // (No seed of rows repeated past 4,096, the tile byte 0x77: one run of such a table takes
    // about 50 ms, and the mutations of the seed made CI's 15 s run about eight times shorter in
    // executions. The fuzzer finds the byte by itself in longer runs.)
    let mut few = of_unit(&y1, "so-y-te", 15);
    few.extend(of_unit(&y1, "so-noi-vu", 15));

    // The CSV written otherwise: every cell quoted, CRLF line ends, a BOM.
    let style = Ask {
        style: 7,
        ..Ask::default()
    };
    seeds.push(("quoted", encode(&few, no_round, style, &[])));

    // Only the required columns and an answer's; an unknown column; a bad width.
    seeds.push((
        "few-columns",
        encode(&unit, 0b1_0000_0001_1111, Ask::default(), &[]),
    ));
    let unknown = Ask {
        twist: 1,
        ..Ask::default()
    };
    seeds.push(("unknown-column", encode(&few, no_round, unknown, &[])));
    let width = Ask {
        shape: 0x11,
        ..Ask::default()
    };
    seeds.push(("bad-width", encode(&few, no_round, width, &[])));

    for (name, bytes) in seeds {
        std::fs::write(dir.join(format!("seed-{name}")), bytes).expect("seed written");
    }
}
