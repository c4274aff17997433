// The scoring, round, record and report API of the WASM package, loaded as CommonJS
// (`require("cchc")`), and the errors it throws: the core's one error value as an Error subclass.
const test = require("node:test");
const assert = require("node:assert/strict");
const cchc = require("cchc");

const ed = cchc.defaultEdition();
const { CchcError, AnswerError, RecordError, InputError } = cchc.errorClasses();

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
  assert.equal(a.edition.id, "soc-trang-2018");
  assert.equal(a.isEmpty(), true);
  assert.deepEqual(a.answer("1.1.1", { kind: "yes-no", yes: true }), { kind: "points", points: "0.5" });
  assert.equal(a.appraise("1.1.1", "0"), "0");
  assert.equal(a.isAnswered("1.1.1"), true);
  const card = a.scorecard();
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
  const p = a.priorities();
  assert.equal(p.unit, "so-tu-phap");
  assert.equal(p.items[0].recoverable, "4"); // the leaves with most to recover first
  assert.ok(p.items.every((x, i) => i === 0 || Number(p.items[i - 1].recoverable) >= Number(x.recoverable)));
  assert.deepEqual(ed.priorities(card), p, "the same from a stored scorecard");
  assert.equal(a.decide("1.1.1", "0.25"), "0.25");
  assert.equal(a.scorecard().final_total, "0.25");
  a.clear("1.1.1");
  a.clear("1.1.1");
  assert.equal(a.isEmpty(), true);
  a.answer("1.1.1", { kind: "yes-no", yes: true });
  a.clearAll();
  assert.equal(a.isEmpty(), true);
  assert.equal(a.unit, "so-tu-phap");
  a.free();
});

test("giveAll: one outcome per answer, in order; the refused ones recorded nothing", () => {
  const a = new cchc.Assessment(ed, "cuc-thue");
  const out = a.giveAll([
    { assessor: "self", code: "1.1.1", answer: { kind: "yes-no", yes: true } },
    { assessor: "self", code: "7.2.2", answer: { kind: "rate", numerator: "10", denominator: "9" } },
    { assessor: "self", code: "1.6", answer: { kind: "count", count: 2.5 } },
    { assessor: "self", code: "9.9", answer: { kind: "yes-no", yes: true } },
    { assessor: "survey", code: "8.1.1", answer: { kind: "tally", tally: { a: 3, b: 1 } } },
  ]);
  assert.equal(out.length, 5);
  assert.deepEqual(out[0], { ok: { kind: "points", points: "1" } });
  assert.deepEqual(out[4], { ok: { kind: "points", points: "2.34" } });
  assert.deepEqual(
    out.slice(1, 4).map((o) => [o.error.name, o.error.code, o.error.criterion, o.error.limit]),
    [["AnswerError", "numerator-above-denominator", "7.2.2", "9"], ["InputError", "invalid-shape", null, "given"], ["AnswerError", "unknown-criterion", "9.9", null]],
  );
  assert.ok(out.slice(1, 4).every((o) => o.error instanceof CchcError && o.error instanceof Error && o.ok === undefined));
  assert.deepEqual(Object.keys(a.data().answers), ["1.1.1"]);
  assert.deepEqual(Object.keys(a.data().survey), ["8.1.1"]);
  a.free();
});

test("assessments from and to JSON and plain values, checked against the edition", () => {
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
  assert.equal(thrown(() => cchc.Assessment.fromJson(ed, "{")).code, "invalid-json");
  const shape = thrown(() => cchc.Assessment.fromJson(ed, { unit: "x", extra: 1 }));
  assert.ok(shape instanceof InputError);
  assert.deepEqual([shape.code, shape.limit], ["invalid-shape", "assessment"]);
});

test("a round: scorecards, one unit's scorecard, results, analyses on stored cards, rendering", () => {
  const round = new cchc.Round(ed);
  const a = new cchc.Assessment(ed, "so-noi-vu");
  a.answer("1.1.1", { kind: "yes-no", yes: true });
  a.appraise("1.1.1", "0");
  round.insert(a.data());
  const b = cchc.Assessment.synthetic(ed, "so-y-te", 2018n);
  round.insert(b.data());
  assert.deepEqual(round.give("cuc-thue", "self", "1.1.1", { kind: "yes-no", yes: true }), { kind: "points", points: "1" });
  assert.equal(round.get("cuc-thue").scorecard().self_total, "1");
  const cards = round.scorecards();
  assert.equal(cards.length, 47);
  assert.deepEqual(round.scorecard("so-noi-vu"), cards.find((c) => c.unit === "so-noi-vu"));
  const results = round.results();
  assert.equal(results.edition, "soc-trang-2018");
  assert.deepEqual(ed.rank(JSON.parse(JSON.stringify(cards))), results, "ranking stored cards gives the same");
  const deps = results.groups.find((g) => g.group === "department");
  assert.equal(deps.ranking.length, 21);
  assert.equal(deps.ranking[0].unit, "so-y-te");
  assert.equal(deps.summary.count, 21);
  assert.equal(deps.summary.bands.reduce((s, x) => s + x.count, 0), 21);
  const gaps = ed.selfVsAppraised(cards);
  const mine = gaps.units.find((u) => u.key === "so-noi-vu");
  assert.deepEqual(mine, { key: "so-noi-vu", appendix: "I", self: "0.5", appraised: "0", gap: "0.5" });
  assert.equal(round.priorities("so-noi-vu").unit, "so-noi-vu");
  assert.equal(round.get("so-noi-vu").toJson(), a.toJson());
  assert.equal(round.get("vp-ubnd-tinh"), undefined);
  assert.equal(thrown(() => round.priorities("nobody")).code, "unknown-unit");
  assert.equal(thrown(() => round.scorecard("nobody")).code, "unknown-unit");
  const html = cchc.resultsToHtml(ed, results);
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.ok(html.includes("Sở Y tế"));
  assert.ok(cchc.resultsToCsv(results, { decimal_comma: true }).includes(";"));
  // A round to JSON and back; the same synthetic assessment in every binding.
  assert.equal(cchc.Round.fromJson(ed, round.toJson()).toJson(), round.toJson());
  assert.deepEqual(cchc.Assessment.synthetic(ed, "so-y-te", 2018n).data(), b.data());
  assert.equal(cchc.Round.synthetic(ed, 7n).scorecards().length, 47);
});

test("instants need an offset", () => {
  assert.equal(cchc.parseInstant("2019-01-02T16:59:59Z"), "2019-01-02T16:59:59+00:00");
  assert.equal(cchc.parseInstant("2019-01-02T23:59:59+07:00"), "2019-01-02T23:59:59+07:00");
  const e = thrown(() => cchc.parseInstant("2019-01-02T23:59:59"));
  assert.ok(e instanceof InputError);
  assert.equal(e.code, "invalid-instant");
  assert.equal(e.category, "input");
  assert.match(e.message, /2019-01-02T23:59:59/);
  assert.equal(thrown(() => cchc.parseInstant("tomorrow")).code, "invalid-instant");
});

const editor = { id: "lan", role: "unit-editor", unit: "so-noi-vu" };
const head = { id: "hoa", role: "unit-head", unit: "so-noi-vu" };
const appraiser = { id: "council", role: "appraiser" };
const admin = { id: "snv", role: "admin" };
const yes = (code) => ({ type: "answer", unit: "so-noi-vu", code, answer: { kind: "yes-no", yes: true } });

test("a round's record: phases, the automatic lock, roles, the event log", () => {
  const r = new cchc.RoundRecord(ed);
  const phases = [
    ["2018-12-17T23:59:59+07:00", "before"],
    ["2018-12-18T00:00:00+07:00", "trial"],
    ["2018-12-24T00:00:00+07:00", "official"],
    ["2019-01-02T16:59:59Z", "official"],
    ["2019-01-02T17:00:00Z", "appraisal"],
  ];
  for (const [at, phase] of phases) assert.equal(r.phase(at), phase, at);
  const ev = r.execute(editor, "2019-01-02T23:59:59+07:00", yes("1.1.1"));
  assert.deepEqual(ev, { seq: 1, at: "2019-01-02T23:59:59+07:00", actor: editor, command: yes("1.1.1") });

  const closed = thrown(() => r.execute(editor, "2019-01-03T00:00:00+07:00", yes("1.1.1")));
  assert.ok(closed instanceof RecordError);
  assert.equal(closed.code, "window-closed");
  assert.equal(closed.category, "record");
  assert.equal(closed.unit, "so-noi-vu");
  assert.equal(closed.limit, "2019-01-03T00:00:00+07:00");
  assert.equal(r.events().length, 1);

  // A command whose answer is refused throws the answer's own error.
  const bad = thrown(() => r.execute(editor, "2019-01-02T23:59:59+07:00", { ...yes("1.1.1"), answer: { kind: "count", count: 1 } }));
  assert.ok(bad instanceof AnswerError);
  assert.equal(bad.code, "wrong-answer-kind");
  assert.equal(bad.criterion, "1.1.1");
  assert.equal(bad.method, "yes-no");

  assert.equal(thrown(() => r.execute(editor, "2019-01-01T00:00:00+07:00", yes("1.1.2"))).code, "out-of-order");
  assert.equal(thrown(() => r.execute({ ...editor, unit: "so-y-te" }, "2019-01-02T23:59:59+07:00", yes("1.1.1"))).code, "other-unit");
  assert.equal(thrown(() => r.execute(editor, "2019-01-02T23:59:59+07:00", { type: "submit", unit: "so-noi-vu" })).code, "permission-denied");
  const missing = thrown(() => r.execute(head, "2019-01-02T23:59:59+07:00", { type: "submit", unit: "so-noi-vu" }));
  assert.equal(missing.code, "evidence-missing");
  assert.deepEqual(missing.items, ["1.1.1"]);
  assert.equal(thrown(() => r.execute(editor, "2019-01-02T23:59:59", yes("1.1.1"))).code, "invalid-instant");
  assert.equal(thrown(() => r.execute(editor, "2019-01-02T23:59:59+07:00", { type: "dance" })).limit, "command");
  assert.equal(thrown(() => r.execute({ id: "x", role: "king" }, "2019-01-02T23:59:59+07:00", yes("1.1.1"))).limit, "actor");

  r.execute(editor, "2019-01-02T23:59:59+07:00", {
    type: "attach-evidence", unit: "so-noi-vu", code: "1.1.1",
    evidence: { number: "125/KH-SNV", date: "2018-12-20", title: "Kế hoạch CCHC năm 2018" },
  });
  r.execute(head, "2019-01-02T23:59:59+07:00", { type: "submit", unit: "so-noi-vu" });
  assert.equal(thrown(() => r.execute(editor, "2019-01-02T23:59:59+07:00", yes("1.1.2"))).code, "already-submitted");
  assert.equal(thrown(() => r.execute(appraiser, "2019-01-02T23:59:59+07:00", { type: "appraise", unit: "so-noi-vu", code: "1.1.1", points: "0" })).code, "wrong-phase");
  r.execute(appraiser, "2019-01-04T08:00:00+07:00", { type: "appraise", unit: "so-noi-vu", code: "1.1.1", points: "0.25", comment: "thiếu" });
  assert.equal(r.scorecard("so-noi-vu").appraised_total, "0.25");
  assert.equal(r.trialScorecard("so-noi-vu").self_total, "0");
  assert.equal(r.phase("2019-01-04T08:00:00+07:00"), "appraisal");

  const view = r.unitView(editor, "so-noi-vu");
  assert.equal(view.official.submitted.by, "hoa");
  assert.equal(view.official.evidence["1.1.1"][0].evidence.number, "125/KH-SNV");
  assert.equal(view.appraisal_comments["1.1.1"], "thiếu");
  assert.equal(thrown(() => r.unitView(editor, "so-y-te")).code, "other-unit");
  assert.deepEqual(r.unitEvents(editor, "so-noi-vu").map((e) => e.seq), [1, 2, 3, 4]);
  assert.equal(thrown(() => r.unitEvents(editor, "so-y-te")).code, "other-unit");
  assert.equal(r.unitView(admin, "so-noi-vu").official.assessment.appraisals["1.1.1"], "0.25");
  assert.equal(r.round().scorecard("so-noi-vu").appraised_total, "0.25");

  const report = r.selfAssessmentReport("so-noi-vu");
  assert.equal(report.unit, "so-noi-vu");
  assert.equal(report.self_total, "0.5");
  assert.equal(report.items.find((i) => i.code === "1.1.1").evidence[0].number, "125/KH-SNV");
  assert.match(cchc.reportToHtml(report), /125\/KH-SNV/);
  assert.match(cchc.reportToCsv(report, { decimal_comma: true }), /0,5/);

  // The log to JSON and back, and replayed from its events.
  const text = r.toJson();
  const back = cchc.RoundRecord.fromJson(ed, text);
  assert.equal(back.toJson(), text);
  const replayed = cchc.RoundRecord.replay(ed, r.events());
  assert.equal(replayed.toJson(), r.toJson());
  assert.deepEqual(replayed.unitView(admin, "so-noi-vu"), r.unitView(admin, "so-noi-vu"));
  const stored = JSON.parse(text);
  assert.equal(stored.schema, 1);
  stored.events[0].at = "2019-01-05T00:00:00+07:00";
  const log = thrown(() => cchc.RoundRecord.fromJson(ed, JSON.stringify(stored)));
  assert.equal(log.code, "invalid-log");
  assert.equal(thrown(() => cchc.RoundRecord.fromJson(ed, "[]")).code, "invalid-log");

  r.execute(admin, "2019-01-05T00:00:00+07:00", { type: "publish" });
  assert.equal(r.phase("2019-01-05T00:00:00+07:00"), "published");
  assert.equal(thrown(() => r.execute(admin, "2019-01-06T00:00:00+07:00", { type: "publish" })).code, "published");
});

test("self-assessment report of plain answers (the calculator's print view)", () => {
  const a = new cchc.Assessment(ed, "cuc-thue");
  a.answer("1.1.1", { kind: "yes-no", yes: true });
  a.answer("1.5.2", { kind: "not-applicable" });
  const data = a.report();
  assert.equal(data.unit, "cuc-thue");
  assert.equal(data.appendix, "IV");
  assert.equal(data.self_total, "1");
  assert.equal(data.applicable_max, "98");
  assert.equal(data.items.find((i) => i.code === "1.5.2").answer, "Không áp dụng");
  assert.match(cchc.reportToHtml(data), /Báo cáo kết quả tự đánh giá/);
  assert.ok(cchc.reportToCsv(data).startsWith("ma,"));
  const e = thrown(() => cchc.reportToHtml(data, { decimal_comma: "yes" }));
  assert.deepEqual([e.name, e.code, e.limit], ["InputError", "invalid-shape", "options"]);
  // The assessment renders its own report (the lean browser module's only way): the same text.
  assert.equal(a.reportHtml(), cchc.reportToHtml(data));
  assert.equal(a.reportCsv(), cchc.reportToCsv(data));
  // With decimal commas too, answers included (a report read back from JS has lost their comma
  // form, `answer_comma`, which is not serialized: reportToHtml leaves that column empty then).
  const comma = a.reportHtml({ decimal_comma: true });
  assert.match(comma, /<td>Có<\/td><td class="n">1<\/td>/);
  assert.match(comma, /<td>Không áp dụng<\/td>/);
  assert.match(comma, /<td class="n">1,5<\/td>/);
  assert.ok(a.reportCsv({ decimal_comma: true }).startsWith("ma;"));
  const o = thrown(() => a.reportCsv({ decimal_comma: "yes" }));
  assert.deepEqual([o.name, o.code, o.limit, o.message], [e.name, e.code, e.limit, e.message]);
});

test("every answer error code, each a real AnswerError with the core's fields", () => {
  const a = new cchc.Assessment(ed, "cuc-thue");
  // Appendix IV has no points leaf: the points errors are shown on Appendix II's council-judged 1.5.
  const b = new cchc.Assessment(ed, "h-ke-sach");
  const cases = [
    ["unknown-criterion", () => a.answer("1", { kind: "yes-no", yes: true })],
    ["wrong-answer-kind", () => a.answer("1.1.1", { kind: "count", count: 1 })],
    ["unknown-option", () => a.answer("1.2", { kind: "option", option: "xyz" })],
    ["unknown-item", () => a.answer("1.4", { kind: "checklist", ticked: ["a", "a"] })],
    ["negative-value", () => a.answer("1.6", { kind: "count", count: -1 })],
    ["zero-denominator", () => a.answer("3.4", { kind: "rate", numerator: "0", denominator: "0" })],
    ["numerator-above-denominator", () => a.answer("3.4", { kind: "rate", numerator: "8", denominator: "7" })],
    ["above-max", () => b.give("authority", "1.5", { kind: "points", points: "1.5" })],
    ["off-step", () => b.give("authority", "1.5", { kind: "points", points: "0.1" })],
    ["too-precise", () => a.answer("3.4", { kind: "rate", numerator: "1.125", denominator: "7" })],
    ["not-applicable-refused", () => a.answer("1.1.1", { kind: "not-applicable" })],
    ["not-self-assessed", () => a.answer("9.1", { kind: "count", count: 1 })],
    ["no-respondents", () => a.give("survey", "8.1.1", { kind: "tally", tally: { a: 0 } })],
    ["wrong-assessor", () => a.give("authority", "1.1.1", { kind: "yes-no", yes: true })],
    ["unknown-unit", () => new cchc.Assessment(ed, "nobody")],
  ];
  for (const [code, fn] of cases) {
    const e = thrown(fn);
    assert.ok(e instanceof Error && e instanceof AnswerError, code);
    assert.equal(e.name, "AnswerError");
    assert.equal(e.code, code);
    assert.equal(e.category, "answer");
    assert.ok(e.message.length > 0);
    assert.ok(e.stack.includes("AnswerError"));
    for (const k of ["unit", "criterion", "method", "limit", "items", "problems"]) assert.ok(k in e, `${code} lacks ${k}`);
  }
  const e = thrown(cases[7][1]);
  assert.deepEqual(
    { unit: e.unit, criterion: e.criterion, method: e.method, limit: e.limit, items: e.items, problems: e.problems },
    { unit: "h-ke-sach", criterion: "1.5", method: "points", limit: "1", items: [], problems: [] },
  );
  assert.match(e.message, /1\.5 points is above the max 1/);
  assert.ok(a.isEmpty() && b.isEmpty(), "refused answers recorded nothing");
});

test("input of the wrong shape: decimals must be strings, names known, answers well-formed", () => {
  const a = new cchc.Assessment(ed, "cuc-thue");
  const e = thrown(() => a.answer("7.2.2", { kind: "rate", numerator: 7, denominator: "9" }));
  assert.ok(e instanceof InputError);
  assert.deepEqual([e.code, e.category, e.limit], ["invalid-shape", "input", "answer"]);
  const n = thrown(() => a.appraise("1.1.1", 0.5));
  assert.deepEqual([n.name, n.code, n.limit], ["InputError", "not-a-decimal", "points"]);
  assert.equal(thrown(() => a.appraise("1.1.1", "abc")).code, "not-a-decimal");
  const press = thrown(() => a.give("press", "1.1.1", { kind: "yes-no", yes: true }));
  assert.deepEqual([press.code, press.limit], ["unknown-name", "self, survey, authority"]);
  assert.equal(thrown(() => a.answer("1.1.1", undefined)).code, "invalid-shape");
  assert.equal(thrown(() => cchc.RoundRecord.replay(ed, [{ seq: "one" }])).limit, "events");
  assert.equal(thrown(() => ed.rank([{ unit: 1 }])).limit, "scorecards");
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
  assert.deepEqual(a.answer("7.2.2", { kind: "rate", numerator: big, denominator: big }), { kind: "points", points: "3" });
  assert.deepEqual(a.answer("1.1.3", { kind: "rate", numerator: big, denominator: big }), { kind: "points", points: "2" });
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
    for (const assessor of ["self", "survey"]) {
      try {
        a.give(assessor, code, answer);
      } catch (e) {
        assert.ok(e instanceof CchcError, `${code} ${JSON.stringify(answer)?.slice(0, 60)}: ${e}`);
      }
    }
  }
  for (const bad of ["", "-1", "1e3", "0.001", big + "0", "NaN", "Infinity", 1, null, {}]) {
    try {
      a.appraise("1.1.1", bad);
    } catch (e) {
      assert.ok(e instanceof CchcError, `${bad}: ${e}`);
    }
  }
  // The module still works: nothing trapped.
  assert.equal(a.scorecard().unit, "cuc-thue");
  assert.equal(new cchc.Assessment(ed, "cuc-thue").scorecard().total, "0");
});

test("the other record refusals: unknown unit, unknown evidence, nothing to contest, invalid value", () => {
  const r = new cchc.RoundRecord(ed);
  const inWindow = "2018-12-28T09:00:00+07:00";
  const unknown = thrown(() => r.execute(admin, inWindow, { type: "submit", unit: "nobody" }));
  assert.equal(unknown.code, "unknown-unit");
  assert.equal(unknown.unit, "nobody");
  assert.equal(
    thrown(() => r.execute(editor, inWindow, { type: "withdraw-evidence", unit: "so-noi-vu", code: "1.1.1", evidence: 99 })).code,
    "unknown-evidence",
  );
  const noReason = thrown(() =>
    r.execute(admin, inWindow, { type: "grant-extension", unit: "so-noi-vu", until: "2019-01-10T00:00:00+07:00", reason: " " }),
  );
  assert.equal(noReason.code, "invalid-value");
  r.execute(editor, inWindow, yes("1.1.1"));
  r.execute(admin, "2019-01-04T00:00:00+07:00", { type: "open-explanation-round", until: "2019-01-08T00:00:00+07:00" });
  assert.equal(r.phase("2019-01-04T00:00:00+07:00"), "explanation");
  const contest = thrown(() =>
    r.execute(editor, "2019-01-05T00:00:00+07:00", { type: "contest", unit: "so-noi-vu", code: "1.1.1", text: "đã ban hành", proposed: "0.5" }),
  );
  assert.equal(contest.code, "nothing-to-contest");
  assert.equal(contest.criterion, "1.1.1");
  assert.equal(r.events().length, 2);
});
