// Node tests of the WebAssembly package (cchc-wasm/build.sh nodejs output), through its public JS API.
import test from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cchc = require("../pkg/nodejs/cchc_wasm.js");

const ed = cchc.defaultEdition();

test("the embedded editions", () => {
  assert.deepEqual(cchc.editionIds(), ["soc-trang-2018"]);
  assert.equal(ed.id, "soc-trang-2018");
  assert.equal(ed.year, 2018);
  assert.equal(ed.province, "Sóc Trăng");
  assert.equal(cchc.edition("soc-trang-2018").id, "soc-trang-2018");
  assert.equal(cchc.edition("no-such-edition"), undefined);
});

test("units in the order of the official list", () => {
  const units = ed.units();
  assert.equal(units.length, 47);
  assert.deepEqual(Object.keys(units[0]).sort(), ["appendix", "group", "id", "name"]);
  assert.equal(units[0].name, "Văn phòng Ủy ban nhân dân tỉnh");
  assert.equal(units[0].group, "department");
  assert.equal(units[0].appendix, "I");
  const counts = {};
  for (const u of units) counts[u.group] = (counts[u.group] ?? 0) + 1;
  assert.deepEqual(counts, {
    "department": 21,
    "district-committee": 11,
    "public-service-unit": 8,
    "central-agency": 7,
  });
  assert.equal(new Set(units.map((u) => u.id)).size, 47);
  assert.deepEqual(ed.unit(units[0].id), units[0]);
  assert.equal(ed.unit("no-such-unit"), undefined);
});

test("appendix totals are decimal strings", () => {
  assert.deepEqual(ed.appendixTotals(), { I: "100", II: "100", III: "100", IV: "100" });
});

test("criteria sets", () => {
  for (const numeral of ["I", "II", "III", "IV"]) {
    const set = ed.criteria(numeral);
    assert.equal(set.appendix, numeral);
    assert.equal(set.max, "100");
    assert.ok(set.nodes.length > 0);
    for (const node of set.nodes) {
      assert.equal(typeof node.max, "string");
      assert.match(node.max, /^\d+(\.\d{1,2})?$/);
      assert.equal(node.leaf, node.method !== undefined);
    }
    // Scored fields (depth 1) sum to the appendix max, to the cent.
    const cents = set.nodes
      .filter((n) => n.depth === 1 && n.section === "scored")
      .reduce((sum, n) => sum + Math.round(Number(n.max) * 100), 0);
    assert.equal(cents, 10000);
  }
  assert.throws(() => ed.criteria("V"), (e) => e instanceof RangeError && /unknown appendix/.test(e.message));
});

test("JSON round trip", () => {
  const json = ed.toJson();
  const again = cchc.Edition.fromJson(json);
  assert.equal(again.id, "soc-trang-2018");
  assert.deepEqual(again.units(), ed.units());
  assert.deepEqual(again.appendixTotals(), ed.appendixTotals());
  assert.deepEqual(again.criteria("III"), ed.criteria("III"));
  assert.equal(again.toJson(), json);
  again.free();
});

test("an invalid edition throws a real Error with a code and every problem", () => {
  let caught;
  try {
    cchc.Edition.fromJson("{");
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, "EditionError");
  assert.equal(caught.code, "invalid-edition");
  assert.ok(Array.isArray(caught.problems));
  assert.equal(caught.problems.length, 1);
  assert.equal(caught.problems[0].kind, "syntax");
  assert.equal(caught.problems[0].file, "<json>");
  assert.match(caught.message, /^invalid edition: 1 problem\n/);
  assert.ok(caught.stack.includes("EditionError"));
});

test("fromTomlFiles refuses a missing edition.toml and non-string texts", () => {
  assert.throws(() => cchc.Edition.fromTomlFiles({}), (e) => e instanceof Error && e.code === "invalid-edition");
  assert.throws(() => cchc.Edition.fromTomlFiles({ "edition.toml": 1 }), TypeError);
  assert.throws(() => cchc.Edition.fromTomlFiles(null), TypeError);
});
