// The in-browser score calculator. It computes nothing itself: every point, total, index, error
// message and the report come from the cchc library (WebAssembly). The criteria tree, its inputs
// (form inputs → answers, docs/scoring.md §1) and the summary are the components shared with the
// server's pages (components.js); this file hands the answers to the library and its scorecards
// to the components.
import init, * as cchc from "./pkg/cchc_wasm.js";
import { $, el, setText, answerSheet, showSummary, summaryBox } from "./components.js";

const STORAGE_KEY = "cchc-calculator/v1";

let edition;
/** The page's state: the unit picked and, per unit, the answers given (even refused ones, so
 * they can be corrected), in the JSON form of the library's answers. */
let state = { unit: "", answers: {} };
/** The unit's criteria tree with its inputs (components.js), while a unit is picked. */
let sheet = null;
/** When the current scoring started (performance.now()). */
let started = 0;
/** The summary's elements (components.js `summaryBox`), and the line under it. */
let summary, answeredCount, recomputeMs;
/** The unit's assessment, kept between answers: a change gives (or clears) that one answer, not
 * every answer again. `errors` holds the library's refusal of each refused answer, by code. */
let live = null;

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
    if (saved && typeof saved === "object" && saved.edition === edition.id) {
      state = { unit: saved.unit ?? "", answers: saved.answers ?? {} };
    }
  } catch {
    // A broken entry is ignored: the page starts empty.
  }
}

function store() {
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ edition: edition.id, ...state }));
}

function answersOf(unit) {
  state.answers[unit] ??= {};
  return state.answers[unit];
}

/** Shows the criteria of the unit picked, with the unit's answers in their inputs; each change
 * is scored by `score` (the library) and shown by the shared components. */
function renderTree() {
  const unit = state.unit;
  if (!unit) {
    $("tree").querySelector("tbody").replaceChildren();
    sheet = null;
    $("summary").hidden = true;
    $("tree-section").hidden = true;
    return;
  }
  const set = edition.criteria(edition.criteriaOf(unit).appendix);
  $("appendix-title").textContent = `${set.title} (tối đa ${set.max} điểm)`;
  const answers = answersOf(unit);
  sheet = answerSheet($("tree").querySelector("tbody"), set, {
    answers,
    score: (code, answer) => {
      if (answer === undefined) delete answers[code];
      else answers[code] = answer;
      return score(code);
    },
    onScored: showScores,
  });
  $("summary").hidden = false;
  $("tree-section").hidden = false;
}

/** Hands the answers to the library: all of them for a new unit or a reset, else only the one
 * changed (`code`) on the kept assessment. */
function give(unit, code) {
  const answers = answersOf(unit);
  if (code === undefined || live?.unit !== unit) {
    live?.assessment.free();
    const assessment = new cchc.Assessment(edition, unit);
    const given = Object.entries(answers).map(([c, answer]) => ({ assessor: "self", code: c, answer }));
    const outcomes = assessment.giveAll(given);
    // One outcome per answer given, in order: the refused ones are marked on their row.
    const errors = new Map(outcomes.flatMap((o, i) => (o.error ? [[given[i].code, o.error]] : [])));
    live = { unit, assessment, errors };
    return;
  }
  live.errors.delete(code);
  const answer = answers[code];
  if (answer === undefined) {
    live.assessment.clear(code);
    return;
  }
  try {
    live.assessment.give("self", code, answer);
  } catch (e) {
    // Refused: left out of the total, as a fresh assessment would leave it.
    live.assessment.clear(code);
    live.errors.set(code, e);
  }
}

/** Scores the current answers with the library: `code` is the one answer changed since the
 * last call, if only one. Returns the scorecard and the refused answers, for the sheet to show:
 * the card's `nodes` are only the rows whose points changed since the last card of this
 * assessment (all of them for a new one), `scorecardChanges`; the sheet keeps the others. */
function score(code) {
  started = performance.now();
  give(state.unit, code);
  return { card: live.assessment.scorecardChanges(), errors: live.errors };
}

/** Shows a scorecard's summary (the rows are the sheet's), how long scoring and showing took,
 * and keeps the answers. */
function showScores(card, answered) {
  showSummary(summary, card);
  setText(answeredCount, String(answered));
  const elapsed = performance.now() - started;
  window.cchcLastRecomputeMs = elapsed;
  setText(recomputeMs, elapsed.toFixed(2));
  store();
}

/** Scores every answer of the unit picked again and shows it. */
function recompute() {
  if (state.unit) sheet.show(score());
}

function pickUnit(unit) {
  state.unit = edition.unit(unit) ? unit : "";
  $("unit").value = state.unit;
  for (const id of ["save", "show-report", "clear"]) $(id).disabled = !state.unit;
  renderTree();
  recompute();
  store();
}

function save() {
  const data = { unit: state.unit, answers: answersOf(state.unit) };
  const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
  const a = el("a", { href: URL.createObjectURL(blob), download: `cchc-${edition.id}-${state.unit}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function loadFile(file) {
  const box = $("load-error");
  box.hidden = true;
  try {
    const data = JSON.parse(await file.text());
    if (!data || typeof data.unit !== "string" || !edition.unit(data.unit)) {
      throw new Error(`tệp không có đơn vị hợp lệ của ${edition.title}`);
    }
    state.answers[data.unit] = data.answers && typeof data.answers === "object" ? data.answers : {};
    pickUnit(data.unit);
  } catch (e) {
    box.textContent = `Không mở được tệp: ${e.message}`;
    box.hidden = false;
  }
}

function showReport() {
  const assessment = new cchc.Assessment(edition, state.unit);
  assessment.giveAll(Object.entries(answersOf(state.unit)).map(([code, answer]) => ({ assessor: "self", code, answer })));
  const html = assessment.reportHtml({ decimal_comma: true });
  assessment.free();
  $("report").srcdoc = html;
  $("report-section").hidden = false;
  $("report-section").scrollIntoView();
}

async function main() {
  await init();
  edition = cchc.defaultEdition();
  summary = summaryBox($("summary"), "Tổng điểm tự chấm");
  [answeredCount, recomputeMs] = [$("answered-count"), $("recompute-ms")];
  $("edition-title").textContent = `${edition.title} — ${edition.province} ${edition.year}`;
  const select = $("unit");
  // One group of options per appendix, labelled with the appendix's own title.
  const groups = new Map();
  for (const u of edition.units()) groups.set(u.group, [...(groups.get(u.group) ?? []), u]);
  for (const units of groups.values()) {
    const label = edition.criteriaOf(units[0].id).title;
    select.append(el("optgroup", { label }, units.map((u) => el("option", { value: u.id, text: u.name }))));
  }
  select.disabled = false;
  select.addEventListener("change", () => pickUnit(select.value));
  $("save").addEventListener("click", save);
  $("load-file").addEventListener("change", (e) => e.target.files[0] && loadFile(e.target.files[0]));
  $("show-report").addEventListener("click", showReport);
  $("print").addEventListener("click", () => $("report").contentWindow.print());
  $("close-report").addEventListener("click", () => ($("report-section").hidden = true));
  $("clear").addEventListener("click", () => {
    state.answers[state.unit] = {};
    pickUnit(state.unit);
  });
  load();
  pickUnit(state.unit);
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  $("edition-title").textContent = `Không tải được thư viện cchc: ${e.message}`;
  throw e;
});
