// The in-browser score calculator. It computes nothing itself: every point, total, index, error
// message and the report come from the cchc library (WebAssembly). This file only turns form
// inputs into answers (docs/scoring.md §1), hands them to the library, and shows what it returns.
import init, * as cchc from "./pkg/cchc_wasm.js";

const STORAGE_KEY = "cchc-calculator/v1";
const $ = (id) => document.getElementById(id);

let edition;
/** The page's state: the unit picked and, per unit, the answers given (even refused ones, so
 * they can be corrected), in the JSON form of the library's answers. */
let state = { unit: "", answers: {} };
let nodesByCode = new Map();
let rows = new Map();
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

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c);
  return node;
}

const ASSESSOR_TEXT = {
  survey: "Chấm qua điều tra xã hội học",
  authority: "Do Hội đồng thẩm định / cơ quan có thẩm quyền chấm",
};

/** A count as typed: an integer when it reads as one, else the text itself, for the library
 * to refuse with its own message. */
function countValue(text) {
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
}

/** The input widgets of one leaf; `onChange(answer | undefined)` reports the answer given. */
function leafInput(node, answer, onChange) {
  const method = node.leaf.method;
  const allowNa = node.leaf.not_applicable;
  const box = el("div", { class: "input" });
  const isNa = answer?.kind === "not-applicable";
  let naBox;
  const current = () => {
    if (naBox?.checked) return { kind: "not-applicable" };
    return read();
  };
  const fire = () => onChange(current());
  let read = () => undefined;
  switch (method.kind) {
    case "yes-no": {
      const sel = el("select", { "data-code": node.code, name: `a-${node.code}` }, [
        el("option", { value: "", text: "— chưa trả lời —" }),
        el("option", { value: "yes", text: "Có" }),
        el("option", { value: "no", text: "Không" }),
      ]);
      sel.value = answer?.kind === "yes-no" ? (answer.yes ? "yes" : "no") : "";
      read = () => (sel.value === "" ? undefined : { kind: "yes-no", yes: sel.value === "yes" });
      sel.addEventListener("change", fire);
      box.append(sel);
      break;
    }
    case "options": {
      const sel = el("select", { "data-code": node.code, name: `a-${node.code}` }, [
        el("option", { value: "", text: "— chưa trả lời —" }),
        ...method.options.map((o) => el("option", { value: o.id, text: `${o.label} (${o.share}%)` })),
      ]);
      sel.value = answer?.kind === "option" ? answer.option : "";
      read = () => (sel.value === "" ? undefined : { kind: "option", option: sel.value });
      sel.addEventListener("change", fire);
      box.append(sel);
      break;
    }
    case "checklist": {
      const ticked = new Set(answer?.kind === "checklist" ? answer.ticked : []);
      const boxes = method.items.map((i) => {
        const cb = el("input", { type: "checkbox", value: i.id, checked: ticked.has(i.id), "data-code": node.code });
        cb.addEventListener("change", fire);
        return { cb, label: el("label", {}, [cb, ` ${i.label} (${i.points} điểm)`]) };
      });
      read = () => {
        const chosen = boxes.filter((b) => b.cb.checked).map((b) => b.cb.value);
        return chosen.length ? { kind: "checklist", ticked: chosen } : undefined;
      };
      box.append(el("div", { class: "checklist" }, boxes.map((b) => b.label)));
      break;
    }
    case "count": {
      const inp = el("input", { type: "text", inputMode: "numeric", placeholder: "số lượng", "data-code": node.code });
      inp.value = answer?.kind === "count" ? String(answer.count) : "";
      read = () => (inp.value.trim() === "" ? undefined : { kind: "count", count: countValue(inp.value) });
      inp.addEventListener("input", fire);
      box.append(inp, el("span", { class: "muted small", text: ` × ${method.per_item} điểm` }));
      break;
    }
    case "ratio-tiers":
    case "proportional": {
      const num = el("input", { type: "text", inputMode: "decimal", placeholder: "đã thực hiện", "data-code": node.code, "data-part": "numerator" });
      const den = el("input", { type: "text", inputMode: "decimal", placeholder: "phải thực hiện", "data-code": node.code, "data-part": "denominator" });
      if (answer?.kind === "rate") {
        num.value = answer.numerator;
        den.value = answer.denominator;
      }
      read = () =>
        num.value.trim() === "" && den.value.trim() === ""
          ? undefined
          : { kind: "rate", numerator: num.value.trim(), denominator: den.value.trim() };
      num.addEventListener("input", fire);
      den.addEventListener("input", fire);
      box.append(num, " / ", den);
      break;
    }
    case "points": {
      const inp = el("input", { type: "text", inputMode: "decimal", placeholder: "điểm", "data-code": node.code });
      inp.value = answer?.kind === "points" ? answer.points : "";
      read = () => (inp.value.trim() === "" ? undefined : { kind: "points", points: inp.value.trim() });
      inp.addEventListener("input", fire);
      box.append(inp, el("span", { class: "muted small", text: ` bước ${method.step}` }));
      break;
    }
    default:
      box.append(el("span", { class: "assessor", text: ASSESSOR_TEXT[node.leaf.assessed_by] ?? method.kind }));
  }
  if (allowNa) {
    naBox = el("input", { type: "checkbox", checked: isNa, "data-code": node.code, "data-na": "1" });
    naBox.addEventListener("change", fire);
    box.append(el("div", { class: "na" }, [el("label", {}, [naBox, " Không áp dụng"])]));
  }
  return box;
}

function renderTree() {
  const tbody = $("tree").querySelector("tbody");
  tbody.replaceChildren();
  rows = new Map();
  nodesByCode = new Map();
  const unit = state.unit;
  if (!unit) {
    $("summary").hidden = true;
    $("tree-section").hidden = true;
    return;
  }
  const set = edition.criteria(edition.criteriaOf(unit).appendix);
  $("appendix-title").textContent = `${set.title} (tối đa ${set.max} điểm)`;
  const answers = answersOf(unit);
  for (const node of set.nodes) {
    nodesByCode.set(node.code, node);
    const leaf = node.leaf;
    const self = leaf?.assessed_by === "self";
    const answerCell = el("td", { class: "answer" });
    const message = el("p", { class: "error", role: "alert", hidden: true, "data-error-for": node.code });
    if (leaf) {
      if (self) {
        answerCell.append(
          leafInput(node, answers[node.code], (answer) => {
            if (answer === undefined) delete answers[node.code];
            else answers[node.code] = answer;
            recompute(node.code);
          }),
        );
      } else {
        answerCell.append(el("span", { class: "assessor", text: ASSESSOR_TEXT[leaf.assessed_by] }));
      }
      answerCell.append(message);
    }
    const points = el("td", { class: "points", "data-points-for": node.code, text: "" });
    const title = el("td", { class: "title" }, [
      el("span", { text: node.title }),
      ...(node.section !== "scored" ? [el("span", { class: "muted small", text: node.section === "deduction" ? " (điểm trừ)" : " (điểm thưởng)" })] : []),
    ]);
    const tr = el(
      "tr",
      { class: `depth-${node.depth}${leaf ? " leaf" : ""}`, "data-node": node.code },
      [el("td", { class: "code", text: node.code }), title, el("td", { class: "max", text: node.max }), answerCell, points],
    );
    rows.set(node.code, { tr, points, message });
    tbody.append(tr);
  }
  $("summary").hidden = false;
  $("tree-section").hidden = false;
}

/** Sets a text only when it changed: an unchanged row costs no DOM write. */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
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

/** Scores the current answers with the library and shows its results; `code` is the one answer
 * changed since the last call, if only one. */
function recompute(code) {
  const unit = state.unit;
  if (!unit) return;
  const started = performance.now();
  give(unit, code);
  const card = live.assessment.scorecard();
  const errors = live.errors;

  let answered = 0;
  for (const score of card.nodes) {
    if (score.answered) answered++;
    const row = rows.get(score.code);
    if (!row) continue;
    const node = nodesByCode.get(score.code);
    const assessedBySelf = !node.leaf || node.leaf.assessed_by === "self";
    setText(
      row.points,
      score.not_applicable ? "Không áp dụng" : assessedBySelf ? `${score.self ?? "0"} / ${score.applicable_max}` : "—",
    );
    const err = errors.get(score.code);
    if (row.err !== err) {
      row.err = err;
      row.tr.classList.toggle("invalid", Boolean(err));
      row.message.hidden = !err;
      row.message.textContent = err ? err.message : "";
    }
  }
  setText($("total"), card.total);
  setText($("applicable-max"), card.applicable_max);
  setText($("index"), card.index);
  const fields = $("fields").querySelector("tbody");
  if (fields.rows.length !== card.fields.length || fields.dataset.unit !== unit) {
    fields.dataset.unit = unit;
    fields.replaceChildren(
      ...card.fields.map((f) =>
        el("tr", { "data-field": f.code }, [
          el("td", { text: `${f.code}. ${f.title}` }),
          el("td"),
          el("td"),
          el("td", { class: "sub-index" }),
        ]),
      ),
    );
  }
  card.fields.forEach((f, i) => {
    const cells = fields.rows[i].cells;
    setText(cells[1], f.self);
    setText(cells[2], f.applicable_max);
    setText(cells[3], f.sub_index ?? "—");
  });
  setText($("answered-count"), String(answered));
  const elapsed = performance.now() - started;
  window.cchcLastRecomputeMs = elapsed;
  $("recompute-ms").textContent = elapsed.toFixed(2);
  store();
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
  const html = cchc.reportToHtml(assessment.report(), { decimal_comma: true });
  assessment.free();
  $("report").srcdoc = html;
  $("report-section").hidden = false;
  $("report-section").scrollIntoView();
}

async function main() {
  await init();
  edition = cchc.defaultEdition();
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
