/**
 * A catalog entry typed by a person (the district's editor, a standalone
 * office's settings) as JSON: parsed and checked by the one schema, every
 * problem turned into a FieldError whose code is a key in
 * locales/{kk,ru}/errors.json. Zod's own messages are English; the people
 * editing entries read Kazakh or Russian.
 */
import type { FieldError } from '../intake/validate';
import { ServiceEntrySchema, type ServiceEntry } from './schema';

export type EntryCheck = { ok: true; entry: ServiceEntry } | { ok: false; errors: FieldError[] };

type Issue = { code: string; path: PropertyKey[]; message: string; [k: string]: unknown };

const TYPES = new Set(['string', 'number', 'boolean', 'array', 'object']);

function issueError(i: Issue): FieldError {
  const field = i.path.map(String).join('.');
  const e = (code: string, params?: Record<string, string | number>): FieldError => ({
    field,
    code: `catalog.schema.${code}`,
    ...(params ? { params } : {}),
  });
  switch (i.code) {
    case 'invalid_type': {
      // Zod 4 keeps the input out of the issue; its message still says what came.
      if (/received undefined$/.test(i.message)) return e('required');
      const expected = String(i.expected);
      return TYPES.has(expected) ? e(`type.${expected}`) : e('invalid');
    }
    case 'too_small': {
      const min = Number(i.minimum);
      if (i.origin === 'number') return i.inclusive ? e('numberMin', { min }) : e('numberAbove', { min });
      if (i.origin === 'array' || i.origin === 'set') return e('arrayMin', { min });
      return e('stringMin', { min });
    }
    case 'too_big': {
      const max = Number(i.maximum);
      if (i.origin === 'number') return e('numberMax', { max });
      return i.origin === 'array' ? e('arrayMax', { max }) : e('stringMax', { max });
    }
    case 'invalid_format':
      if (field === 'code') return e('code');
      return e('format', { pattern: String(i.pattern ?? i.format ?? '') });
    case 'invalid_value':
      return e('oneOf', { values: (i.values as unknown[]).map((v) => String(v)).join(', ') });
    case 'invalid_union':
      return Array.isArray(i.options)
        ? e('oneOf', { values: (i.options as unknown[]).map(String).join(', ') })
        : e('invalid');
    case 'unrecognized_keys':
      return e('extraKeys', { keys: (i.keys as string[]).join(', ') });
    case 'custom': {
      // The schema's cross-field rules carry their code and values (schema.ts, superRefine).
      const { rule, ...values } = (i.params ?? {}) as Record<string, string | number>;
      return rule ? e(`rules.${rule}`, values) : e('rule', { message: i.message });
    }
    default:
      return e('invalid');
  }
}

/** Text (JSON) or an already parsed value: the entry with the schema's defaults, or what is wrong and where. */
export function checkCatalogEntry(input: unknown): EntryCheck {
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (err) {
      return {
        ok: false,
        errors: [
          { field: '', code: 'catalog.notJson', params: { detail: err instanceof Error ? err.message : String(err) } },
        ],
      };
    }
  }
  const r = ServiceEntrySchema.safeParse(data);
  if (r.success) return { ok: true, entry: r.data };
  return { ok: false, errors: r.error.issues.map((i) => issueError(i as unknown as Issue)) };
}
