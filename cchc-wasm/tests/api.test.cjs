// The scoring, round, record and report API of the WASM package, loaded as CommonJS
// (`require("cchc")`), and every kind of error it throws.
const test = require("node:test");
const assert = require("node:assert/strict");
const cchc = require("cchc");

const ed = cchc.defaultEdition();
const { CchcError, AnswerError, RecordError, InstantError, InputError } = cchc.errorClasses();

/** Runs `fn`, returns what it threw (fails when it throws nothing). */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("nothing was thrown");
}

test("an assessment: answers to points, scorecard, priorities", () => {
  const a = new cchc.Assessment(ed, "so-tu-phap");
  assert.equal(a.unit, "so-tu-phap");
  assert.equal(a.isEmpty(), true);
  assert.deepEqual(a.answer(ed, "1.1.1", { kind: "yes-no", yes: true }), { kind: "points", points: "0.5" });
  assert.equal(a.appraise(ed, "1.1.1", "0"), "0");
  assert.equal(a.isAnswered("1.1.1"), true);
  const card = a.scorecard(ed);
  assert.equal(card.unit, "so-tu-phap");
  assert.equal(card.appendix, "I");
  const leaf = card.nodes.find((n) => n.code === "1.1.1");
  assert.deepEqual(leaf, {
    code: "1.1.1", max: "0.5", applicable_max: "0.5", self: "0.5", appraised: "0", final: "0",
    survey: null, answered: true, not_applicable: false,
  });
  assert.equal(card.self_total, "0.5");
  assert.equal(card.appraised_total, "0");
  assert.equal(card.index, "0.00");
  assert.equal(card.fields[0].sub_index, "0.00");
  const p = a.priorities(ed);
  assert.equal(p.unit, "so-tu-phap");
  assert.equal(p.items[0].recoverable, "4"); // the leaves with most to recover first
  assert.ok(p.items.every((x, i) => i === 0 || Number(p.items[i - 1].recoverable) >= Number(x.recoverable)));
  assert.equal(a.decide(ed, "1.1.1", "0.25"), "0.25");
  assert.equal(a.scorecard(ed).final_total, "0.25");
  assert.equal(a.clear("1.1.1"), true);
  assert.equal(a.clear("1.1.1"), false);
  assert.equal(a.isEmpty(), true);
  a.free();
});

test("giveAll records what fits and returns one error per refused leaf", () => {
  const a = new cchc.Assessment(ed, "cuc-thue");
  const refused = a.giveAll(ed, {
    "1.1.1": { kind: "yes-no", yes: true },
    "7.2.2": { kind: "rate", numerator: "10", denominator: "9" },
    "1.6": { kind: "count", count: 2.5 },
    "9.9": { kind: "yes-no", yes: true },
  });
  assert.deepEqual(
    refused.map((e) => [e.name, e.code, e.criterion]),
    [["AnswerError", "numerator-above-denominator", "7.2.2"], ["InputError", "invalid-input-shape", "1.6"], ["AnswerError", "unknown-criterion", "9.9"]],
  );
  assert.ok(refused.every((e) => e instanceof CchcError));
  assert.equal(refused[0].detail, "numerator 10 is above denominator 9");
  assert.equal(refused[0].limit, "9");
  assert.match(refused[1].detail, /^not an answer: /);
  assert.deepEqual(Object.keys(a.data().answers), ["1.1.1"]);
  a.free();
});

test("assessments from and to JSON, checked against the edition", () => {
  const data = { unit: "so-y-te", submitted: true, answers: { "1.1.1": { kind: "yes-no", yes: true } }, appraisals: { "1.1.1": "0.25" } };
  const a = cchc.Assessment.fromJson(ed, data);
  assert.equal(a.submitted, true);
  assert.deepEqual(a.data(), data);
  const b = cchc.Assessment.fromJson(ed, a.toJson());
  assert.equal(b.toJson(), a.toJson());
  const bad = thrown(() => cchc.Assessment.fromJson(ed, { ...data, appraisals: { "1.1.1": "9" } }));
  assert.ok(bad instanceof AnswerError);
  assert.equal(bad.code, "above-max");
  assert.equal(bad.limit, "0.5");
  assert.equal(thrown(() => cchc.Assessment.fromJson(ed, "{")).code, "invalid-input-shape");
  assert.equal(thrown(() => cchc.Assessment.fromJson(ed, { unit: "x", extra: 1 })).name, "InputError");
});

test("a round: scorecards, results, self vs appraised, priorities, results table", () => {
  const round = new cchc.Round();
  const a = new cchc.Assessment(ed, "so-noi-vu");
  a.answer(ed, "1.1.1", { kind: "yes-no", yes: true });
  a.appraise(ed, "1.1.1", "0");
  round.insert(ed, a);
  const b = cchc.syntheticAssessment(ed, "so-y-te", 2018n);
  round.insert(ed, b);
  assert.equal(round.scorecards(ed).length, 47);
  const results = round.results(ed);
  assert.equal(results.edition, "soc-trang-2018");
  const deps = results.groups.find((g) => g.group === "department");
  assert.equal(deps.ranking.length, 21);
  assert.equal(deps.ranking[0].unit, "so-y-te");
  assert.equal(deps.summary.count, 21);
  assert.equal(deps.summary.bands.reduce((s, x) => s + x.count, 0), 21);
  const gaps = round.selfVsAppraised(ed);
  const mine = gaps.units.find((u) => u.key === "so-noi-vu");
  assert.deepEqual(mine, { key: "so-noi-vu", appendix: "I", self: "0.5", appraised: "0", gap: "0.5" });
  assert.equal(round.priorities(ed, "so-noi-vu").unit, "so-noi-vu");
  assert.equal(round.get("so-noi-vu").toJson(), a.toJson());
  assert.equal(round.get("cuc-thue"), undefined);
  assert.equal(thrown(() => round.priorities(ed, "nobody")).code, "unknown-unit");
  const html = round.resultsHtml(ed);
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.ok(html.includes("Sở Y tế"));
  const csv = round.resultsCsv(ed, { decimal_comma: true });
  assert.ok(csv.includes(";"));
  // The same synthetic assessment in every binding.
  assert.deepEqual(cchc.syntheticAssessment(ed, "so-y-te", 2018n).data(), b.data());
});

test("instants need an offset", () => {
  assert.equal(cchc.parseInstant("2019-01-02T16:59:59Z"), "2019-01-02T16:59:59+00:00");
  assert.equal(cchc.parseInstant("2019-01-02T23:59:59+07:00"), "2019-01-02T23:59:59+07:00");
  const e = thrown(() => cchc.parseInstant("2019-01-02T23:59:59"));
  assert.ok(e instanceof InstantError);
  assert.equal(e.code, "invalid-instant");
  assert.equal(e.value, "2019-01-02T23:59:59");
  assert.equal(e.message, 'instant "2019-01-02T23:59:59" has no UTC offset; write it with one, e.g. 2019-01-02T23:59:59+07:00');
  assert.equal(thrown(() => cchc.parseInstant("tomorrow")).code, "invalid-instant");
});

const editor = { id: "lan", role: "unit-editor", unit: "so-noi-vu" };
const head = { id: "hoa", role: "unit-head", unit: "so-noi-vu" };
const appraiser = { id: "council", role: "appraiser" };
const admin = { id: "snv", role: "admin" };
const yes = (code) => ({ type: "answer", unit: "so-noi-vu", code, answer: { kind: "yes-no", yes: true } });

test("a round's record: phases, the automatic lock, roles, the event log", () => {
  const r = new cchc.RoundRecord(ed);
  assert.equal(r.editionId, "soc-trang-2018");
  const phases = [
    ["2018-12-17T23:59:59+07:00", "before"],
    ["2018-12-18T00:00:00+07:00", "trial"],
    ["2018-12-24T00:00:00+07:00", "official"],
    ["2019-01-02T16:59:59Z", "official"],
    ["2019-01-02T17:00:00Z", "appraisal"],
  ];
  for (const [at, phase] of phases) assert.equal(r.phase(ed, at), phase, at);
  const ev = r.execute(ed, editor, "2019-01-02T23:59:59+07:00", yes("1.1.1"));
  assert.deepEqual(ev, { seq: 1, at: "2019-01-02T23:59:59+07:00", actor: editor, command: yes("1.1.1") });

  const closed = thrown(() => r.execute(ed, editor, "2019-01-03T00:00:00+07:00", yes("1.1.1")));
  assert.ok(closed instanceof RecordError);
  assert.equal(closed.code, "window-closed");
  assert.equal(closed.kind, "window-closed");
  assert.equal(closed.unit, "so-noi-vu");
  assert.equal(closed.limit, "2019-01-03T00:00:00+07:00");
  assert.equal(closed.answer, null);
  assert.equal(r.events().length, 1);

  const bad = thrown(() => r.execute(ed, editor, "2019-01-02T23:59:59+07:00", { ...yes("1.1.1"), answer: { kind: "count", count: 1 } }));
  assert.equal(bad.code, "wrong-answer-kind");
  assert.equal(bad.kind, "invalid-input");
  assert.equal(bad.criterion, "1.1.1");
  assert.equal(bad.answer.method, "yes-no");

  assert.equal(thrown(() => r.execute(ed, editor, "2019-01-01T00:00:00+07:00", yes("1.1.2"))).code, "out-of-order");
  assert.equal(thrown(() => r.execute(ed, { ...editor, unit: "so-y-te" }, "2019-01-02T23:59:59+07:00", yes("1.1.1"))).code, "other-unit");
  assert.equal(thrown(() => r.execute(ed, editor, "2019-01-02T23:59:59+07:00", { type: "submit", unit: "so-noi-vu" })).code, "permission-denied");
  const missing = thrown(() => r.execute(ed, head, "2019-01-02T23:59:59+07:00", { type: "submit", unit: "so-noi-vu" }));
  assert.equal(missing.code, "evidence-missing");
  assert.deepEqual(missing.items, ["1.1.1"]);
  assert.equal(thrown(() => r.execute(ed, editor, "2019-01-02T23:59:59", yes("1.1.1"))).name, "InstantError");
  assert.equal(thrown(() => r.execute(ed, editor, "2019-01-02T23:59:59+07:00", { type: "dance" })).name, "InputError");
  assert.equal(thrown(() => r.execute(ed, { id: "x", role: "king" }, "2019-01-02T23:59:59+07:00", yes("1.1.1"))).what, "actor");

  r.execute(ed, editor, "2019-01-02T23:59:59+07:00", {
    type: "attach-evidence", unit: "so-noi-vu", code: "1.1.1",
    evidence: { number: "125/KH-SNV", date: "2018-12-20", title: "Kế hoạch CCHC năm 2018" },
  });
  r.execute(ed, head, "2019-01-02T23:59:59+07:00", { type: "submit", unit: "so-noi-vu" });
  assert.equal(thrown(() => r.execute(ed, editor, "2019-01-02T23:59:59+07:00", yes("1.1.2"))).code, "already-submitted");
  assert.equal(thrown(() => r.execute(ed, appraiser, "2019-01-02T23:59:59+07:00", { type: "appraise", unit: "so-noi-vu", code: "1.1.1", points: "0" })).code, "wrong-phase");
  r.execute(ed, appraiser, "2019-01-04T08:00:00+07:00", { type: "appraise", unit: "so-noi-vu", code: "1.1.1", points: "0.25", comment: "thiếu" });
  assert.equal(r.scorecard(ed, "so-noi-vu").appraised_total, "0.25");
  assert.equal(r.trialScorecard(ed, "so-noi-vu").self_total, "0");
  assert.equal(r.phase(ed, "2019-01-04T08:00:00+07:00"), "appraisal");

  const view = r.unitView(editor, "so-noi-vu");
  assert.equal(view.official.submitted.by, "hoa");
  assert.equal(view.official.evidence["1.1.1"][0].evidence.number, "125/KH-SNV");
  assert.equal(view.appraisal_comments["1.1.1"], "thiếu");
  assert.equal(thrown(() => r.unitView(editor, "so-y-te")).code, "other-unit");
  assert.deepEqual(r.unitEvents(editor, "so-noi-vu").map((e) => e.seq), [1, 2, 3, 4]);
  assert.equal(thrown(() => r.unitEvents(editor, "so-y-te")).code, "other-unit");
  assert.equal(r.state().units["so-noi-vu"].official.assessment.appraisals["1.1.1"], "0.25");
  assert.equal(r.round().scorecards(ed).find((c) => c.unit === "so-noi-vu").appraised_total, "0.25");

  const report = r.selfAssessmentReport(ed, "so-noi-vu");
  assert.equal(report.unit, "so-noi-vu");
  assert.equal(report.self_total, "0.5");
  assert.equal(report.items.find((i) => i.code === "1.1.1").evidence[0].number, "125/KH-SNV");
  assert.match(r.selfAssessmentReportHtml(ed, "so-noi-vu"), /125\/KH-SNV/);
  assert.match(r.selfAssessmentReportCsv(ed, "so-noi-vu", { decimal_comma: true }), /0,5/);

  // The log to JSON and back, and replayed from its events.
  const text = r.toJson();
  const back = cchc.RoundRecord.fromJson(ed, text);
  assert.equal(back.toJson(), text);
  const replayed = cchc.RoundRecord.replay(ed, r.events());
  assert.deepEqual(replayed.state(), r.state());
  const stored = JSON.parse(text);
  assert.equal(stored.schema, 1);
  stored.events[0].at = "2019-01-05T00:00:00+07:00";
  const log = thrown(() => cchc.RoundRecord.fromJson(ed, JSON.stringify(stored)));
  assert.equal(log.code, "invalid-log");
  assert.equal(thrown(() => cchc.RoundRecord.fromJson(ed, "[]")).code, "invalid-log");

  r.execute(ed, admin, "2019-01-05T00:00:00+07:00", { type: "publish" });
  assert.equal(r.phase(ed, "2019-01-05T00:00:00+07:00"), "published");
  assert.equal(thrown(() => r.execute(ed, admin, "2019-01-06T00:00:00+07:00", { type: "publish" })).code, "published");
});

test("self-assessment report of plain answers (the calculator's print view)", () => {
  const a = new cchc.Assessment(ed, "cuc-thue");
  a.answer(ed, "1.1.1", { kind: "yes-no", yes: true });
  a.answer(ed, "1.5.2", { kind: "not-applicable" });
  const data = a.report(ed);
  assert.equal(data.unit, "cuc-thue");
  assert.equal(data.appendix, "IV");
  assert.equal(data.self_total, "1");
  assert.equal(data.applicable_max, "98");
  assert.equal(data.items.find((i) => i.code === "1.5.2").answer, "Không áp dụng");
  const html = a.reportHtml(ed);
  assert.match(html, /Báo cáo kết quả tự đánh giá/);
  assert.ok(a.reportCsv(ed).startsWith("ma,"));
  assert.equal(thrown(() => a.reportHtml(ed, { decimal_comma: "yes" })).name, "InputError");
});

test("every answer error code, each a real AnswerError with its details", () => {
  const a = new cchc.Assessment(ed, "cuc-thue");
  // Appendix IV has no points leaf: the points errors are shown on Appendix II's council-judged 1.5.
  const b = new cchc.Assessment(ed, "h-ke-sach");
  const cases = [
    ["unknown-criterion", () => a.answer(ed, "1", { kind: "yes-no", yes: true })],
    ["wrong-answer-kind", () => a.answer(ed, "1.1.1", { kind: "count", count: 1 })],
    ["unknown-option", () => a.answer(ed, "1.2", { kind: "option", option: "xyz" })],
    ["unknown-item", () => a.answer(ed, "1.4", { kind: "checklist", ticked: ["a", "a"] })],
    ["negative-value", () => a.answer(ed, "1.6", { kind: "count", count: -1 })],
    ["zero-denominator", () => a.answer(ed, "3.4", { kind: "rate", numerator: "0", denominator: "0" })],
    ["numerator-above-denominator", () => a.answer(ed, "3.4", { kind: "rate", numerator: "8", denominator: "7" })],
    ["above-max", () => b.give(ed, "authority", "1.5", { kind: "points", points: "1.5" })],
    ["off-step", () => b.give(ed, "authority", "1.5", { kind: "points", points: "0.1" })],
    ["too-precise", () => a.answer(ed, "3.4", { kind: "rate", numerator: "1.125", denominator: "7" })],
    ["not-applicable-refused", () => a.answer(ed, "1.1.1", { kind: "not-applicable" })],
    ["not-self-assessed", () => a.answer(ed, "9.1", { kind: "count", count: 1 })],
    ["no-respondents", () => a.give(ed, "survey", "8.1.1", { kind: "tally", tally: { a: 0 } })],
    ["wrong-assessor", () => a.give(ed, "authority", "1.1.1", { kind: "yes-no", yes: true })],
    ["unknown-unit", () => new cchc.Assessment(ed, "nobody")],
  ];
  for (const [code, fn] of cases) {
    const e = thrown(fn);
    assert.ok(e instanceof Error && e instanceof AnswerError, code);
    assert.equal(e.name, "AnswerError");
    assert.equal(e.code, code);
    assert.equal(e.kind, code);
    assert.ok(e.message.startsWith(`${code}: `), e.message);
    assert.equal(typeof e.detail, "string");
    assert.ok("unit" in e && "criterion" in e && "method" in e && "limit" in e);
  }
  const e = thrown(cases[7][1]);
  assert.deepEqual(
    { unit: e.unit, criterion: e.criterion, method: e.method, limit: e.limit, detail: e.detail },
    { unit: "h-ke-sach", criterion: "1.5", method: "points", limit: "1", detail: "1.5 points is above the max 1" },
  );
  assert.ok(a.isEmpty() && b.isEmpty(), "refused answers recorded nothing");
});

test("input of the wrong shape: decimals must be strings, channels and answers well-formed", () => {
  const a = new cchc.Assessment(ed, "cuc-thue");
  const e = thrown(() => a.answer(ed, "7.2.2", { kind: "rate", numerator: 7, denominator: "9" }));
  assert.ok(e instanceof InputError);
  assert.equal(e.code, "invalid-input-shape");
  assert.equal(e.what, "answer");
  assert.equal(thrown(() => a.appraise(ed, "1.1.1", "abc")).what, "points");
  assert.equal(thrown(() => a.give(ed, "mail", "1.1.1", { kind: "yes-no", yes: true })).what, "channel");
  assert.equal(thrown(() => a.answer(ed, "1.1.1", undefined)).name, "InputError");
  assert.equal(thrown(() => a.giveAll(ed, 5)).name, "InputError");
  assert.equal(thrown(() => cchc.RoundRecord.replay(ed, [{ seq: "one" }])).name, "InputError");
});

test("the golden runner notices a wrong digit", async () => {
  const { runCase, readCase, goldenFiles } = await import("./golden.mjs");
  const file = goldenFiles().find((f) => f.endsWith("mini-every-method.json"));
  const c = readCase(file);
  const [unit] = Object.keys(c.expected.scorecards);
  c.expected.scorecards[unit].index = "0.01";
  assert.equal(runCase(cchc, c).length, 1);
});

test("no input makes the module trap: hostile values are refused with errors", () => {
  const a = new cchc.Assessment(ed, "cuc-thue");
  const big = "79228162514264337593543950335";
  assert.deepEqual(a.answer(ed, "7.2.2", { kind: "rate", numerator: big, denominator: big }), { kind: "points", points: "3" });
  assert.deepEqual(a.answer(ed, "1.1.3", { kind: "rate", numerator: big, denominator: big }), { kind: "points", points: "2" });
  const hostile = [
    ["7.2.2", { kind: "rate", numerator: "79228162514264337593543950336", denominator: "1" }],
    ["1.6", { kind: "count", count: Number.MAX_SAFE_INTEGER }],
    ["1.6", { kind: "count", count: 1e300 }],
    ["1.6", { kind: "count", count: NaN }],
    ["7.2.2", { kind: "points", points: big }],
    ["7.2.2", { kind: "points", points: "-0" }],
    ["7.2.2", { kind: "points", points: "1e5" }],
    ["1.4", { kind: "checklist", ticked: Array.from({ length: 1000 }, (_, i) => `x${i}`) }],
    ["8.1.1", { kind: "tally", tally: { a: Number.MAX_SAFE_INTEGER, b: Number.MAX_SAFE_INTEGER, c: Number.MAX_SAFE_INTEGER } }],
    ["x".repeat(10000), { kind: "yes-no", yes: true }],
    ["1.1.1", { kind: "yes-no", yes: true, extra: [1, 2, 3] }],
    ["1.1.1", "yes"],
    ["1.1.1", null],
    ["1.1.1", [1, 2]],
  ];
  for (const [code, answer] of hostile) {
    for (const channel of ["self", "survey"]) {
      try {
        a.give(ed, channel, code, answer);
      } catch (e) {
        assert.ok(e instanceof CchcError, `${code} ${JSON.stringify(answer)?.slice(0, 60)}: ${e}`);
      }
    }
  }
  for (const bad of ["", "-1", "1e3", "0.001", big + "0", "NaN", "Infinity"]) {
    try {
      a.appraise(ed, "1.1.1", bad);
    } catch (e) {
      assert.ok(e instanceof CchcError, `${bad}: ${e}`);
    }
  }
  // The module still works: nothing trapped.
  assert.equal(a.scorecard(ed).unit, "cuc-thue");
  assert.equal(new cchc.Assessment(ed, "cuc-thue").scorecard(ed).total, "0");
});

test("the other record refusals: unknown unit, unknown evidence, nothing to contest, invalid value", () => {
  const r = new cchc.RoundRecord(ed);
  const inWindow = "2018-12-28T09:00:00+07:00";
  const unknown = thrown(() => r.execute(ed, admin, inWindow, { type: "submit", unit: "nobody" }));
  assert.equal(unknown.code, "unknown-unit");
  assert.equal(unknown.unit, "nobody");
  assert.equal(
    thrown(() => r.execute(ed, editor, inWindow, { type: "withdraw-evidence", unit: "so-noi-vu", code: "1.1.1", evidence: 99 })).code,
    "unknown-evidence",
  );
  const noReason = thrown(() =>
    r.execute(ed, admin, inWindow, { type: "grant-extension", unit: "so-noi-vu", until: "2019-01-10T00:00:00+07:00", reason: " " }),
  );
  assert.equal(noReason.code, "invalid-value");
  r.execute(ed, editor, inWindow, yes("1.1.1"));
  r.execute(ed, admin, "2019-01-04T00:00:00+07:00", { type: "open-explanation-round", until: "2019-01-08T00:00:00+07:00" });
  assert.equal(r.phase(ed, "2019-01-04T00:00:00+07:00"), "explanation");
  const contest = thrown(() =>
    r.execute(ed, editor, "2019-01-05T00:00:00+07:00", { type: "contest", unit: "so-noi-vu", code: "1.1.1", text: "đã ban hành", proposed: "0.5" }),
  );
  assert.equal(contest.code, "nothing-to-contest");
  assert.equal(contest.criterion, "1.1.1");
  assert.equal(r.events().length, 2);
});
