/** A refusal of one field: a locale key (errors.json) with its parameters, so each side shows it translated. */
export type FieldError = { field: string; code: string; params?: Record<string, string | number> };
