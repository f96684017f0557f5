/**
 * Turns whatever a call threw into translated text. DeskError codes and
 * FieldError codes are keys in locales/{kk,ru}/errors.json.
 */
import type { TFunction } from 'i18next';
import { formatTableDate, type FieldError } from '../../shared';
import { currentLang } from '../i18n';
import { desk } from './deskClient';

export type Problem = { code: string; params: Record<string, string | number>; fields: FieldError[] };

export function toProblem(e: unknown): Problem {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const x = e as { code: string; params?: Record<string, string | number>; fields?: FieldError[] };
    return { code: x.code, params: x.params ?? {}, fields: Array.isArray(x.fields) ? x.fields : [] };
  }
  console.error(e);
  return { code: 'unexpected', params: { message: e instanceof Error ? e.message : String(e) }, fields: [] };
}

/** Parameters that are codes (a role, a document) are shown by name. */
function readableParams(t: TFunction, params: Record<string, string | number>): Record<string, string | number> {
  const out = { ...params };
  if (typeof out.role === 'string') out.role = t(`ui:role.${out.role}`);
  if (typeof out.iinDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(out.iinDate))
    out.iinDate = formatTableDate(out.iinDate);
  // A journal is named as the Sync page names it: a service's journal by the service, the others by their own name.
  if (typeof out.journal === 'string') {
    const entry = desk.catalog().find((e) => e.code === out.journal);
    out.journal = entry
      ? entry.name[currentLang()]
      : t(`ui:syncPage.journal.${out.journal}`, { defaultValue: out.journal });
  }
  if (typeof out.doc === 'string') {
    const lang = currentLang();
    const doc = desk
      .catalog()
      .flatMap((e) => e.documents)
      .find((d) => d.code === out.doc);
    if (doc) out.doc = doc.name[lang];
  }
  return out;
}

export function errorText(t: TFunction, code: string, params: Record<string, string | number> = {}): string {
  const key = `errors:${code}`;
  const text = t(key, readableParams(t, params));
  return text === key || text === code ? t('errors:unknown', { code }) : text;
}

export const problemText = (t: TFunction, p: Problem): string => errorText(t, p.code, p.params);

/** Field errors by field path, first error per field. */
export function byField(errors: FieldError[]): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  for (const e of errors) if (!out[e.field]) out[e.field] = e;
  return out;
}
