// Type-checked (tsc --noEmit, strict) against the package's declarations: every value has a type
// generated from schemas/ (scripts/types.mjs), and misuse is a compile error.
import * as cchc from "cchc";
import type { Answer, Scorecard, Command, Actor, Results, Event, CriteriaView, AnswerError, Worth, Given, Outcome, Priorities, GapReport, Report, AssessmentData, ErrorData } from "cchc";

const ed: cchc.Edition = cchc.defaultEdition();
const view: CriteriaView | null = ed.criteria("IV");
const leaf = view?.nodes.find((n) => n.leaf)?.leaf;
if (leaf?.method.kind === "ratio-tiers") {
  const first: string = leaf.method.tiers[0].at_least;
  void first;
}
const answer: Answer = { kind: "rate", numerator: "7", denominator: "9" };
const a = new cchc.Assessment(ed, "cuc-thue");
const worth: Worth = a.answer("7.2.2", answer);
const points: string | undefined = worth.kind === "points" ? worth.points : undefined;
const card: Scorecard = a.scorecard();
const index: string = card.index;
const sub: string | null | undefined = card.fields[0].sub_index;
const given: Given[] = [{ assessor: "self", code: "1.1.1", answer: { kind: "yes-no", yes: true } }];
const outcomes: Outcome<Worth>[] = a.giveAll(given);
const refused: string | undefined = outcomes[0].error?.code;
const data: AssessmentData = a.data();
const round = new cchc.Round(ed);
round.insert(data);
const results: Results = round.results();
const again: Results = ed.rank(round.scorecards());
const gaps: GapReport = ed.selfVsAppraised([card]);
const todo: Priorities = ed.priorities(card);
const report: Report = a.report();
const html: string = cchc.reportToHtml(report, { decimal_comma: true }) + cchc.reportToCsv(report);
const own: string = a.reportHtml({ decimal_comma: true }) + a.reportCsv();
const actor: Actor = { id: "lan", role: "unit-editor", unit: "cuc-thue" };
const command: Command = { type: "answer", unit: "cuc-thue", code: "1.1.1", answer: { kind: "yes-no", yes: true } };
const record = new cchc.RoundRecord(ed);
const event: Event = record.execute(actor, "2018-12-28T09:00:00+07:00", command);
const phase: string = record.phase("2018-12-28T09:00:00+07:00");
try {
  a.answer("1.1.1", { kind: "count", count: 1 });
} catch (e) {
  if (e instanceof cchc.errorClasses().AnswerError) {
    const err: AnswerError = e;
    const limit: string | null | undefined = err.limit;
    const value: ErrorData = err;
    void [limit, value];
  }
}
// @ts-expect-error decimals are strings, never numbers
const wrong: Answer = { kind: "points", points: 1.5 };
// @ts-expect-error a command needs its unit
const incomplete: Command = { type: "submit" };
void [points, index, sub, refused, results, again, gaps, todo, html, own, event, phase, wrong, incomplete];
