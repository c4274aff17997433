// Components shared by the calculator (cchc-wasm/www/) and the pages of cchc-server
// (cchc-server/pages/, which embeds this file): the criteria tree with the answer inputs of each
// method, the points of each row and the summary of points. They compute nothing and depend on
// no library: the caller hands in the criteria (a CriteriaView: nodes with depth, section and
// leaf) and, after each answer, the scorecard its scorer returned — the calculator's from the
// WebAssembly library, the server pages' from the API. Answers are the JSON form of the
// library's answers (docs/scoring.md §1).

/** `document.getElementById`. */
export const $ = (id) => document.getElementById(id);

/** A new element: `props` are properties, except `class`, `text` (its text) and `data-*`
 * (attributes); `children` are nodes or strings. */
export function el(tag, props = {}, children = []) {
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

/** The text `setText` last wrote to each node. */
const written = new WeakMap();

/** Sets a text only when it changed: an unchanged row costs no DOM write, nor a DOM read (the
 * text last set is remembered; write nodes shown this way only through `setText`). A node whose
 * only child is a text node keeps it and has its `data` changed: no node is removed and made
 * again (with its layout object), which cost the calculator's recompute more than the library's
 * scoring did. */
export function setText(node, text) {
  const last = written.has(node) ? written.get(node) : node.textContent;
  if (last !== text) {
    const only = node.firstChild;
    if (only && only === node.lastChild && only.nodeType === Node.TEXT_NODE) only.data = text;
    else node.textContent = text;
  }
  written.set(node, text);
}

/** What a leaf the unit does not score says instead of an input. */
export const ASSESSOR_TEXT = {
  survey: "Chấm qua điều tra xã hội học",
  authority: "Do Hội đồng thẩm định / cơ quan có thẩm quyền chấm",
};

/** A count as typed: an integer when it reads as one, else the text itself, for the scorer to
 * refuse with its own message. */
function countValue(text) {
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
}

/**
 * The input widgets of one leaf; `onChange(answer | undefined)` reports the answer given.
 * Options: `commit` — "input" (every keystroke of a text box, the calculator) or "change" (when
 * the box is left or Enter is pressed: one answer per value, the server pages); `disabled`.
 */
export function leafInput(node, answer, onChange, { commit = "input", disabled = false } = {}) {
  const method = node.leaf.method;
  const allowNa = node.leaf.not_applicable;
  const box = el("div", { class: "input" });
  const isNa = answer?.kind === "not-applicable";
  let naBox;
  let read = () => undefined;
  const fire = () => onChange(naBox?.checked ? { kind: "not-applicable" } : read());
  const field = (props) => el("input", { type: "text", disabled, "data-code": node.code, ...props });
  switch (method.kind) {
    case "yes-no": {
      const sel = el("select", { "data-code": node.code, name: `a-${node.code}`, disabled }, [
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
      const sel = el("select", { "data-code": node.code, name: `a-${node.code}`, disabled }, [
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
        const cb = el("input", { type: "checkbox", value: i.id, checked: ticked.has(i.id), disabled, "data-code": node.code });
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
      const inp = field({ inputMode: "numeric", placeholder: "số lượng" });
      inp.value = answer?.kind === "count" ? String(answer.count) : "";
      read = () => (inp.value.trim() === "" ? undefined : { kind: "count", count: countValue(inp.value) });
      inp.addEventListener(commit, fire);
      box.append(inp, el("span", { class: "muted small", text: ` × ${method.per_item} điểm` }));
      break;
    }
    case "ratio-tiers":
    case "proportional": {
      const num = field({ inputMode: "decimal", placeholder: "đã thực hiện", "data-part": "numerator" });
      const den = field({ inputMode: "decimal", placeholder: "phải thực hiện", "data-part": "denominator" });
      if (answer?.kind === "rate") {
        num.value = answer.numerator;
        den.value = answer.denominator;
      }
      const blank = (i) => i.value.trim() === "";
      read = () =>
        blank(num) && blank(den) ? undefined : { kind: "rate", numerator: num.value.trim(), denominator: den.value.trim() };
      // Committed per value, a rate waits until both parts are typed.
      const fireRate = () => (commit === "input" || (!blank(num) && !blank(den)) ? fire() : undefined);
      num.addEventListener(commit, fireRate);
      den.addEventListener(commit, fireRate);
      box.append(num, " / ", den);
      break;
    }
    case "points": {
      const inp = field({ inputMode: "decimal", placeholder: "điểm" });
      inp.value = answer?.kind === "points" ? answer.points : "";
      read = () => (inp.value.trim() === "" ? undefined : { kind: "points", points: inp.value.trim() });
      inp.addEventListener(commit, fire);
      box.append(inp, el("span", { class: "muted small", text: ` bước ${method.step}` }));
      break;
    }
    default:
      box.append(el("span", { class: "assessor", text: ASSESSOR_TEXT[node.leaf.assessed_by] ?? method.kind }));
  }
  if (allowNa) {
    naBox = el("input", { type: "checkbox", checked: isNa, disabled, "data-code": node.code, "data-na": "1" });
    naBox.addEventListener("change", fire);
    box.append(el("div", { class: "na" }, [el("label", {}, [naBox, " Không áp dụng"])]));
  }
  return box;
}

/**
 * Renders a criteria set (a CriteriaView) into a table body, one row per node:
 * `tr[data-node] > td.code, td.title, td.max, td.answer, td.points[data-points-for]`, then the
 * cells `extraCells(node)` returns (evidence, explanations, appraisal…).
 * Options: `answers` (by code), `onAnswer(code, answer | undefined)` (leaves the unit scores
 * itself), `commit` and `disabled` (see `leafInput`), `extraCells(node) → [td…]`.
 * Returns the tree, for `showPoints`: `{ rows: Map(code → {tr, points, message}), nodes: Map(code → node) }`.
 */
export function criteriaTree(tbody, set, { answers = {}, onAnswer, commit, disabled = false, extraCells } = {}) {
  const rows = new Map();
  const nodes = new Map();
  tbody.replaceChildren();
  for (const node of set.nodes) {
    nodes.set(node.code, node);
    const leaf = node.leaf;
    const answerCell = el("td", { class: "answer" });
    const message = el("p", { class: "error", role: "alert", hidden: true, "data-error-for": node.code });
    if (leaf) {
      if (leaf.assessed_by === "self") {
        answerCell.append(leafInput(node, answers[node.code], (answer) => onAnswer?.(node.code, answer), { commit, disabled }));
      } else {
        answerCell.append(el("span", { class: "assessor", text: ASSESSOR_TEXT[leaf.assessed_by] }));
      }
      answerCell.append(message);
    }
    const points = el("td", { class: "points", "data-points-for": node.code, text: "" });
    const title = el("td", { class: "title" }, [
      el("span", { text: node.title }),
      ...(node.section !== "scored"
        ? [el("span", { class: "muted small", text: node.section === "deduction" ? " (điểm trừ)" : " (điểm thưởng)" })]
        : []),
    ]);
    const tr = el("tr", { class: `depth-${node.depth}${leaf ? " leaf" : ""}`, "data-node": node.code }, [
      el("td", { class: "code", text: node.code }),
      title,
      el("td", { class: "max", text: node.max }),
      answerCell,
      points,
      ...(extraCells?.(node) ?? []),
    ]);
    rows.set(node.code, { tr, points, message });
    tbody.append(tr);
  }
  return { rows, nodes };
}

/**
 * A criteria tree whose answers are scored as they are given: each answer goes to
 * `score(code, answer | undefined)`, which returns (or promises) `{ card, errors }` — the
 * scorecard after the answer (absent when the answer was refused without one) and the refusals
 * by code (Map(code → error)). The points are then shown and `onScored(card, answered)` called.
 * A promised score runs after the previous one settled, so answers reach the scorer in the
 * order they were given. Options as `criteriaTree`, plus `score` and `onScored`.
 * Returns the tree with `show({ card, errors })` (to show a scorecard obtained otherwise).
 */
export function answerSheet(tbody, set, { score, onScored, ...options }) {
  let pending = null;
  const show = ({ card, errors = new Map() }) => {
    if (card) {
      const answered = showPoints(tree, card, errors);
      onScored?.(card, answered);
    } else {
      for (const [code, err] of errors) if (tree.rows.has(code)) showError(tree.rows.get(code), err);
    }
  };
  const step = (code, answer) => {
    const out = score(code, answer);
    return out && typeof out.then === "function" ? out.then(show) : show(out);
  };
  const onAnswer = (code, answer) => {
    const run = pending ? pending.catch(() => undefined).then(() => step(code, answer)) : step(code, answer);
    if (run && typeof run.then === "function") {
      const mine = run.finally(() => {
        if (pending === mine) pending = null;
      });
      pending = mine;
    }
  };
  const tree = criteriaTree(tbody, set, { ...options, onAnswer });
  tree.show = show;
  return tree;
}

/**
 * Shows a scorecard's points on a tree's rows: `self / applicable max` for what the unit scores
 * itself (or "Không áp dụng"), "—" for the survey's and the authority's leaves; and, by code,
 * the scorer's refusal (`errors`: Map(code → error with a `message`)) under the row's input.
 * A card may hold only the rows that changed since the last one shown on this tree (the
 * calculator's `scorecardChanges`): the other rows keep their points; a refusal is shown on its
 * row whether or not the row is in the card. Returns how many leaves are answered.
 */
export function showPoints(tree, card, errors = new Map()) {
  const answered = (tree.answered ??= new Set());
  for (const score of card.nodes) {
    if (score.answered) answered.add(score.code);
    else answered.delete(score.code);
    const row = tree.rows.get(score.code);
    if (!row) continue;
    const node = tree.nodes.get(score.code);
    const assessedBySelf = !node.leaf || node.leaf.assessed_by === "self";
    setText(
      row.points,
      score.not_applicable ? "Không áp dụng" : assessedBySelf ? `${score.self ?? "0"} / ${score.applicable_max}` : "—",
    );
  }
  // The refusals by code, on their rows: marked and cleared whether or not the row's points moved.
  const refused = (tree.refused ??= new Set());
  for (const code of refused) {
    if (!errors.has(code)) {
      showError(tree.rows.get(code), undefined);
      refused.delete(code);
    }
  }
  for (const [code, err] of errors) {
    const row = tree.rows.get(code);
    if (!row) continue;
    showError(row, err);
    refused.add(code);
  }
  return answered.size;
}

/** Marks one row refused with the scorer's error (or clears the mark: `err` undefined). */
export function showError(row, err) {
  if (row.err === err) return;
  row.err = err;
  row.tr.classList.toggle("invalid", Boolean(err));
  row.message.hidden = !err;
  row.message.textContent = err ? err.message : "";
}

/**
 * Fills a summary box (prepended to `container`): "label total / applicable max", "Chỉ số
 * index %", and the fields' table (`table#fields`); returns the parts `showSummary` fills.
 */
export function summaryBox(container, label) {
  const parts = {
    total: el("strong", { id: "total", text: "—" }),
    applicableMax: el("span", { id: "applicable-max", text: "—" }),
    index: el("strong", { id: "index", text: "—" }),
    fields: el("tbody"),
  };
  const head = ["Lĩnh vực", "Điểm", "Tối đa", "Chỉ số thành phần (%)"].map((t) => el("th", { text: t }));
  container.prepend(
    el("div", { class: "big" }, [
      el("div", {}, [`${label} `, parts.total, " / ", parts.applicableMax]),
      el("div", {}, ["Chỉ số ", parts.index, " %"]),
    ]),
    el("table", { id: "fields" }, [el("thead", {}, [el("tr", {}, head)]), parts.fields]),
  );
  return parts;
}

/**
 * The summary of a scorecard: total, applicable max, index, and per field the unit's points,
 * max and sub-index in a table body (`tr[data-field] > td, td, td, td.sub-index`).
 * `parts`: `{ total, applicableMax, index, fields }` (elements; `fields` a tbody), as
 * `summaryBox` returns them; the fields' cells are kept there too, for the next card.
 */
export function showSummary(parts, card) {
  setText(parts.total, card.total);
  setText(parts.applicableMax, card.applicable_max);
  setText(parts.index, card.index);
  // The fields' rows are made for a unit's first card, and their cells kept in `parts.cells`.
  if (parts.cells?.length !== card.fields.length || parts.unit !== card.unit) {
    parts.unit = card.unit;
    parts.cells = card.fields.map(() => [el("td"), el("td"), el("td", { class: "sub-index" })]);
    parts.fields.replaceChildren(
      ...card.fields.map((f, i) => el("tr", { "data-field": f.code }, [el("td", { text: `${f.code}. ${f.title}` }), ...parts.cells[i]])),
    );
  }
  for (let i = 0; i < card.fields.length; i++) {
    const [self, max, subIndex] = parts.cells[i];
    const f = card.fields[i];
    setText(self, f.self);
    setText(max, f.applicable_max);
    setText(subIndex, f.sub_index ?? "—");
  }
}
