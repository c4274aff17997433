// The size of the WASM modules with the embedded edition, gzipped (zlib level 9), for each build
// build.sh wrote. A size budget, not a timing.
//
// Two modules (docs/performance.md, "WebAssembly"):
// - the browser's lean module (pkg/web, `cchc` in browsers and `cchc/web`: Edition, Assessment
//   and its own report, `reportHtml`/`reportCsv`), held to issue 10's budget of 150,000 bytes:
//   the test fails above it. 144,767 bytes by zlib level 9 now (143,590 by `gzip -9`), since it
//   reads no report and no stored assessment from JS (`reportToHtml`, `reportToCsv` and
//   `Assessment.fromJson` are in the full module only) and puts the report's unit name in
//   capitals with the JS engine's `toUpperCase` instead of Rust's case tables. (Until then a
//   ceiling of its size held it, lowered at each step: 172,000 bytes last, for 171,508.)
// - the full module (pkg/nodejs, pkg/node-esm, pkg/web-full: everything), held under FULL_CEILING
//   (Raised once, to 287,000: the batch reader that `Round.fromCsv` shares with the many-rounds
//   path, the evidence file and the new error codes added 5,492 bytes when they were merged;
//   lowered to 282,500 when the lean module's size work left the full one at 280,933 bytes, and
//   to 272,500 when the JS engine's `toUpperCase` replaced Rust's case tables in both modules;
//   raised to 275,000 when the batch reader's eager scoring and integer tallies — the reader
//   `Round.fromCsv` shares — took it to 272,791 bytes, and `Assessment.scorecardChanges` added
//   868 more: 273,659 bytes; raised to 277,500 when rates scored on integers (the one rule
//   `worth` and the batch readers share, beside the decimals kept for amounts past an i64) took
//   it to 275,097 bytes by zlib level 9. The full module is held by no budget of the issue's,
//   only against growth.)
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 150_000;
const FULL_CEILING = 277_500;

const builds = [
  { target: "web", ceiling: BUDGET, name: "issue 10's budget" },
  { target: "web-full", ceiling: FULL_CEILING, name: "ceiling" },
  { target: "nodejs", ceiling: FULL_CEILING, name: "ceiling" },
  { target: "node-esm", ceiling: FULL_CEILING, name: "ceiling" },
];

for (const { target, ceiling, name } of builds) {
  const url = new URL(`../pkg/${target}/cchc_wasm_bg.wasm`, import.meta.url);
  test(`${target}: the .wasm is at most ${ceiling} bytes gzipped`, () => {
    const raw = readFileSync(url);
    const gzipped = gzipSync(raw, { level: 9 }).length;
    console.log(`cchc-wasm ${target}: ${raw.length} bytes, ${gzipped} gzipped (${name} ${ceiling})`);
    assert.ok(gzipped <= ceiling, `${gzipped} bytes gzipped, above the ${name} of ${ceiling}`);
  });
}

test("the Node builds and web-full are one module; web is the lean one", () => {
  const read = (target) => readFileSync(new URL(`../pkg/${target}/cchc_wasm_bg.wasm`, import.meta.url));
  assert.deepEqual(read("web-full"), read("nodejs"));
  assert.ok(read("web").length < read("web-full").length);
});
