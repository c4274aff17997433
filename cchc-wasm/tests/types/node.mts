// Type-checked (tsc --noEmit, strict) against the package's declarations: every JSON shape has a
// real type, and misuse is a compile error.
import * as cchc from "cchc";
import type { Answer, Scorecard, Command, Actor, Results, Event, CriteriaSet, AnswerError, RoundState } from "cchc";

const ed: cchc.Edition = cchc.defaultEdition();
const set: CriteriaSet | undefined = ed.criteriaFor("cuc-thue");
const leaf = set?.nodes.find((n) => n.leaf)?.leaf;
if (leaf?.method.kind === "ratio-tiers") {
  const first: string = leaf.method.tiers[0].at_least;
  void first;
}
const answer: Answer = { kind: "rate", numerator: "7", denominator: "9" };
const a = new cchc.Assessment(ed, "cuc-thue");
const worth = a.answer(ed, "3.2.2", answer);
const points: string | undefined = worth.kind === "points" ? worth.points : undefined;
const card: Scorecard = a.scorecard(ed);
const index: string = card.index;
const sub: string | null = card.fields[0].sub_index;
const refused: cchc.CchcError[] = a.giveAll(ed, { "1.1.1": { kind: "yes-no", yes: true } });
const round = new cchc.Round();
round.insert(ed, a);
const results: Results = round.results(ed);
const rank: number = results.groups[0].ranking[0].rank;
const actor: Actor = { id: "lan", role: "unit-editor", unit: "cuc-thue" };
const command: Command = { type: "answer", unit: "cuc-thue", code: "1.1.1", answer: { kind: "yes-no", yes: true } };
const record = new cchc.RoundRecord(ed);
const event: Event = record.execute(ed, actor, "2018-12-28T09:00:00+07:00", command);
const state: RoundState = record.state();
const phase: cchc.Phase = record.phase(ed, "2018-12-28T09:00:00+07:00");
try {
  a.answer(ed, "1.1.1", { kind: "count", count: 1 });
} catch (e) {
  const err = e as AnswerError;
  const limit: string | null = err.limit;
  void limit;
}
// @ts-expect-error decimals are strings, never numbers
const wrong: Answer = { kind: "points", points: 1.5 };
// @ts-expect-error a command needs its unit
const incomplete: Command = { type: "submit" };
void [points, index, sub, refused, rank, event, state, phase, wrong, incomplete];
