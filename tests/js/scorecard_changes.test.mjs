// Assessment.scorecardChanges (the core's CompactScorecard::changes_since) through the WASM
// package, on the test edition, with the same steps and digits as tests/rust/scoring.rs
// (`changes_since_hold_the_rows_an_edit_moved_and_the_whole_summary`).
import test from "node:test";
import assert from "node:assert/strict";
import * as cchc from "../../cchc-wasm/pkg/node-esm/cchc_wasm.js";
import { folderEdition } from "../../cchc-wasm/tests/golden.mjs";

/** The rows of a changes card: code, applicable max, self, appraised, answered, not applicable. */
const rows = (card) =>
  card.nodes.map((n) => `${n.code} ${n.applicable_max} ${n.self ?? "-"} ${n.appraised} ${n.answered} ${n.not_applicable}`);

test("scorecardChanges: the rows an edit moved since the last call, the summary whole", () => {
  const a = new cchc.Assessment(folderEdition(cchc, "mini"), "so-a");
  // The first call: every row, as the scorecard has them.
  assert.deepEqual(a.scorecardChanges(), a.scorecard());
  // Nothing given since: no row, the summary whole.
  const same = a.scorecardChanges();
  assert.deepEqual(same.nodes, []);
  assert.deepEqual([same.total, same.fields.length], ["0", 3]);

  a.give("self", "1.1", { kind: "yes-no", yes: true });
  const card = a.scorecardChanges();
  assert.deepEqual(rows(card), ["1 10 2 2 false false", "1.1 2 2 2 true false"]);
  assert.deepEqual({ ...card, nodes: a.scorecard().nodes }, a.scorecard(), "all but the rows is the scorecard");
  assert.deepEqual([card.total, card.index], ["2", "10.00"]);

  a.give("self", "1.1", { kind: "not-applicable" });
  assert.deepEqual(rows(a.scorecardChanges()), ["1 8 0 0 false false", "1.1 0 0 0 true true"]);
  a.give("self", "1.2", { kind: "option", option: "kha" });
  assert.deepEqual(rows(a.scorecardChanges()), ["1 8 1.5 1.5 false false", "1.2 2 1.5 1.5 true false"]);
  assert.equal(a.appraise("1.2", "1"), "1");
  const appraised = a.scorecardChanges();
  assert.deepEqual(rows(appraised), ["1 8 1.5 1 false false", "1.2 2 1.5 1 true false"]);
  assert.deepEqual([appraised.self_total, appraised.appraised_total], ["1.5", "1"]);
  // The same answer again, a clear of a leaf without inputs, a refused answer: nothing moved.
  a.give("self", "1.1", { kind: "not-applicable" });
  a.clear("1.3.1");
  assert.throws(() => a.give("self", "1.2", { kind: "option", option: "xuat-sac" }), { code: "unknown-option" });
  assert.deepEqual(a.scorecardChanges().nodes, []);
  // Another assessment keeps its own: its first call has every row.
  const b = new cchc.Assessment(folderEdition(cchc, "mini"), "so-a");
  assert.equal(b.scorecardChanges().nodes.length, a.scorecard().nodes.length);
  a.free();
  b.free();
});
