//! TypeScript declarations of the JSON shapes that cross the boundary (the core's interchange
//! formats): emitted into the package's `.d.ts` next to the generated classes.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A decimal number written as a string ("14.5", "0", "86.75"); never a JS number. */
export type DecimalString = string;
/** An instant as ISO 8601 / RFC 3339 text with its offset ("2019-01-02T23:59:59+07:00"). */
export type Instant = string;
/** A calendar date "YYYY-MM-DD". */
export type DateString = string;

export type GroupId = "department" | "district-committee" | "public-service-unit" | "central-agency";
export type AppendixId = "I" | "II" | "III" | "IV";
export type Section = "scored" | "deduction" | "bonus";
export type Assessor = "self" | "survey" | "authority";
export type Channel = "self" | "authority" | "survey";
export type TextStatus = "official" | "reconstructed";
export type Rounding = "half-up" | "half-even" | "down";
export type Role = "unit-editor" | "unit-head" | "appraiser" | "admin";
export type Phase = "before" | "trial" | "official" | "appraisal" | "explanation" | "published";
export type StageKind = "trial" | "official";

/** A participating unit. */
export interface Unit { id: string; name: string; group: GroupId; appendix: AppendixId; }
/** A group with its Vietnamese name and appendix. */
export interface GroupInfo { id: GroupId; name: string; appendix: AppendixId; }

export interface Decision { number: string; date: DateString; issuer: string; title: string; }
export interface Schedule {
  trial_start: Instant; trial_end: Instant; official_start: Instant; official_end: Instant;
  report_due: Instant; reference: string; status: TextStatus;
}
export interface Band {
  id: string; label: string; above?: DecimalString; at_least?: DecimalString;
  status: TextStatus; reference: string;
}

/** One choice of an options or survey leaf: a share (in %) of the leaf's max. */
export interface Choice { id: string; label: string; share: DecimalString; }
export interface ChecklistItem { id: string; label: string; points: DecimalString; }
export interface Tier { at_least: DecimalString; points: DecimalString; }
/** How a leaf's answer becomes points (docs/scoring.md §2). */
export type Method =
  | { kind: "yes-no" }
  | { kind: "options"; options: Choice[] }
  | { kind: "checklist"; items: ChecklistItem[] }
  | { kind: "count"; per_item: DecimalString; cap?: DecimalString }
  | { kind: "ratio-tiers"; tiers: Tier[] }
  | { kind: "proportional" }
  | { kind: "points"; step: DecimalString }
  | { kind: "deduction"; per_item: DecimalString }
  | { kind: "survey"; options: Choice[] };
export interface Leaf { method: Method; assessed_by: Assessor; evidence: boolean; not_applicable: boolean; }
/** A field (depth 1), criterion (2) or sub-criterion (3). `leaf` is absent on parents. */
export interface CriteriaNode {
  code: string; title: string; title_en?: string; max: DecimalString; section: Section;
  depth: number; leaf?: Leaf; status: TextStatus; reference: string;
}
/** One appendix: its nodes, parents before children, in table order. */
export interface CriteriaSet { appendix: AppendixId; title: string; max: DecimalString; nodes: CriteriaNode[]; }

/** An answer to one leaf (docs/scoring.md §1). */
export type Answer =
  | { kind: "yes-no"; yes: boolean }
  | { kind: "option"; option: string }
  | { kind: "checklist"; ticked: string[] }
  | { kind: "count"; count: number }
  | { kind: "rate"; numerator: DecimalString; denominator: DecimalString }
  | { kind: "points"; points: DecimalString }
  | { kind: "tally"; tally: Record<string, number> }
  | { kind: "not-applicable" };
/** What an accepted answer is worth. */
export type Worth = { kind: "points"; points: DecimalString } | { kind: "not-applicable" };

/** One unit's inputs, as in the golden cases and the stored record. */
export interface AssessmentData {
  unit: string; submitted?: boolean;
  answers?: Record<string, Answer>; authority?: Record<string, Answer>; survey?: Record<string, Answer>;
  appraisals?: Record<string, DecimalString>; final?: Record<string, DecimalString>;
}

export interface NodeScore {
  code: string; max: DecimalString; applicable_max: DecimalString; self: DecimalString | null;
  appraised: DecimalString; final: DecimalString; survey: DecimalString | null;
  answered: boolean; not_applicable: boolean;
}
export interface FieldScore {
  code: string; title: string; section: Section; max: DecimalString; applicable_max: DecimalString;
  self: DecimalString; appraised: DecimalString; final: DecimalString; sub_index: DecimalString | null;
}
/** One unit's scorecard: points normalized ("1.5"), indices with two decimals ("86.75"). */
export interface Scorecard {
  unit: string; name: string; group: GroupId; appendix: AppendixId; submitted: boolean;
  applicable_max: DecimalString; self_total: DecimalString; appraised_total: DecimalString;
  final_total: DecimalString; deductions: DecimalString; bonus: DecimalString; total: DecimalString;
  index: DecimalString; fields: FieldScore[]; nodes: NodeScore[];
}

export interface Placement {
  rank: number; unit: string; name: string; index: DecimalString; band: string; band_label: string;
  submitted: boolean;
}
export interface BandCount { band: string; label: string; count: number; }
export interface Summary {
  count: number; bands: BandCount[]; mean: DecimalString | null; median: DecimalString | null;
  min: DecimalString | null; max: DecimalString | null;
}
export interface GroupResults { group: GroupId; appendix: AppendixId; ranking: Placement[]; summary: Summary; }
export interface Results { edition: string; groups: GroupResults[]; }

export interface FieldLoss { code: string; title: string; applicable_max: DecimalString; final: DecimalString; lost: DecimalString; }
export interface Recoverable { code: string; title: string; applicable_max: DecimalString; final: DecimalString; recoverable: DecimalString; }
export interface Priorities { unit: string; fields: FieldLoss[]; items: Recoverable[]; }
export interface Gap { unit: string; appendix: AppendixId; code: string; self: DecimalString; appraised: DecimalString; gap: DecimalString; }
export interface GapTotal { key: string; appendix: AppendixId; self: DecimalString; appraised: DecimalString; gap: DecimalString; }
export interface GapReport { items: Gap[]; units: GapTotal[]; criteria: GapTotal[]; }

/** Someone acting on the record. */
export interface Actor { id: string; role: Role; unit?: string; }
export interface Evidence { number: string; date: DateString; title: string; link?: string; }
/** A request to change the record, checked before it becomes an event. */
export type Command =
  | { type: "answer"; unit: string; code: string; answer: Answer }
  | { type: "attach-evidence"; unit: string; code: string; evidence: Evidence }
  | { type: "withdraw-evidence"; unit: string; code: string; evidence: number }
  | { type: "explain"; unit: string; code: string; text: string }
  | { type: "submit"; unit: string }
  | { type: "appraise"; unit: string; code: string; points: DecimalString; comment?: string }
  | { type: "open-explanation-round"; until: Instant }
  | { type: "contest"; unit: string; code: string; text: string; proposed: DecimalString }
  | { type: "decide"; unit: string; code: string; points: DecimalString; comment?: string }
  | { type: "record-survey"; unit: string; code: string; answer: Answer }
  | { type: "record-authority"; unit: string; code: string; answer: Answer }
  | { type: "grant-extension"; unit: string; until: Instant; reason: string }
  | { type: "publish" };
/** An accepted command: never edited or removed. */
export interface Event { seq: number; at: Instant; actor: Actor; command: Command; }
export interface AttachedEvidence { id: number; evidence: Evidence; at: Instant; }
export interface Submission { at: Instant; by: string; }
export interface Stage {
  assessment: AssessmentData; evidence: Record<string, AttachedEvidence[]>;
  explanations: Record<string, string>; submitted: Submission | null;
}
export interface Extension { until: Instant; reason: string; by: string; at: Instant; }
export interface Ruling { points: DecimalString; comment: string; by: string; at: Instant; }
export interface Contest { text: string; proposed: DecimalString; at: Instant; ruling: Ruling | null; }
export interface UnitRecord {
  trial: Stage; official: Stage; extension: Extension | null;
  appraisal_comments: Record<string, string>; contests: Record<string, Contest>;
}
export interface ExplanationRound { opened_at: Instant; until: Instant; }
export interface RoundState {
  units: Record<string, UnitRecord>; explanation_round: ExplanationRound | null;
  published_at: Instant | null; last_at: Instant | null;
}

/** How numbers are written in reports: `decimal_comma` writes "1,5" and separates CSV with ';'. */
export interface ReportOptions { decimal_comma?: boolean; }
export interface ReportItem {
  code: string; title: string; depth: number; max: DecimalString; leaf: boolean;
  assessed_by: Assessor | null; answer: string | null; points: DecimalString | null;
  evidence: Evidence[]; explanation: string | null;
}
export interface SelfAssessmentReport {
  edition_title: string; year: number; decision: string; province: string; unit: string;
  unit_name: string; appendix: AppendixId | ""; appendix_title: string; stage: StageKind;
  submitted: Submission | null; items: ReportItem[]; max: DecimalString;
  applicable_max: DecimalString; self_total: DecimalString; reconstructed: boolean;
}

/** Everything cchc throws: a real Error subclass with a stable `code`. */
export interface CchcError extends Error {
  code: string;
  detail?: string;
}
/** An answer, appraisal or decision refused (docs/scoring.md §3); nothing was recorded. */
export interface AnswerError extends CchcError {
  name: "AnswerError"; kind: string; unit: string | null; criterion: string | null;
  method: string | null; limit: string | null; detail: string;
}
/** A command refused; the record is unchanged. `code` is the answer's code for a refused input. */
export interface RecordError extends CchcError {
  name: "RecordError"; kind: string; unit: string | null; criterion: string | null;
  limit: string | null; items: string[]; detail: string;
  answer: { kind: string; unit: string | null; criterion: string | null; method: string | null; limit: string | null; detail: string } | null;
}
/** One thing wrong with an edition's data. */
export interface Problem { kind: string; file: string; line: number | null; subject: string | null; message: string; }
/** An edition refused (`code` "invalid-edition") with every problem. */
export interface EditionError extends CchcError { name: "EditionError"; problems: Problem[]; }
/** A text that is not an instant with an offset (`code` "invalid-instant"). */
export interface InstantError extends CchcError { name: "InstantError"; value: string; detail: string; }
/** A value of the wrong shape or type (`code` "invalid-input-shape"). */
export interface InputError extends CchcError { name: "InputError"; what: string; criterion: string | null; detail: string; }
/** The error classes, for `instanceof`. */
export interface ErrorClasses {
  CchcError: new (message: string, code: string, details?: object) => CchcError;
  AnswerError: new (message: string, code: string, details?: object) => AnswerError;
  RecordError: new (message: string, code: string, details?: object) => RecordError;
  EditionError: new (message: string, code: string, details?: object) => EditionError;
  InstantError: new (message: string, code: string, details?: object) => InstantError;
  InputError: new (message: string, code: string, details?: object) => InputError;
}
"#;
