//! A row of the long table as its cells by position in `ROW_COLUMNS` (the `coded_table` target
//! and the example that writes its seeds).

use cchc_core::Row;

/// A row's cells by position in `ROW_COLUMNS`.
pub fn cells_of(row: &Row) -> [Option<String>; 14] {
    [
        row.unit.clone(),
        row.code.clone(),
        row.stage.clone(),
        row.kind.clone(),
        row.yes.clone(),
        row.option.clone(),
        row.ticked.clone(),
        row.count.clone(),
        row.numerator.clone(),
        row.denominator.clone(),
        row.points.clone(),
        row.tally.clone(),
        row.submitted.clone(),
        row.round.clone(),
    ]
}
