// The admins' page (/quan-tri): the round's phase and the server's clock (settable only when the
// server was started with --clock-override), publication, the results ranked per group
// (GET /results), and the export of the log.
import { $, el, setText } from "./components.js";
import { PHASE_TEXT, act, api, showError, signedIn, when } from "./common.js";

let edition = null;

async function refresh() {
  const [health, phase] = await Promise.all([api("GET", "/health"), api("GET", "/phase")]);
  setText($("phase"), PHASE_TEXT[phase.phase] ?? phase.phase);
  document.body.dataset.phase = phase.phase;
  setText($("now"), when(phase.now));
  setText($("clock"), health.clock === "override" ? "đặt thủ công (thử nghiệm)" : "đồng hồ hệ thống");
  setText($("events"), String(health.events));
  $("clock-form").hidden = health.clock !== "override";
  if (!$("clock-now").value) $("clock-now").value = phase.now;
}

/** One group's ranking as a table: rank, unit, index, band, submitted. */
function groupTable(group) {
  const set = edition.criteria.find((s) => s.appendix === group.appendix);
  const s = group.summary;
  return el("section", { class: "group", "data-group": group.group }, [
    el("h3", { text: set?.title ?? group.group }),
    el("table", { class: "ranking" }, [
      el("thead", {}, [el("tr", {}, ["Hạng", "Đơn vị", "Chỉ số (%)", "Xếp loại", "Đã nộp"].map((t) => el("th", { text: t })))]),
      el(
        "tbody",
        {},
        group.ranking.map((p) =>
          el("tr", { "data-rank-unit": p.unit }, [
            el("td", { class: "rank", text: String(p.rank) }),
            el("td", { class: "name", text: p.name }),
            el("td", { class: "index", text: p.index }),
            el("td", { class: "band", text: p.band_label }),
            el("td", { class: "submitted", text: p.submitted ? "Có" : "Chưa" }),
          ]),
        ),
      ),
    ]),
    el("p", {
      class: "muted small",
      text: `${s.count} đơn vị · trung bình ${s.mean ?? "—"} · trung vị ${s.median ?? "—"} · thấp nhất ${s.min ?? "—"} · cao nhất ${s.max ?? "—"}`,
    }),
  ]);
}

async function loadResults() {
  showError($("results-error"), undefined);
  try {
    const results = await api("GET", "/results");
    $("results").replaceChildren(...results.groups.map(groupTable));
  } catch (e) {
    showError($("results-error"), e);
  }
}

async function main() {
  const actor = await signedIn(["admin"]);
  if (!actor) return;
  edition = await api("GET", "/edition");
  $("edition-title").textContent = `${edition.title} — ${edition.province} ${edition.year}`;
  $("clock-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const now = $("clock-now").value.trim();
    if (await act($("set-clock"), $("clock-error"), () => api("PUT", "/clock", { now }))) {
      $("clock-now").value = "";
      await refresh();
    }
  });
  $("publish").addEventListener("click", async () => {
    const answer = await act($("publish"), $("publish-error"), () => api("POST", "/commands", { type: "publish" }));
    if (answer) {
      $("publish-done").textContent = `Đã công bố kết quả lúc ${when(answer.event.at)}.`;
      $("publish-done").hidden = false;
      await Promise.all([refresh(), loadResults()]);
    }
  });
  $("reload-results").addEventListener("click", loadResults);
  await Promise.all([refresh(), loadResults()]);
  document.body.dataset.ready = "true";
}

main().catch((e) => showError($("page-error"), e));
