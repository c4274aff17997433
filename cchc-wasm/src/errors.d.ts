
/** Everything cchc throws: a real `Error` carrying the core's error value (`ErrorData`). */
export interface CchcError extends Error, ErrorData {
  message: string;
}
/** An answer, appraisal or decision refused; nothing was recorded. */
export interface AnswerError extends CchcError {
  name: "AnswerError";
}
/** A command or a stored log refused; the record is unchanged. */
export interface RecordError extends CchcError {
  name: "RecordError";
}
/** An edition refused, with every problem. */
export interface EditionError extends CchcError {
  name: "EditionError";
}
/** A value that is not of the shape, name, decimal or instant expected. */
export interface InputError extends CchcError {
  name: "InputError";
}
/** The classes `errorClasses()` returns, for `instanceof`. */
export interface ErrorClasses {
  CchcError: new (data: ErrorData) => CchcError;
  AnswerError: new (data: ErrorData) => AnswerError;
  RecordError: new (data: ErrorData) => RecordError;
  EditionError: new (data: ErrorData) => EditionError;
  InputError: new (data: ErrorData) => InputError;
}
/** One answer's outcome in `giveAll`: what it is worth, or why it was refused. */
export type Outcome<T> = { ok: T; error?: undefined } | { ok?: undefined; error: CchcError };
