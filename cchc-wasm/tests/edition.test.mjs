// The edition API of the WASM package (Node ES module build): units, criteria trees, schedule,
// bands, JSON loading (the WASM build has no TOML loader).
import test from "node:test";
import assert from "node:assert/strict";
import * as cchc from "cchc";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testsDir } from "./golden.mjs";

const ed = cchc.defaultEdition();

test("the embedded editions", () => {
  assert.deepEqual(cchc.editionIds(), ["soc-trang-2018"]);
  assert.equal(cchc.edition("soc-trang-2018").toJson(), ed.toJson());
  assert.equal(ed.id, "soc-trang-2018");
  assert.equal(ed.year, 2018);
  assert.equal(ed.province, "Sóc Trăng");
  assert.equal(ed.rounding(), "half-up");
  assert.equal(cchc.edition("soc-trang-2018").id, "soc-trang-2018");
  assert.equal(cchc.edition("no-such-edition"), undefined);
  assert.deepEqual(ed.decision(), {
    number: "3267/QĐ-UBND",
    date: "2018-12-11",
    issuer: ed.decision().issuer,
    title: ed.decision().title,
  });
});

test("units in the order of the official list, and by group", () => {
  const units = ed.units();
  assert.equal(units.length, 47);
  assert.deepEqual(units[0], { id: "vp-ubnd-tinh", name: "Văn phòng Ủy ban nhân dân tỉnh", group: "department" });
  const counts = {};
  for (const u of units) counts[u.group] = (counts[u.group] ?? 0) + 1;
  assert.deepEqual(counts, { "department": 21, "district-committee": 11, "public-service-unit": 8, "central-agency": 7 });
  assert.equal(new Set(units.map((u) => u.id)).size, 47);
  assert.deepEqual(ed.unit("cuc-thue"), { id: "cuc-thue", name: ed.unit("cuc-thue").name, group: "central-agency" });
  assert.equal(ed.unit("no-such-unit"), null);
  assert.deepEqual(ed.unitsIn("central-agency"), units.filter((u) => u.group === "central-agency"));
  const e = (() => { try { ed.unitsIn("ministry"); } catch (x) { return x; } })();
  assert.deepEqual([e.name, e.code, e.limit], ["InputError", "unknown-name", "department, district-committee, public-service-unit, central-agency"]);
});

test("schedule and bands", () => {
  assert.deepEqual(
    (({ trial_start, trial_end, official_start, official_end, report_due }) => ({ trial_start, trial_end, official_start, official_end, report_due }))(ed.schedule()),
    {
      trial_start: "2018-12-18T00:00:00+07:00",
      trial_end: "2018-12-24T00:00:00+07:00",
      official_start: "2018-12-24T00:00:00+07:00",
      official_end: "2019-01-03T00:00:00+07:00",
      report_due: "2019-01-05T00:00:00+07:00",
    },
  );
  const bands = ed.bands();
  assert.deepEqual(bands.map((b) => b.label), ["Nhóm 1", "Nhóm 2", "Nhóm 3", "Nhóm 4", "Nhóm 5"]);
  assert.equal(ed.bandFor("90").label, "Nhóm 2"); // "trên 90%" excludes 90 itself
  assert.equal(ed.bandFor("90.01").label, "Nhóm 1");
  assert.equal(ed.bandFor("0").label, "Nhóm 5");
  assert.throws(() => ed.bandFor("ninety"), (e) => e.name === "InputError" && e.code === "not-a-decimal" && e.limit === "index");
  assert.throws(() => ed.bandFor(90), (e) => e.name === "InputError" && e.code === "not-a-decimal");
});

test("criteria trees: decimal strings, Vietnamese titles, full methods, depth and section", () => {
  for (const numeral of ["I", "II", "III", "IV"]) {
    const set = ed.criteria(numeral);
    assert.equal(set.appendix, numeral);
    assert.equal(set.max, "100");
    for (const node of set.nodes) {
      assert.equal(typeof node.max, "string");
      assert.match(node.max, /^\d+(\.\d{1,2})?$/);
      assert.equal(node.depth, node.code.split(".").length);
      assert.ok(["scored", "deduction", "bonus"].includes(node.section));
    }
  }
  const plain = ed.criteriaOf("cuc-thue");
  assert.equal(plain.appendix, "IV");
  const iv = ed.criteria(plain.appendix);
  assert.deepEqual(iv.nodes.map((n) => n.code), plain.nodes.map((n) => n.code));
  const n = iv.nodes.find((x) => x.code === "1.1.3");
  assert.equal(n.max, "2");
  assert.deepEqual(n.leaf.method, {
    kind: "ratio-tiers",
    tiers: [{ at_least: "100", points: "2" }, { at_least: "80", points: "1.5" }, { at_least: "60", points: "0.5" }],
  });
  assert.equal(n.leaf.assessed_by, "self");
  assert.equal(iv.nodes.find((x) => x.code === "9").section, "deduction");
  assert.equal(iv.nodes.find((x) => x.code === "1").leaf ?? null, null);
  assert.throws(() => ed.criteriaOf("nobody"), (e) => e.name === "AnswerError" && e.code === "unknown-unit" && e.unit === "nobody");
  assert.throws(() => ed.criteria("V"), (e) => e instanceof Error && e.name === "InputError" && e.code === "unknown-name" && e.limit === "I, II, III, IV");
});

test("worth: points of an answer without recording it", () => {
  assert.deepEqual(ed.worth("cuc-thue", "self", "7.2.2", { kind: "rate", numerator: "7", denominator: "9" }), { kind: "points", points: "2.33" });
  assert.deepEqual(ed.worth("cuc-thue", "self", "3.4", { kind: "not-applicable" }), { kind: "not-applicable" });
  assert.deepEqual(ed.worth("cuc-thue", "survey", "8.1.1", { kind: "tally", tally: { a: 3, b: 1 } }), { kind: "points", points: "2.34" });
  assert.throws(() => ed.worth("cuc-thue", "self", "8.1.1", { kind: "tally", tally: { a: 3 } }), (e) => e.code === "not-self-assessed");
  assert.throws(() => ed.worth("cuc-thue", "press", "1.1.1", { kind: "yes-no", yes: true }), (e) => e.name === "InputError" && e.code === "unknown-name");
});

test("JSON round trip", () => {
  const json = ed.toJson();
  const again = cchc.Edition.fromJson(json);
  assert.equal(again.id, "soc-trang-2018");
  assert.deepEqual(again.units(), ed.units());
  assert.deepEqual(again.schedule(), ed.schedule());
  assert.deepEqual(again.criteria("III"), ed.criteria("III"));
  assert.equal(again.toJson(), json);
  again.free();
});

test("an invalid edition throws an EditionError with a code and every problem", () => {
  let caught;
  try {
    cchc.Edition.fromJson("{");
  } catch (e) {
    caught = e;
  }
  const { EditionError, CchcError } = cchc.errorClasses();
  assert.ok(caught instanceof Error);
  assert.ok(caught instanceof CchcError);
  assert.ok(caught instanceof EditionError);
  assert.equal(caught.name, "EditionError");
  assert.equal(caught.code, "invalid-edition");
  assert.equal(caught.category, "edition");
  assert.equal(caught.problems.length, 1);
  assert.deepEqual(Object.keys(caught.problems[0]).sort(), ["code", "file", "line", "message", "subject"]);
  assert.equal(caught.problems[0].code, "syntax");
  assert.equal(caught.problems[0].file, "<json>");
  assert.equal(caught.problems[0].line, 1);
  assert.ok(caught.message.length > 0);
  assert.ok(caught.stack.includes("EditionError"));
});

test("no TOML loader in the WASM build: editions other than the embedded ones load from JSON", () => {
  assert.equal(cchc.Edition.fromTomlFiles, undefined);
  const mini = cchc.Edition.fromJson(readFileSync(join(testsDir, "editions", "json", "mini.json"), "utf8"));
  assert.equal(mini.id, "mini-2018");
});

test("one package: CommonJS and ES module builds for Node, an ES module for browsers", async () => {
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  assert.match(require.resolve("cchc"), /pkg\/nodejs\/cchc_wasm\.js$/);
  assert.match(import.meta.resolve("cchc"), /pkg\/node-esm\/cchc_wasm\.js$/);
  assert.match(import.meta.resolve("cchc/web"), /pkg\/web\/cchc_wasm\.js$/);
  const cjs = require("cchc");
  assert.deepEqual(Object.keys(cjs).filter((k) => !k.startsWith("__")).sort(), Object.keys(cchc).filter((k) => !k.startsWith("__")).sort());
  // The browser build, initialised from bytes (no fetch in Node), gives the same digits.
  const web = await import("cchc/web");
  const { readFileSync } = await import("node:fs");
  web.initSync({ module: readFileSync(new URL("../pkg/web/cchc_wasm_bg.wasm", import.meta.url)) });
  const wed = web.defaultEdition();
  const a = new web.Assessment(wed, "cuc-thue");
  assert.deepEqual(a.answer("7.2.2", { kind: "rate", numerator: "7", denominator: "9" }), { kind: "points", points: "2.33" });
  assert.equal(a.scorecard().index, "2.33");
  // The lean module renders its assessment's report itself and reads no report from JS.
  const full = new cchc.Assessment(cchc.defaultEdition(), "cuc-thue");
  full.answer("7.2.2", { kind: "rate", numerator: "7", denominator: "9" });
  assert.equal(a.reportHtml({ decimal_comma: true }), full.reportHtml({ decimal_comma: true }));
  assert.equal(a.reportHtml(), cchc.reportToHtml(full.report()));
  assert.equal(a.reportCsv(), cchc.reportToCsv(full.report()));
  assert.equal(web.reportToHtml, undefined);
  assert.equal(web.reportToCsv, undefined);
});

test("the report's unit name in capitals: the JS engine's toUpperCase, Unicode's full mapping as Rust's to_uppercase", () => {
  // The WASM modules put the name in capitals with the engine's `toUpperCase` (no case tables in
  // the module); Rust's `str::to_uppercase` gives the same text for this name (checked by hand:
  // ß → SS, ŉ → ʼN, ﬁ → FI, ΐ → three code points, dotless ı → I, titlecase ǅ → Ǆ, Cherokee,
  // Deseret).
  const json = JSON.parse(readFileSync(join(testsDir, "editions", "json", "mini.json"), "utf8"));
  json.units[0].name = "Sở straße ǆ ŉ ﬁ ΐ ı i ǅ ꭰ 𐐨";
  const ed = cchc.Edition.fromJson(JSON.stringify(json));
  const a = new cchc.Assessment(ed, json.units[0].id);
  const html = a.reportHtml({ decimal_comma: true });
  assert.ok(html.includes(`<p class="unit">SỞ STRASSE Ǆ ʼN FI \u0399\u0308\u0301 I I Ǆ Ꭰ 𐐀</p>`));
  assert.equal(cchc.reportToHtml(a.report()), a.reportHtml());
});
