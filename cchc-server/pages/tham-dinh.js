// The appraisers' page (/tham-dinh): pick a unit, see its answers, documents and explanations,
// appraise each leaf (an `appraise` command with points and a comment), and see the unit's own
// points beside the appraised ones, from the scorecard each command returns.
import { $, el, criteriaTree, setText, showPoints } from "./components.js";
import { PHASE_TEXT, act, api, evidenceItem, showError, signedIn, when } from "./common.js";

let edition = null;
let unit = "";
let tree = null;
let card = null;

/** Shows the scorecard: the unit's points per row (shared component), the appraised ones, totals. */
function show() {
  showPoints(tree, card);
  for (const score of card.nodes) {
    const cell = document.querySelector(`[data-appraised-for="${CSS.escape(score.code)}"]`);
    if (cell) setText(cell, score.not_applicable ? "Không áp dụng" : score.appraised);
  }
  setText($("self-total"), card.self_total);
  setText($("appraised-total"), card.appraised_total);
  setText($("total"), card.total);
  setText($("applicable-max"), card.applicable_max);
  setText($("index"), card.index);
}

/** The cells after the unit's points: documents and explanation, appraised points, the form. */
function appraisalCells(record) {
  const stage = record.official;
  return (node) => {
    const appraised = el("td", { class: "points appraised", "data-appraised-for": node.code });
    if (!node.leaf) return [el("td"), appraised, el("td")];
    const explanation = stage.explanations?.[node.code];
    const docs = el("td", { class: "evidence-cell" }, [
      el("ul", { class: "evidence", "data-evidence-for": node.code }, (stage.evidence?.[node.code] ?? []).map(evidenceItem)),
      ...(explanation ? [el("p", { class: "explanation small", text: `Giải trình: ${explanation}` })] : []),
    ]);
    const points = el("input", { type: "text", inputMode: "decimal", placeholder: "điểm", "data-appraise-for": node.code });
    points.value = stage.assessment.appraisals?.[node.code] ?? "";
    const comment = el("input", { type: "text", placeholder: "nhận xét", "data-comment-for": node.code });
    comment.value = record.appraisal_comments?.[node.code] ?? "";
    const button = el("button", { type: "submit", text: "Chấm", "data-appraise-button": node.code });
    const box = el("p", { class: "error", role: "alert", hidden: true, "data-appraise-error": node.code });
    const form = el("form", { class: "appraise" }, [points, " ", comment, " ", button, box]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const command = { type: "appraise", unit, code: node.code, points: points.value.trim(), comment: comment.value };
      const answer = await act(button, box, () => api("POST", "/commands", command));
      if (answer?.scorecard) {
        card = answer.scorecard;
        show();
      }
    });
    return [docs, appraised, el("td", {}, [form])];
  };
}

async function pick(id) {
  unit = id;
  $("summary").hidden = !unit;
  $("tree-section").hidden = !unit;
  if (!unit) return;
  const path = `/units/${encodeURIComponent(unit)}`;
  const [record, scorecard] = await Promise.all([api("GET", `${path}/record`), api("GET", `${path}/scorecard?stage=official`)]);
  card = scorecard;
  const view = await api("GET", `/criteria/${encodeURIComponent(card.appendix)}`);
  $("appendix-title").textContent = `${card.name}: ${view.title} (tối đa ${view.max} điểm)`;
  const submitted = record.official.submitted;
  $("unit-status").textContent = submitted
    ? `Đơn vị đã nộp lúc ${when(submitted.at)} (${submitted.by}).`
    : "Đơn vị chưa nộp kết quả tự đánh giá.";
  tree = criteriaTree($("tree").querySelector("tbody"), view, {
    answers: record.official.assessment.answers ?? {},
    disabled: true,
    extraCells: appraisalCells(record),
  });
  show();
  document.body.dataset.unit = unit;
}

async function main() {
  const actor = await signedIn(["appraiser", "admin"]);
  if (!actor) return;
  $("admin-link").hidden = actor.role !== "admin";
  const [ed, phase] = await Promise.all([api("GET", "/edition"), api("GET", "/phase")]);
  edition = ed;
  setText($("phase"), PHASE_TEXT[phase.phase] ?? phase.phase);
  setText($("now"), when(phase.now));
  const select = $("unit");
  select.append(...edition.units.map((u) => el("option", { value: u.id, text: u.name })));
  select.disabled = false;
  select.addEventListener("change", () => pick(select.value).catch((e) => showError($("page-error"), e)));
  document.body.dataset.ready = "true";
}

main().catch((e) => showError($("page-error"), e));
