// The shared golden cases (tests/golden/*.json, format in docs/scoring.md §8), played through the
// WASM package exactly as tests/src/lib.rs `apply_assessment` and tests/rust/golden.rs play them
// through the Rust core. Used by golden.test.mjs (Node) and by the browser test.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const testsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tests");

/** Every golden case file, sorted by name. */
export function goldenFiles() {
  const dir = join(testsDir, "golden");
  return readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((n) => join(dir, n));
}

/** The edition of a TOML folder under tests/ ("editions/mini"), loaded from its JSON copy
 * (tests/editions/json/<name>.json, kept current by tests/rust/editions.rs): the WASM build has
 * no TOML loader. */
export function folderEdition(cchc, folder) {
  const name = folder.replace(/^editions\//, "");
  return cchc.Edition.fromJson(readFileSync(join(testsDir, "editions", "json", `${name}.json`), "utf8"));
}

/** The edition a case names: "embedded:<id>" or "toml:<folder under tests/>". */
export function goldenEdition(cchc, spec) {
  if (spec.startsWith("embedded:")) {
    const ed = cchc.edition(spec.slice("embedded:".length));
    if (!ed) throw new Error(`no embedded edition ${spec}`);
    return ed;
  }
  if (!spec.startsWith("toml:")) throw new Error(`edition spec ${spec} is neither embedded: nor toml:`);
  return folderEdition(cchc, spec.slice("toml:".length));
}

const STAGES = [
  ["answers", "self"],
  ["authority", "authority"],
  ["survey", "survey"],
  ["appraisals", null],
  ["final", null],
];

/** Applies one golden assessment to a round, stage by stage; returns the refused inputs, each
 * with the core's own error code. */
export function applyAssessment(cchc, ed, round, a) {
  const refused = [];
  let assessment = round.get(a.unit);
  if (!assessment) {
    try {
      assessment = new cchc.Assessment(ed, a.unit);
    } catch (e) {
      return [{ unit: a.unit, code: "", stage: "", error: e.code }];
    }
  }
  assessment.submitted =
    typeof a.submitted === "boolean" ? a.submitted : Object.keys(a.answers ?? {}).length > 0;
  for (const [stage, assessor] of STAGES) {
    for (const [code, v] of Object.entries(a[stage] ?? {})) {
      try {
        if (assessor) assessment.give(assessor, code, v);
        else if (stage === "appraisals") assessment.appraise(code, v);
        else assessment.decide(code, v);
      } catch (e) {
        refused.push({ unit: a.unit, code, stage, error: e.code });
      }
    }
  }
  round.insert(assessment.data());
  assessment.free();
  return refused;
}

/** Compares only the keys `expected` gives (recursively); arrays element by element. */
export function compareSubset(path, expected, actual, out) {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      return;
    }
    for (const [key, ev] of Object.entries(expected)) {
      compareSubset(`${path}.${key}`, ev, actual[key] ?? null, out);
    }
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push(`${path}: expected an array, got ${JSON.stringify(actual)}`);
      return;
    }
    if (expected.length !== actual.length) {
      out.push(`${path}: expected ${expected.length} entries, got ${actual.length}`);
    }
    expected.forEach((ev, i) => i < actual.length && compareSubset(`${path}[${i}]`, ev, actual[i], out));
  } else if (expected !== actual) {
    out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

const byCode = (items) => Object.fromEntries(items.map((i) => [i.code, i]));

function refusalCode(cchc, ed, round, r) {
  let assessment = round.get(r.unit);
  if (!assessment) {
    try {
      assessment = new cchc.Assessment(ed, r.unit);
    } catch (e) {
      return e.code;
    }
  }
  const before = assessment.toJson();
  let result = "(accepted)";
  try {
    const stage = r.stage ?? "answers";
    if (stage === "appraisals") assessment.appraise(r.code, r.answer);
    else if (stage === "final") assessment.decide(r.code, r.answer);
    else assessment.give({ answers: "self", authority: "authority", survey: "survey" }[stage], r.code, r.answer);
  } catch (e) {
    result = e.code;
  }
  if (assessment.toJson() !== before) result = `a refused input changed the assessment (${result})`;
  assessment.free();
  return result;
}

/** Runs one case through the package; returns the differences found (none: identical digits). */
export function runCase(cchc, c) {
  const ed = goldenEdition(cchc, c.edition);
  const round = new cchc.Round(ed);
  const diffs = [];
  for (const a of c.assessments ?? []) {
    const refused = applyAssessment(cchc, ed, round, a);
    if (refused.length) diffs.push(`inputs were refused: ${JSON.stringify(refused)}`);
  }
  const cards = round.scorecards();
  const expected = c.expected ?? {};
  for (const [unit, exp] of Object.entries(expected.scorecards ?? {})) {
    const card = cards.find((k) => k.unit === unit);
    if (!card) {
      diffs.push(`no scorecard for ${unit}`);
      continue;
    }
    const actual = { ...card, fields: byCode(card.fields), nodes: byCode(card.nodes) };
    compareSubset(`scorecards.${unit}`, exp, actual, diffs);
  }
  const results = round.results();
  const actualResults = {};
  const actualSummaries = {};
  for (const g of results.groups) {
    actualResults[g.group] = g.ranking.map((p) => ({ unit: p.unit, rank: p.rank, index: p.index, band: p.band }));
    const s = g.summary;
    actualSummaries[g.group] = {
      count: s.count,
      bands: Object.fromEntries(s.bands.map((b) => [b.band, b.count])),
      mean: s.mean, median: s.median, min: s.min, max: s.max,
    };
  }
  if (expected.results) compareSubset("results", expected.results, actualResults, diffs);
  if (expected.summaries) compareSubset("summaries", expected.summaries, actualSummaries, diffs);
  (c.refusals ?? []).forEach((r, i) => {
    const got = refusalCode(cchc, ed, round, r);
    if (got !== r.error) diffs.push(`refusals[${i}] (${r.unit} ${r.code}): expected ${r.error}, got ${got}`);
  });
  round.free();
  return diffs;
}

export function readCase(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}
