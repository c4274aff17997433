// The unit's page (/don-vi), for its editor and its head: the unit's criteria tree with an input
// per leaf (the calculator's components), each answer sent as an `answer` command and the points
// shown from the scorecard the command returns; evidence (the file uploaded with POST /files,
// then an `attach-evidence` command naming it) and explanations per leaf; the head's submission,
// whose refusal lists the leaves missing evidence (the error's `items`); the record shown locked
// once the window has closed (the phase, or a command's 423 `window-closed`); the printable report.
import { $, el, answerSheet, setText, showSummary, summaryBox } from "./components.js";
import { ApiError, BASE, PHASE_TEXT, act, api, evidenceItem, showError, signedIn, when } from "./common.js";

/** The file types POST /files accepts. */
const MEDIA_TYPES = [
  "application/pdf",
  "image/png",
  "image/jpeg",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

let unit = "";
/** "official" or "trial": the self-assessment the unit works on in this phase. */
let stage = "official";
let view = null;
let sheet = null;
/** The last scorecard the API gave. */
let card = null;
/** The API's refusal of each refused answer, by code. */
const errors = new Map();
/** Whether the record no longer takes the unit's commands (locked or submitted). */
let readOnly = false;
/** The summary's elements (components.js `summaryBox`). */
let summary;

/** Sends a command; a scorecard in the answer is shown, a 423 (window closed) locks the page. */
async function run(command) {
  try {
    const answer = await api("POST", "/commands", command);
    if (answer?.scorecard) {
      card = answer.scorecard;
      sheet.show({ card, errors });
    }
    return answer;
  } catch (e) {
    if (e instanceof ApiError && e.status === 423) lock(`Hồ sơ đã khóa: ${e.message}`);
    throw e;
  }
}

/** The scoring function given to the shared tree: the answer goes to the API as a command. */
async function score(code, answer) {
  if (answer === undefined) {
    return { errors: new Map([[code, { message: "Câu trả lời đã ghi không xóa được: hãy chọn hoặc nhập câu trả lời khác." }]]) };
  }
  try {
    await run({ type: "answer", unit, code, answer });
    errors.delete(code);
  } catch (e) {
    errors.set(code, e);
  }
  return { card, errors };
}

function showScores(scorecard, answered) {
  showSummary(summary, scorecard);
  setText($("answered-count"), String(answered));
}

/** Makes the page read-only: every input, form and the submission are disabled. */
function disableAll() {
  readOnly = true;
  for (const input of document.querySelectorAll("#tree input, #tree select, #tree textarea, #tree button")) input.disabled = true;
  for (const details of document.querySelectorAll("#tree details")) details.hidden = true;
  $("submit").disabled = true;
}

/** Shows the record locked, with why. */
function lock(text) {
  $("locked").textContent = text;
  $("locked").hidden = false;
  document.body.dataset.locked = "true";
  disableAll();
}

/** The form that attaches one document to a leaf: upload the file, then attach-evidence. */
function attachForm(code) {
  const box = el("p", { class: "error", role: "alert", hidden: true });
  const input = (name, props) => el("input", { name, ...props });
  const number = input("number", { placeholder: "Số, ký hiệu", required: true });
  const date = input("date", { type: "date", required: true });
  const title = input("title", { placeholder: "Trích yếu nội dung", required: true });
  const link = input("link", { type: "url", placeholder: "https://… (không bắt buộc)" });
  const file = input("file", { type: "file", accept: MEDIA_TYPES.join(",") });
  const button = el("button", { type: "submit", text: "Đính kèm" });
  const label = (text, control) => el("label", {}, [text, " ", control]);
  const form = el("form", { class: "attach", "data-attach-for": code }, [
    label("Số, ký hiệu", number),
    label("Ngày ban hành", date),
    label("Trích yếu", title),
    label("Tệp", file),
    label("Đường dẫn", link),
    button,
    box,
  ]);
  const details = el("details", { class: "attach" }, [el("summary", { text: "Đính kèm tài liệu" }), form]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const done = await act(button, box, async () => {
      const evidence = { number: number.value.trim(), date: date.value, title: title.value.trim() };
      if (link.value.trim()) evidence.link = link.value.trim();
      const chosen = file.files[0];
      if (chosen) {
        const uploaded = await api("POST", "/files", chosen, { type: chosen.type || "application/octet-stream" });
        evidence.file = { sha256: uploaded.sha256, name: chosen.name, media_type: uploaded.media_type, size: uploaded.size };
      }
      return run({ type: "attach-evidence", unit, code, evidence });
    });
    if (done) {
      form.reset();
      details.open = false;
      await refresh();
    }
  });
  return details;
}

/** The form of a leaf's explanation (giải trình). */
function explainForm(code) {
  const box = el("p", { class: "error", role: "alert", hidden: true });
  const text = el("textarea", { name: "text", rows: 3, "data-explain-text": code });
  const button = el("button", { type: "submit", text: "Lưu giải trình" });
  const form = el("form", { class: "explain", "data-explain-for": code }, [text, button, box]);
  const details = el("details", { class: "explain" }, [el("summary", { text: "Giải trình" }), form]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const done = await act(button, box, () => run({ type: "explain", unit, code, text: text.value }));
    if (done) {
      details.open = false;
      await refresh();
    }
  });
  return details;
}

/** The last cell of a row: the leaf's documents and explanation, and their forms. */
function evidenceCells(node) {
  if (!node.leaf || node.leaf.assessed_by !== "self") return [el("td", { class: "evidence-cell" })];
  return [
    el("td", { class: "evidence-cell" }, [
      ...(node.leaf.evidence ? [el("p", { class: "muted small", text: "Cần tài liệu kiểm chứng" })] : []),
      el("ul", { class: "evidence", "data-evidence-for": node.code }),
      el("p", { class: "explanation small", "data-explanation-for": node.code, hidden: true }),
      attachForm(node.code),
      explainForm(node.code),
    ]),
  ];
}

/** Shows the documents and explanations of the stage. */
function showEvidence(current) {
  for (const list of document.querySelectorAll("[data-evidence-for]")) {
    const code = list.dataset.evidenceFor;
    list.replaceChildren(
      ...(current.evidence?.[code] ?? []).map((item) => {
        const li = evidenceItem(item);
        if (!readOnly) {
          const withdraw = el("button", { type: "button", class: "small", text: "Rút", "data-withdraw": String(item.id) });
          withdraw.addEventListener("click", async () => {
            if (await act(withdraw, $("page-error"), () => run({ type: "withdraw-evidence", unit, code, evidence: item.id }))) await refresh();
          });
          li.append(" ", withdraw);
        }
        return li;
      }),
    );
  }
  for (const p of document.querySelectorAll("[data-explanation-for]")) {
    const text = current.explanations?.[p.dataset.explanationFor];
    p.hidden = !text;
    p.textContent = text ? `Giải trình: ${text}` : "";
  }
}

/** Reads the phase and the record, and shows where the unit stands. */
async function refresh() {
  const [phase, record] = await Promise.all([api("GET", "/phase"), api("GET", `/units/${encodeURIComponent(unit)}/record`)]);
  setText($("phase"), PHASE_TEXT[phase.phase] ?? phase.phase);
  document.body.dataset.phase = phase.phase;
  setText($("now"), when(phase.now));
  $("results-link").hidden = phase.phase !== "published";
  const current = record[stage];
  if (current.submitted) {
    $("submitted").textContent = `Đã nộp lúc ${when(current.submitted.at)} (${current.submitted.by}).`;
    $("submitted").hidden = false;
    document.body.dataset.submitted = "true";
    disableAll();
  }
  const extended = record.extension && Date.parse(record.extension.until) > Date.parse(phase.now);
  if (phase.phase !== "trial" && phase.phase !== "official" && !extended) {
    lock(
      phase.phase === "before"
        ? "Chưa đến thời hạn tự đánh giá: hồ sơ chưa nhận câu trả lời."
        : `Hồ sơ đã khóa: thời hạn tự đánh giá đã kết thúc (${PHASE_TEXT[phase.phase] ?? phase.phase}). Đơn vị chỉ xem, không sửa được.`,
    );
  }
  showEvidence(current);
  return { phase, record };
}

async function submit() {
  const button = $("submit");
  button.disabled = true;
  $("submit-result").hidden = true;
  try {
    await run({ type: "submit", unit });
    await refresh();
  } catch (e) {
    $("submit-error").textContent = e.message;
    $("submit-error").dataset.code = e.code ?? "";
    $("missing").replaceChildren(
      ...(e.items ?? []).map((code) => el("li", { "data-missing": code, text: `${code} — ${view.nodes.find((n) => n.code === code)?.title ?? ""}` })),
    );
    $("missing").previousElementSibling.hidden = !(e.items ?? []).length;
    $("submit-result").hidden = false;
    button.disabled = readOnly;
  }
}

async function main() {
  const actor = await signedIn(["unit-editor", "unit-head"]);
  if (!actor) return;
  unit = actor.unit;
  const [edition, phase, record] = await Promise.all([
    api("GET", "/edition"),
    api("GET", "/phase"),
    api("GET", `/units/${encodeURIComponent(unit)}/record`),
  ]);
  stage = phase.phase === "trial" ? "trial" : "official";
  card = await api("GET", `/units/${encodeURIComponent(unit)}/scorecard?stage=${stage}`);
  view = await api("GET", `/criteria/${encodeURIComponent(card.appendix)}`);
  summary = summaryBox($("summary"), "Tổng điểm");
  $("unit-name").textContent = `${card.name} — ${edition.title} (${stage === "trial" ? "thử nghiệm" : "chính thức"})`;
  $("appendix-title").textContent = `${view.title} (tối đa ${view.max} điểm)`;
  sheet = answerSheet($("tree").querySelector("tbody"), view, {
    answers: record[stage].assessment.answers ?? {},
    commit: "change",
    score,
    onScored: showScores,
    extraCells: evidenceCells,
  });
  sheet.show({ card, errors });
  $("summary").hidden = false;
  $("tree-section").hidden = false;
  $("submit").hidden = actor.role !== "unit-head";
  $("submit").addEventListener("click", submit);
  $("show-report").addEventListener("click", () => {
    $("report").src = `${BASE}/units/${encodeURIComponent(unit)}/report.html`;
    $("report-section").hidden = false;
    $("report-section").scrollIntoView();
  });
  $("print").addEventListener("click", () => $("report").contentWindow.print());
  $("close-report").addEventListener("click", () => ($("report-section").hidden = true));
  await refresh();
  document.body.dataset.ready = "true";
}

main().catch((e) => showError($("page-error"), e));
