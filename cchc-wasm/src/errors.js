// The errors cchc throws: one Error subclass per category of the core's one error value, each
// carrying the value's fields (code, category, message, unit, criterion, method, limit, items,
// problems). src/convert.rs hands every error to toError.
export class CchcError extends Error {
  constructor(data) {
    super(data.message);
    this.name = new.target.name;
    Object.assign(this, data);
  }
}
export class AnswerError extends CchcError {}
export class RecordError extends CchcError {}
export class EditionError extends CchcError {}
export class InputError extends CchcError {}

const classes = { CchcError, AnswerError, RecordError, EditionError, InputError };
const byCategory = { answer: AnswerError, record: RecordError, edition: EditionError, input: InputError };

export function toError(data) {
  return new (byCategory[data.category] ?? CchcError)(data);
}

export function errorClasses() {
  return classes;
}
