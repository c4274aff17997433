// Browser test of the pages of cchc-server in Debian's headless Chromium, driven by playwright-core
// (the one cchc-wasm/package-lock.json pins; never a downloaded browser). The whole path of a
// round on a temporary database, the clock overridden inside the official window:
//   an editor of so-noi-vu logs in, answers four items (the total shown is, each time, the exact
//   decimal string of the scorecard the API returned), attaches a small PDF as evidence;
//   the head submits, is refused with the list of items missing evidence, the editor explains
//   them, the head submits; an editor of so-tu-phap answers one item and keeps the page open;
//   the admin moves the clock past 2019-01-03T00:00:00+07:00 (PUT /api/v1/clock, from the page):
//   the stale page's next answer is refused with 423 and shows the record locked, and the first
//   editor's page, reloaded, shows it locked; the appraiser appraises an item and sees self vs
//   appraised; the admin publishes and the results are ranked.
//
//   node cchc-server/tests/browser/pages.mjs [--server BIN] [--out DIR]
//     BIN: the cchc-server binary (default $CARGO_TARGET_DIR/debug/cchc-server, else target/debug)
//     DIR: where the screenshots go (default <repo>/ci-output)
import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..", "..");
// playwright-core as the calculator's test uses it: from cchc-wasm's node_modules (npm ci).
const { chromium } = createRequire(join(repo, "cchc-wasm", "package.json"))("playwright-core");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const BIN = arg("--server", join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "debug", "cchc-server"));
const outDir = arg("--out", join(repo, "ci-output"));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
];
const CSP = "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";
const START = "2019-01-02T20:00:00+07:00";
const AFTER_LOCK = "2019-01-03T00:00:05+07:00";
const ACCOUNTS = [
  ["bientap", "unit-editor", "so-noi-vu", "mk-bientap-2018"],
  ["lanhdao", "unit-head", "so-noi-vu", "mk-lanhdao-2018"],
  ["bientap-tp", "unit-editor", "so-tu-phap", "mk-bientap-tp-2018"],
  ["thamdinh", "appraiser", "", "mk-thamdinh-2018"],
  ["quantri", "admin", "", "mk-quantri-2018"],
];
// A one-page PDF, small but well-formed.
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

/** Imports the accounts and starts the server on a temporary database; resolves once it answers. */
async function startServer(dir) {
  const db = join(dir, "round.db");
  const csv = join(dir, "accounts.csv");
  writeFileSync(csv, ["login,role,unit,password", ...ACCOUNTS.map((a) => a.join(","))].join("\n") + "\n");
  execFileSync(BIN, ["accounts", "import", "--db", db, csv], { stdio: ["ignore", "ignore", "inherit"] });
  // Port 0: the server picks a free one and says which on stderr ("listening on URL").
  const log = [];
  const child = spawn(BIN, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--clock-override", START, "--insecure-cookies"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => log.push(String(d)));
  child.stderr.on("data", (d) => log.push(String(d)));
  for (let i = 0; i < 200 && child.exitCode === null; i++) {
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log.join(""))?.[1];
    if (url && (await fetch(`${url}/api/v1/health`).catch(() => null))?.ok) return { url, log, stop: () => child.kill() };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`cchc-server did not start:\n${log.join("")}`);
}

const text = (page, selector) => page.locator(selector).first().textContent().then((t) => t.trim());

/** Waits for the next answer of the API to `method path` while `action` runs; returns its status and JSON. */
async function answerTo(page, method, path, action) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === `/api/v1${path}`),
    action(),
  ]);
  return { status: response.status(), body: await response.json().catch(() => null) };
}

/** Waits until an element's text is exactly `want` (the DOM is updated after the answer arrives). */
async function expectText(page, selector, want, what) {
  try {
    await page.waitForFunction(([s, w]) => document.querySelector(s)?.textContent.trim() === w, [selector, want], { timeout: 5000 });
  } catch {
    assert.equal(await text(page, selector), want, what);
  }
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "cchc-pages-"));
  const server = await startServer(dir);
  const edition = await (await fetch(`${server.url}/api/v1/edition`)).json();
  const titles = new Map(edition.criteria.find((s) => s.appendix === "I").nodes.map((n) => [n.code, n.title]));
  // The shared component is the calculator's file, served with its type, the CSP and a tag to
  // revalidate against.
  const asset = await fetch(`${server.url}/assets/components.js`);
  assert.equal(await asset.text(), readFileSync(join(repo, "cchc-wasm", "www", "components.js"), "utf8"));
  assert.equal(asset.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.equal(asset.headers.get("content-security-policy"), CSP);
  assert.equal(asset.headers.get("cache-control"), "no-cache");
  const again = await fetch(`${server.url}/assets/components.js`, { headers: { "If-None-Match": asset.headers.get("etag") } });
  assert.equal(again.status, 304);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const problems = [];
  const results = {};

  /** A new browser context signed in as `login`, on the page of its role. */
  async function signIn(login, landing) {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    await context.route("**/*", (route) =>
      route.request().url().startsWith(server.url) ? route.continue() : (problems.push(`request to ${route.request().url()}`), route.abort()),
    );
    const page = await context.newPage();
    page.on("pageerror", (e) => problems.push(`${login}: page error: ${e.message}`));
    page.on("console", (m) => {
      // A refusal (a refused answer or submission, the lock, GET /me before logging in, the
      // request without a CSRF token) is expected; Chromium logs the request as failed too.
      if (m.type() === "error" && !/Failed to load resource: the server responded with a status of (400|401|403|409|423)/.test(m.text())) {
        problems.push(`${login}: console: ${m.text()}`);
      }
    });
    const first = await page.goto(`${server.url}/`);
    assert.equal(first.headers()["content-security-policy"], CSP, "the login page's CSP");
    assert.equal(first.headers()["content-type"], "text/html; charset=utf-8");
    await page.waitForSelector("body[data-ready=true]");
    const password = ACCOUNTS.find((a) => a[0] === login)[3];
    await page.fill("#login", login);
    await page.fill("#password", password);
    await Promise.all([page.waitForURL(`${server.url}${landing}`), page.click("#sign-in")]);
    await page.waitForSelector("body[data-ready=true]");
    return page;
  }

  /** Answers one item on the unit's page; checks the live total and the row against the API's scorecard. */
  async function answer(page, code, action, wantTotal, wantRow) {
    const { status, body } = await answerTo(page, "POST", "/commands", action);
    assert.equal(status, 201, `answer ${code}: ${JSON.stringify(body)}`);
    const card = body.scorecard;
    assert.equal(card.total, wantTotal, `the API's total after ${code}`);
    await expectText(page, "#total", card.total, `total shown after ${code}`);
    const node = card.nodes.find((n) => n.code === code);
    assert.equal(`${node.self} / ${node.applicable_max}`, wantRow, `the API's points of ${code}`);
    await expectText(page, `[data-points-for="${code}"]`, wantRow, `points of ${code}`);
    await expectText(page, "#index", card.index, `index after ${code}`);
    return card;
  }

  /** Writes an explanation of one item. */
  async function explain(page, code, words) {
    await page.click(`[data-node="${code}"] details.explain summary`);
    await page.fill(`form[data-explain-for="${code}"] textarea`, words);
    const { status } = await answerTo(page, "POST", "/commands", () => page.click(`form[data-explain-for="${code}"] button`));
    assert.equal(status, 201, `explain ${code}`);
    await expectText(page, `[data-explanation-for="${code}"]`, `Giải trình: ${words}`, `explanation of ${code}`);
  }

  try {
    // 1. The editor of so-noi-vu answers four items; the total shown is the API's each time.
    const editor = await signIn("bientap", "/don-vi");
    assert.equal(await text(editor, "#phase"), "Tự đánh giá chính thức");
    assert.equal(await text(editor, "#unit-name"), `Sở Nội vụ — ${edition.title} (chính thức)`);
    assert.equal(await text(editor, `[data-node="1.2"] .title`), titles.get("1.2"));
    assert.equal(await text(editor, "#total"), "0");
    // The session cookie alone does not let a change through: the pages send the CSRF token.
    const forged = await editor.evaluate(() =>
      fetch("/api/v1/commands", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "answer", unit: "so-noi-vu", code: "1.1.1", answer: { kind: "yes-no", yes: true } }),
      }).then(async (r) => [r.status, (await r.json()).code]),
    );
    assert.deepEqual(forged, [403, "csrf"]);
    await answer(editor, "1.1.1", () => editor.selectOption(`select[data-code="1.1.1"]`, "yes"), "0.5", "0.5 / 0.5");
    await answer(editor, "1.2", () => editor.selectOption(`select[data-code="1.2"]`, "cham"), "1.25", "0.75 / 1.5");
    await editor.fill(`input[data-code="2.2.2"][data-part="numerator"]`, "3");
    await editor.press(`input[data-code="2.2.2"][data-part="numerator"]`, "Tab");
    await editor.fill(`input[data-code="2.2.2"][data-part="denominator"]`, "4");
    const card = await answer(editor, "2.2.2", () => editor.press(`input[data-code="2.2.2"][data-part="denominator"]`, "Tab"), "2", "0.75 / 1");
    await answer(editor, "4.1.2", () => editor.selectOption(`select[data-code="4.1.2"]`, "no"), "2", "0 / 1");
    assert.equal(await text(editor, `[data-field="1"] .sub-index`), card.fields.find((f) => f.code === "1").sub_index);
    results.editorTotal = await text(editor, "#total");
    results.editorIndex = await text(editor, "#index");

    // A refused answer: the core's message on the row, the total unchanged.
    await editor.fill(`input[data-code="2.2.2"][data-part="numerator"]`, "5");
    const refused = await answerTo(editor, "POST", "/commands", () => editor.press(`input[data-code="2.2.2"][data-part="numerator"]`, "Tab"));
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, "numerator-above-denominator");
    await expectText(editor, `[data-error-for="2.2.2"]`, refused.body.message, "the core's message");
    assert.equal(await text(editor, "#total"), "2");
    await editor.fill(`input[data-code="2.2.2"][data-part="numerator"]`, "3");
    await answer(editor, "2.2.2", () => editor.press(`input[data-code="2.2.2"][data-part="numerator"]`, "Tab"), "2", "0.75 / 1");
    assert.ok(!(await editor.isVisible(`[data-error-for="2.2.2"]`)));

    // Evidence for 1.1.1: the PDF uploaded (POST /files), then attach-evidence naming it.
    const pdfPath = join(dir, "ke-hoach-cchc-2018.pdf");
    writeFileSync(pdfPath, PDF);
    await editor.click(`[data-node="1.1.1"] details.attach summary`);
    const form = `form[data-attach-for="1.1.1"]`;
    await editor.fill(`${form} input[name=number]`, "45/KH-SNV");
    await editor.fill(`${form} input[name=date]`, "2018-01-15");
    await editor.fill(`${form} input[name=title]`, "Kế hoạch cải cách hành chính năm 2018");
    await editor.setInputFiles(`${form} input[name=file]`, pdfPath);
    const [upload, attach] = await Promise.all([
      editor.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/files"),
      editor.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/commands"),
      editor.click(`${form} button[type=submit]`),
    ]);
    assert.equal(upload.status(), 201);
    assert.equal(attach.status(), 201);
    const item = `[data-evidence-for="1.1.1"] li`;
    await expectText(editor, item, "45/KH-SNV, ngày 2018-01-15: Kế hoạch cải cách hành chính năm 2018 — ke-hoach-cchc-2018.pdf Rút", "the evidence listed");
    // (The answers' bodies are read from the API: Chromium may drop an upload's from its cache.)
    const sha256 = createHash("sha256").update(PDF).digest("hex");
    const recorded = await editor.evaluate(() => fetch("/api/v1/units/so-noi-vu/record").then((r) => r.json()));
    assert.deepEqual(recorded.official.evidence["1.1.1"].map((e) => e.evidence), [
      {
        number: "45/KH-SNV",
        date: "2018-01-15",
        title: "Kế hoạch cải cách hành chính năm 2018",
        file: { sha256, name: "ke-hoach-cchc-2018.pdf", media_type: "application/pdf", size: PDF.length },
      },
    ]);
    assert.equal(await editor.getAttribute(`${item} a`, "href"), `/api/v1/files/${sha256}`);
    const fileBack = await editor.evaluate(async (href) => {
      const r = await fetch(href);
      return { type: r.headers.get("content-type"), size: (await r.arrayBuffer()).byteLength };
    }, await editor.getAttribute(`${item} a`, "href"));
    assert.deepEqual(fileBack, { type: "application/pdf", size: PDF.length });

    // 2. The head submits: refused, with the items claiming points without evidence.
    const head = await signIn("lanhdao", "/don-vi");
    assert.ok(await head.isVisible("#submit"));
    assert.ok(!(await editor.isVisible("#submit")), "only the head submits");
    const refusal = await answerTo(head, "POST", "/commands", () => head.click("#submit"));
    assert.equal(refusal.status, 409);
    assert.equal(refusal.body.code, "evidence-missing");
    assert.deepEqual(refusal.body.items, ["1.2", "2.2.2"]);
    await expectText(head, "#submit-error", refusal.body.message, "the refusal's message");
    assert.deepEqual(await head.locator("#missing li").allTextContents(), [`1.2 — ${titles.get("1.2")}`, `2.2.2 — ${titles.get("2.2.2")}`]);
    await explain(editor, "1.2", "Báo cáo quý III gửi chậm 02 ngày do chờ số liệu của các phòng.");
    await explain(editor, "2.2.2", "Còn 01 văn bản đang chờ ý kiến của Sở Tư pháp.");
    const submitted = await answerTo(head, "POST", "/commands", () => head.click("#submit"));
    assert.equal(submitted.status, 201);
    await head.waitForSelector("body[data-submitted=true]");
    assert.match(await text(head, "#submitted"), /^Đã nộp lúc \d\d:\d\d:\d\d ngày 02\/01\/2019 \(lanhdao\)\.$/);
    assert.ok(await head.isDisabled(`select[data-code="1.1.1"]`));

    // Another unit answers one item and keeps its page open.
    const other = await signIn("bientap-tp", "/don-vi");
    await answer(other, "1.1.1", () => other.selectOption(`select[data-code="1.1.1"]`, "yes"), "0.5", "0.5 / 0.5");

    // 3. The admin moves the clock past the lock.
    const admin = await signIn("quantri", "/quan-tri");
    assert.ok(await admin.isVisible("#clock-form"));
    assert.equal(await text(admin, "#phase"), "Tự đánh giá chính thức");
    await admin.fill("#clock-now", AFTER_LOCK);
    const moved = await answerTo(admin, "PUT", "/clock", () => admin.click("#set-clock"));
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    await expectText(admin, "#phase", "Đã khóa — Hội đồng thẩm định", "the phase after the lock");

    // The open page of so-tu-phap: its next answer is refused (423) and the record shows locked.
    const late = await answerTo(other, "POST", "/commands", () => other.selectOption(`select[data-code="1.1.1"]`, "no"));
    assert.equal(late.status, 423);
    assert.equal(late.body.code, "window-closed");
    await other.waitForSelector("body[data-locked=true]");
    assert.equal(await text(other, "#locked"), `Hồ sơ đã khóa: ${late.body.message}`);
    assert.ok(await other.isDisabled(`select[data-code="1.2"]`));
    // The editor of so-noi-vu reloads: the record is shown locked, from the phase.
    await editor.reload();
    await editor.waitForSelector("body[data-ready=true]");
    assert.equal(await text(editor, "#phase"), "Đã khóa — Hội đồng thẩm định");
    assert.equal(
      await text(editor, "#locked"),
      "Hồ sơ đã khóa: thời hạn tự đánh giá đã kết thúc (Đã khóa — Hội đồng thẩm định). Đơn vị chỉ xem, không sửa được.",
    );
    assert.ok(await editor.isDisabled(`select[data-code="1.1.1"]`));
    assert.equal(await editor.inputValue(`select[data-code="1.2"]`), "cham");
    assert.equal(await text(editor, "#total"), "2");
    await editor.screenshot({ path: join(outDir, "server-unit-locked.png") });
    // The printable report is the API's.
    await editor.click("#show-report");
    const report = editor.frameLocator("#report");
    await report.locator("h1").waitFor();
    assert.ok((await report.locator("body").innerText()).includes("BÁO CÁO KẾT QUẢ TỰ ĐÁNH GIÁ"), "the report");

    // 4. The appraiser appraises 2.2.2 and sees self vs appraised.
    const appraiser = await signIn("thamdinh", "/tham-dinh");
    await appraiser.selectOption("#unit", "so-noi-vu");
    await appraiser.waitForSelector("body[data-unit=so-noi-vu]");
    assert.equal(await text(appraiser, `[data-points-for="1.2"]`), "0.75 / 1.5");
    assert.equal(await text(appraiser, "#self-total"), "2");
    assert.equal(await text(appraiser, "#appraised-total"), "2");
    assert.match(await text(appraiser, `[data-evidence-for="1.1.1"] li`), /ke-hoach-cchc-2018\.pdf$/);
    await appraiser.fill(`[data-appraise-for="2.2.2"]`, "0.5");
    await appraiser.fill(`[data-comment-for="2.2.2"]`, "Tỷ lệ chưa có đủ căn cứ.");
    const appraised = await answerTo(appraiser, "POST", "/commands", () => appraiser.click(`[data-appraise-button="2.2.2"]`));
    assert.equal(appraised.status, 201, JSON.stringify(appraised.body));
    const after = appraised.body.scorecard;
    assert.equal(after.self_total, "2");
    assert.equal(after.appraised_total, "1.75");
    await expectText(appraiser, "#appraised-total", after.appraised_total, "appraised total");
    assert.equal(await text(appraiser, "#self-total"), after.self_total);
    await expectText(appraiser, `[data-appraised-for="2.2.2"]`, after.nodes.find((n) => n.code === "2.2.2").appraised, "appraised points");
    assert.equal(await text(appraiser, `[data-appraised-for="2.2.2"]`), "0.5");
    assert.equal(await text(appraiser, `[data-points-for="2.2.2"]`), "0.75 / 1");
    assert.equal(await text(appraiser, "#total"), after.total);
    results.appraisedTotal = after.appraised_total;

    // 5. The admin publishes; the results are ranked.
    const published = await answerTo(admin, "POST", "/commands", () => admin.click("#publish"));
    assert.equal(published.status, 201, JSON.stringify(published.body));
    await admin.waitForSelector("#publish-done:not([hidden])");
    await expectText(admin, "#phase", "Đã công bố kết quả", "the phase after publication");
    const api = await admin.evaluate(() => fetch("/api/v1/results").then((r) => r.json()));
    const group = api.groups.find((g) => g.group === "department");
    await admin.waitForSelector(`[data-group=department] [data-rank-unit=so-noi-vu]`);
    const shown = await admin.$$eval(`[data-group=department] tbody tr`, (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    assert.deepEqual(shown, group.ranking.map((p) => [String(p.rank), p.name, p.index, p.band_label, p.submitted ? "Có" : "Chưa"]));
    assert.deepEqual(shown[0].slice(0, 2), ["1", "Sở Nội vụ"]);
    assert.deepEqual(shown[1].slice(0, 2), ["2", "Sở Tư pháp"]);
    results.ranking = shown.slice(0, 2);
    // The unit's people see the published results.
    await editor.reload();
    await editor.waitForSelector("body[data-ready=true]");
    assert.equal(await text(editor, "#phase"), "Đã công bố kết quả");
    assert.ok(await editor.isVisible("#results-link"));
    const seen = await editor.evaluate(() => fetch("/api/v1/results").then((r) => r.json()));
    assert.deepEqual(seen, api);
    await admin.locator("#results-section").screenshot({ path: join(outDir, "server-results.png") });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`server pages browser test passed: ${JSON.stringify(results)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
