/** One problem with a record; `field` is a path like `feedMix.own` or `moderators[3]`, `$` for the whole value. */
export interface FieldError {
  field: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };
