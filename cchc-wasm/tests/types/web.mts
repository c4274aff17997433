// The browser builds' declarations: ES modules with an async init. `cchc/web` is the lean module
// (Edition, Assessment and its own report, `reportHtml`/`reportCsv`); `cchc/full` has everything
// Node has.
import init, { defaultEdition, Assessment } from "cchc/web";
import * as web from "cchc/web";
import initFull, * as full from "cchc/full";
import type { Unit, Scorecard, Results } from "cchc/web";

await init();
const ed = defaultEdition();
const units: Unit[] = ed.units();
const a = new Assessment(ed, "cuc-thue");
a.give("self", "7.2.2", { kind: "rate", numerator: "7", denominator: "9" });
const card: Scorecard = a.scorecard();
// The calculator's: the rows moved since the last call, a Scorecard all the same.
const changed: Scorecard["nodes"] = a.scorecardChanges().nodes;
const html: string = a.reportHtml({ decimal_comma: true });
const csv0: string = a.reportCsv();
// @ts-expect-error the lean module reads no report from JS (`cchc/full` has reportToHtml)
void web.reportToHtml;
// @ts-expect-error the lean module has no rounds (`cchc/full` has)
void web.Round;
// @ts-expect-error nor editions from JSON
void web.Edition.fromJson;
// @ts-expect-error nor assessments from JSON (`toJson` writes one, `cchc/full` reads it)
void web.Assessment.fromJson;
// @ts-expect-error nor ranking (`cchc/full` ranks scorecards, its own or the lean module's)
void ed.rank;

await initFull();
// Each module has its own classes: a full Round takes the full module's Edition.
const round = new full.Round(full.defaultEdition());
const ranked: Results = full.defaultEdition().rank([card]);
const csv: string = full.resultsToCsv(round.results(), { decimal_comma: true });
const fullHtml: string = full.reportToHtml(a.report(), { decimal_comma: true });
void [units, changed, ranked, html, csv0, csv, fullHtml];
