// The size of the WASM module with the embedded edition, gzipped (zlib level 9), for each build
// build.sh wrote. A size budget, not a timing.
//
// Issue 10 sets the budget at 150,000 bytes; the module is not there yet (304,670 bytes by zlib
// level 9 once the indexed scoring and the column-wise long table were merged: the serde code of
// every interchange type, serde_json's and chrono's formatting, the edition's data; see
// docs/performance.md). Until it is, this test holds the CEILING of today's size so that the
// module can only shrink; lower CEILING with every step down, and make it BUDGET when the budget
// is reached.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 150_000;
const CEILING = 305_000;

for (const target of ["nodejs", "node-esm", "web"]) {
  const url = new URL(`../pkg/${target}/cchc_wasm_bg.wasm`, import.meta.url);
  test(`${target}: the .wasm is at most ${CEILING} bytes gzipped`, () => {
    const raw = readFileSync(url);
    const gzipped = gzipSync(raw, { level: 9 }).length;
    console.log(`cchc-wasm ${target}: ${raw.length} bytes, ${gzipped} gzipped (ceiling ${CEILING}, budget ${BUDGET})`);
    assert.ok(gzipped <= CEILING, `${gzipped} bytes gzipped, above the ceiling of ${CEILING}`);
  });
}
