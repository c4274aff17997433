// Browser test of the calculator page (cchc-wasm/www/) in Debian's headless Chromium, driven by
// playwright-core. Serves www/ from 127.0.0.1 with `python3 -m http.server` (or uses
// CCHC_CALCULATOR_URL), picks a unit, fills its whole appendix from a golden case, checks the
// displayed total, index and sub-indices against the golden strings, enters an invalid value and
// checks the library's message, reloads and checks that the answers survived, checks the report
// and saving/loading a JSON file, measures the recompute time, and saves a screenshot.
//
//   node tests/browser/calculator.mjs [--out DIR]     (DIR: where the screenshot goes;
//                                                     default <repo>/ci-output)
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import * as cchc from "cchc";

const here = dirname(fileURLToPath(import.meta.url));
const pkgRoot = join(here, "..", "..");
const repo = join(pkgRoot, "..");
const outArg = process.argv.indexOf("--out");
const outDir = outArg > 0 ? process.argv[outArg + 1] : join(repo, "ci-output");
const CASE = join(repo, "tests", "golden", "soc-trang-2018-appendix-iv-self-assessment.json");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Flags that keep Chromium off the (closed) network and work as root; --headless and --user-data-dir are given through
// playwright's own options (headless: true, launchPersistentContext's folder).
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function serve() {
  if (process.env.CCHC_CALCULATOR_URL) return { url: process.env.CCHC_CALCULATOR_URL, stop() {} };
  const port = await freePort();
  const child = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "-d", join(pkgRoot, "www")], {
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return { url, stop: () => child.kill() };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`the static server on ${url} did not start`);
}

const golden = JSON.parse(readFileSync(CASE, "utf8"));
const [assessment] = golden.assessments;
const unit = assessment.unit;
const expected = golden.expected.scorecards[unit];
const ed = cchc.defaultEdition();
const nodes = new Map(ed.criteria(ed.criteriaOf(unit).appendix).nodes.map((n) => [n.code, n]));

/** Gives one answer through the page's inputs, as a person would. */
async function fill(page, code, answer) {
  const sel = (tag, extra = "") => `[data-node="${code}"] ${tag}[data-code="${code}"]${extra}`;
  const method = nodes.get(code).leaf.method.kind;
  if (answer.kind === "not-applicable") {
    await page.check(sel("input", '[data-na="1"]'));
    return;
  }
  switch (method) {
    case "yes-no":
      await page.selectOption(sel("select"), answer.yes ? "yes" : "no");
      break;
    case "options":
      await page.selectOption(sel("select"), answer.option);
      break;
    case "checklist":
      for (const box of await page.$$(sel("input[type=checkbox]", ":not([data-na])"))) {
        const want = answer.ticked.includes(await box.getAttribute("value"));
        if ((await box.isChecked()) !== want) await box.click();
      }
      break;
    case "count":
      await page.fill(sel("input"), String(answer.count));
      break;
    case "ratio-tiers":
    case "proportional":
      await page.fill(sel("input", '[data-part="numerator"]'), answer.numerator);
      await page.fill(sel("input", '[data-part="denominator"]'), answer.denominator);
      break;
    case "points":
      await page.fill(sel("input"), answer.points);
      break;
    default:
      throw new Error(`no input for ${code} (${method})`);
  }
}

const text = (page, selector) => page.textContent(selector).then((t) => t.trim());

async function checkGolden(page, label) {
  assert.equal(await text(page, "#total"), expected.total, `${label}: total`);
  assert.equal(await text(page, "#index"), expected.index, `${label}: index`);
  assert.equal(await text(page, "#applicable-max"), expected.applicable_max, `${label}: applicable max`);
  for (const [code, f] of Object.entries(expected.fields)) {
    assert.equal(await text(page, `[data-field="${code}"] .sub-index`), f.sub_index ?? "—", `${label}: sub-index of field ${code}`);
  }
  for (const [code, n] of Object.entries(expected.nodes)) {
    const shown = await text(page, `[data-points-for="${code}"]`);
    const want = assessment.answers[code]?.kind === "not-applicable"
      ? "Không áp dụng"
      : n.self === null
        ? "—" // survey and authority leaves: not the unit's to score
        : `${n.self} / ${n.applicable_max}`;
    assert.equal(shown, want, `${label}: points of ${code}`);
  }
}

// The page's responses with the two headers that make it cross-origin isolated: only then does
// Chromium's performance.now() resolve 5 µs (else 100 µs, with jitter), which the recompute
// time, a fraction of a millisecond, needs. The page loads nothing from another origin, so
// nothing else changes.
async function isolated(route) {
  const response = await route.fetch();
  await route.fulfill({
    response,
    headers: {
      ...response.headers(),
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
    },
  });
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const server = await serve();
  const profile = mkdtempSync(join(tmpdir(), "cchc-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    viewport: { width: 1200, height: 900 },
  });
  const results = {};
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    // Nothing but the static server: any other request fails the test.
    await context.route("**/*", (route) =>
      route.request().url().startsWith(server.url) ? isolated(route) : (problems.push(`request to ${route.request().url()}`), route.abort()),
    );

    await page.goto(server.url);
    await page.waitForSelector("body[data-ready=true]");
    await page.selectOption("#unit", unit);
    await page.waitForSelector(`[data-node="1.1.1"]`);
    const title = await text(page, `[data-node="1.1.1"] .title`);
    assert.equal(title, nodes.get("1.1.1").title, "Vietnamese titles");
    assert.equal(await text(page, `[data-node="1.1.1"] .max`), nodes.get("1.1.1").max);

    // Fill the whole appendix from the golden case.
    for (const [code, answer] of Object.entries(assessment.answers)) {
      if (answer.kind === "checklist" && answer.ticked.length === 0) continue; // nothing to tick
      await fill(page, code, answer);
    }
    await checkGolden(page, "filled");
    results.total = await text(page, "#total");
    results.index = await text(page, "#index");

    // Recompute after one changed answer: the library's time and the rows' and summary's
    // update, measured in the page; each of the 40 changes counts (none left out as a warm-up).
    const CHANGES = 40;
    const times = [];
    for (let i = 0; i < CHANGES; i++) {
      await page.selectOption(`select[data-code="1.1.1"]`, i % 2 ? "yes" : "no");
      times.push(await page.evaluate(() => window.cchcLastRecomputeMs));
    }
    await page.selectOption(`select[data-code="1.1.1"]`, "yes");
    // The whole round trip: change event → library → DOM updated, timed inside the page.
    const roundTrip = await page.evaluate(() => {
      const sel = document.querySelector('select[data-code="3.1.2"]');
      const out = [];
      for (let i = 0; i < 40; i++) {
        const t0 = performance.now();
        sel.value = i % 2 ? "no" : "yes";
        sel.dispatchEvent(new Event("change"));
        void document.getElementById("total").textContent;
        out.push(performance.now() - t0);
      }
      sel.value = "no";
      sel.dispatchEvent(new Event("change"));
      return out;
    });
    const sorted = (xs) => [...xs].sort((a, b) => a - b);
    const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
    assert.equal(await page.evaluate(() => window.crossOriginIsolated), true, "the page is not cross-origin isolated: the timer is coarse");
    results.recomputeMedianMs = Number(median(times).toFixed(3));
    results.recomputeP90Ms = Number(sorted(times)[Math.floor(times.length * 0.9)].toFixed(3));
    results.recomputeMaxMs = Number(Math.max(...times).toFixed(3));
    results.recomputeSamples = times.length;
    results.roundTripMedianMs = Number(median(roundTrip).toFixed(3));
    await checkGolden(page, "after the timing changes");

    // An invalid value: marked inline with the library's own message, and left out of the total.
    const bad = `input[data-code="7.2.2"][data-part="numerator"]`;
    await page.fill(bad, "10");
    const message = await text(page, `[data-error-for="7.2.2"]`);
    let libraryError;
    try {
      ed.worth(unit, "self", "7.2.2", { kind: "rate", numerator: "10", denominator: "9" });
    } catch (e) {
      libraryError = e;
    }
    assert.equal(libraryError.code, "numerator-above-denominator");
    assert.equal(message, libraryError.message);
    assert.match(message, /numerator 10 is above denominator 9/);
    assert.ok(await page.isVisible(`[data-error-for="7.2.2"]`));
    assert.ok((await page.getAttribute(`[data-node="7.2.2"]`, "class")).includes("invalid"));
    assert.notEqual(await text(page, "#total"), expected.total);
    results.invalidMessage = message;
    await page.fill(bad, "7");
    assert.ok(!(await page.isVisible(`[data-error-for="7.2.2"]`)));
    await checkGolden(page, "corrected");

    // Reload: the answers are kept in local storage.
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    assert.equal(await page.inputValue("#unit"), unit);
    assert.equal(await page.inputValue(`input[data-code="7.2.2"][data-part="numerator"]`), "7");
    await checkGolden(page, "reloaded");

    // Save to a JSON file, clear, load it back.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#save")]);
    const saved = JSON.parse(readFileSync(await download.path(), "utf8"));
    assert.equal(saved.unit, unit);
    assert.deepEqual(Object.keys(saved.answers).sort(), Object.keys(assessment.answers).filter((c) => !(assessment.answers[c].kind === "checklist" && assessment.answers[c].ticked.length === 0)).sort());
    await page.click("#clear");
    assert.equal(await text(page, "#total"), "0");
    const file = join(profile, "answers.json");
    writeFileSync(file, JSON.stringify(saved));
    await page.setInputFiles("#load-file", file);
    await page.waitForFunction((t) => document.getElementById("total").textContent === t, expected.total);
    await checkGolden(page, "loaded from a file");

    // The print view: the library's self-assessment report.
    await page.click("#show-report");
    const frame = page.frameLocator("#report");
    await frame.locator("h1").waitFor();
    const expectedReport = (() => {
      const a = new cchc.Assessment(ed, unit);
      a.giveAll(Object.entries(saved.answers).map(([code, answer]) => ({ assessor: "self", code, answer })));
      return a.reportHtml({ decimal_comma: true });
    })();
    assert.equal(await page.getAttribute("#report", "srcdoc"), expectedReport, "the report is the library's");
    const report = await frame.locator("body").innerText();
    assert.ok(report.includes("BÁO CÁO KẾT QUẢ TỰ ĐÁNH GIÁ"), "report title");
    assert.ok(report.includes(expected.total.replace(".", ",")), "total in the report");
    results.reportScreenshot = join(outDir, "calculator-report.png");
    await page.locator("#report").screenshot({ path: results.reportScreenshot });
    await page.click("#close-report");

    await page.evaluate(() => window.scrollTo(0, 0));
    results.screenshot = join(outDir, "calculator.png");
    await page.screenshot({ path: results.screenshot, fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
  writeFileSync(join(outDir, "calculator.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(`calculator browser test passed: ${JSON.stringify(results)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
