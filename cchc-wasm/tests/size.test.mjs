// The size of the WASM modules with the embedded edition, gzipped (zlib level 9), for each build
// build.sh wrote. A size budget, not a timing.
//
// Two modules (docs/performance.md, "WebAssembly"):
// - the browser's lean module (pkg/web, `cchc` in browsers and `cchc/web`: Edition, Assessment,
//   the report of one assessment), held to issue 10's budget of 150,000 bytes once it gets there.
//   It does not yet (171,508 bytes by zlib level 9 once `Edition.rank` moved to the full module
//   and the core wrote its JSON with its own serializer; what is left is mostly the serde code of
//   the interchange types it reads, 45 KB gzipped: see docs/performance.md); until it does,
//   WEB_CEILING holds today's size so that it can only shrink. Lower it with every step down,
//   and drop it when BUDGET is reached.
// - the full module (pkg/nodejs, pkg/node-esm, pkg/web-full: everything), held under FULL_CEILING
//   (280,933 bytes by zlib level 9 now: the ceiling leaves 1,567 bytes of margin).
//   (Raised once, to 287,000: the batch reader that `Round.fromCsv` shares with the many-rounds
//   path, the evidence file and the new error codes added 5,492 bytes when they were merged;
//   lowered to 282,500 when the lean module's size work left the full one at 280,933 bytes.)
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 150_000;
const WEB_CEILING = 172_000;
const FULL_CEILING = 282_500;

const builds = [
  { target: "web", ceiling: Math.max(BUDGET, WEB_CEILING), budget: BUDGET },
  { target: "web-full", ceiling: FULL_CEILING },
  { target: "nodejs", ceiling: FULL_CEILING },
  { target: "node-esm", ceiling: FULL_CEILING },
];

for (const { target, ceiling, budget } of builds) {
  const url = new URL(`../pkg/${target}/cchc_wasm_bg.wasm`, import.meta.url);
  test(`${target}: the .wasm is at most ${ceiling} bytes gzipped`, () => {
    const raw = readFileSync(url);
    const gzipped = gzipSync(raw, { level: 9 }).length;
    const goal = budget ? `, budget ${budget}` : "";
    console.log(`cchc-wasm ${target}: ${raw.length} bytes, ${gzipped} gzipped (ceiling ${ceiling}${goal})`);
    assert.ok(gzipped <= ceiling, `${gzipped} bytes gzipped, above the ceiling of ${ceiling}`);
  });
}

test("the Node builds and web-full are one module; web is the lean one", () => {
  const read = (target) => readFileSync(new URL(`../pkg/${target}/cchc_wasm_bg.wasm`, import.meta.url));
  assert.deepEqual(read("web-full"), read("nodejs"));
  assert.ok(read("web").length < read("web-full").length);
});
