// The shared corpus of bad inputs (tests/refusals/*.json, format in tests/rust/refusals.rs), run
// through the WASM package as a JS caller would: every case must throw, the thrown value must be
// a real Error of its category's class, and its fields must equal the case's `expect` exactly
// (message apart, which must be non-empty). The same files run in Rust and pytest.
import test from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import * as cchc from "../../cchc-wasm/pkg/node-esm/cchc_wasm.js";
import { folderEdition, testsDir } from "../../cchc-wasm/tests/golden.mjs";

const classes = cchc.errorClasses();
const CLASS_OF = {
  answer: classes.AnswerError,
  record: classes.RecordError,
  edition: classes.EditionError,
  input: classes.InputError,
};

function edition(c) {
  const spec = c.edition ?? "default";
  if (spec === "default") return cchc.defaultEdition();
  return folderEdition(cchc, spec.slice("toml:".length));
}

/** What no JS function takes on its own (the core has only a generic parse_name for these). */
const NO_ENTRY = { role: "a role name only crosses inside an Actor (its shape)", rounding: "no JS function takes a rounding name" };

/** Runs the case's operation, which must throw. */
function run(c) {
  switch (c.op) {
    case "answer":
      return new cchc.Assessment(edition(c), c.unit).give(c.assessor ?? "self", c.code, c.answer);
    case "appraise":
    case "decide": {
      const a = new cchc.Assessment(edition(c), c.unit);
      for (const g of c.answers ?? []) a.give(g.assessor, g.code, g.answer);
      return c.op === "appraise" ? a.appraise(c.code, c.points) : a.decide(c.code, c.points);
    }
    case "command": {
      const r = new cchc.RoundRecord(edition(c));
      for (const s of c.setup ?? []) r.execute(s.actor, s.at, s.command);
      return r.execute(c.actor, c.at, c.command);
    }
    case "edition-json":
      return cchc.Edition.fromJson(c.text);
    case "record-log":
      return cchc.RoundRecord.fromJson(edition(c), c.text);
    case "assessment":
      return cchc.Assessment.fromJson(edition(c), c.value);
    case "instant":
      return cchc.parseInstant(c.text);
    case "rows-csv":
      return cchc.Round.fromCsv(edition(c), c.text);
    case "name": {
      const ed = cchc.defaultEdition();
      if (c.what === "appendix") return ed.criteria(c.text);
      if (c.what === "group") return ed.unitsIn(c.text);
      if (c.what === "assessor") return ed.worth("so-tu-phap", c.text, "1.1.1", { kind: "yes-no", yes: true });
      throw new Error(`no JS entry point for a ${c.what} name`);
    }
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

/** The compared part of an error: everything but the message, missing keys as null / []. */
function comparable(e) {
  const out = {};
  for (const k of ["code", "category", "unit", "criterion", "method", "limit"]) out[k] = e[k] ?? null;
  for (const k of ["items", "problems"]) out[k] = e[k] ?? [];
  return out;
}

const dir = join(testsDir, "refusals");
const files = readdirSync(dir).filter((n) => n.endsWith(".json")).sort();

const cases = files.map((file) => [file, JSON.parse(readFileSync(join(dir, file), "utf8"))]);

test("the corpus has cases", () => {
  assert.ok(files.length >= 40, `only ${files.length} refusal cases`);
});

// A case marked `not_in.js` (tests/refusals/README.md) does not apply to the WASM build: only the
// TOML cases, whose expected problems name a TOML file and line, and every one of them.
test("the cases not applicable to JS are exactly the TOML ones, each with its reason", () => {
  const notInJs = cases.filter(([, c]) => c.not_in?.js !== undefined);
  const toml = cases.filter(([, c]) => c.op === "edition-toml");
  assert.deepEqual(notInJs.map(([f]) => f), toml.map(([f]) => f));
  assert.equal(notInJs.length, 6);
  for (const [f, c] of notInJs) assert.ok(c.not_in.js.length > 20, `${f}: no reason given`);
  // Their content checks run in JS through the JSON loader.
  const twins = cases.filter(([f]) => f.startsWith("edition-json-duplicate") || f.startsWith("edition-json-parent-max"));
  assert.equal(twins.length, 2);
});

for (const [file, c] of cases) {
  const skip = (c.op === "name" && NO_ENTRY[c.what]) || c.not_in?.js;
  test(`refusal ${basename(file, ".json")}`, { skip }, () => {
    let thrown;
    try {
      run(c);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown !== undefined, "accepted, expected a refusal");
    assert.ok(thrown instanceof Error, `not an Error: ${thrown}`);
    assert.ok(thrown instanceof classes.CchcError, `not a CchcError: ${thrown?.stack ?? thrown}`);
    assert.ok(thrown instanceof CLASS_OF[c.expect.category], `not the ${c.expect.category} class: ${thrown.name}`);
    assert.equal(typeof thrown.message, "string");
    assert.ok(thrown.message.length > 0, "empty message");
    assert.deepEqual(comparable(thrown), comparable(c.expect));
  });
}
