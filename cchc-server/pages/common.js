// What every page of cchc-server shares: calls to the API (/api/v1, docs/server.md) with the
// session's CSRF token, the signed-in actor, Vietnamese names of roles and phases, and the way an
// error of the core is shown (its own message). The pages compute nothing: every point, rule and
// refusal is the API's answer.
import { $, el } from "./components.js";

const BASE = "/api/v1";
/** The session's CSRF token (from the login answer or GET /me), sent with every request. */
let csrf = null;

/** A refusal of the API: `body` is the core's error JSON (code, message, items, …). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
    this.code = this.body.code ?? "";
    this.items = this.body.items ?? [];
  }
}

/**
 * One API call: `body` is sent as JSON, or as it is with `type` (a file's media type).
 * Returns the answer's JSON (null for an empty answer); throws an ApiError on a refusal.
 */
export async function api(method, path, body, { type } = {}) {
  const headers = { Accept: "application/json" };
  if (csrf) headers["X-CSRF-Token"] = csrf;
  let payload;
  if (body !== undefined) {
    headers["Content-Type"] = type ?? "application/json";
    payload = type ? body : JSON.stringify(body);
  }
  const res = await fetch(BASE + path, { method, headers, body: payload, credentials: "same-origin", cache: "no-store" });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data && typeof data === "object" ? data : { message: text || `HTTP ${res.status}` });
  return data;
}

/** The page of each role. */
export const ROLE_PAGE = {
  "unit-editor": "/don-vi",
  "unit-head": "/don-vi",
  appraiser: "/tham-dinh",
  admin: "/quan-tri",
};

/** Roles in Vietnamese. */
export const ROLE_TEXT = {
  "unit-editor": "Cán bộ nhập liệu của đơn vị",
  "unit-head": "Lãnh đạo đơn vị",
  appraiser: "Thành viên Hội đồng thẩm định",
  admin: "Quản trị",
};

/** Phases of the round in Vietnamese (docs/record.md). */
export const PHASE_TEXT = {
  before: "Chưa đến thời hạn tự đánh giá",
  trial: "Tự đánh giá thử nghiệm",
  official: "Tự đánh giá chính thức",
  appraisal: "Đã khóa — Hội đồng thẩm định",
  explanation: "Giải trình, kiến nghị",
  published: "Đã công bố kết quả",
};

/** Signs in; returns the actor and keeps the CSRF token. */
export async function signIn(login, password) {
  const answer = await api("POST", "/session", { login, password });
  csrf = answer.csrf;
  return answer.actor;
}

/** The signed-in actor (GET /me), keeping the CSRF token; null when nobody is. */
export async function whoAmI() {
  try {
    const me = await api("GET", "/me");
    csrf = me.csrf ?? null;
    return me.actor;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/**
 * The start of every page but the login: the actor, who must have one of `roles` (anyone else
 * goes to their own page, nobody to the login), shown in the header with a sign-out button.
 */
export async function signedIn(roles) {
  const actor = await whoAmI();
  if (!actor) {
    location.replace("/");
    return null;
  }
  if (!roles.includes(actor.role)) {
    location.replace(ROLE_PAGE[actor.role] ?? "/");
    return null;
  }
  $("who").textContent = `${actor.id} · ${ROLE_TEXT[actor.role] ?? actor.role}${actor.unit ? ` · ${actor.unit}` : ""}`;
  $("logout").addEventListener("click", async () => {
    try {
      await api("DELETE", "/session");
    } finally {
      location.replace("/");
    }
  });
  return actor;
}

/** Shows an error (the core's message, or what went wrong) in a box; `undefined` hides it. */
export function showError(box, e) {
  box.hidden = !e;
  box.textContent = e ? e.message : "";
  if (e) box.dataset.code = e.code ?? "";
  else delete box.dataset.code;
}

/** Runs an async action of a button, showing its error in `box`; the button is disabled meanwhile. */
export async function act(button, box, action) {
  button.disabled = true;
  showError(box, undefined);
  try {
    return await action();
  } catch (e) {
    showError(box, e);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/** A date and time of the API (RFC 3339, +07:00) as people in Vietnam write it. */
export function when(instant) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(instant ?? "");
  return m ? `${m[4]}:${m[5]}:${m[6]} ngày ${m[3]}/${m[2]}/${m[1]}` : (instant ?? "");
}

/** One line of evidence: number, date, title, and a link to its file. */
export function evidenceItem(item) {
  const e = item.evidence;
  const parts = [el("span", { text: `${e.number}, ngày ${e.date}: ${e.title}` })];
  if (e.file) parts.push(" — ", el("a", { href: `${BASE}/files/${e.file.sha256}`, text: e.file.name, target: "_blank", rel: "noopener" }));
  // The core accepts only http(s) links; an older record's other link is shown as text.
  if (e.link) {
    const safe = /^https?:\/\//i.test(e.link);
    parts.push(" — ", safe ? el("a", { href: e.link, text: e.link, target: "_blank", rel: "noopener noreferrer" }) : el("span", { text: e.link }));
  }
  return el("li", { "data-evidence": String(item.id) }, parts);
}

export { BASE };
