// Every golden case of tests/golden/ through the WASM package (ES module build for Node): the same
// files the Rust and Python suites run, unchanged, with identical digits.
import test from "node:test";
import assert from "node:assert/strict";
import { basename } from "node:path";
import * as cchc from "cchc";
import { goldenFiles, readCase, runCase } from "./golden.mjs";

const files = goldenFiles();

test("there are golden cases to run", () => {
  assert.ok(files.length >= 14, `only ${files.length} golden cases`);
});

for (const file of files) {
  const c = readCase(file);
  test(`golden ${basename(file, ".json")}`, () => {
    assert.deepEqual(runCase(cchc, c), []);
  });
}
